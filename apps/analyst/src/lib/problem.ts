import { isProblem, type components, type Problem } from '@survey/api-client';
import type { Limits, Refusal } from './validation-messages';

/** One reason the publication check gave for refusing a report: a figure, and the reports it clashes with. */
export type PublicationConflict = components['schemas']['PublicationConflictDto'];

/** A field the API named in a 400, with its reasons (as sentences once `useFailure` has worded them). */
export interface FieldError {
  field: string;
  messages: string[];
  /** Each refusal with its rule and bounds, for wording it in the console's language. */
  refusals: Refusal[];
}

/** What the console shows when a call fails: the API's problem document, or a network failure. */
export interface Failure {
  status: number;
  title: string;
  detail?: string;
  type?: string;
  fieldErrors: FieldError[];
  /** A refused publication: the figures that clash with reports already published. */
  conflicts?: PublicationConflict[];
}

/** The result shape of every openapi-fetch call. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export class ApiFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail ?? failure.title);
  }
}

const CONFLICT_KINDS = new Set(['small', 'unanimous', 'linked', 'hiddenTooFew', 'recoverable', 'crosstab']);
const CONFLICT_PARTS = new Set(['shared', 'newOnly', 'earlierOnly']);

/** The `conflicts` of a refused publication, keeping only entries of the documented shape. */
function conflictsOf(problem: Problem): PublicationConflict[] | undefined {
  const conflicts = (problem as Problem & { conflicts?: unknown }).conflicts;
  if (!Array.isArray(conflicts)) return undefined;
  return conflicts.filter(
    (item: Partial<PublicationConflict> | null): item is PublicationConflict =>
      typeof item?.figure === 'string' &&
      CONFLICT_KINDS.has(item.kind as string) &&
      CONFLICT_PARTS.has(item.part as string) &&
      Array.isArray(item.publications) &&
      item.publications.every((p) => typeof p?.id === 'string' && typeof p?.title === 'string'),
  );
}

function limitsOf(value: unknown): Limits | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { min, max } = value as { min?: unknown; max?: unknown };
  return {
    ...(typeof min === 'number' ? { min } : {}),
    ...(typeof max === 'number' ? { max } : {}),
  };
}

function fieldErrorsOf(problem: Problem): FieldError[] {
  const errors = (problem as Problem & { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const byField = new Map<string, Refusal[]>();
  for (const item of errors as Array<{ field?: unknown; message?: unknown; reason?: unknown; limits?: unknown }>) {
    if (typeof item?.field !== 'string' || typeof item.message !== 'string') continue;
    const refusal: Refusal = {
      message: item.message,
      ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
      ...(item.limits ? { limits: limitsOf(item.limits) } : {}),
    };
    byField.set(item.field, [...(byField.get(item.field) ?? []), refusal]);
  }
  return [...byField].map(([field, refusals]) => ({
    field,
    refusals,
    messages: [...new Set(refusals.map((r) => r.message))],
  }));
}

/** The failure with each field's refusals worded in the console's language (duplicates merged). */
export function wordedFailure(failure: Failure, word: (refusal: Refusal) => string): Failure {
  if (failure.fieldErrors.length === 0) return failure;
  return {
    ...failure,
    fieldErrors: failure.fieldErrors.map((e) => ({ ...e, messages: [...new Set(e.refusals.map(word))] })),
  };
}

export function failureOf(error: unknown, response?: Response): Failure {
  if (error instanceof ApiFailure) return error.failure;
  if (isProblem(error)) {
    return {
      status: error.status,
      title: error.title,
      detail: error.detail ?? undefined,
      type: error.type ?? undefined,
      fieldErrors: fieldErrorsOf(error),
      conflicts: conflictsOf(error),
    };
  }
  if (response)
    return { status: response.status, title: response.statusText || `HTTP ${response.status}`, fieldErrors: [] };
  return { status: 0, title: 'network', fieldErrors: [] };
}

/** The data of a successful call, or an ApiFailure thrown with the problem. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result.error !== undefined || !result.response.ok) throw new ApiFailure(failureOf(result.error, result.response));
  return result.data as T;
}

/** The reasons the API gave for one field (exact name, or a nested one under it). */
export function fieldMessages(failure: Failure | undefined, field: string): string[] {
  if (!failure) return [];
  return failure.fieldErrors
    .filter((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`))
    .flatMap((e) => e.messages);
}
