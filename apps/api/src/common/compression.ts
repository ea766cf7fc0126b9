import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const JSON_TYPE = /^application\/(?:problem\+)?json(?:;|$)/i;

/**
 * Which API answers are gzip/brotli-compressed on the fly (the SPAs' files are compressed at
 * build time, common/spa.ts). Only:
 *
 * - JSON (and problem+json) answers: a download (`Content-Disposition`, CSV/XLSX/PDF exports,
 *   personal-data files) is sent as it is, XLSX and PDF being compressed already; server-sent
 *   events or other streams are never held back in a compressor's buffer;
 * - answers to GET (and HEAD). BREACH: a compressed answer's length tells an observer of the
 *   encrypted traffic whether text it injected matches a secret in the same body. The answers
 *   that carry secrets (a session's tokens at login and refresh, an API key's secret, MFA
 *   set-up and recovery codes) are all answers to POST, and are therefore never compressed.
 *   The attack also needs the victim's browser to send ambient credentials on a request the
 *   attacker shapes; the API takes none (tokens travel in Authorization, X-API-Key and
 *   X-Invitation-Token headers, never cookies), so this is defence in depth.
 */
export function compressibleAnswer(req: Request, res: Response): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!req.path.startsWith('/api/')) return false;
  if (res.getHeader('Content-Disposition') !== undefined) return false;
  if (res.getHeader('Content-Encoding') !== undefined) return false;
  return JSON_TYPE.test(String(res.getHeader('Content-Type') ?? ''));
}

/** Compresses the API answers `compressibleAnswer` allows, above the threshold. */
export function compressApiAnswers(): RequestHandler {
  return compression({ threshold: COMPRESSION_THRESHOLD_BYTES, filter: compressibleAnswer });
}
