import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import type { FieldErrorDto } from './problem';
import { ValidationProblemException } from './problem';

/**
 * Checks every request makes before any route, DTO or parser of its own sees it: JSON bodies
 * nested deeper than any form needs, text that is not valid Unicode or holds a NUL character
 * (PostgreSQL cannot store it), property names that reach an object's prototype, and query
 * strings that do not decode. Each is a 400 naming the field, never a 500 and never a silent
 * U+FFFD in the database.
 */

/** Deeper than any questionnaire, answer set or filter the API takes; 2,000 levels crashed validators. */
export const MAX_JSON_DEPTH = 32;

/** Property names that reach or replace an object's prototype when copied or merged. */
export const FORBIDDEN_PROPERTY_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Headers whose values the API reads as data; each must be visible ASCII. */
export const VALUE_HEADERS = [
  'Authorization',
  'X-API-Key',
  'X-Invitation-Token',
  'X-Download-Token',
  'X-Purpose',
  'Idempotency-Key',
] as const;

/** At most this many refused fields are listed in one answer. */
const MAX_REPORTED = 20;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of a JSON text, counted on its bytes without parsing it; stops once past `limit`. */
export function jsonDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

function bodyRefused(message: string): ValidationProblemException {
  return new ValidationProblemException([{ field: 'body', message }]);
}

/**
 * The JSON parsers' `verify` step: runs on the raw bytes before they are decoded or parsed, so
 * a deeply nested body costs no parsing and invalid UTF-8 never becomes U+FFFD.
 */
export function verifyRawJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (!isUtf8(raw)) throw bodyRefused('must be UTF-8 text');
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH))
    throw bodyRefused(`must not be nested more than ${MAX_JSON_DEPTH} levels deep`);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is refused, or null: a NUL character, or a lone UTF-16 surrogate. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (no lone surrogates)';
  return null;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/**
 * Every refused string and property name in a parsed value, by dotted path (`questions.2.text`).
 * The values themselves are never repeated.
 */
export function findRefusedValues(value: unknown, path = '', found: FieldErrorDto[] = [], depth = 0): FieldErrorDto[] {
  if (found.length >= MAX_REPORTED) return found;
  if (depth > MAX_JSON_DEPTH) {
    found.push({ field: path || 'body', message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` });
    return found;
  }
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found.push({ field: path || 'body', message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findRefusedValues(item, join(path, index), found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (found.length >= MAX_REPORTED) break;
      const keyProblem = FORBIDDEN_PROPERTY_NAMES.has(key) ? 'is not an allowed property name' : textProblem(key);
      if (keyProblem) {
        // A refused name is not repeated when it is itself malformed.
        found.push({
          field: FORBIDDEN_PROPERTY_NAMES.has(key) ? join(path, key) : path || 'body',
          message: keyProblem,
        });
        continue;
      }
      findRefusedValues((value as Record<string, unknown>)[key], join(path, key), found, depth + 1);
    }
  }
  return found;
}

/** After the JSON parser: refuses a body holding NUL, lone surrogates or prototype keys. */
export function guardParsedBody(req: Request, _res: Response, next: NextFunction): void {
  const refused = findRefusedValues(req.body);
  next(refused.length > 0 ? new ValidationProblemException(refused) : undefined);
}

/** Decodes one query string component strictly: null when it is not valid percent-encoded UTF-8. */
function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Field errors for the raw query string of a URL (the part after `?`). */
export function queryProblems(rawQuery: string): FieldErrorDto[] {
  const found: FieldErrorDto[] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '' || found.length >= MAX_REPORTED) continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const name = decodeComponent(rawName);
    const nameProblem = name === null ? 'must be percent-encoded UTF-8' : textProblem(name);
    if (name === null || nameProblem) {
      found.push({ field: 'query', message: `parameter names ${nameProblem}` });
      continue;
    }
    if (FORBIDDEN_PROPERTY_NAMES.has(name)) {
      found.push({ field: name, message: 'is not an allowed parameter name' });
      continue;
    }
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1));
    const problem = value === null ? 'must be percent-encoded UTF-8' : textProblem(value);
    if (problem) found.push({ field: name, message: problem });
  }
  return found;
}

/** Visible ASCII only: anything else in a credential or value header is refused, not guessed at. */
const VISIBLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Before any route: the query string must decode to valid text without NUL, and headers read as
 * values must be visible ASCII.
 */
export function guardRequestText(req: Request, _res: Response, next: NextFunction): void {
  const url = req.originalUrl ?? req.url;
  const question = url.indexOf('?');
  const found = question === -1 ? [] : queryProblems(url.slice(question + 1));
  for (const header of VALUE_HEADERS) {
    const value = req.headers[header.toLowerCase()];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => !VISIBLE_ASCII.test(item))) {
      found.push({ field: header, message: 'must be visible ASCII characters' });
    }
  }
  next(found.length > 0 ? new ValidationProblemException(found) : undefined);
}
