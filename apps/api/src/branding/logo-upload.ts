import type { Request } from 'express';
import { ProblemException } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { LOGO_MAX_BYTES } from './logo-image';

/** The logo uploads (organisation's and a survey's): app.factory keeps the JSON parser off them. */
export const LOGO_UPLOAD_PATH = new RegExp(`^/${API_PREFIX}/(branding|surveys/[^/]+/branding)/logo/?$`);

const tooLarge = () =>
  new ProblemException(413, `The logo must be at most ${LOGO_MAX_BYTES / 1024} KiB.`, {
    errors: [{ field: 'logo', message: `logo must be at most ${LOGO_MAX_BYTES / 1024} KiB` }],
  });

/**
 * The request body, read up to one byte past the limit: a larger file is refused (413 naming
 * `logo`) as soon as that is known, before it is read whole.
 */
export async function readLogoBody(req: Request): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > LOGO_MAX_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LOGO_MAX_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
