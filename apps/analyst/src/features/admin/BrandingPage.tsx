import { BrandingForm } from '../../components/branding/BrandingForm';
import { logoUpload } from '../../components/branding/logo-upload';
import { brandingMessages } from '../../components/branding/messages';
import { LoadState } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { $api, freshOnly, useInvalidate } from '../../lib/query';
import { api } from '../../lib/session';

const ALL_LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;

/** /admin/branding: the organisation's default brand of the respondent app. */
export function BrandingPage() {
  const t = useMessages(brandingMessages);
  const invalidate = useInvalidate();
  const loaded = freshOnly($api.useQuery('get', '/api/v1/branding'));
  return (
    <>
      <h1>{t.organisationTitle}</h1>
      <p>{t.organisationIntro}</p>
      <section className="panel">
        <LoadState loaded={loaded}>
          {(branding) => (
            <BrandingForm
              branding={branding}
              languages={ALL_LANGUAGES}
              titleNeedsAll={false}
              save={async (body) => unwrap(await api.PUT('/api/v1/branding', { body }))}
              upload={async (file) => unwrap(await api.PUT('/api/v1/branding/logo', logoUpload(file)))}
              removeLogo={async () => unwrap(await api.DELETE('/api/v1/branding/logo'))}
              onChanged={() => void invalidate('/api/v1/branding')}
            />
          )}
        </LoadState>
      </section>
    </>
  );
}
