import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { hiddenBy, type SurveyStatistics } from './figures';

/** The four figures people look for first: n, response rate, NPS and CSAT (when the survey asks them). */
export function Headline({ statistics }: { statistics: SurveyStatistics }) {
  const t = useMessages(messages);
  const f = useFormat();
  const { population } = statistics;
  const nps = statistics.items.find((item) => item.ratingKind === 'nps');
  const csat = statistics.items.find((item) => item.ratingKind === 'satisfaction');
  const narrowed = population.responseRate === null && population.invited !== null && population.invited > 0;
  return (
    <section className="headline" aria-labelledby="headline-heading" data-testid="headline">
      <h2 id="headline-heading" className="visually-hidden">
        {t.headline}
      </h2>
      <dl className="headline-figures">
        <div>
          <dt>{t.headlineN}</dt>
          <dd data-testid="headline-n">
            {hiddenBy(population.responses) ? (
              <Suppressed reason={hiddenBy(population.responses)} />
            ) : (
              f.number(population.responses.value ?? 0)
            )}
          </dd>
        </div>
        <div>
          <dt>{t.responseRate}</dt>
          <dd data-testid="headline-rate">
            {population.responseRate !== null ? (
              f.percent(population.responseRate)
            ) : (
              <span className="muted">{narrowed ? t.narrowedRate : f.missing}</span>
            )}
          </dd>
        </div>
        {nps && (
          <div>
            <dt>{t.npsShort}</dt>
            <dd data-testid="headline-nps">
              {nps.overall.nps ? (
                f.number(nps.overall.nps.score, 0)
              ) : (
                <Suppressed reason={nps.overall.suppressed ?? nps.overall.withheld ?? 'primary'} />
              )}
            </dd>
          </div>
        )}
        {csat && (
          <div>
            <dt>CSAT</dt>
            <dd data-testid="headline-csat">
              {typeof csat.overall.topTwoBox === 'number' ? (
                f.percent(csat.overall.topTwoBox)
              ) : (
                <Suppressed reason={csat.overall.suppressed ?? csat.overall.withheld ?? 'primary'} />
              )}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
