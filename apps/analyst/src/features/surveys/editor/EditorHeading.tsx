import type { components } from '@survey/api-client';
import { Link } from 'react-router';
import { SurveyTabs } from '../../../components/SurveyTabs';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';

type Survey = components['schemas']['SurveyDto'];

/** The editor's title and tabs, and what editing means in the survey's status (a warning once it is live). */
export function EditorHeading({ saved }: { saved: Survey }) {
  const t = useMessages(surveyMessages);
  const banner =
    saved.status === 'draft'
      ? t.draftBanner
      : saved.status === 'open'
        ? t.openBanner(saved.publishedVersion ?? 1)
        : t.closedBanner;
  return (
    <>
      <h1>{t.editorTitle(saved.name)}</h1>
      <SurveyTabs surveyId={saved.id} />
      <p className={saved.status === 'draft' ? 'notice' : 'notice warning'}>
        {banner} <Link to={`/surveys/${saved.id}`}>{t.toOverview}</Link>
      </p>
    </>
  );
}
