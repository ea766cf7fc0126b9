import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One page of a PDF as Debian's poppler draws it: its text, and its pixels (RGB). */
export interface RenderedPage {
  text: string;
  width: number;
  height: number;
  /** Pixels that are not (near) white: text, lines, bars. */
  inked: number;
  /** Pixels within `tolerance` of the colour (per channel), in the rows from `top` to `bottom` (shares of the height). */
  pixelsOf(hex: string, region?: { top: number; bottom: number }, tolerance?: number): number;
}

/** A binary PPM (P6) as pdftoppm writes it. */
function parsePpm(file: Buffer): { width: number; height: number; rgb: Buffer } {
  const fields: string[] = [];
  let offset = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(file[offset]))) offset += 1;
    let field = '';
    while (!/\s/.test(String.fromCharCode(file[offset]))) field += String.fromCharCode(file[offset++]);
    fields.push(field);
  }
  if (fields[0] !== 'P6' || fields[3] !== '255') throw new Error(`Not an 8-bit binary PPM: ${fields.join(' ')}`);
  const [width, height] = [Number(fields[1]), Number(fields[2])];
  return { width, height, rgb: file.subarray(offset + 1, offset + 1 + width * height * 3) };
}

/**
 * Every page of the PDF drawn by pdftoppm (as PPM, so no image library is needed) and read by
 * pdftotext, page by page.
 */
export function renderPdf(pdf: Buffer, dpi = 40): RenderedPage[] {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-pages-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), file, join(dir, 'page')]);
    const images = readdirSync(dir)
      .filter((name) => name.endsWith('.ppm'))
      .sort((a, b) => Number(/(\d+)\.ppm$/.exec(a)![1]) - Number(/(\d+)\.ppm$/.exec(b)![1]));
    return images.map((name, index) => {
      const { width, height, rgb } = parsePpm(readFileSync(join(dir, name)));
      const text = execFileSync('pdftotext', ['-f', String(index + 1), '-l', String(index + 1), '-layout', file, '-'], {
        encoding: 'utf8',
      });
      let inked = 0;
      for (let i = 0; i < rgb.length; i += 3) if (rgb[i] < 235 || rgb[i + 1] < 235 || rgb[i + 2] < 235) inked += 1;
      return {
        text,
        width,
        height,
        inked,
        pixelsOf(hex, region = { top: 0, bottom: 1 }, tolerance = 24) {
          const target = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
          let count = 0;
          const first = Math.floor(region.top * height);
          const last = Math.ceil(region.bottom * height);
          for (let y = first; y < last; y += 1) {
            for (let x = 0; x < width; x += 1) {
              const i = (y * width + x) * 3;
              if (target.every((value, c) => Math.abs(rgb[i + c] - value) <= tolerance)) count += 1;
            }
          }
          return count;
        },
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
