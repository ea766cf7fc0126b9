import type { ConditionOperator } from '@survey/questionnaire';
import { defineMessages } from '../../../../lib/messages';

/** The words of the condition builder and of the jumps and early ends, in the console's two languages. */
export const conditionMessages = defineMessages(
  {
    modeLabel: (field: string) => `How to edit “${field}”`,
    builderMode: 'Builder',
    textMode: 'Text',
    textLabel: (field: string) => `${field} (as text)`,
    clause: (n: number) => `Condition ${n}`,
    question: 'Question',
    operator: 'Test',
    value: 'Value',
    questionOption: (title: string, name: string) => (title ? `${title} (${name})` : name),
    choiceOption: (label: string, value: string) => (label === value ? label : `${label} (${value})`),
    operators: {
      '=': 'is (=)',
      '!=': 'is not (≠)',
      '<': 'is less than (<)',
      '<=': 'is at most (≤)',
      '>': 'is more than (>)',
      '>=': 'is at least (≥)',
      contains: 'includes',
      notcontains: 'does not include',
      empty: 'is not answered',
      notempty: 'is answered',
    } satisfies Record<ConditionOperator, string>,
    yes: 'Yes',
    no: 'No',
    numberHint: (min: number, max: number) => `A whole number from ${min} to ${max}.`,
    numberInvalid: (min: number, max: number) =>
      `Enter a whole number from ${min} to ${max}; the condition keeps its last complete value until then.`,
    join: 'Combine the conditions',
    joinAnd: 'All of them must hold (and)',
    joinOr: 'Any one of them is enough (or)',
    joinWord: { and: 'and', or: 'or' },
    addClause: 'Add a condition',
    removeClause: (n: number) => `Remove condition ${n}`,
    noCondition: 'No condition.',
    noSubjects:
      'No question before this point can be tested (ratings, choices, yes/no and text questions can). Write the condition as text, or add such a question earlier.',
    notBuildable: {
      syntax: (position: number) =>
        `The builder cannot show this condition: it does not read as a condition (see character ${position}). Correct it as text.`,
      mixed:
        'The builder cannot show this condition: it mixes “and” with “or”, and the builder joins all its conditions with the same word. Edit it as text.',
      question: (name: string) =>
        `The builder cannot show this condition: it tests “${name}”, which is not a question it can offer here (it must come earlier and take an answer a condition can test). Edit it as text.`,
      comparison: (name: string) =>
        `The builder cannot show this condition: its test of “${name}” uses a test or value the builder does not offer for that question. Edit it as text.`,
    },
    pageVisibleIf: 'Page shown only if',
    pageVisibleIfHint: 'A condition on answers of earlier pages, such as {nps} <= 6. Empty: always shown.',
    triggersTitle: 'Jumps and early ends',
    triggersHint:
      'When a respondent leaves the page of the last question a rule reads, the rules of that page are checked in this order; the first that holds applies.',
    noTriggers: 'No jump or early end: respondents go through every page in order.',
    trigger: (n: number) => `Rule ${n}`,
    triggerType: 'What happens',
    triggerTypes: { skip: 'Jump to a later page', complete: 'End the survey' },
    triggerOtherShape: 'This rule has another shape: edit it in the JSON view.',
    gotoName: 'Go on at question',
    gotoNone: '(choose a question)',
    when: 'When',
    addTrigger: 'Add a jump or early end',
    moveTriggerUp: (n: number) => `Move rule ${n} up`,
    moveTriggerDown: (n: number) => `Move rule ${n} down`,
    removeTrigger: (n: number) => `Remove rule ${n}`,
  },
  {
    modeLabel: (field: string) => `Comment modifier « ${field} »`,
    builderMode: 'Assistant',
    textMode: 'Texte',
    textLabel: (field: string) => `${field} (en texte)`,
    clause: (n: number) => `Condition ${n}`,
    question: 'Question',
    operator: 'Test',
    value: 'Valeur',
    questionOption: (title: string, name: string) => (title ? `${title} (${name})` : name),
    choiceOption: (label: string, value: string) => (label === value ? label : `${label} (${value})`),
    operators: {
      '=': 'est (=)',
      '!=': 'n’est pas (≠)',
      '<': 'est inférieur à (<)',
      '<=': 'est au plus (≤)',
      '>': 'est supérieur à (>)',
      '>=': 'est au moins (≥)',
      contains: 'comprend',
      notcontains: 'ne comprend pas',
      empty: 'est sans réponse',
      notempty: 'a une réponse',
    },
    yes: 'Oui',
    no: 'Non',
    numberHint: (min: number, max: number) => `Un nombre entier de ${min} à ${max}.`,
    numberInvalid: (min: number, max: number) =>
      `Saisissez un nombre entier de ${min} à ${max} ; d’ici là, la condition garde sa dernière valeur complète.`,
    join: 'Combiner les conditions',
    joinAnd: 'Toutes doivent être remplies (and)',
    joinOr: 'Une seule suffit (or)',
    joinWord: { and: 'et', or: 'ou' },
    addClause: 'Ajouter une condition',
    removeClause: (n: number) => `Retirer la condition ${n}`,
    noCondition: 'Aucune condition.',
    noSubjects:
      'Aucune question placée avant ce point ne peut être testée (échelles, choix, oui/non et questions à texte le peuvent). Écrivez la condition en texte, ou ajoutez une telle question plus haut.',
    notBuildable: {
      syntax: (position: number) =>
        `L’assistant ne peut pas afficher cette condition : elle ne se lit pas comme une condition (voir le caractère ${position}). Corrigez-la en texte.`,
      mixed:
        'L’assistant ne peut pas afficher cette condition : elle mêle « and » et « or », alors que l’assistant relie toutes ses conditions par le même mot. Modifiez-la en texte.',
      question: (name: string) =>
        `L’assistant ne peut pas afficher cette condition : elle teste « ${name} », qui n’est pas une question qu’il peut proposer ici (elle doit venir avant et attendre une réponse qu’une condition sait tester). Modifiez-la en texte.`,
      comparison: (name: string) =>
        `L’assistant ne peut pas afficher cette condition : son test de « ${name} » emploie un test ou une valeur que l’assistant ne propose pas pour cette question. Modifiez-la en texte.`,
    },
    pageVisibleIf: 'Page affichée seulement si',
    pageVisibleIfHint:
      'Une condition sur les réponses des pages précédentes, par exemple {nps} <= 6. Vide : toujours affichée.',
    triggersTitle: 'Sauts et fins anticipées',
    triggersHint:
      'Quand une personne quitte la page de la dernière question qu’une règle lit, les règles de cette page sont examinées dans cet ordre ; la première remplie s’applique.',
    noTriggers: 'Aucun saut ni fin anticipée : les personnes parcourent toutes les pages dans l’ordre.',
    trigger: (n: number) => `Règle ${n}`,
    triggerType: 'Effet',
    triggerTypes: { skip: 'Sauter à une page suivante', complete: 'Terminer l’enquête' },
    triggerOtherShape: 'Cette règle a une autre forme : modifiez-la dans la vue JSON.',
    gotoName: 'Reprendre à la question',
    gotoNone: '(choisissez une question)',
    when: 'Quand',
    addTrigger: 'Ajouter un saut ou une fin anticipée',
    moveTriggerUp: (n: number) => `Monter la règle ${n}`,
    moveTriggerDown: (n: number) => `Descendre la règle ${n}`,
    removeTrigger: (n: number) => `Retirer la règle ${n}`,
  },
);
