import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { PurposeSelect } from '../../components/PurposeSelect';
import { SurveyTabs } from '../../components/SurveyTabs';
import { FieldMessages, ProblemMessage, QueryProblem } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useLocale, useMessages } from '../../lib/i18n';
import { fieldMessages, unwrap } from '../../lib/problem';
import type { Purpose } from '../../lib/purposes';
import { $api, useFailure } from '../../lib/query';
import { api } from '../../lib/session';
import { browseMessages } from './browse-messages';
import { defaultChoice, narrowingQuery, useCampaigns, type StatisticsChoice } from './filters';
import { StatisticsFields } from './fields/StatisticsFields';
import { messages } from './messages';
import { freeTextQuestions, nameOf, questionnaireOf } from './questions';

type Comment = components['schemas']['CommentDto'];

interface Loaded {
  question: string;
  items: Comment[];
  nextCursor: string | null;
}

/**
 * The answers to one free-text question: read only after choosing a purpose, a page at a time,
 * never cached (each reading is an audited act).
 */
export function CommentsPage() {
  const { surveyId = '' } = useParams();
  const t = useMessages(browseMessages);
  const r = useMessages(messages);
  const { locale } = useLocale();
  const f = useFormat();
  const id = useId();
  const survey = $api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } });
  const campaigns = useCampaigns(surveyId);
  const [choice, setChoice] = useState<StatisticsChoice>(() => defaultChoice(locale));
  const [question, setQuestion] = useState('');
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [missing, setMissing] = useState<{ question?: boolean; purpose?: boolean }>({});
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const questionnaire = questionnaireOf(survey.data?.questionnaire);
  const questions = freeTextQuestions(questionnaire, choice.language);

  const reader = useMutation({
    mutationFn: async ({ cursor, chosen }: { cursor?: string; chosen: Purpose }) =>
      unwrap(
        await api.GET('/api/v1/surveys/{id}/questions/{question}/comments', {
          params: {
            path: { id: surveyId, question },
            query: { ...narrowingQuery(choice), limit: 20, cursor },
            header: { 'X-Purpose': chosen },
          },
        }),
      ),
    onSuccess: (page, { cursor }) =>
      setLoaded((before) => ({
        question: page.question,
        items: cursor && before ? [...before.items, ...page.items] : page.items,
        nextCursor: page.nextCursor,
      })),
  });
  const failure = useFailure(reader.error);

  const read = (cursor?: string) => {
    const lacking = { question: !question, purpose: !purpose };
    setMissing(lacking);
    if (lacking.question || !purpose) return;
    if (!cursor) setLoaded(undefined);
    reader.mutate({ cursor, chosen: purpose });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    read();
  };

  const name = survey.data?.name;
  const title = questions.find((q) => q.name === loaded?.question)?.title;
  return (
    <>
      <h1>{name ? t.commentsTitle(name) : t.commentsTitlePlain}</h1>
      <SurveyTabs surveyId={surveyId} />
      <QueryProblem query={survey} />
      <p className="hint">{t.commentsIntro}</p>
      <form className="panel results-filters" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{t.filters}</h2>
        <div className="form-row">
          <div>
            <label htmlFor={`${id}-question`}>{t.question}</label>
            <select
              id={`${id}-question`}
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
              aria-invalid={missing.question || undefined}
              aria-describedby={missing.question ? `${id}-question-error` : undefined}
            >
              <option value="">{t.chooseQuestion}</option>
              {questions.map((q) => (
                <option key={q.name} value={q.name}>
                  {q.title}
                </option>
              ))}
            </select>
            <FieldMessages
              id={`${id}-question-error`}
              messages={[...(missing.question ? [t.chooseQuestionFirst] : []), ...fieldMessages(failure, 'question')]}
            />
            {survey.data && questions.length === 0 && <p className="hint">{t.noFreeText}</p>}
          </div>
          <PurposeSelect
            id={`${id}-purpose`}
            label={t.purpose}
            value={purpose}
            onChange={setPurpose}
            errors={[...(missing.purpose ? [t.choosePurposeFirst] : []), ...fieldMessages(failure, 'purpose')]}
          />
        </div>
        <StatisticsFields
          value={choice}
          onChange={setChoice}
          campaigns={campaigns.data ?? []}
          failure={failure}
          narrowing={{ questionnaire }}
          filtersOnly
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={reader.isPending}>
            {t.showComments}
          </button>
        </div>
      </form>
      {failure && failure.fieldErrors.length === 0 && <ProblemMessage failure={failure} />}
      {loaded && (
        <section aria-labelledby={`${id}-comments`} className="panel comments">
          <h2 id={`${id}-comments`}>{title ?? loaded.question}</h2>
          <p role="status">{t.commentsShown(f.number(loaded.items.length))}</p>
          {loaded.items.length === 0 ? (
            <p>{t.noComments}</p>
          ) : (
            <ol className="comment-list">
              {loaded.items.map((item) => (
                <li key={item.responseId} data-testid="comment">
                  <blockquote lang={item.language}>{item.text}</blockquote>
                  <p className="comment-meta">
                    <span>{item.respondent}</span> · <span>{f.date(item.submittedAt)}</span> ·{' '}
                    <span>{item.snapshot.country}</span> · <span>{nameOf(r.segmentNames, item.snapshot.segment)}</span>
                    {item.snapshot.role ? (
                      <>
                        {' '}
                        · <span>{item.snapshot.role}</span>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ol>
          )}
          {loaded.nextCursor && (
            <button type="button" onClick={() => read(loaded.nextCursor ?? undefined)} disabled={reader.isPending}>
              {t.moreComments}
            </button>
          )}
        </section>
      )}
    </>
  );
}
