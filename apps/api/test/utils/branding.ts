import type { ApiClient } from '@survey/api-client';
import sharp from 'sharp';

/** A plain image of this format and size, made here (no fixture file to keep). */
export function image(format: 'png' | 'jpeg' | 'webp', width = 64, height = 32): Promise<Buffer> {
  const canvas = sharp({ create: { width, height, channels: 3, background: { r: 11, g: 87, b: 208 } } });
  return canvas[format]().toBuffer();
}

/** An SVG that would run script if a browser rendered it as a document. */
export const SCRIPTED_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>',
);

/**
 * Sends a file as a logo upload. The typed client sends raw bytes with a serializer that passes
 * them through; the Content-Type is the one given (which the API does not trust).
 */
export function uploadLogo(api: ApiClient, bytes: Buffer, options: { surveyId?: string; contentType?: string } = {}) {
  const init = {
    headers: { 'Content-Type': options.contentType ?? 'image/png' },
    body: bytes as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
  };
  return options.surveyId
    ? api.PUT('/api/v1/surveys/{id}/branding/logo', { ...init, params: { path: { id: options.surveyId } } })
    : api.PUT('/api/v1/branding/logo', init);
}
