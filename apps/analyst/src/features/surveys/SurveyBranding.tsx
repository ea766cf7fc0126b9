import type { components } from '@survey/api-client';
import { BrandingForm, type TitleLanguage } from '../../components/branding/BrandingForm';
import { logoUpload } from '../../components/branding/logo-upload';
import { brandingMessages } from '../../components/branding/messages';
import { LoadState } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { $api, freshOnly, useInvalidate } from '../../lib/query';
import { api } from '../../lib/session';
import { surveyMessages } from './messages';

type Survey = components['schemas']['SurveyDto'];

/** A survey's own brand, in its settings: changed by whoever may edit the survey, read-only once closed. */
export function SurveyBranding({ survey }: { survey: Survey }) {
  const t = useMessages(brandingMessages);
  const s = useMessages(surveyMessages);
  const invalidate = useInvalidate();
  const path = { params: { path: { id: survey.id } } };
  const loaded = freshOnly($api.useQuery('get', '/api/v1/surveys/{id}/branding', path));
  const closed = survey.status === 'closed';
  return (
    <section className="panel" aria-labelledby="survey-branding">
      <h2 id="survey-branding">{t.surveyTitle}</h2>
      <p>{t.surveyIntro}</p>
      {closed && <p>{s.closedReadOnly}</p>}
      <LoadState loaded={loaded}>
        {(branding) => (
          <BrandingForm
            branding={branding}
            fallback={branding.organisationDefault}
            languages={survey.languages as TitleLanguage[]}
            titleNeedsAll
            readOnly={closed}
            save={async (body) => unwrap(await api.PUT('/api/v1/surveys/{id}/branding', { ...path, body }))}
            upload={async (file) =>
              unwrap(await api.PUT('/api/v1/surveys/{id}/branding/logo', { ...path, ...logoUpload(file) }))
            }
            removeLogo={async () => unwrap(await api.DELETE('/api/v1/surveys/{id}/branding/logo', path))}
            onChanged={() => void invalidate('/api/v1/surveys/{id}/branding')}
          />
        )}
      </LoadState>
    </section>
  );
}
