/**
 * The path a respondent takes through a questionnaire, decided from their answers alone, the
 * same way in the browser and on the server.
 *
 * Pages are taken in order. A page is passed over when an earlier jump skips it, when the survey
 * has ended, or when its `visibleIf` does not hold. On a page taken, a question is shown when its
 * own `visibleIf` holds. Answers of shown questions stand; all others count for nothing.
 *
 * Triggers belong to the page of the last question their expression reads (their "home"). When
 * the home page was taken, its triggers are evaluated in the order of the `triggers` list as the
 * respondent leaves it, against the answers standing; the first whose expression holds applies:
 * `complete` ends the survey after the home page; `skip` goes on at the page of its `gotoName`
 * question (always a later page), passing over the pages between.
 *
 * An `expression` question's value is computed here, from the answers standing before it, when
 * it is shown; whatever the caller holds for it is never read.
 */
import { conditionReferences, evaluateCondition, parseCondition, type Condition } from './conditions';
import { evaluateExpression, expressionReferences, parseExpression, type Expression } from './expressions';
import type { AnswerValue, Answers, Question, Questionnaire, Trigger } from './types';

/**
 * How a question stands on the path: `shown`; `hidden` by its own condition; on a page whose
 * condition hides it (`page-hidden`); `skipped` by a jump; after an `ended` survey; or `unknown`
 * because what decides it reads an answer that is itself invalid or undecided.
 */
export type QuestionState = 'shown' | 'hidden' | 'page-hidden' | 'skipped' | 'ended' | 'unknown';
export type PageState = 'shown' | 'hidden' | 'skipped' | 'ended' | 'unknown';

/** What the caller makes of a question's answer: nothing, a value that may stand, or an invalid one. */
export type AnswerOutcome = { state: 'empty' } | { state: 'valid'; value: AnswerValue } | { state: 'invalid' };

export interface FlowResult {
  pages: PageState[];
  /** Question name -> state. */
  questions: Map<string, QuestionState>;
  /** The valid answers of shown questions. */
  standing: Answers;
  /** Whether a `complete` trigger ended the survey. */
  ended: boolean;
}

interface CompiledTrigger {
  trigger: Trigger;
  condition: Condition;
  references: string[];
  /** For `skip`: the page of `gotoName`. */
  target?: number;
}

interface CompiledFlow {
  pageConditions: (Condition | undefined)[];
  questionConditions: Map<string, Condition>;
  /** Parsed expressions of `expression` questions, with the names they read. */
  expressions: Map<string, { expression: Expression; references: string[] }>;
  /** Triggers by home page. */
  triggers: CompiledTrigger[][];
}

const compiled = new WeakMap<Questionnaire, CompiledFlow>();

function parse(text: string, what: string): Condition {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new Error(`${what} of a validated questionnaire does not parse: ${parsed.error.message}`);
  return parsed.condition;
}

/** Parsed once per questionnaire object: meant for validated questionnaires, so a bad condition throws. */
function compile(questionnaire: Questionnaire): CompiledFlow {
  const cached = compiled.get(questionnaire);
  if (cached) return cached;
  const pageOf = new Map<string, number>();
  const questionConditions = new Map<string, Condition>();
  const expressions: CompiledFlow['expressions'] = new Map();
  questionnaire.pages.forEach((page, index) => {
    for (const question of page.elements) {
      pageOf.set(question.name, index);
      if (question.type === 'expression') {
        const parsed = parseExpression(question.expression);
        if (!parsed.ok)
          throw new Error(`An expression of a validated questionnaire does not parse: ${parsed.error.message}`);
        expressions.set(question.name, {
          expression: parsed.expression,
          references: expressionReferences(parsed.expression),
        });
      }
      if (question.visibleIf !== undefined)
        questionConditions.set(question.name, parse(question.visibleIf, 'visibleIf'));
    }
  });
  const triggers: CompiledTrigger[][] = questionnaire.pages.map(() => []);
  for (const trigger of questionnaire.triggers ?? []) {
    const condition = parse(trigger.expression, 'A trigger expression');
    const references = conditionReferences(condition);
    const home = triggerHome(references, pageOf);
    const target = trigger.type === 'skip' ? pageOf.get(trigger.gotoName) : undefined;
    if (home === undefined || (trigger.type === 'skip' && (target === undefined || target <= home))) {
      throw new Error('a trigger of a validated questionnaire refers to unknown questions or jumps backwards');
    }
    triggers[home].push({ trigger, condition, references, ...(target !== undefined && { target }) });
  }
  const flow: CompiledFlow = {
    pageConditions: questionnaire.pages.map((page) =>
      page.visibleIf ? parse(page.visibleIf, 'A page visibleIf') : undefined,
    ),
    questionConditions,
    expressions,
    triggers,
  };
  compiled.set(questionnaire, flow);
  return flow;
}

/** The page of the last question the expression reads, or undefined when it reads an unknown one. */
export function triggerHome(references: readonly string[], pageOf: ReadonlyMap<string, number>): number | undefined {
  let home = -1;
  for (const name of references) {
    const page = pageOf.get(name);
    if (page === undefined) return undefined;
    home = Math.max(home, page);
  }
  return home < 0 ? undefined : home;
}

function decide(condition: Condition | undefined, standing: Answers, undecided: ReadonlySet<string>) {
  if (condition === undefined) return 'shown' as const;
  if (conditionReferences(condition).some((name) => undecided.has(name))) return 'unknown' as const;
  return evaluateCondition(condition, standing) ? ('shown' as const) : ('hidden' as const);
}

/**
 * Walks the path. `judge` is told each question's state in document order and says what its
 * answer is; a valid answer of a shown question then stands for the conditions after it.
 */
export function walkFlow(
  questionnaire: Questionnaire,
  judge: (question: Question, state: QuestionState) => AnswerOutcome,
): FlowResult {
  const flow = compile(questionnaire);
  const standing: Answers = {};
  const undecided = new Set<string>();
  const questions = new Map<string, QuestionState>();
  const pages: PageState[] = [];
  let skipTo = -1;
  let ended = false;
  let flowUnknown = false;

  questionnaire.pages.forEach((page, index) => {
    let pageState: PageState;
    if (ended) pageState = 'ended';
    else if (flowUnknown) pageState = 'unknown';
    else if (index < skipTo) pageState = 'skipped';
    else pageState = decide(flow.pageConditions[index], standing, undecided);
    pages.push(pageState);

    for (const question of page.elements) {
      const state: QuestionState =
        pageState === 'shown'
          ? decide(flow.questionConditions.get(question.name), standing, undecided)
          : pageState === 'hidden'
            ? 'page-hidden'
            : pageState;
      questions.set(question.name, state);
      const computed = flow.expressions.get(question.name);
      if (computed) {
        judge(question, state);
        if (state === 'unknown' || computed.references.some((name) => undecided.has(name))) {
          undecided.add(question.name);
        } else if (state === 'shown') {
          const value = evaluateExpression(computed.expression, standing);
          if (value !== undefined) standing[question.name] = value;
        }
        continue;
      }
      const outcome = judge(question, state);
      if (outcome.state === 'invalid' || state === 'unknown') undecided.add(question.name);
      else if (state === 'shown' && outcome.state === 'valid') standing[question.name] = outcome.value;
    }

    const homed = flow.triggers[index];
    if (homed.length === 0 || pageState === 'hidden' || pageState === 'skipped' || pageState === 'ended') return;
    if (pageState === 'unknown') {
      flowUnknown = true;
      return;
    }
    for (const trigger of homed) {
      if (trigger.references.some((name) => undecided.has(name))) {
        flowUnknown = true;
        return;
      }
      if (!evaluateCondition(trigger.condition, standing)) continue;
      if (trigger.trigger.type === 'complete') ended = true;
      else skipTo = trigger.target ?? skipTo;
      return;
    }
  });
  return { pages, questions, standing, ended };
}

/**
 * The path for answers that are taken as given (the browser's own, already checked): states of
 * pages and questions, and the answers that stand. Answers of questions not shown are dropped.
 */
export function resolveFlow(questionnaire: Questionnaire, answers: Readonly<Record<string, unknown>>): FlowResult {
  return walkFlow(questionnaire, (question) => {
    const value = answers[question.name];
    return value === undefined || value === null ? { state: 'empty' } : { state: 'valid', value: value as AnswerValue };
  });
}
