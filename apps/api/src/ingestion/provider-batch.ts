import { isLanguage, isPlainObject, LANGUAGES } from '@survey/questionnaire';
import { isUUID } from 'class-validator';
import { FieldErrorDto, invalidField, ValidationProblemException } from '../common/problem';
import { PLAIN_EMAIL_ADDRESS } from '../common/validation';
import { TOKEN_FORMAT } from '../delivery/invitation-tokens';
import {
  ItemOutcome,
  MAX_PROVIDER_BATCH,
  ProviderBatchDto,
  ProviderBatchResultDto,
  ProviderItemResultDto,
} from './ingestion.dto';

// A provider batch as it came: the checks of its shape and of each item's, and the outcome of
// each item as the batch is worked through (see ProviderResponsesService).

const PROVIDER_ID_FORMAT = /^[\x21-\x7e]{1,128}$/;
const ITEM_KEYS = new Set([
  'providerResponseId',
  'invitationToken',
  'contact',
  'answers',
  'questionnaireVersion',
  'submittedAt',
  'language',
  'displayOrder',
]);

export type Reference =
  { kind: 'token'; token: string } | { kind: 'contactId'; id: string } | { kind: 'email'; email: string };

export interface ParsedItem {
  index: number;
  providerResponseId: string;
  reference: Reference;
  answers: unknown;
  questionnaireVersion?: number;
  submittedAt?: Date;
  language?: string;
  /** Checked later, against the questionnaire (libs/questionnaire order.ts). */
  displayOrder?: unknown;
}

export function referenceField(reference: Reference): string {
  return reference.kind === 'token'
    ? 'invitationToken'
    : reference.kind === 'contactId'
      ? 'contact.id'
      : 'contact.email';
}

/** The batch as it came, checked as a whole: `{ responses: [1 to 1,000 items] }` and nothing else. */
export function parseBatch(body: unknown): ProviderBatchDto {
  if (!isPlainObject(body)) throw invalidField('body', 'must be an object with a responses list');
  const unknown = Object.keys(body).filter((key) => key !== 'responses');
  if (unknown.length > 0) {
    throw new ValidationProblemException(
      unknown.map((key) => ({ field: key, message: `property ${key} should not exist` })),
    );
  }
  const { responses } = body;
  if (!Array.isArray(responses)) throw invalidField('responses', 'responses must be a list');
  if (responses.length === 0) throw invalidField('responses', 'responses must hold at least one response');
  if (responses.length > MAX_PROVIDER_BATCH) {
    throw invalidField('responses', `responses must hold at most ${MAX_PROVIDER_BATCH} responses`);
  }
  return { responses };
}

/** Checks an item's shape; answers are checked later, against the questionnaire. */
export function parseItem(raw: unknown, index: number): { item?: ParsedItem; errors: FieldErrorDto[] } {
  const errors: FieldErrorDto[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!isPlainObject(raw)) return { errors: [{ field: '', message: 'each response must be an object' }] };
  for (const key of Object.keys(raw)) if (!ITEM_KEYS.has(key)) fail(key, 'is not a field of a provider response');
  const providerResponseId = raw.providerResponseId;
  if (typeof providerResponseId !== 'string' || !PROVIDER_ID_FORMAT.test(providerResponseId)) {
    fail('providerResponseId', 'must be 1 to 128 visible ASCII characters');
  }
  let reference: Reference | undefined;
  const { invitationToken, contact } = raw;
  if ((invitationToken === undefined) === (contact === undefined)) {
    fail('invitationToken', 'give either invitationToken or contact, not both and not neither');
  } else if (invitationToken !== undefined) {
    if (typeof invitationToken !== 'string' || !TOKEN_FORMAT.test(invitationToken)) {
      fail('invitationToken', 'is not a survey-link token');
    } else {
      reference = { kind: 'token', token: invitationToken };
    }
  } else if (!isPlainObject(contact) || Object.keys(contact).length !== 1) {
    fail('contact', 'must be an object with exactly one of id or email');
  } else if ('id' in contact) {
    if (typeof contact.id !== 'string' || !isUUID(contact.id)) fail('contact.id', 'must be a UUID');
    else reference = { kind: 'contactId', id: contact.id.toLowerCase() };
  } else if ('email' in contact) {
    const email = typeof contact.email === 'string' ? contact.email.trim() : '';
    if (!PLAIN_EMAIL_ADDRESS.test(email) || email.length > 320) fail('contact.email', 'must be an e-mail address');
    else reference = { kind: 'email', email };
  } else {
    fail('contact', 'must be an object with exactly one of id or email');
  }
  if (!isPlainObject(raw.answers)) fail('answers', 'must be an object keyed by question name');
  const version = raw.questionnaireVersion;
  if (version !== undefined && (!Number.isInteger(version) || (version as number) < 1)) {
    fail('questionnaireVersion', 'must be a whole number from 1');
  }
  let submittedAt: Date | undefined;
  if (raw.submittedAt !== undefined) {
    submittedAt = typeof raw.submittedAt === 'string' ? new Date(raw.submittedAt) : undefined;
    if (!submittedAt || Number.isNaN(submittedAt.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(raw.submittedAt as string)) {
      fail('submittedAt', 'must be a date-time (ISO 8601)');
    }
  }
  if (raw.language !== undefined && !isLanguage(raw.language)) {
    fail('language', `must be one of: ${LANGUAGES.join(', ')}`);
  }
  if (errors.length > 0 || !reference) return { errors };
  return {
    errors,
    item: {
      index,
      providerResponseId: providerResponseId as string,
      reference,
      answers: raw.answers,
      questionnaireVersion: version as number | undefined,
      submittedAt,
      language: raw.language as string | undefined,
      ...(raw.displayOrder !== undefined && { displayOrder: raw.displayOrder }),
    },
  };
}

/** The outcome of each item of a batch, by index; every item starts out rejected. */
export class BatchResults {
  private readonly results: ProviderItemResultDto[];

  constructor(size: number) {
    this.results = Array.from({ length: size }, (_raw, index) => ({
      index,
      providerResponseId: null,
      status: ItemOutcome.Rejected,
    }));
  }

  /** Echoes the item's provider id in its result, when it is well-formed. */
  echoProviderId(index: number, raw: unknown): void {
    if (
      isPlainObject(raw) &&
      typeof raw.providerResponseId === 'string' &&
      PROVIDER_ID_FORMAT.test(raw.providerResponseId)
    ) {
      this.results[index].providerResponseId = raw.providerResponseId;
    }
  }

  reject(index: number, errors: FieldErrorDto[]): void {
    this.results[index] = { ...this.results[index], status: ItemOutcome.Rejected, errors };
  }

  duplicate(index: number, responseId: string): void {
    this.results[index] = { ...this.results[index], status: ItemOutcome.Duplicate, responseId };
  }

  created(index: number, responseId: string): void {
    this.results[index] = { ...this.results[index], status: ItemOutcome.Created, responseId };
  }

  summary(): ProviderBatchResultDto {
    const count = (status: ItemOutcome) => this.results.filter((r) => r.status === status).length;
    return {
      created: count(ItemOutcome.Created),
      duplicates: count(ItemOutcome.Duplicate),
      rejected: count(ItemOutcome.Rejected),
      results: this.results,
    };
  }
}

/** The well-formed items, each provider id once (a repeat is rejected, naming the first). */
export function parseItems(rawItems: unknown[], results: BatchResults): ParsedItem[] {
  const items: ParsedItem[] = [];
  const firstWithId = new Map<string, number>();
  rawItems.forEach((raw, index) => {
    const { item, errors } = parseItem(raw, index);
    results.echoProviderId(index, raw);
    if (!item) return results.reject(index, errors);
    const first = firstWithId.get(item.providerResponseId);
    if (first !== undefined) {
      return results.reject(index, [{ field: 'providerResponseId', message: `repeats the one of item ${first}` }]);
    }
    firstWithId.set(item.providerResponseId, index);
    items.push(item);
  });
  return items;
}
