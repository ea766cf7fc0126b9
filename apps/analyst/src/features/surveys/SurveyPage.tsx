import type { components } from '@survey/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { $api, freshOnly, useFailure, useInvalidate } from '../../lib/query';
import { api } from '../../lib/session';
import { listOf } from './editor/draft';
import { surveyMessages } from './messages';
import { Publication } from './Publication';
import { numberOrUndefined, SettingsFields, type SettingsValues } from './SettingsFields';
import { surveyLanguages } from './survey-languages';
import { StatusBadge } from './SurveyListPage';
import { SurveyBranding } from './SurveyBranding';

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
      <SurveyBranding survey={survey} />
      <Versions versions={versions} />
    </>
  );
}

function Settings({ survey, onSaved }: { survey: Survey; onSaved: () => void }) {
  const t = useMessages(surveyMessages);
  const [values, setValues] = useState<SettingsValues>({
    name: survey.name,
    retentionMonths: String(survey.retentionMonths),
    minGroupSize: String(survey.minGroupSize),
    anonymiseAtClose: survey.anonymiseAtClose,
    ...surveyLanguages(survey),
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
        languages: values.languages,
        defaultLanguage: values.defaultLanguage,
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
