import type { Language, Questionnaire } from '@survey/questionnaire';
import { fieldAria, FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { BANDS, SEGMENTS, type StatisticsChoice } from '../filters';
import { messages } from '../messages';
import { closedQuestions, NPS_CLASSES } from '../questions';
import type { FieldErrors } from './StatisticsFields';

function toggled<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value);
}

/** Which respondents count: countries, segments, roles, lengths of relationship and one answer. */
export function NarrowingFields({
  id,
  value,
  set,
  questionnaire,
  language,
  errors,
}: {
  id: string;
  value: StatisticsChoice;
  set: (patch: Partial<StatisticsChoice>) => void;
  questionnaire: Questionnaire | undefined;
  language: Language;
  errors: FieldErrors;
}) {
  const t = useMessages(messages);
  const questions = closedQuestions(questionnaire, language);
  const chosen = questions.find((question) => question.name === value.answerQuestion);
  const classValues = (values: readonly string[]) => () => set({ answerValues: [...values] });
  return (
    <>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-country`}>{t.countriesLabel}</label>
          <input
            id={`${id}-country`}
            value={value.countries}
            placeholder="FR, DE"
            onChange={(e) => set({ countries: e.target.value })}
            {...fieldAria(errors.country, `${id}-country-error`, `${id}-country-hint`)}
          />
          <p className="hint" id={`${id}-country-hint`}>
            {t.countriesHint}
          </p>
          <FieldMessages id={`${id}-country-error`} messages={errors.country} />
        </div>
        <div>
          <label htmlFor={`${id}-role`}>{t.rolesLabel}</label>
          <input
            id={`${id}-role`}
            value={value.roles}
            onChange={(e) => set({ roles: e.target.value })}
            {...fieldAria(errors.role, `${id}-role-error`, `${id}-role-hint`)}
          />
          <p className="hint" id={`${id}-role-hint`}>
            {t.rolesHint}
          </p>
          <FieldMessages id={`${id}-role-error`} messages={errors.role} />
        </div>
      </div>
      <div className="form-row">
        <fieldset className="results-fieldset">
          <legend>{t.dimensions.segment}</legend>
          <div className="checks">
            {SEGMENTS.map((segment) => (
              <label key={segment} className="checkbox">
                <input
                  type="checkbox"
                  checked={value.segments.includes(segment)}
                  onChange={(e) => set({ segments: toggled(value.segments, segment, e.target.checked) })}
                />
                {t.segmentNames[segment]}
              </label>
            ))}
          </div>
          <FieldMessages id={`${id}-segment-error`} messages={errors.segment} />
        </fieldset>
        <fieldset className="results-fieldset">
          <legend>{t.dimensions.relationshipBand}</legend>
          <div className="checks">
            {BANDS.map((band) => (
              <label key={band} className="checkbox">
                <input
                  type="checkbox"
                  checked={value.bands.includes(band)}
                  onChange={(e) => set({ bands: toggled(value.bands, band, e.target.checked) })}
                />
                {t.bandNames[band]}
              </label>
            ))}
          </div>
          <FieldMessages id={`${id}-band-error`} messages={errors.relationshipBand} />
        </fieldset>
      </div>
      <fieldset className="results-fieldset answer-filter">
        <legend>{t.answerFilter}</legend>
        <label htmlFor={`${id}-answer-question`}>{t.answerQuestion}</label>
        <select
          id={`${id}-answer-question`}
          value={value.answerQuestion}
          onChange={(e) => set({ answerQuestion: e.target.value, answerValues: [] })}
          {...fieldAria(errors.answer, `${id}-answer-error`)}
        >
          <option value="">{t.anyAnswer}</option>
          {questions.map((question) => (
            <option key={question.name} value={question.name}>
              {question.title}
            </option>
          ))}
        </select>
        {chosen?.nps && (
          <div className="actions nps-classes">
            <button type="button" onClick={classValues(NPS_CLASSES.detractors)}>
              {t.onlyDetractors}
            </button>
            <button type="button" onClick={classValues(NPS_CLASSES.passives)}>
              {t.onlyPassives}
            </button>
            <button type="button" onClick={classValues(NPS_CLASSES.promoters)}>
              {t.onlyPromoters}
            </button>
          </div>
        )}
        {chosen && (
          <div className="checks" role="group" aria-label={t.answerValues}>
            {chosen.options.map((option) => (
              <label key={option.value} className="checkbox">
                <input
                  type="checkbox"
                  checked={value.answerValues.includes(option.value)}
                  onChange={(e) => set({ answerValues: toggled(value.answerValues, option.value, e.target.checked) })}
                />
                {option.label}
              </label>
            ))}
          </div>
        )}
        <FieldMessages id={`${id}-answer-error`} messages={errors.answer} />
      </fieldset>
    </>
  );
}
