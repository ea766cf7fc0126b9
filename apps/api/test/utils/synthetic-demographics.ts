import countries from 'i18n-iso-countries';

/**
 * The demographic values of synthetic responses and respondents, one list each for the load test
 * (staff-load.ts) and the benchmarks (scripts/bench/synthetic-survey.ts), so both describe the
 * same population.
 */

export const SEGMENTS = ['agent', 'applicant', 'holder', 'representative'];
export const ROLES = ['Patent attorney', 'Paralegal', 'Inventor', 'Manager', 'Other'];
export const BANDS = ['under-1y', '1-3y', '3-5y', '5-10y', '10y-plus', 'unknown'];

/** A few European countries: the load test's respondents. */
export const EUROPEAN_COUNTRIES = [
  'FR',
  'DE',
  'ES',
  'IT',
  'CH',
  'BE',
  'NL',
  'AT',
  'PT',
  'SE',
  'NO',
  'DK',
  'FI',
  'PL',
  'GB',
  'IE',
];

/** 190 country codes: the benchmarks' spread over the world. */
export const WORLD_COUNTRIES = Object.keys(countries.getAlpha2Codes()).slice(0, 190);
