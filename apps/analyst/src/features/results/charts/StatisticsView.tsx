import { useMemo, useState } from 'react';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { BreakdownResults } from './BreakdownResults';
import { CrosstabResults } from './CrosstabResults';
import { reasonsIn, type SurveyStatistics } from './figures';
import { ItemResults } from './ItemResults';
import { MeasureResults } from './MeasureResults';
import { MetricPicker } from './MetricPicker';
import { PopulationFacts } from './PopulationFacts';
import { defaultMetric, type Metric } from './metrics';
import { SuppressionNote } from './SuppressionNote';

/**
 * Every chart and table of a statistics document: the population, the note on suppression, each
 * question, each breakdown and the crosstab. The results page shows live statistics with it and
 * the report page a report's snapshot.
 */
export function StatisticsView({
  statistics,
  report = false,
  populationLast = false,
}: {
  statistics: SurveyStatistics;
  report?: boolean;
  /** The population's details after the charts (the results page opens on its headline figures). */
  populationLast?: boolean;
}) {
  const t = useMessages(messages);
  const [metric, setMetric] = useState<Metric>(() => defaultMetric(statistics.items));
  const language = statistics.language;
  const empty = statistics.population.responses.value === 0;
  const composition = useMemo(() => reasonsIn(statistics).has('composition'), [statistics]);
  const populationSection = (
    <section aria-labelledby="population-heading">
      <h2 id="population-heading">{t.population}</h2>
      <PopulationFacts statistics={statistics} report={report} />
      <SuppressionNote k={statistics.k} composition={composition} />
      {report && (
        <p className="notice" data-testid="report-figures-note">
          {t.reportFiguresNote}
        </p>
      )}
    </section>
  );
  return (
    <div className="statistics">
      {!populationLast && populationSection}
      {empty ? (
        <p className="notice warning" role="status" data-testid="no-responses">
          {t.noResponses}
        </p>
      ) : (
        <>
          <section aria-labelledby="questions-heading">
            <h2 id="questions-heading">{t.questions}</h2>
            {statistics.items.map((item) => (
              <ItemResults key={item.name} item={item} language={language} k={statistics.k} />
            ))}
          </section>
          <MeasureResults measures={statistics.measures ?? []} k={statistics.k} />
          {statistics.breakdowns.length > 0 && (
            <section aria-labelledby="breakdowns-heading">
              <h2 id="breakdowns-heading">{t.breakdowns}</h2>
              <MetricPicker
                items={statistics.items}
                value={metric}
                onChange={setMetric}
                testId="breakdown-metric"
                means={!report}
              />
              {statistics.breakdowns.map((breakdown) => (
                <BreakdownResults
                  key={breakdown.dimension}
                  breakdown={breakdown}
                  items={statistics.items}
                  metric={metric}
                  language={language}
                  k={statistics.k}
                />
              ))}
            </section>
          )}
          {statistics.crosstabs.length > 0 && (
            <section aria-labelledby="crosstab-heading">
              <h2 id="crosstab-heading">{t.crosstab}</h2>
              {statistics.crosstabs.map((crosstab) => (
                <CrosstabResults
                  key={`${crosstab.rows}:${crosstab.columns}`}
                  crosstab={crosstab}
                  items={statistics.items}
                  language={language}
                />
              ))}
            </section>
          )}
        </>
      )}
      {populationLast && populationSection}
    </div>
  );
}
