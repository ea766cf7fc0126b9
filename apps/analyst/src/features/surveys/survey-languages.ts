import { isLanguage, LANGUAGES, type Language } from '@survey/questionnaire';

/** A survey's languages as the API gives them, typed (all six and English if it names none). */
export function surveyLanguages(survey: { languages: string[]; defaultLanguage: string }): {
  languages: Language[];
  defaultLanguage: Language;
} {
  const languages = LANGUAGES.filter((language) => survey.languages.includes(language));
  return {
    languages: languages.length > 0 ? languages : [...LANGUAGES],
    defaultLanguage: isLanguage(survey.defaultLanguage) ? survey.defaultLanguage : 'en',
  };
}
