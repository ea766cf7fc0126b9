import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { PurposeSelect } from '../../components/PurposeSelect';
import { FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, unwrap } from '../../lib/problem';
import type { Purpose } from '../../lib/purposes';
import { $api, useFailure } from '../../lib/query';
import { api } from '../../lib/session';
import { browseMessages } from './browse-messages';
import { BrowseFilters, BrowseHeading, useBrowsedSurvey } from './BrowseFilters';
import { narrowingQuery, type StatisticsChoice } from './filters';
import { messages } from './messages';
import { periodRules } from './period-rules';
import { closedQuestions, nameOf, type ClosedQuestion } from './questions';

type Channel = 'web' | 'provider';

/** The response browser: a page of pseudonymous responses, filtered; one opened at a time. */
export function ResponsesPage() {
  const { surveyId = '' } = useParams();
  const t = useMessages(browseMessages);
  const r = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const browsed = useBrowsedSurvey(surveyId);
  const { choice: draft, campaigns, questionnaire } = browsed;
  const [applied, setApplied] = useState<StatisticsChoice>(draft);
  const [channel, setChannel] = useState<Channel | ''>('');
  const [appliedChannel, setAppliedChannel] = useState<Channel | ''>('');
  const [page, setPage] = useState(1);
  const [opened, setOpened] = useState<string | undefined>();
  const list = $api.useQuery('get', '/api/v1/surveys/{id}/response-browser', {
    params: {
      path: { id: surveyId },
      query: { ...narrowingQuery(applied), channel: appliedChannel || undefined, page, limit: 20 },
    },
  });
  const failure = useFailure(list.error);
  const form = useFormCheck(periodRules(draft), failure);
  const campaignName = (campaignId: string | null) =>
    campaigns.find((campaign) => campaign.id === campaignId)?.name ?? '—';

  const apply = () => {
    if (!form.check({ to: draft.to })) return;
    setApplied(draft);
    setAppliedChannel(channel);
    setPage(1);
    setOpened(undefined);
  };

  return (
    <>
      <BrowseHeading
        surveyId={surveyId}
        browsed={browsed}
        title={browsed.name ? t.responsesTitle(browsed.name) : t.responsesTitlePlain}
        intro={t.responsesIntro}
      />
      <BrowseFilters id={id} browsed={browsed} form={form} onApply={apply} submitLabel={t.apply}>
        <div>
          <label htmlFor={`${id}-channel`}>{t.channel}</label>
          <select
            id={`${id}-channel`}
            value={channel}
            onChange={(e) =>
              setChannel(e.target.value === 'web' || e.target.value === 'provider' ? e.target.value : '')
            }
            {...form.aria('channel', `${id}-channel-error`)}
          >
            <option value="">{t.anyChannel}</option>
            <option value="web">{t.channels.web}</option>
            <option value="provider">{t.channels.provider}</option>
          </select>
          <FieldMessages id={`${id}-channel-error`} messages={form.errorsOf('channel')} />
        </div>
      </BrowseFilters>
      <LoadState loaded={list}>
        {(data) => (
          <section className="panel" aria-labelledby={`${id}-list`}>
            <h2 id={`${id}-list`}>{t.responsesTitlePlain}</h2>
            {data.smallGroup && (
              <p className="notice" role="note" data-testid="small-group">
                {t.smallGroup(f.number(data.meta.total), f.number(data.k))}
              </p>
            )}
            {data.items.length === 0 ? (
              <p>{t.noResponses}</p>
            ) : (
              <div className="table-wrap">
                <table className="response-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.respondent}</th>
                      <th scope="col">{t.submitted}</th>
                      <th scope="col">{t.country}</th>
                      <th scope="col">{t.segment}</th>
                      <th scope="col">{t.band}</th>
                      <th scope="col">{t.channel}</th>
                      <th scope="col">{t.campaign}</th>
                      <th scope="col">{t.freeText}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((item) => (
                      <tr key={item.responseId} aria-current={opened === item.responseId || undefined}>
                        <td>
                          <button
                            type="button"
                            className="link"
                            aria-label={t.openResponse(item.respondent)}
                            onClick={() => setOpened(item.responseId)}
                          >
                            {item.respondent}
                          </button>
                        </td>
                        <td>{f.date(item.submittedAt)}</td>
                        <td>{item.snapshot.country}</td>
                        <td>{nameOf(r.segmentNames, item.snapshot.segment)}</td>
                        <td>{nameOf(r.bandNames, item.snapshot.relationshipBand)}</td>
                        <td>{t.channels[item.channel]}</td>
                        <td>{campaignName(item.campaignId)}</td>
                        <td>{item.hasFreeText ? t.yes : t.no}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pagination meta={data.meta} onPage={setPage} />
          </section>
        )}
      </LoadState>
      {opened && (
        <ResponseDetail
          key={opened}
          surveyId={surveyId}
          responseId={opened}
          questions={closedQuestions(questionnaire, draft.language)}
          onClose={() => setOpened(undefined)}
        />
      )}
    </>
  );
}

type Detail = components['schemas']['BrowsedResponseDetailDto'];

function answerText(question: ClosedQuestion, value: unknown): string {
  const label = (one: unknown) => question.options.find((o) => o.value === String(one))?.label ?? String(one);
  return Array.isArray(value) ? value.map(label).join(', ') : label(value);
}

function answerOf(detail: Detail, name: string): unknown {
  const [question, row] = name.split('.', 2);
  const value = detail.answers[question];
  if (row === undefined) return value;
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[row] : undefined;
}

/** One response: its group and closed answers; its free text only after choosing a purpose. */
function ResponseDetail({
  surveyId,
  responseId,
  questions,
  onClose,
}: {
  surveyId: string;
  responseId: string;
  questions: ClosedQuestion[];
  onClose: () => void;
}) {
  const t = useMessages(browseMessages);
  const r = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const detail = $api.useQuery('get', '/api/v1/surveys/{id}/response-browser/{responseId}', {
    params: { path: { id: surveyId, responseId } },
  });
  useEffect(() => {
    if (detail.data) heading.current?.focus();
  }, [detail.data]);
  return (
    <section className="panel response-detail" aria-labelledby={`${id}-title`} data-testid="response-detail">
      <LoadState loaded={detail}>
        {(data) => (
          <>
            <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
              {t.responseTitle(data.respondent)}
            </h2>
            <h3>{t.snapshot}</h3>
            <dl className="facts">
              <dt>{t.submitted}</dt>
              <dd>{f.date(data.submittedAt)}</dd>
              <dt>{t.country}</dt>
              <dd>{data.snapshot.country}</dd>
              <dt>{t.segment}</dt>
              <dd>{nameOf(r.segmentNames, data.snapshot.segment)}</dd>
              <dt>{t.role}</dt>
              <dd>{data.snapshot.role ?? '—'}</dd>
              <dt>{t.band}</dt>
              <dd>{nameOf(r.bandNames, data.snapshot.relationshipBand)}</dd>
              <dt>{t.channel}</dt>
              <dd>{t.channels[data.channel]}</dd>
              <dt>{t.version}</dt>
              <dd>{data.questionnaireVersion}</dd>
              <dt>{t.language}</dt>
              <dd>{data.language}</dd>
            </dl>
            <h3>{t.closedAnswers}</h3>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.questionColumn}</th>
                    <th scope="col">{t.answerColumn}</th>
                  </tr>
                </thead>
                <tbody>
                  {questions.map((question) => {
                    const value = answerOf(data, question.name);
                    return (
                      <tr key={question.name}>
                        <th scope="row">{question.title}</th>
                        <td>{value === undefined ? <em>{t.notAnswered}</em> : answerText(question, value)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {data.hasFreeText ? <FreeText responseId={responseId} /> : <p>{t.noFreeTextHere}</p>}
          </>
        )}
      </LoadState>
      <button type="button" onClick={onClose}>
        {t.close}
      </button>
    </section>
  );
}

/** The response's free text, read with a stated purpose (audited), never cached. */
function FreeText({ responseId }: { responseId: string }) {
  const t = useMessages(browseMessages);
  const id = useId();
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [missing, setMissing] = useState(false);
  const reader = useMutation({
    mutationFn: async (chosen: Purpose) =>
      unwrap(
        await api.GET('/api/v1/responses/{id}/free-text', {
          params: { path: { id: responseId }, header: { 'X-Purpose': chosen } },
        }),
      ),
  });
  const failure = useFailure(reader.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!purpose);
    if (purpose) reader.mutate(purpose);
  };
  if (reader.data) {
    const entries = Object.entries(reader.data.texts);
    return (
      <div data-testid="free-text">
        <h3>{t.freeText}</h3>
        {reader.data.removed ? (
          <p>{t.freeTextRemoved}</p>
        ) : (
          <dl className="facts">
            {entries.map(([name, text]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  <blockquote>{text}</blockquote>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="free-text-form">
      <h3>{t.freeText}</h3>
      <PurposeSelect
        id={`${id}-purpose`}
        label={t.purpose}
        value={purpose}
        onChange={setPurpose}
        errors={[...(missing ? [t.choosePurposeFirst] : []), ...fieldMessages(failure, 'purpose')]}
      />
      {failure && failure.fieldErrors.length === 0 && <ProblemMessage failure={failure} />}
      <button type="submit" disabled={reader.isPending}>
        {t.readFreeText}
      </button>
    </form>
  );
}
