import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { hiddenBy, type SurveyStatistics } from './figures';

/**
 * Who the figures are about: invited, responses, response rate, and for live statistics the first
 * and last submission (a published report does not give them).
 */
export function PopulationFacts({ statistics, report = false }: { statistics: SurveyStatistics; report?: boolean }) {
  const t = useMessages(messages);
  const f = useFormat();
  const { population, filters } = statistics;
  const period =
    filters.from || filters.to
      ? [filters.from && t.periodFrom(f.dateTime(filters.from)), filters.to && t.periodTo(f.dateTime(filters.to))]
          .filter(Boolean)
          .join(', ')
      : t.wholePeriod;
  return (
    <dl className="facts population" data-testid="population">
      <dt>{t.invited}</dt>
      <dd data-testid="population-invited">
        {population.invited === null ? t.noInvitations : f.number(population.invited)}
      </dd>
      <dt>{t.responses}</dt>
      <dd data-testid="population-responses">
        {hiddenBy(population.responses) ? (
          <Suppressed reason={hiddenBy(population.responses)} />
        ) : (
          f.number(population.responses.value ?? 0)
        )}
      </dd>
      <dt>{t.responseRate}</dt>
      <dd data-testid="population-rate">
        {population.responseRate === null ? f.missing : f.percent(population.responseRate)}
      </dd>
      {!report && (
        <>
          <dt>{t.firstSubmission}</dt>
          <dd data-testid="population-first">
            {population.firstSubmittedAt ? f.dateTime(population.firstSubmittedAt) : f.missing}
          </dd>
          <dt>{t.lastSubmission}</dt>
          <dd data-testid="population-last">
            {population.lastSubmittedAt ? f.dateTime(population.lastSubmittedAt) : f.missing}
          </dd>
        </>
      )}
      <dt>{t.period}</dt>
      <dd>{period}</dd>
      <dt>{t.minimumGroup}</dt>
      <dd data-testid="population-k">{f.number(statistics.k)}</dd>
      <dt>{t.computedAt}</dt>
      <dd>{f.dateTime(statistics.computedAt)}</dd>
    </dl>
  );
}
