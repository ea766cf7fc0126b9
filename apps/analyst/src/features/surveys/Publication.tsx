import type { components } from '@survey/api-client';
import { useState } from 'react';
import { Link } from 'react-router';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api } from '../../lib/session';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { surveyMessages } from './messages';
import { usePublicationAction } from './usePublicationAction';

type Survey = components['schemas']['SurveyDto'];

/** Where the survey stands, publishing it (a new version) and closing it, each after a confirmation. */
export function Publication({ survey, reload }: { survey: Survey; reload: () => void }) {
  const t = useMessages(surveyMessages);
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);
  const problems = survey.questionnaireProblems;
  const nextVersion = (survey.publishedVersion ?? 0) + 1;
  const canPublish = survey.status === 'draft' || (survey.status === 'open' && survey.hasUnpublishedChanges);
  const { run, done, failure } = usePublicationAction(reload);

  const publish = () =>
    setConfirming({
      title: t.publishTitle,
      body: <p>{survey.status === 'draft' ? t.publishBody : t.publishNewBody(nextVersion)}</p>,
      confirmLabel: survey.status === 'draft' ? t.publish : t.publishNew(nextVersion),
      onConfirm: () =>
        run(
          async () => unwrap(await api.POST('/api/v1/surveys/{id}/publish', { params: { path: { id: survey.id } } })),
          (updated) => ({ published: updated.publishedVersion ?? nextVersion }),
        ),
    });

  const close = () =>
    setConfirming({
      title: t.closeTitle,
      body: (
        <>
          <p>{t.closeBody}</p>
          {survey.anonymiseAtClose && <p>{t.closeAnonymise}</p>}
        </>
      ),
      confirmLabel: t.close,
      danger: true,
      onConfirm: () =>
        run(
          async () => unwrap(await api.POST('/api/v1/surveys/{id}/close', { params: { path: { id: survey.id } } })),
          () => 'closed',
        ),
    });

  return (
    <section className="panel publication" aria-labelledby="survey-publication">
      <h2 id="survey-publication">{t.publication}</h2>
      <p role="status" className={done ? 'notice' : undefined}>
        {done === 'closed' ? t.closed : done ? t.published(done.published) : null}
      </p>
      {failure && <ProblemMessage failure={failure} />}
      <p>
        {survey.status === 'draft'
          ? t.draftExplain
          : survey.status === 'open'
            ? t.openExplain(survey.publishedVersion ?? 1)
            : t.closedExplain}
      </p>
      {survey.status === 'open' && survey.hasUnpublishedChanges && <p>{t.unpublishedExplain}</p>}
      {canPublish && problems.length > 0 && <PublishProblems problems={problems} />}
      <div className="actions">
        {survey.status !== 'closed' && <Link to={`/surveys/${survey.id}/edit`}>{t.editQuestionnaire}</Link>}
        {canPublish && (
          <button type="button" className="primary" disabled={problems.length > 0} onClick={publish}>
            {survey.status === 'draft' ? t.publish : t.publishNew(nextVersion)}
          </button>
        )}
        {survey.status === 'open' && (
          <button type="button" className="danger" onClick={close}>
            {t.close}
          </button>
        )}
      </div>
      <ConfirmDialog request={confirming} onDone={() => setConfirming(null)} />
    </section>
  );
}

/** Why the questionnaire cannot be published yet: the first ten problems. */
function PublishProblems({ problems }: { problems: Survey['questionnaireProblems'] }) {
  const t = useMessages(surveyMessages);
  return (
    <div className="notice warning" data-testid="publish-problems">
      <p>{t.problemsBlock(problems.length)}</p>
      <ul className="problem-list">
        {problems.slice(0, 10).map((problem, index) => (
          <li key={`${problem.field}-${index}`}>
            <code>{problem.field}</code> {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
