import {
  FALLBACK_LANGUAGE,
  LANGUAGES,
  SURVEYJS_LOCALES,
  isLanguage,
  type Language,
  type LocalizedText,
} from './languages';
import { IDENTIFIER, ProblemList, hasOwn, isPlainObject, pathOf } from './problems';
import {
  SURVEYJS_CHOICE,
  SURVEYJS_CHOICE_LEFT_OUT,
  SURVEYJS_MULTIPLETEXT_ITEM,
  SURVEYJS_PAGE,
  SURVEYJS_PAGE_LEFT_OUT,
  SURVEYJS_QUESTION_LEFT_OUT,
  SURVEYJS_QUESTION_TYPES,
  SURVEYJS_QUESTION_TYPES_LEFT_OUT,
  SURVEYJS_SURVEY,
  SURVEYJS_SURVEY_LEFT_OUT,
  SURVEYJS_TRIGGER_TYPES,
  SURVEYJS_TRIGGER_TYPES_LEFT_OUT,
  SURVEYJS_UNKNOWN_PROPERTY,
  questionProperties,
  type SurveyJsProperty,
} from './surveyjs-support';
import type { QuestionType, Questionnaire, QuestionnaireProblem } from './types';
import { validateQuestionnaire } from './validate-questionnaire';

export interface SurveyJsOptions {
  /**
   * The survey's default language. Export: its texts go under SurveyJS's `"default"` key (and the
   * JSON's `locale` names it when it is not English). Import: its texts are required.
   */
  defaultLanguage?: Language;
}

export interface ImportSurveyJsOptions extends SurveyJsOptions {
  /**
   * Languages every text must be given in besides the default one. Default: none, so that a
   * questionnaire can be imported first and translated in the editor.
   */
  languages?: readonly Language[];
}

/**
 * The questionnaire, when the SurveyJS JSON holds nothing this platform would have to leave out
 * or could not accept; otherwise only the problems, each with its JSON path in the SurveyJS
 * document. Nothing is imported partly: every unsupported feature is a problem.
 */
export type ImportSurveyJsResult =
  { ok: true; questionnaire: Questionnaire; problems: [] } | { ok: false; problems: QuestionnaireProblem[] };

// ---- Export ----

/**
 * The questionnaire as SurveyJS JSON that survey-core loads with the same behaviour: the same
 * property names (the format is a subset), texts as SurveyJS localisable strings with the
 * default language's text under `"default"`, and `locale` set when that language is not English.
 */
export function exportSurveyJs(questionnaire: Questionnaire, options: SurveyJsOptions = {}): Record<string, unknown> {
  const defaultLanguage = options.defaultLanguage ?? FALLBACK_LANGUAGE;
  const survey: Record<string, unknown> = {};
  if (defaultLanguage !== FALLBACK_LANGUAGE) survey.locale = SURVEYJS_LOCALES[defaultLanguage];
  const source = questionnaire as unknown as Record<string, unknown>;
  for (const property of SURVEYJS_SURVEY) {
    if (property.name === 'locale' || !hasOwn(source, property.name)) continue;
    if (property.name === 'pages') {
      survey.pages = questionnaire.pages.map((page) => {
        const out = exportObject(page as unknown as Record<string, unknown>, SURVEYJS_PAGE, defaultLanguage);
        out.elements = page.elements.map((question) =>
          exportObject(
            question as unknown as Record<string, unknown>,
            questionProperties(question.type),
            defaultLanguage,
          ),
        );
        return out;
      });
    } else if (property.name === 'triggers') {
      survey.triggers = (questionnaire.triggers ?? []).map((trigger) =>
        exportObject(
          trigger as unknown as Record<string, unknown>,
          SURVEYJS_TRIGGER_TYPES[trigger.type],
          defaultLanguage,
        ),
      );
    } else {
      survey[property.name] = exportValue(source[property.name], property, defaultLanguage);
    }
  }
  return survey;
}

function exportObject(
  source: Record<string, unknown>,
  properties: readonly SurveyJsProperty[],
  defaultLanguage: Language,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    if (property.name === 'elements' || !hasOwn(source, property.name) || source[property.name] === undefined) continue;
    out[property.name] = exportValue(source[property.name], property, defaultLanguage);
  }
  return out;
}

function exportValue(value: unknown, property: SurveyJsProperty, defaultLanguage: Language): unknown {
  switch (property.kind) {
    case 'text':
      return exportText(value as LocalizedText, defaultLanguage);
    case 'choices':
      return (value as Record<string, unknown>[]).map((entry) => exportObject(entry, SURVEYJS_CHOICE, defaultLanguage));
    case 'items':
      return (value as Record<string, unknown>[]).map((item) =>
        exportObject(item, SURVEYJS_MULTIPLETEXT_ITEM, defaultLanguage),
      );
    case 'value':
      return structuredClone(value);
  }
}

/**
 * SurveyJS reads `"default"` as the text of its default locale, English (an `"en"` key is the
 * same slot), and falls back to it for any language without a text. So English, when there is
 * one, goes under `"default"`; a text without English has its default language's text there
 * instead, which makes SurveyJS fall back to that language, as respondents here do.
 */
function exportText(text: LocalizedText, defaultLanguage: Language): Record<string, string> {
  const texts = text as Partial<Record<Language, string>>;
  const fallback = texts[FALLBACK_LANGUAGE] !== undefined ? FALLBACK_LANGUAGE : defaultLanguage;
  const out: Record<string, string> = {};
  if (texts[fallback] !== undefined) out.default = texts[fallback];
  for (const language of LANGUAGES) {
    if (language !== fallback && texts[language] !== undefined) out[language] = texts[language];
  }
  return out;
}

// ---- Import ----

/** SurveyJS locales read as one of the six languages: Creator writes Chinese texts as "zh-cn". */
const LOCALE_ALIASES: Readonly<Record<string, Language>> = { 'zh-cn': 'zh' };
/** What a locale code looks like; anything else is not repeated in a path. */
const LOCALE_CODE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

function languageOf(code: string): Language | undefined {
  const lower = code.toLowerCase();
  if (isLanguage(lower)) return lower;
  return LOCALE_ALIASES[lower];
}

class Importer {
  readonly problems = new ProblemList();
  /** The language the JSON's `locale` names: of plain-string texts, and of `"default"` where a text has no entry of its own for it. */
  locale: Language = FALLBACK_LANGUAGE;

  add(field: string, message: string): void {
    this.problems.add(field, message);
  }

  /** Refuses every key that is not in `supported`, with the reason `leftOut` gives or a general one. */
  checkKeys(
    object: Record<string, unknown>,
    path: string,
    supported: readonly SurveyJsProperty[],
    leftOut: Readonly<Record<string, string>>,
    what: string,
  ): void {
    for (const key of Object.keys(object)) {
      if (supported.some((property) => property.name === key)) continue;
      const reason = hasOwn(leftOut, key) ? leftOut[key] : undefined;
      if (!IDENTIFIER.test(key)) {
        this.add(path, `has a property that ${SURVEYJS_UNKNOWN_PROPERTY} in ${what}`);
      } else if (reason) {
        this.add(pathOf(path, key), `is not supported in ${what}: ${reason}`);
      } else {
        this.add(pathOf(path, key), `${SURVEYJS_UNKNOWN_PROPERTY} in ${what}`);
      }
    }
  }

  /**
   * A SurveyJS localisable string as a text of this format. A plain string is a text in the
   * `locale` language. `"default"` is English (SurveyJS's default locale), except in a text
   * without an entry for a `locale` other than English, where it is that language's text (as
   * the export writes a text without English). `"zh-cn"` is read as `"zh"`. Values of the wrong
   * shape are passed on for the validator to name.
   */
  text(value: unknown, path: string): unknown {
    if (typeof value === 'string') return { [this.locale]: value };
    if (!isPlainObject(value)) return value;
    const ownLocale = Object.keys(value).some((key) => key !== 'default' && languageOf(key) === this.locale);
    const defaultLanguage = ownLocale ? FALLBACK_LANGUAGE : this.locale;
    const out: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(value)) {
      const language = key === 'default' ? defaultLanguage : languageOf(key);
      const field = LOCALE_CODE.test(key) || key === 'default' ? `${path}.${key}` : path;
      if (!language) {
        this.add(
          field,
          LOCALE_CODE.test(key)
            ? `is a text in a language this platform does not offer (only ${LANGUAGES.join(', ')})`
            : `has a key that is not a language (only default, ${LANGUAGES.join(', ')})`,
        );
      } else if (hasOwn(out, language)) {
        this.add(
          field,
          `gives the ${language} text a second time (under two keys, such as "default" and "${language}"): keep one`,
        );
      } else {
        out[language] = text;
      }
    }
    return out;
  }

  /** Choices, rows or columns; SurveyJS's shorthand entries become `{ value, text }`. */
  choices(value: unknown, path: string): unknown {
    if (!Array.isArray(value)) return value;
    return value.map((entry, index) => {
      const entryPath = pathOf(path, index);
      if (typeof entry === 'number') return { value: entry, text: { [this.locale]: String(entry) } };
      if (typeof entry === 'string') {
        const bar = entry.indexOf('|');
        const code = bar < 0 ? entry : entry.slice(0, bar);
        const label = bar < 0 ? entry : entry.slice(bar + 1);
        return { value: code, text: { [this.locale]: label } };
      }
      if (!isPlainObject(entry)) return entry;
      this.checkKeys(entry, entryPath, SURVEYJS_CHOICE, SURVEYJS_CHOICE_LEFT_OUT, 'a choice');
      // Without a text SurveyJS shows the value.
      const text = hasOwn(entry, 'text')
        ? this.text(entry.text, pathOf(entryPath, 'text'))
        : entry.value === undefined || entry.value === null
          ? undefined
          : { [this.locale]: String(entry.value as string | number) };
      return { ...(hasOwn(entry, 'value') && { value: entry.value }), ...(text !== undefined && { text }) };
    });
  }

  items(value: unknown, path: string): unknown {
    if (!Array.isArray(value)) return value;
    return value.map((item, index) => {
      if (!isPlainObject(item)) return item;
      const itemPath = pathOf(path, index);
      this.checkKeys(item, itemPath, SURVEYJS_MULTIPLETEXT_ITEM, {}, 'a multipletext item');
      const out = this.object(item, itemPath, SURVEYJS_MULTIPLETEXT_ITEM);
      // Without a title SurveyJS shows the name.
      if (!hasOwn(out, 'title') && typeof item.name === 'string') out.title = { [this.locale]: item.name };
      return out;
    });
  }

  /** The supported properties of `source`, each converted by its kind. */
  object(
    source: Record<string, unknown>,
    path: string,
    properties: readonly SurveyJsProperty[],
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const property of properties) {
      if (!hasOwn(source, property.name)) continue;
      const field = pathOf(path, property.name);
      const value = source[property.name];
      switch (property.kind) {
        case 'text':
          out[property.name] = this.text(value, field);
          break;
        case 'choices':
          out[property.name] = this.choices(value, field);
          break;
        case 'items':
          out[property.name] = this.items(value, field);
          break;
        case 'value':
          out[property.name] = value;
      }
    }
    return out;
  }

  survey(input: Record<string, unknown>): Record<string, unknown> {
    this.checkKeys(input, '', SURVEYJS_SURVEY, SURVEYJS_SURVEY_LEFT_OUT, 'a survey');
    if (hasOwn(input, 'locale')) {
      const language = typeof input.locale === 'string' ? languageOf(input.locale) : undefined;
      // SurveyJS's own default locale is written "" or "en".
      if (input.locale === '') this.locale = FALLBACK_LANGUAGE;
      else if (language) this.locale = language;
      else this.add('locale', `must be one of the languages this platform offers (${LANGUAGES.join(', ')})`);
    }
    const out = this.object(
      input,
      '',
      SURVEYJS_SURVEY.filter((property) => property.name !== 'locale'),
    );
    if (Array.isArray(input.pages)) out.pages = input.pages.map((page, index) => this.page(page, index));
    if (Array.isArray(input.triggers)) {
      out.triggers = input.triggers.map((trigger, index) => this.trigger(trigger, pathOf('triggers', index)));
    }
    return out;
  }

  page(page: unknown, index: number): unknown {
    if (!isPlainObject(page)) return page;
    const path = pathOf('pages', index);
    this.checkKeys(page, path, SURVEYJS_PAGE, SURVEYJS_PAGE_LEFT_OUT, 'a page');
    const out = this.object(page, path, SURVEYJS_PAGE);
    // SurveyJS names an unnamed page after its position.
    if (!hasOwn(page, 'name')) out.name = `page${index + 1}`;
    if (Array.isArray(page.elements)) {
      out.elements = page.elements.map((element, elementIndex) =>
        this.question(element, pathOf(pathOf(path, 'elements'), elementIndex)),
      );
    }
    return out;
  }

  question(element: unknown, path: string): unknown {
    if (!isPlainObject(element)) return element;
    const type = element.type;
    if (typeof type !== 'string' || !hasOwn(SURVEYJS_QUESTION_TYPES, type)) {
      const field = pathOf(path, 'type');
      if (typeof type === 'string' && hasOwn(SURVEYJS_QUESTION_TYPES_LEFT_OUT, type)) {
        this.add(
          field,
          `names SurveyJS question type ${type}, which is not supported: ${SURVEYJS_QUESTION_TYPES_LEFT_OUT[type]}`,
        );
      } else if (typeof type === 'string' && IDENTIFIER.test(type)) {
        this.add(
          field,
          `names SurveyJS question type ${type}, which is not supported (a custom widget or an unknown type)`,
        );
      } else if (typeof type === 'string') {
        this.add(field, 'names a SurveyJS question type that is not supported (a custom widget or an unknown type)');
      } else if (hasOwn(element, 'type')) {
        this.add(field, 'must be the name of a question type');
      } else {
        this.add(field, 'is required: every question names its SurveyJS type');
      }
      return element;
    }
    const properties = questionProperties(type as QuestionType);
    this.checkKeys(element, path, properties, SURVEYJS_QUESTION_LEFT_OUT, `a ${type} question`);
    const out = this.object(element, path, properties);
    // Without a title SurveyJS shows the name.
    if (!hasOwn(out, 'title') && typeof element.name === 'string') out.title = { [this.locale]: element.name };
    if (type === 'rating') this.ratingDefaults(element, out);
    return out;
  }

  /** SurveyJS's defaults for a rating: 1 to 5, or `rateCount` points from `rateMin`. */
  private ratingDefaults(element: Record<string, unknown>, out: Record<string, unknown>): void {
    if (!hasOwn(element, 'rateMin')) out.rateMin = 1;
    if (!hasOwn(element, 'rateMax')) {
      const count = element.rateCount;
      out.rateMax =
        typeof count === 'number' && Number.isInteger(count) && typeof out.rateMin === 'number'
          ? out.rateMin + count - 1
          : 5;
    }
  }

  trigger(trigger: unknown, path: string): unknown {
    if (!isPlainObject(trigger)) return trigger;
    const type = trigger.type;
    if (typeof type !== 'string' || !hasOwn(SURVEYJS_TRIGGER_TYPES, type)) {
      const field = pathOf(path, 'type');
      if (typeof type === 'string' && hasOwn(SURVEYJS_TRIGGER_TYPES_LEFT_OUT, type)) {
        this.add(
          field,
          `names SurveyJS trigger type ${type}, which is not supported: ${SURVEYJS_TRIGGER_TYPES_LEFT_OUT[type]}`,
        );
      } else {
        this.add(
          field,
          `must be one of the supported trigger types: ${Object.keys(SURVEYJS_TRIGGER_TYPES).join(', ')}`,
        );
      }
      return trigger;
    }
    const properties = SURVEYJS_TRIGGER_TYPES[type as keyof typeof SURVEYJS_TRIGGER_TYPES];
    this.checkKeys(trigger, path, properties, {}, `a ${type} trigger`);
    return this.object(trigger, path, properties);
  }
}

/**
 * Reads SurveyJS JSON as a questionnaire of this format. Every SurveyJS feature outside the
 * subset (question types, properties, trigger types, languages) is a problem at its path, with
 * a sentence saying why it is left out; then the result is validated as any questionnaire is,
 * requiring the texts of `options.defaultLanguage` (and of `options.languages`). SurveyJS's
 * shorthand and defaults are read as SurveyJS reads them: plain-string texts and choices, a
 * missing title (the name), a missing page name (`page1`…), a rating without bounds (1–5).
 */
export function importSurveyJs(json: unknown, options: ImportSurveyJsOptions = {}): ImportSurveyJsResult {
  const importer = new Importer();
  if (!isPlainObject(json)) {
    return { ok: false, problems: [{ field: '', message: 'must be a SurveyJS survey: a JSON object with pages' }] };
  }
  const converted = importer.survey(json);
  if (importer.problems.total > 0) return { ok: false, problems: importer.problems.toArray() };
  const result = validateQuestionnaire(converted, {
    languages: options.languages ?? [],
    defaultLanguage: options.defaultLanguage ?? importer.locale,
  });
  if (!result.ok) return { ok: false, problems: result.errors };
  return { ok: true, questionnaire: result.questionnaire, problems: [] };
}
