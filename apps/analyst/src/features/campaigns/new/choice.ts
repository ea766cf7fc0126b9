import { listOf, SEGMENTS, type CampaignTarget, type Segment } from '../target';

/** The target as the form holds it: countries as typed, the rest as ticked. */
export interface TargetChoice {
  countries: string;
  segments: Segment[];
  roles: string[];
  platforms: string[];
}

export const NO_CHOICE: TargetChoice = { countries: '', segments: [], roles: [], platforms: [] };

/** The target sent to the API: only what narrows it, countries in capitals, segments in their usual order. */
export function targetOf({ countries, segments, roles, platforms }: TargetChoice): CampaignTarget {
  const chosen: CampaignTarget = {};
  const countryList = listOf(countries, (c) => c.toUpperCase());
  if (countryList.length > 0) chosen.countries = countryList;
  if (segments.length > 0) chosen.segments = SEGMENTS.filter((s) => segments.includes(s));
  if (roles.length > 0) chosen.roles = roles;
  if (platforms.length > 0) chosen.platforms = platforms;
  return chosen;
}
