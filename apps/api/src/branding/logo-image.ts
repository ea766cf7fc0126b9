import sharp from 'sharp';
import type { LogoMediaType } from './brand-settings.entity';

/** The largest upload accepted, in bytes. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** The largest width or height accepted, in pixels. */
export const LOGO_MAX_SIDE = 1024;

/**
 * What the first bytes say the file is. The client's Content-Type and file name are not trusted:
 * an SVG (which can carry script) named `logo.png` and sent as image/png starts with `<`, not with
 * a PNG signature, and is refused.
 */
export function sniffLogoType(bytes: Buffer): LogoMediaType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

export type LogoCheck =
  | { ok: true; mediaType: LogoMediaType; content: Buffer; width: number; height: number }
  | { ok: false; status: 400 | 413 | 415; message: string };

const SHARP_FORMAT: Record<LogoMediaType, 'png' | 'jpeg' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

/**
 * Checks an uploaded logo (size, type by its signature, pixel dimensions) and re-encodes it in
 * its own format: what is stored is only the decoded pixels, with no metadata (EXIF, XMP, ICC
 * comments) and nothing appended after the image data.
 */
export async function checkLogo(bytes: Buffer): Promise<LogoCheck> {
  if (bytes.length === 0) return { ok: false, status: 400, message: 'logo must be an image file sent as the body' };
  if (bytes.length > LOGO_MAX_BYTES) {
    return { ok: false, status: 413, message: `logo must be at most ${LOGO_MAX_BYTES / 1024} KiB` };
  }
  const mediaType = sniffLogoType(bytes);
  if (!mediaType) {
    return { ok: false, status: 415, message: 'logo must be a PNG, JPEG or WebP image (SVG is not accepted)' };
  }
  const unreadable = { ok: false as const, status: 400 as const, message: 'logo could not be read as an image' };
  let width: number | undefined;
  let height: number | undefined;
  try {
    const metadata = await sharp(bytes, { failOn: 'error' }).metadata();
    if (metadata.format !== SHARP_FORMAT[mediaType]) return unreadable;
    ({ width, height } = metadata);
  } catch {
    return unreadable;
  }
  if (!width || !height) return unreadable;
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) {
    return {
      ok: false,
      status: 400,
      message: `logo must be at most ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels (it is ${width}×${height})`,
    };
  }
  try {
    // Orientation is applied to the pixels before the EXIF that held it is dropped.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: LOGO_MAX_SIDE * LOGO_MAX_SIDE }).rotate();
    const encoded =
      mediaType === 'image/png'
        ? image.png({ compressionLevel: 9 })
        : mediaType === 'image/jpeg'
          ? image.jpeg({ quality: 90, mozjpeg: true })
          : image.webp({ quality: 90 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, mediaType, content: data, width: info.width, height: info.height };
  } catch {
    return unreadable;
  }
}
