import Color from 'colorjs.io';

/** WCAG 2.x level AA for normal-size text. */
export const AA_NORMAL_TEXT = 4.5;

/** A colour as the brand stores it: `#rrggbb` (upper or lower case accepted, stored lower). */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/**
 * The colours the respondent app shows next to the primary colour (apps/spa-base.css): white
 * text on the primary button, primary links on the white header, footer and panels, and primary
 * links on the grey page background.
 */
export const PRIMARY_COLOUR_PAIRS: ReadonlyArray<{ against: string; use: string }> = [
  { against: '#ffffff', use: 'white (#ffffff): white text on the primary button and primary text on white' },
  { against: '#f6f7f9', use: 'the page background (#f6f7f9): primary links on the page' },
];

/** The WCAG 2.1 contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  return new Color(a).contrast(new Color(b), 'WCAG21');
}

/** The ratio as people read it, rounded down so that a refused 4.497 never reads "4.50". */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

export interface ContrastShortfall {
  ratio: number;
  against: string;
  use: string;
}

/** The worst pairing of the primary colour that fails AA, or null when every pairing passes. */
export function primaryColourShortfall(primary: string): ContrastShortfall | null {
  let worst: ContrastShortfall | null = null;
  for (const { against, use } of PRIMARY_COLOUR_PAIRS) {
    const ratio = contrastRatio(primary, against);
    if (ratio < AA_NORMAL_TEXT && (!worst || ratio < worst.ratio)) worst = { ratio, against, use };
  }
  return worst;
}
