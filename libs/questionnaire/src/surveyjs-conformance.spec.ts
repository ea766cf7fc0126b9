import { Model, Serializer, type Question as SurveyJsQuestion } from 'survey-core';
import { sampleSatisfactionQuestionnaire } from './sample';
import { exportSurveyJs, importSurveyJs } from './surveyjs';
import {
  SURVEYJS_CHOICE,
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
  questionProperties,
  type SurveyJsProperty,
} from './surveyjs-support';
import type { QuestionType } from './types';

/** SurveyJS itself (survey-core), as a respondent's browser would run it. */
Serializer.addProperty('rating', { name: 'ratingKind', visible: false });

/** `type` is the JSON key naming the class, not one of its properties. */
const properties = (list: readonly SurveyJsProperty[]) =>
  list.filter((property) => property.name !== 'type' && !property.extension).map((property) => property.name);
const unknownTo = (className: string, names: readonly string[]) =>
  names.filter((name) => !Serializer.findProperty(className, name));

describe('the SurveyJS support table, against survey-core', () => {
  it('names only properties SurveyJS has, on the classes it has them', () => {
    expect(unknownTo('survey', properties(SURVEYJS_SURVEY))).toEqual([]);
    expect(unknownTo('page', properties(SURVEYJS_PAGE))).toEqual([]);
    expect(unknownTo('itemvalue', properties(SURVEYJS_CHOICE))).toEqual([]);
    expect(unknownTo('multipletextitem', properties(SURVEYJS_MULTIPLETEXT_ITEM))).toEqual([]);
    for (const type of Object.keys(SURVEYJS_QUESTION_TYPES) as QuestionType[]) {
      expect([type, unknownTo(type, properties(questionProperties(type)))]).toEqual([type, []]);
    }
    for (const [type, list] of Object.entries(SURVEYJS_TRIGGER_TYPES)) {
      expect([type, unknownTo(`${type}trigger`, properties(list))]).toEqual([type, []]);
    }
  });

  it('gives reasons only for SurveyJS features that exist', () => {
    expect(unknownTo('survey', Object.keys(SURVEYJS_SURVEY_LEFT_OUT))).toEqual([]);
    expect(unknownTo('page', Object.keys(SURVEYJS_PAGE_LEFT_OUT))).toEqual([]);
    const questionClasses = [...Object.keys(SURVEYJS_QUESTION_TYPES), 'matrixdropdown', 'tagbox'];
    expect(
      Object.keys(SURVEYJS_QUESTION_LEFT_OUT).filter(
        (name) => !questionClasses.some((className) => Serializer.findProperty(className, name)),
      ),
    ).toEqual([]);
    expect(Object.keys(SURVEYJS_QUESTION_TYPES_LEFT_OUT).filter((type) => !Serializer.findClass(type))).toEqual([]);
    expect(
      Object.keys(SURVEYJS_TRIGGER_TYPES_LEFT_OUT).filter((type) => !Serializer.findClass(`${type}trigger`)),
    ).toEqual([]);
  });
});

describe('an exported questionnaire in survey-core', () => {
  const sample = sampleSatisfactionQuestionnaire();

  it('loads without a JSON error and with the same questions, scales and conditions', () => {
    const survey = new Model(exportSurveyJs(sample));
    expect(survey.jsonErrors).toBeFalsy();
    expect(survey.pages.map((page) => page.name)).toEqual(sample.pages.map((page) => page.name));
    expect(survey.getAllQuestions().map((question: SurveyJsQuestion) => question.name)).toEqual(
      sample.pages.flatMap((page) => page.elements.map((question) => question.name)),
    );
    const nps = survey.getQuestionByName('nps') as SurveyJsQuestion & { visibleRateValues: unknown[] };
    expect(nps.visibleRateValues).toHaveLength(11);
    expect(nps.isRequired).toBe(true);
    const reason = survey.getQuestionByName('npsReason');
    survey.setValue('nps', 9);
    expect(reason.isVisible).toBe(false);
    survey.setValue('nps', 3);
    expect(reason.isVisible).toBe(true);
  });

  it('shows each language’s texts, and falls back to the default language as respondents here do', () => {
    const survey = new Model(exportSurveyJs(sample));
    expect(survey.title).toBe(sample.title.en);
    survey.locale = 'fr';
    expect(survey.title).toBe(sample.title.fr);
    survey.locale = 'zh-cn';
    expect(survey.title).toBe(sample.title.zh);

    // A survey in French and Spanish only: French first, and the fallback of any other language.
    const french = { ...sample, title: { fr: sample.title.fr, es: sample.title.es } } as unknown as typeof sample;
    const frenchFirst = new Model(exportSurveyJs(french, { defaultLanguage: 'fr' }));
    expect(frenchFirst.locale).toBe('fr');
    expect(frenchFirst.title).toBe(sample.title.fr);
    frenchFirst.locale = 'es';
    expect(frenchFirst.title).toBe(sample.title.es);
    frenchFirst.locale = 'ru';
    expect(frenchFirst.title).toBe(sample.title.fr);
  });

  it.each([
    ['English', 'en'],
    ['French', 'fr'],
  ] as const)(
    'comes back unchanged from the JSON SurveyJS Creator would save (default language %s)',
    (_, defaultLanguage) => {
      // Creator edits in design mode, where conditions are not run.
      const creator = new Model();
      creator.setDesignMode(true);
      creator.fromJSON(exportSurveyJs(sample, { defaultLanguage }));
      expect(importSurveyJs(creator.toJSON(), { defaultLanguage })).toEqual({
        ok: true,
        questionnaire: sample,
        problems: [],
      });
    },
  );
});
