import { useMemo } from 'react';
import { LOCALE_TAGS, useLocale } from './i18n';

export interface Format {
  /** A count or measure, grouped as the locale groups digits (1,234 / 1 234). */
  number: (value: number, fractionDigits?: number) => string;
  /** A share between 0 and 1, as a percentage. */
  percent: (share: number, fractionDigits?: number) => string;
  /** A calendar date from an ISO string or Date. */
  date: (value: string | Date) => string;
  /** A date with the time of day. */
  dateTime: (value: string | Date) => string;
  /** An empty value, or one the API did not give: a dash, never "undefined". */
  missing: string;
}

export function formatFor(tag: string): Format {
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    number: (value, fractionDigits = 0) =>
      fractionDigits === 0
        ? integer.format(value)
        : new Intl.NumberFormat(tag, {
            minimumFractionDigits: fractionDigits,
            maximumFractionDigits: fractionDigits,
          }).format(value),
    percent: (share, fractionDigits = 1) =>
      new Intl.NumberFormat(tag, {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(share),
    date: (value) => date.format(typeof value === 'string' ? new Date(value) : value),
    dateTime: (value) => dateTime.format(typeof value === 'string' ? new Date(value) : value),
    missing: '—',
  };
}

/** Number and date formatting in the interface language. */
export function useFormat(): Format {
  const { locale } = useLocale();
  return useMemo(() => formatFor(LOCALE_TAGS[locale]), [locale]);
}
