import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, invalidField, ValidationProblemException } from './problem';

/** Unknown properties are refused, not silently dropped, and refused values are never echoed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblemException(flattenValidationErrors(errors)),
  });
}

/** Validates a route parameter as a UUID; a bad one is a 400 naming the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) });
}

/** For e-mail addresses and other case-insensitive names: compared trimmed and lower-cased. */
export const trimmedLowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/**
 * One plain address, as the mail outbox accepts it: no display name, list, quoting, comment or
 * whitespace. Imports check it too, so a contact can always be mailed.
 */
export const PLAIN_EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
