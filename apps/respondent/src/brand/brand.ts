import type { components } from '@survey/api-client';

/** How the pages look: the organisation's name, and the colour, title and logo of the brand. */
export type Brand = components['schemas']['RespondentBrandDto'];

const HEX = /^#[0-9a-f]{6}$/i;

/** The colour 20 % darker (hover states): darker than a colour that passes AA on white passes too. */
export function darker(hex: string): string {
  const channels = [1, 3, 5].map((at) => Math.round(parseInt(hex.slice(at, at + 2), 16) * 0.8));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The brand sets CSS custom properties for colour, and nothing else: no style sheet, class or
 * layout of its own, so it cannot hide the organisation's name, the privacy links or anything
 * else (the API refuses a primary colour without AA contrast on the colours it meets).
 */
export function applyBrandColours(primary: string | null): void {
  const style = document.documentElement.style;
  if (primary && HEX.test(primary)) {
    style.setProperty('--accent', primary);
    style.setProperty('--accent-hover', darker(primary));
    style.setProperty('--focus', primary);
  } else {
    style.removeProperty('--accent');
    style.removeProperty('--accent-hover');
    style.removeProperty('--focus');
  }
}
