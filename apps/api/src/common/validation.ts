import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { ValidateIf, type ValidationOptions } from 'class-validator';
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

/**
 * A class-transformer transform: a string (or each string of a list) trimmed, then changed by
 * `change`; anything else is left for the validators to refuse.
 */
export function trimmedText(change: (text: string) => string = (text) => text) {
  const one = (value: unknown) => (typeof value === 'string' ? change(value.trim()) : value);
  return ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? value.map(one) : one(value));
}

export const trimmed = trimmedText();
/** Codes such as ISO country codes. */
export const trimmedUpperCase = trimmedText((text) => text.toUpperCase());
/** For e-mail addresses and other case-insensitive names: compared trimmed and lower-cased. */
export const trimmedLowerCase = trimmedText((text) => text.toLowerCase());

/**
 * One plain address, as the mail outbox accepts it: no display name, list, quoting, comment or
 * whitespace. Imports check it too, so a contact can always be mailed.
 */
export const PLAIN_EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * The property may be left out, but not sent as null: the OpenAPI spec describes it as a
 * non-nullable optional property, so null is a 400 like any other wrong type. (class-validator's
 * IsOptional also lets null through; keep that only where the property is documented nullable.)
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
