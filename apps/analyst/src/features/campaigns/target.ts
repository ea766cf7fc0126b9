import type { components } from '@survey/api-client';
import type { Names } from '../contacts/names';
import type { campaignsMessages } from './messages';

export type CampaignTarget = components['schemas']['CampaignTargetDto'];
export type Segment = components['schemas']['Segment'];
export const SEGMENTS: Segment[] = ['agent', 'applicant', 'holder', 'representative'];

type Messages = (typeof campaignsMessages)['en'];

/** Items of a list typed with commas (or semicolons, or lines), trimmed, without blanks or repeats. */
export function listOf(text: string, change: (item: string) => string = (item) => item): string[] {
  const items = text
    .split(/[,;\n]/)
    .map((item) => change(item.trim()))
    .filter((item) => item !== '');
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The target as one line: "Countries: France, Germany · Segments: Agent", or "Every contact". */
export function targetSummary(target: CampaignTarget, t: Messages, names: Names): string {
  const parts = [
    target.countries?.length
      ? t.targetCountries(target.countries.map((c) => `${names.country(c)} (${c})`).join(', '))
      : '',
    target.segments?.length ? t.targetSegments(target.segments.map((s) => t.segmentNames[s]).join(', ')) : '',
    target.roles?.length ? t.targetRoles(target.roles.join(', ')) : '',
    target.platforms?.length ? t.targetPlatforms(target.platforms.join(', ')) : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : t.everyone;
}
