import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useParams } from 'react-router';
import { PurposeSelect } from '../../components/PurposeSelect';
import { FieldMessages, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import type { Purpose } from '../../lib/purposes';
import { useFailure } from '../../lib/query';
import { api } from '../../lib/session';
import { browseMessages } from './browse-messages';
import { BrowseFilters, BrowseHeading, useBrowsedSurvey } from './BrowseFilters';
import { narrowingQuery } from './filters';
import { messages } from './messages';
import { periodRules } from './period-rules';
import { freeTextQuestions, nameOf } from './questions';

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
  const f = useFormat();
  const id = useId();
  const browsed = useBrowsedSurvey(surveyId);
  const { choice, questionnaire } = browsed;
  const [question, setQuestion] = useState('');
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [loaded, setLoaded] = useState<Loaded | undefined>();
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
  const form = useFormCheck(
    {
      question: { required: true, says: t.chooseQuestionFirst },
      purpose: { required: true, says: t.choosePurposeFirst },
      ...periodRules(choice),
    },
    failure,
  );

  const read = (cursor?: string) => {
    if (!form.check({ question, purpose, to: choice.to }) || !purpose) return;
    if (!cursor) setLoaded(undefined);
    reader.mutate({ cursor, chosen: purpose });
  };

  const title = questions.find((q) => q.name === loaded?.question)?.title;
  return (
    <>
      <BrowseHeading
        surveyId={surveyId}
        browsed={browsed}
        title={browsed.name ? t.commentsTitle(browsed.name) : t.commentsTitlePlain}
        intro={t.commentsIntro}
      />
      <BrowseFilters
        id={id}
        browsed={browsed}
        form={form}
        onApply={() => read()}
        submitLabel={t.showComments}
        busy={reader.isPending}
      >
        <div>
          <label htmlFor={`${id}-question`}>{t.question}</label>
          <select
            id={`${id}-question`}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            {...form.aria('question', `${id}-question-error`)}
          >
            <option value="">{t.chooseQuestion}</option>
            {questions.map((q) => (
              <option key={q.name} value={q.name}>
                {q.title}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id}-question-error`} messages={form.errorsOf('question')} />
          {browsed.survey.data && questions.length === 0 && <p className="hint">{t.noFreeText}</p>}
        </div>
        <PurposeSelect
          id={`${id}-purpose`}
          label={t.purpose}
          value={purpose}
          onChange={setPurpose}
          errors={form.errorsOf('purpose')}
        />
      </BrowseFilters>
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
