import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/environment';
import { currentRequestId } from './request-context';

/**
 * Paths whose values are personal or secret. Log calls should not carry such values at all;
 * this list is the safety net for the ones that slip through (request bodies, headers, errors).
 */
/** Injection token of the root pino logger; services take a child of it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-invitation-token"]',
  'req.headers["x-download-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.email',
  '*.name',
  '*.fullName',
  '*.full_name',
  '*.registrationNumbers',
  '*.ir_numbers',
  '*.answers',
  '*.details',
  'email',
  'password',
  'token',
];

/**
 * An e-mail address: a local part without slashes, then dotted labels of which the last starts
 * with a letter (`admin@localhost` counts). Paths in stack frames keep their text: a scoped
 * package (`node_modules/@nestjs/core/x.js`) has a slash before the `@`, a versioned one
 * (`@scope+pkg@1.2.3`) a number after it.
 */
const EMAIL =
  /[^\s@"'<>(),;:/\\[\]]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)*\p{L}(?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?![\p{L}\p{N}-])/gu;

/** Error texts can quote input (a driver echoing a value, a library naming an address). */
export function scrubPersonalValues(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/**
 * What may be logged of an error: its class under `type` (`*.name` is a redacted path, for
 * people's names), its message and stack with addresses scrubbed, and its `code`; never other
 * own properties, such as a driver's `detail` or `parameters`, which hold values.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: scrubPersonalValues(error.message),
    stack: error.stack && scrubPersonalValues(error.stack),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}

export function createRootLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'survey-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Replaces pino's own `err` serializer, which copies every property of an error.
      serializers: { err: (value: unknown) => (value instanceof Error ? loggableError(value) : value) },
      formatters: { level: (label) => ({ level: label }) },
      mixin: (logged: object) => {
        if ('requestId' in logged) return {};
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

/** Nest's own messages (module init, route mapping, errors) go through pino as JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace: trace && scrubPersonalValues(trace) }, scrubPersonalValues(String(message)));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
