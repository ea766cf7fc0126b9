import { AA_NORMAL_TEXT, contrastRatio, formatRatio, primaryColourShortfall } from './brand-colour';

describe('WCAG contrast of the primary colour', () => {
  it('measures the ratios WCAG 2.1 gives for known pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // The classic boundary: #767676 is the lightest grey that passes AA on white, #777777 fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    // Symmetric: the order of the two colours does not matter.
    expect(contrastRatio('#0b57d0', '#f6f7f9')).toBeCloseTo(contrastRatio('#f6f7f9', '#0b57d0'), 10);
  });

  it('accepts the app’s own blue and dark colours', () => {
    expect(primaryColourShortfall('#0b57d0')).toBeNull();
    expect(primaryColourShortfall('#000000')).toBeNull();
    expect(primaryColourShortfall('#767676')).not.toBeNull(); // passes on white, not on the grey page
    expect(primaryColourShortfall('#6b6b6b')).toBeNull();
  });

  it('refuses a light colour, naming the worst pairing and its ratio', () => {
    const shortfall = primaryColourShortfall('#ffcc00');
    expect(shortfall).not.toBeNull();
    expect(shortfall!.ratio).toBeLessThan(AA_NORMAL_TEXT);
    expect(shortfall!.against).toBe('#f6f7f9'); // the page background is darker than white: the worse pair
    expect(formatRatio(shortfall!.ratio)).toMatch(/^1\.\d\d:1$/);
  });

  it('rounds the ratio down, so that a refused colour never reads as 4.50:1', () => {
    expect(formatRatio(4.4999)).toBe('4.49:1');
    expect(formatRatio(21)).toBe('21.00:1');
  });
});
