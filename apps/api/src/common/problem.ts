import { applyDecorators, BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { STATUS_CODES } from 'node:http';
import { ProblemType } from './problem-types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const VALIDATION_PROBLEM_TYPE = ProblemType.Validation;

export class FieldErrorLimitsDto {
  @ApiPropertyOptional()
  min?: number;

  @ApiPropertyOptional()
  max?: number;
}

export class FieldErrorDto {
  /** Dotted path of the offending field, e.g. `questions.2.choices`. */
  @ApiProperty({ example: 'email' })
  field: string;

  /** Why the value was refused. Never repeats the value itself. */
  @ApiProperty({ example: 'email must be an email' })
  message: string;

  /**
   * The rule that refused it, for a client to word in its own language: the class-validator
   * constraint (`isLength`, `isEmail`, `arrayMinSize`, `isIn`, `matches`, `whitelistValidation`
   * for a property that is not accepted, …) or a named check: `incorrect`, `notFuture` (a date
   * that may not be in the future), `future` (one that must be), `tooFar` (a date too far
   * ahead), `tooEarly` (a date that must come after another), `later` (an end that must come
   * after its start), `distinct` (two values that must differ); for mail texts, `placeholder` (a placeholder unknown or not allowed
   * there), `oneLine` and `needsLink` (a body without `{link}`).
   */
  @ApiPropertyOptional({ example: 'isLength' })
  reason?: string;

  /** The rule's bounds, when it has any (lengths, sizes, values). */
  @ApiPropertyOptional({ type: () => FieldErrorLimitsDto })
  limits?: FieldErrorLimitsDto;
}

/** An error as RFC 9457 describes it. */
export class ProblemDto {
  @ApiProperty({
    example: 'about:blank',
    description:
      "What kind of problem it is, for a client to act on: one of the types in this document's " +
      '`x-problem-types` (the generated client exports them as `ProblemType`), or `about:blank`.',
  })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiPropertyOptional({ example: 'The request body is not valid JSON.' })
  detail?: string;

  /** Quote it when asking for help: it finds the matching log lines. */
  @ApiPropertyOptional({ example: '9f1c2e1a-5d0b-4a53-9a6c-3c4a1f0b7e21' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

export type Problem = Omit<ProblemDto, 'errors'> & { errors?: FieldErrorDto[] };

/** A 400 that lists each refused field. */
export class ValidationProblemException extends BadRequestException {
  constructor(readonly fieldErrors: FieldErrorDto[]) {
    super('The request has invalid fields.');
  }
}

export interface ProblemOptions {
  /** A URI naming the kind of problem, for clients that act on it (`urn:survey:problem:…`). */
  type?: string;
  /** Headers the answer must carry, such as Retry-After or WWW-Authenticate. */
  headers?: Record<string, string>;
  errors?: FieldErrorDto[];
  /** Further members of the problem object (RFC 9457 extension members), documented by the route. */
  extensions?: Record<string, unknown>;
}

/** An HTTP error with its own problem type and headers. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly detail: string,
    readonly problemOptions: ProblemOptions = {},
  ) {
    super(detail, status);
  }
}

/**
 * A 400 naming one field, for checks made outside the validation pipe. `reason` names the rule
 * as `FieldErrorDto.reason` documents it (a class-validator constraint such as `isNotEmpty`, or
 * a named check such as `notFuture`), so that clients word the refusal in their own language.
 */
export function invalidField(
  field: string,
  message: string,
  reason?: string,
  limits?: FieldErrorLimitsDto,
): ValidationProblemException {
  return new ValidationProblemException([
    { field, message, ...(reason ? { reason } : {}), ...(limits ? { limits } : {}) },
  ]);
}

/** Which bound each constraint's arguments are, for the rules that have bounds. */
const LIMIT_ARGUMENTS: Record<string, Array<'min' | 'max'>> = {
  isLength: ['min', 'max'],
  minLength: ['min'],
  maxLength: ['max'],
  arrayMinSize: ['min'],
  arrayMaxSize: ['max'],
  min: ['min'],
  max: ['max'],
};

/** The bounds of a constraint as the DTO class declared them (`target` is the validated object). */
function limitsOf(target: object | undefined, property: string, reason: string): FieldErrorLimitsDto | undefined {
  const names = LIMIT_ARGUMENTS[reason];
  if (!names || !target) return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === reason);
  const args = (metadata?.constraints ?? []) as unknown[];
  const limits: FieldErrorLimitsDto = {};
  names.forEach((name, i) => {
    if (typeof args[i] === 'number' && Number.isFinite(args[i])) limits[name] = args[i] as number;
  });
  return Object.keys(limits).length > 0 ? limits : undefined;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([reason, message]) => {
      const limits = limitsOf(error.target, error.property, reason);
      return { field, message, reason, ...(limits ? { limits } : {}) };
    });
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

function httpExceptionDetail(exception: HttpException): string | undefined {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

/** Errors raised by the JSON body parser, before any route runs. */
interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const BODY_PARSER_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is larger than this server accepts.',
  'encoding.unsupported': 'The request body encoding is not supported.',
  'charset.unsupported': 'The request body charset is not supported; send UTF-8.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'entity.verify.failed': 'The request body could not be verified.',
};

const BODY_FIELD_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'is not valid JSON',
  'entity.too.large': 'is too large',
  'charset.unsupported': 'must be UTF-8',
};

/** PostgreSQL gave up on a transaction because of another one: serialization failure or deadlock. */
function isConcurrencyFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === '40001' || code === '40P01');
}

export const DATABASE_UNAVAILABLE_TYPE = ProblemType.DatabaseUnavailable;
/** Seconds a client is asked to wait when the database is unavailable (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs and socket errors meaning "the database cannot serve right now", not "this request
 * is wrong": the server shutting down or starting up, too many connections, a lost connection.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Messages of node-postgres, its pool and TypeORM that carry no code but mean the same. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // the server closed the connection, or connecting timed out
  /timeout exceeded when trying to connect/, // pg-pool: no connection free within connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/,
  /Cannot use a pool after calling end on the pool/,
  /Client was closed and is not queryable/,
  /connection is not yet established|Driver not Connected/i, // TypeORM before connect or after destroy
  // TypeORM releases a transaction's connection when that connection fails; the transaction's
  // next query then meets this.
  /connection provided by a query runner was already released/,
  /^Query runner already released/,
];

/** True when the error (or the driver error it wraps) says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 3; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current =
      (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Headers an error's answer carries beyond the problem itself. */
export function problemHeaders(error: unknown): Record<string, string> {
  if (error instanceof ProblemException) return error.problemOptions.headers ?? {};
  if (!(error instanceof HttpException) && isDatabaseUnavailable(error)) {
    return { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) };
  }
  return {};
}

/** Turns anything thrown into a problem; unknown errors become a 500 that says nothing internal. */
export function toProblem(error: unknown, requestId?: string): Problem {
  const id = requestId ? { requestId } : {};
  if (error instanceof ValidationProblemException) {
    return problem(HttpStatus.BAD_REQUEST, 'The request has invalid fields.', {
      type: VALIDATION_PROBLEM_TYPE,
      errors: error.fieldErrors,
      ...id,
    });
  }
  if (error instanceof ProblemException) {
    return problem(error.getStatus(), error.detail, {
      ...(error.problemOptions.type ? { type: error.problemOptions.type } : {}),
      ...(error.problemOptions.errors ? { errors: error.problemOptions.errors } : {}),
      ...error.problemOptions.extensions,
      ...id,
    });
  }
  if (error instanceof HttpException) {
    return problem(error.getStatus(), httpExceptionDetail(error), id);
  }
  if (isDatabaseUnavailable(error)) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable for a moment; try again shortly.', {
      type: DATABASE_UNAVAILABLE_TYPE,
      ...id,
    });
  }
  if (isConcurrencyFailure(error)) {
    return problem(HttpStatus.CONFLICT, 'A concurrent change got in the way; try again.', id);
  }
  if (isBodyParserError(error) && error.status !== undefined && error.status >= 400 && error.status < 500) {
    const detail = BODY_PARSER_DETAILS[error.type] ?? 'The request body could not be read.';
    return problem(error.status, detail, {
      errors: [{ field: 'body', message: BODY_FIELD_MESSAGES[error.type] ?? 'could not be read' }],
      ...id,
    });
  }
  return problem(
    HttpStatus.INTERNAL_SERVER_ERROR,
    'An unexpected error occurred. Quote the request id when reporting it.',
    id,
  );
}

/** Documents the problem+json answers a route may give. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: STATUS_CODES[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
