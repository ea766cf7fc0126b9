import type { components } from '@survey/api-client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { $api, freshOnly, useFailure, useInvalidate } from '../../lib/query';
import { api } from '../../lib/session';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { listOf } from './editor/draft';
import { surveyMessages } from './messages';
import { numberOrUndefined, SettingsFields, type SettingsValues } from './SettingsFields';
import { StatusBadge } from './SurveyListPage';

type Survey = components['schemas']['SurveyDto'];
type Version = components['schemas']['QuestionnaireVersionDto'];

/** /surveys/:surveyId: facts, publication (publish, close), settings and published versions. */
export function SurveyPage() {
  const { surveyId = '' } = useParams();
  const invalidate = useInvalidate();
  const init = { params: { path: { id: surveyId } } };
  const loaded = freshOnly(
    useQuery({
      // The survey with its versions: its own key beside the survey alone, under the same prefix.
      queryKey: ['get', '/api/v1/surveys/{id}', init, 'with-versions'],
      queryFn: async ({ signal }) => {
        const survey = unwrap(await api.GET('/api/v1/surveys/{id}', { ...init, signal }));
        const versions =
          survey.publishedVersion === null
            ? []
            : unwrap(await api.GET('/api/v1/surveys/{id}/versions', { ...init, signal }));
        return { survey, versions };
      },
    }),
  );
  return (
    <LoadState loaded={loaded}>
      {({ survey, versions }) => (
        <Overview
          survey={survey}
          versions={versions}
          reload={() => void invalidate('/api/v1/surveys', '/api/v1/surveys/{id}')}
        />
      )}
    </LoadState>
  );
}

function Overview({ survey, versions, reload }: { survey: Survey; versions: Version[]; reload: () => void }) {
  const t = useMessages(surveyMessages);
  const f = useFormat();
  return (
    <>
      <h1>{survey.name}</h1>
      <SurveyTabs surveyId={survey.id} />
      <section className="panel" aria-labelledby="survey-facts">
        <h2 id="survey-facts">{t.facts}</h2>
        <dl className="facts">
          <dt>{t.factStatus}</dt>
          <dd>
            <StatusBadge status={survey.status} />
          </dd>
          <dt>{t.factVersion}</dt>
          <dd>{survey.publishedVersion === null ? t.notPublished : f.number(survey.publishedVersion)}</dd>
          <dt>{t.factChanges}</dt>
          <dd>{survey.hasUnpublishedChanges ? t.changesPending : t.changesNone}</dd>
          <dt>{t.factCreated}</dt>
          <dd>{f.dateTime(survey.createdAt)}</dd>
          <dt>{t.factOpened}</dt>
          <dd>{survey.openedAt ? f.dateTime(survey.openedAt) : f.missing}</dd>
          <dt>{t.factClosed}</dt>
          <dd>{survey.closedAt ? f.dateTime(survey.closedAt) : f.missing}</dd>
        </dl>
      </section>
      <Publication survey={survey} reload={reload} />
      <Settings survey={survey} onSaved={reload} />
      <Versions versions={versions} />
    </>
  );
}

type Done = { published: number } | 'closed';

function Publication({ survey, reload }: { survey: Survey; reload: () => void }) {
  const t = useMessages(surveyMessages);
  const [confirming, setConfirming] = useState<ConfirmRequest | null>(null);
  // What was done, said in the language of the moment (it may change while the message shows).
  const [done, setDone] = useState<Done | null>(null);
  const problems = survey.questionnaireProblems;
  const nextVersion = (survey.publishedVersion ?? 0) + 1;
  const canPublish = survey.status === 'draft' || (survey.status === 'open' && survey.hasUnpublishedChanges);
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<Survey>; message: (survey: Survey) => Done }) => step(),
    onMutate: () => setDone(null),
    onSuccess: (updated, { message }) => {
      setDone(message(updated));
      reload();
    },
  });
  const failure = useFailure(action.error);

  /** Publishes or closes; settles once done or refused (the refusal shows from the mutation). */
  function run(step: () => Promise<Survey>, message: (survey: Survey) => Done): Promise<void> {
    return action.mutateAsync({ step, message }).then(
      () => undefined,
      () => undefined,
    );
  }

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
      {canPublish && problems.length > 0 && (
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
      )}
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

function Settings({ survey, onSaved }: { survey: Survey; onSaved: () => void }) {
  const t = useMessages(surveyMessages);
  const [values, setValues] = useState<SettingsValues>({
    name: survey.name,
    retentionMonths: String(survey.retentionMonths),
    minGroupSize: String(survey.minGroupSize),
    anonymiseAtClose: survey.anonymiseAtClose,
  });
  const [done, setDone] = useState(false);
  const saving = $api.useMutation('patch', '/api/v1/surveys/{id}', {
    onMutate: () => setDone(false),
    onSuccess: () => {
      setDone(true);
      onSaved();
    },
  });
  const busy = saving.isPending;
  const failure = useFailure(saving.error);
  const closed = survey.status === 'closed';

  function save(event: FormEvent) {
    event.preventDefault();
    saving.mutate({
      params: { path: { id: survey.id } },
      body: {
        name: values.name,
        retentionMonths: numberOrUndefined(values.retentionMonths),
        minGroupSize: numberOrUndefined(values.minGroupSize),
        anonymiseAtClose: values.anonymiseAtClose,
      },
    });
  }

  return (
    <section className="panel" aria-labelledby="survey-settings">
      <h2 id="survey-settings">{t.settings}</h2>
      {closed && <p>{t.closedReadOnly}</p>}
      {failure && <ProblemMessage failure={failure} />}
      <form noValidate onSubmit={save} className="survey-settings">
        <fieldset disabled={closed} className="editor-fieldset">
          <SettingsFields values={values} onChange={setValues} failure={failure} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t.saving : t.saveSettings}
            </button>
          </div>
        </fieldset>
        <p role="status" className={done ? 'notice' : undefined}>
          {done ? t.settingsSaved : null}
        </p>
      </form>
    </section>
  );
}

function Versions({ versions }: { versions: Version[] }) {
  const t = useMessages(surveyMessages);
  const f = useFormat();
  return (
    <section className="panel" aria-labelledby="survey-versions">
      <h2 id="survey-versions">{t.versions}</h2>
      {versions.length === 0 ? (
        <p>{t.noVersions}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="survey-versions">
            <caption className="visually-hidden">{t.versionsCaption}</caption>
            <thead>
              <tr>
                <th scope="col" className="number">
                  {t.columnVersionNumber}
                </th>
                <th scope="col">{t.columnPublishedAt}</th>
                <th scope="col" className="number">
                  {t.columnPages}
                </th>
                <th scope="col" className="number">
                  {t.columnQuestions}
                </th>
                <th scope="col">{t.columnJson}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => {
                const pages = listOf(version.questionnaire, 'pages');
                const questions = pages.reduce((sum, page) => sum + listOf(page, 'elements').length, 0);
                return (
                  <tr key={version.id}>
                    <th scope="row" className="number">
                      {f.number(version.version)}
                    </th>
                    <td>{f.dateTime(version.publishedAt)}</td>
                    <td className="number">{f.number(pages.length)}</td>
                    <td className="number">{f.number(questions)}</td>
                    <td>
                      <details>
                        <summary>{t.versionJson(version.version)}</summary>
                        <pre className="version-json">{JSON.stringify(version.questionnaire, null, 2)}</pre>
                      </details>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
