import type { components } from '@survey/api-client';
import { useEffect, useState } from 'react';
import type { Failure } from '../../../lib/problem';
import { $api, useFailure } from '../../../lib/query';
import type { CampaignTarget } from '../target';

type Preview = components['schemas']['CampaignPreviewDto'];

/** The pause after the last change of the target before it is counted again. */
const COUNT_DELAY_MS = 400;

export type Counted =
  | { status: 'counting'; preview?: Preview }
  | { status: 'ready'; preview: Preview }
  | { status: 'failed'; failure: Failure; preview?: Preview };

/** Counts who the target would invite, again each time it settles after a change. */
export function useLiveCount(surveyId: string, target: CampaignTarget): Counted {
  const key = JSON.stringify(target);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), COUNT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const count = $api.useQuery('post', '/api/v1/surveys/{id}/campaigns/preview', {
    params: { path: { id: surveyId } },
    body: JSON.parse(settled) as CampaignTarget,
  });
  const failure = useFailure(count.error);
  const preview = count.data;
  if (settled !== key || count.isFetching) return { status: 'counting', preview };
  if (failure) return { status: 'failed', failure, preview };
  return preview ? { status: 'ready', preview } : { status: 'counting' };
}
