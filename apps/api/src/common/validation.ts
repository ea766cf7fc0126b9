import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { flattenValidationErrors, invalidField, ValidationProblemException } from './problem';

/** Unknown properties are refused, not silently dropped, and refused values are never echoed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The target is read only for the bounds of a refused rule (never echoed); values never are.
    validationError: { target: true, value: false },
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

/**
 * Applies decorators as if they were written one above the other in this order (the lowest runs
 * first), so a bundle registers its checks, and reports refusals, in the order the lines read.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => [...decorators].reverse().forEach((decorate) => decorate(target, key));
}

/** Where the @nestjs/swagger CLI plugin leaves what it read from a DTO class (plugin-constants.js). */
const PLUGIN_METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';
type MetadataFactory = () => Record<string, ApiPropertyOptions>;

/**
 * The parts of a property's schema the Swagger plugin reads from class-validator decorators
 * written in a DTO file (Length, Matches): a bundle adds them to what the plugin read, since the
 * plugin cannot see inside it. They are applied when and as the plugin's are, after explicit
 * ApiProperty decorators, so the document (the order of `required` and of query parameters
 * included) is what it would be with the plain decorators.
 */
function documentedAsPluginWould(options: ApiPropertyOptions): PropertyDecorator {
  return (target, key) => {
    const owner = target.constructor as unknown as Record<string, MetadataFactory | undefined>;
    const own = Object.prototype.hasOwnProperty.call(owner, PLUGIN_METADATA_FACTORY)
      ? owner[PLUGIN_METADATA_FACTORY]
      : undefined;
    const factory: MetadataFactory = () => {
      const metadata = own?.() ?? {};
      return { ...metadata, [key]: { ...metadata[key as string], ...options } as ApiPropertyOptions };
    };
    Object.defineProperty(owner, PLUGIN_METADATA_FACTORY, { value: factory, configurable: true, writable: true });
  };
}

/** Documents an enum or list of codes as an explicit ApiProperty would. */
function documented(options: ApiPropertyOptions, optional: boolean | undefined): PropertyDecorator {
  return ApiProperty({ ...options, ...(optional ? { required: false } : {}) } as ApiPropertyOptions);
}

interface OptionalOption {
  /** The property may be left out (never sent as null; see IsOmittable). */
  optional?: boolean;
}

export interface TextOptions extends OptionalOption {
  /** Fewest characters, after trimming; default 1 (so not only spaces). */
  min?: number;
  max: number;
  /** Refusal message for a wrong length; class-validator's own by default. */
  message?: string;
  /** Trim surrounding whitespace before checking (default true). */
  trim?: boolean;
}

/** A text field: a string of `min` to `max` characters, trimmed first unless `trim: false`. */
export function ValidateText({ min = 1, max, message, optional, trim = true }: TextOptions): PropertyDecorator {
  return stacked(
    ...(optional ? [IsOmittable()] : []),
    ...(trim ? [Transform(trimmed)] : []),
    IsString(),
    Length(min, max, message ? { message } : undefined),
    documentedAsPluginWould({ minLength: min, maxLength: max }),
  );
}

export interface EnumOptions extends OptionalOption {
  /** The enum's name in the spec, for a TypeScript enum that is published as a schema of its own. */
  name?: string;
  /** A list of the values rather than one. */
  each?: boolean;
  message?: string;
}

/** One of the values of a TypeScript enum, documented as that enum (`name`) in the spec. */
export function ValidateEnum(values: object, { name, each, message, optional }: EnumOptions = {}): PropertyDecorator {
  return stacked(
    documented({ enum: values, ...(name ? { enumName: name } : {}), ...(each ? { isArray: true } : {}) }, optional),
    ...(optional ? [IsOmittable()] : []),
    IsEnum(values, { ...(each ? { each } : {}), ...(message ? { message } : {}) }),
  );
}

/**
 * One of a list of codes (a language of the questionnaires, of the notices, ...); with `each`, a
 * non-empty list of them without repeats.
 */
export function ValidateLanguage(
  languages: readonly string[],
  { message, optional, each }: { message?: string; each?: boolean } & OptionalOption = {},
): PropertyDecorator {
  const list = each
    ? [
        IsArray({ message: message ?? 'must be a list of languages' }),
        ArrayNotEmpty({ message: message ?? 'must name at least one language' }),
        ArrayUnique({ message: message ?? 'must not repeat a language' }),
      ]
    : [];
  return stacked(
    ...(optional ? [IsOmittable()] : []),
    ...list,
    IsIn([...languages], { ...(each ? { each } : {}), ...(message ? { message } : {}) }),
    documented({ enum: [...languages], ...(each ? { isArray: true, uniqueItems: true, minItems: 1 } : {}) }, optional),
  );
}

const COUNTRY_CODE = /^[A-Z]{2}$/;

/** An ISO 3166-1 alpha-2 country code, trimmed and upper-cased first. */
export function ValidateCountry({ message, optional }: { message?: string } & OptionalOption = {}): PropertyDecorator {
  return stacked(
    ...(optional ? [IsOmittable()] : []),
    Transform(trimmedUpperCase),
    Matches(COUNTRY_CODE, message ? { message } : undefined),
    documentedAsPluginWould({ pattern: COUNTRY_CODE.source }),
  );
}

/** A UUID (any version), or a list of them with `each`. */
export function ValidateUUID({
  each,
  message,
  optional,
}: { each?: boolean; message?: string } & OptionalOption = {}): PropertyDecorator {
  return stacked(
    ...(optional ? [IsOmittable()] : []),
    IsUUID('all', { ...(each ? { each } : {}), ...(message ? { message } : {}) }),
  );
}
