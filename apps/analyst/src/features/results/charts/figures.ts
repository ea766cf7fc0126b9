import type { components } from '@survey/api-client';
import type { SuppressionReason } from '../../../components/ui';
import type { messages } from '../messages';

export type SurveyStatistics = components['schemas']['SurveyStatisticsDto'];
export type ItemStatistics = components['schemas']['ItemStatisticsDto'];
export type QuestionMetrics = components['schemas']['QuestionMetricsDto'];
export type CountCell = components['schemas']['CountCellDto'];
export type Breakdown = components['schemas']['BreakdownDto'];
export type Crosstab = components['schemas']['CrosstabDto'];
export type Messages = (typeof messages)['en'];

// Colours drawn on the canvas: text and bars meet WCAG AA contrast on white.
export const TEXT = '#1b1b1f';
export const ACCENT = '#0b57d0';
export const GRID_LINE = '#c9ccd3';
export const SUPPRESSED_FILL = '#eceef2';
export const SUPPRESSED_EDGE = '#6b6f78';
export const HATCH_LINE = '#b4b8c0';
export const PROMOTERS = '#146c2e';
export const PASSIVES = '#6b6f78';
export const DETRACTORS = '#a3161a';
/** Diagonal hatching: a suppressed figure is drawn as a hatched grey mark, never as a zero-height bar. */
export const HATCH = {
  symbol: 'rect',
  symbolSize: 1,
  color: HATCH_LINE,
  dashArrayX: [1, 0],
  dashArrayY: [2, 7],
  rotation: Math.PI / 4,
};

/** The grid shrinks so that axis labels stay inside the canvas. */
export const KEEP_LABELS_INSIDE = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };

/** The "suppressed" label over hatching: dark text with a light halo, readable on any stripe. */
export const SUPPRESSED_LABEL = { color: TEXT, textBorderColor: '#ffffff', textBorderWidth: 3 };

/** Why a figure is hidden by disclosure control, or null when it is shown. */
export type Hidden = SuppressionReason | null;

/** Why a figure is hidden by disclosure control (null: it is shown). */
export const hiddenBy = (cell: { suppressed: Hidden }): Hidden => cell.suppressed ?? null;

/**
 * Why a question's derived figures (mean, top-2-box, NPS) are hidden: the whole group's figures
 * are, or (in published reports) some answer count they are computed from is, while n is shown.
 */
export const derivedHiddenBy = (metrics: QuestionMetrics): Hidden => metrics.suppressed ?? metrics.withheld ?? null;

/** Every reason a statistics document hides a figure for (`suppressed` and `withheld` alike). */
export function reasonsIn(statistics: SurveyStatistics): Set<SuppressionReason> {
  const found = new Set<SuppressionReason>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'suppressed' || key === 'withheld') && typeof inner === 'string') {
          found.add(inner as SuppressionReason);
        } else walk(inner);
      }
    }
  };
  walk([
    statistics.population,
    statistics.items,
    statistics.measures ?? [],
    statistics.breakdowns,
    statistics.crosstabs,
  ]);
  return found;
}

/** The word on a hidden figure's mark in a chart: its own word for a figure withheld for composition. */
export const hiddenLabel =
  (t: Messages, k: string) =>
  (reason: SuppressionReason): string =>
    reason === 'composition' ? t.withheldCell : reason === 'primary' ? t.fewerThan(k) : t.suppressedCell;
