import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SubjectKey } from '@survey/field-crypto';
import {
  isLanguage,
  isPlainObject,
  LANGUAGES,
  validateAnswers,
  type Answers,
  type Questionnaire,
} from '@survey/questionnaire';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { FieldErrorDto, invalidField, ProblemException, ValidationProblemException } from '../common/problem';
import { sortKeys } from '../common/sorted-keys';
import { PLAIN_EMAIL_ADDRESS } from '../common/validation';
import { KeystoreService } from '../crypto/keystore.service';
import { preparedQuery } from '../database/prepared-query';
import { TOKEN_FORMAT } from '../delivery/invitation-tokens';
import { SurveyStatus } from '../surveys/survey.entity';
import { SurveysService } from '../surveys/surveys.service';
import {
  ItemOutcome,
  MAX_PROVIDER_BATCH,
  ProviderBatchDto,
  ProviderBatchResultDto,
  ProviderItemResultDto,
} from './ingestion.dto';
import { QuestionnaireCache } from './questionnaire-cache';
import { SURVEY_CLOSED_TYPE } from './respondent.service';
import { ContactSnapshot, hasFreeText, NewResponse, ResponseStore } from './response-store';
import { ResponseChannel } from './response.entity';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_REUSED_TYPE = 'urn:survey:problem:idempotency-key-reused';
const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
const PROVIDER_ID_FORMAT = /^[\x21-\x7e]{1,128}$/;
/** How long a stored answer is replayed to a retry with the same Idempotency-Key. */
export const IDEMPOTENCY_HOURS = 24;
/** Clocks differ: a submittedAt this far in the future is still accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;
const ITEM_KEYS = new Set([
  'providerResponseId',
  'invitationToken',
  'contact',
  'answers',
  'questionnaireVersion',
  'submittedAt',
  'language',
]);

type Reference =
  { kind: 'token'; token: string } | { kind: 'contactId'; id: string } | { kind: 'email'; email: string };

interface ParsedItem {
  index: number;
  providerResponseId: string;
  reference: Reference;
  answers: unknown;
  questionnaireVersion?: number;
  submittedAt?: Date;
  language?: string;
}

interface Invitee extends ContactSnapshot {
  invitationId: string;
  contactId: string;
  language: string;
  optedOutAt: Date | null;
  /** How the item named them: token hash (hex), contact id or blind index (hex). */
  reference: string;
  /** The respondent's wrapped key; null once shredded. */
  wrappedKey: Buffer | null;
}

function referenceField(reference: Reference): string {
  return reference.kind === 'token'
    ? 'invitationToken'
    : reference.kind === 'contactId'
      ? 'contact.id'
      : 'contact.email';
}

/** The batch as it came, checked as a whole: `{ responses: [1 to 1,000 items] }` and nothing else. */
function parseBatch(body: unknown): ProviderBatchDto {
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
function parseItem(raw: unknown, index: number): { item?: ParsedItem; errors: FieldErrorDto[] } {
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
    },
  };
}

/**
 * Batches of responses the provider collected. Each item is created, recognised as a duplicate
 * (its providerResponseId is already stored for the survey) or rejected with its reasons; the
 * valid ones are stored in one transaction. Unique keys on (survey, provider id) and on the
 * invitation make a retried or concurrent batch store nothing twice.
 */
@Injectable()
export class ProviderResponsesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
    private readonly surveys: SurveysService,
    private readonly questionnaires: QuestionnaireCache,
    private readonly store: ResponseStore,
    private readonly audit: AuditService,
  ) {}

  async ingest(
    principal: ApiKeyPrincipal,
    surveyId: string,
    rawBody: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ result: ProviderBatchResultDto; replayed: boolean }> {
    const body = parseBatch(rawBody);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_FORMAT.test(idempotencyKey)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'The Idempotency-Key header is malformed.', {
        errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      if (idempotencyKey !== undefined) {
        const earlier = await this.claimIdempotencyKey(manager, principal.keyId, idempotencyKey, surveyId, body);
        if (earlier) return { result: earlier, replayed: true };
      }
      const result = await this.storeBatch(manager, principal, surveyId, body.responses);
      if (idempotencyKey !== undefined) {
        await manager.query(
          `UPDATE provider_idempotency_keys SET status = 200, body = $3 WHERE api_key_id = $1 AND key_hash = $2`,
          [principal.keyId, sha256(idempotencyKey), JSON.stringify(result)],
        );
      }
      await this.audit.record(
        {
          action: 'responses.ingested',
          resourceType: 'survey',
          resourceId: surveyId,
          details: { created: result.created, duplicates: result.duplicates, rejected: result.rejected },
        },
        manager,
      );
      return { result, replayed: false };
    });
  }

  /**
   * Takes the key for this request, or returns the answer stored for it. A concurrent request
   * with the same key waits on the unique index until the first commits, then replays it.
   */
  private async claimIdempotencyKey(
    manager: EntityManager,
    apiKeyId: string,
    key: string,
    surveyId: string,
    body: ProviderBatchDto,
  ): Promise<ProviderBatchResultDto | null> {
    const keyHash = sha256(key);
    const requestHash = sha256(`${surveyId}\n${JSON.stringify(sortKeys(body.responses))}`);
    const now = this.clock.now();
    const expired = new Date(now.getTime() - IDEMPOTENCY_HOURS * 3600_000);
    await manager.query('DELETE FROM provider_idempotency_keys WHERE api_key_id = $1 AND created_at < $2', [
      apiKeyId,
      expired,
    ]);
    const claimed: unknown[] = await manager.query(
      `INSERT INTO provider_idempotency_keys (api_key_id, key_hash, request_hash, status, body, created_at)
       VALUES ($1, $2, $3, 0, NULL, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [apiKeyId, keyHash, requestHash, now],
    );
    if (claimed.length > 0) return null;
    const [stored]: { request_hash: Buffer; body: ProviderBatchResultDto | null }[] = await manager.query(
      'SELECT request_hash, body FROM provider_idempotency_keys WHERE api_key_id = $1 AND key_hash = $2',
      [apiKeyId, keyHash],
    );
    if (!stored.request_hash.equals(requestHash)) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'This Idempotency-Key was already used for a different request; use a new key for a new batch.',
        {
          type: IDEMPOTENCY_KEY_REUSED_TYPE,
          errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'was used with another request body' }],
        },
      );
    }
    if (!stored.body) throw new ProblemException(HttpStatus.CONFLICT, 'A concurrent change got in the way; try again.');
    return stored.body;
  }

  private async storeBatch(
    manager: EntityManager,
    principal: ApiKeyPrincipal,
    surveyId: string,
    rawItems: unknown[],
  ): Promise<ProviderBatchResultDto> {
    const survey = await this.surveys.find(manager, surveyId);
    if (survey.status !== SurveyStatus.Open) {
      throw new ProblemException(HttpStatus.CONFLICT, `The survey is ${survey.status}; it does not accept responses.`, {
        type: SURVEY_CLOSED_TYPE,
      });
    }
    const latest = await this.surveys.latestVersion(manager, surveyId);
    const now = this.clock.now();
    const results: ProviderItemResultDto[] = rawItems.map((_raw, index) => ({
      index,
      providerResponseId: null,
      status: ItemOutcome.Rejected,
    }));
    const reject = (index: number, errors: FieldErrorDto[]) => {
      results[index] = { ...results[index], status: ItemOutcome.Rejected, errors };
    };

    // 1. Shape of each item; one provider id per batch.
    const items: ParsedItem[] = [];
    const firstWithId = new Map<string, number>();
    rawItems.forEach((raw, index) => {
      const { item, errors } = parseItem(raw, index);
      if (
        isPlainObject(raw) &&
        typeof raw.providerResponseId === 'string' &&
        PROVIDER_ID_FORMAT.test(raw.providerResponseId)
      ) {
        results[index].providerResponseId = raw.providerResponseId;
      }
      if (!item) return reject(index, errors);
      const first = firstWithId.get(item.providerResponseId);
      if (first !== undefined) {
        return reject(index, [{ field: 'providerResponseId', message: `repeats the one of item ${first}` }]);
      }
      firstWithId.set(item.providerResponseId, index);
      items.push(item);
    });

    // 2. Already stored under the same provider id: a duplicate, whatever it holds.
    const known = await this.knownProviderIds(
      manager,
      surveyId,
      items.map((item) => item.providerResponseId),
    );
    const fresh = items.filter((item) => {
      const responseId = known.get(item.providerResponseId);
      if (responseId) results[item.index] = { ...results[item.index], status: ItemOutcome.Duplicate, responseId };
      return !responseId;
    });

    // 3. Whom each item is about: an invitation to this survey.
    const invitees = await this.invitees(manager, surveyId, fresh);
    const answered = await this.answeredInvitations(
      manager,
      [...invitees.values()].map((i) => i.invitationId),
    );
    const takenInBatch = new Set<string>();
    const accepted: {
      item: ParsedItem;
      invitee: Invitee;
      answers: Answers;
      version: number;
      questionnaire: Questionnaire;
    }[] = [];
    for (const item of fresh) {
      const field = referenceField(item.reference);
      const invitee = invitees.get(item);
      if (!invitee) {
        reject(item.index, [
          {
            field,
            message:
              item.reference.kind === 'token'
                ? 'is not a valid link to this survey'
                : 'names nobody invited to this survey',
          },
        ]);
        continue;
      }
      if (invitee.optedOutAt) {
        reject(item.index, [{ field, message: 'names a respondent who opted out of this survey' }]);
        continue;
      }
      // A concurrent copy of this batch may have committed since step 2: the same provider id
      // answering the invitation makes this item a duplicate, not a second answer.
      const answeredBy = answered.get(invitee.invitationId);
      if (answeredBy && answeredBy.providerResponseId === item.providerResponseId) {
        results[item.index] = { ...results[item.index], status: ItemOutcome.Duplicate, responseId: answeredBy.id };
        continue;
      }
      if (answeredBy || takenInBatch.has(invitee.invitationId)) {
        reject(item.index, [{ field, message: 'names a respondent who has already answered this survey' }]);
        continue;
      }
      const version = item.questionnaireVersion ?? latest?.version;
      const questionnaire = version ? await this.questionnaires.get(manager, surveyId, version) : null;
      if (!questionnaire) {
        reject(item.index, [{ field: 'questionnaireVersion', message: 'is not a published version of this survey' }]);
        continue;
      }
      if (item.submittedAt && item.submittedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        reject(item.index, [{ field: 'submittedAt', message: 'must not be in the future' }]);
        continue;
      }
      const checked = validateAnswers(questionnaire, item.answers);
      if (!checked.ok) {
        reject(item.index, checked.errors);
        continue;
      }
      if (hasFreeText(questionnaire, checked.answers) && !invitee.wrappedKey) {
        reject(item.index, [{ field, message: 'names a respondent whose data has been erased' }]);
        continue;
      }
      takenInBatch.add(invitee.invitationId);
      accepted.push({ item, invitee, answers: checked.answers, version: version as number, questionnaire });
    }

    // 4. Store what passed, in one statement.
    const rows: NewResponse[] = accepted.map(({ item, invitee, answers, version }) => ({
      id: randomUUID(),
      surveyId,
      questionnaireVersion: version,
      invitationId: invitee.invitationId,
      contactId: invitee.contactId,
      channel: ResponseChannel.Provider,
      providerResponseId: item.providerResponseId,
      apiKeyId: principal.keyId,
      answers,
      language: item.language ?? invitee.language,
      snapshot: invitee,
      submittedAt: item.submittedAt ?? now,
    }));
    const questionnaireOfRow = new Map(rows.map((row, i) => [row, accepted[i].questionnaire]));
    const keys = new Map<string, SubjectKey>();
    for (const { invitee, answers, questionnaire } of accepted) {
      if (invitee.wrappedKey && hasFreeText(questionnaire, answers) && !keys.has(invitee.contactId)) {
        keys.set(invitee.contactId, this.keystore.crypto.unwrap(invitee.contactId, invitee.wrappedKey));
      }
    }
    const stored = await this.store.insert(manager, rows, (row) => questionnaireOfRow.get(row)!, keys, now);

    // 5. Lost a race with a concurrent batch or submission: report what won.
    const lost = rows.filter((row) => !stored.has(row.id));
    const wonBy =
      lost.length > 0
        ? await this.knownProviderIds(
            manager,
            surveyId,
            lost.map((r) => r.providerResponseId!),
          )
        : new Map();
    rows.forEach((row, i) => {
      const { item } = accepted[i];
      if (stored.has(row.id)) {
        results[item.index] = { ...results[item.index], status: ItemOutcome.Created, responseId: row.id };
      } else if (wonBy.has(item.providerResponseId)) {
        results[item.index] = {
          ...results[item.index],
          status: ItemOutcome.Duplicate,
          responseId: wonBy.get(item.providerResponseId),
        };
      } else {
        reject(item.index, [
          { field: referenceField(item.reference), message: 'names a respondent who has already answered this survey' },
        ]);
      }
    });

    const count = (status: ItemOutcome) => results.filter((r) => r.status === status).length;
    return {
      created: count(ItemOutcome.Created),
      duplicates: count(ItemOutcome.Duplicate),
      rejected: count(ItemOutcome.Rejected),
      results,
    };
  }

  private async knownProviderIds(
    manager: EntityManager,
    surveyId: string,
    ids: string[],
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await preparedQuery<{ id: string; provider_response_id: string }>(
      manager,
      'provider-known-ids',
      'SELECT id, provider_response_id FROM responses WHERE survey_id = $1 AND provider_response_id = ANY($2::text[])',
      [surveyId, ids],
    );
    return new Map(rows.map((row) => [row.provider_response_id, row.id]));
  }

  /** The stored response of each invitation that has one: its id and provider id (null from the web). */
  private async answeredInvitations(
    manager: EntityManager,
    invitationIds: string[],
  ): Promise<Map<string, { id: string; providerResponseId: string | null }>> {
    if (invitationIds.length === 0) return new Map();
    const rows = await preparedQuery<{ id: string; invitation_id: string; provider_response_id: string | null }>(
      manager,
      'provider-answered-invitations',
      'SELECT id, invitation_id, provider_response_id FROM responses WHERE invitation_id = ANY($1::uuid[])',
      [invitationIds],
    );
    return new Map(
      rows.map((row) => [row.invitation_id, { id: row.id, providerResponseId: row.provider_response_id }]),
    );
  }

  /** The invitation to this survey each item names, if any, with the respondent's wrapped key. */
  private async invitees(
    manager: EntityManager,
    surveyId: string,
    items: ParsedItem[],
  ): Promise<Map<ParsedItem, Invitee>> {
    const keyOf = new Map<ParsedItem, string>();
    const tokens: Buffer[] = [];
    const contactIds: string[] = [];
    const emailIndexes: Buffer[] = [];
    for (const item of items) {
      const { reference } = item;
      if (reference.kind === 'contactId') {
        contactIds.push(reference.id);
        keyOf.set(item, reference.id);
        continue;
      }
      const hash = reference.kind === 'token' ? sha256(reference.token) : this.keystore.emailIndex(reference.email);
      (reference.kind === 'token' ? tokens : emailIndexes).push(hash);
      keyOf.set(item, hash.toString('hex'));
    }
    const select = `SELECT i.id AS "invitationId", i.contact_id AS "contactId", i.language, i.opted_out_at AS "optedOutAt",
                           c.country, c.segment, c.role, c.relationship_since::text AS "relationshipSince",
                           k.wrapped_key AS "wrappedKey"`;
    const keys = 'LEFT JOIN keystore.subject_keys k ON k.subject_id = i.contact_id';
    const found: Invitee[] = [];
    if (tokens.length > 0) {
      found.push(
        ...(await preparedQuery<Invitee>(
          manager,
          'provider-invitees-token',
          `${select}, encode(t.token_hash, 'hex') AS reference
             FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id
             JOIN contacts c ON c.id = i.contact_id ${keys}
            WHERE t.token_hash = ANY($1::bytea[]) AND i.survey_id = $2`,
          [tokens, surveyId],
        )),
      );
    }
    if (contactIds.length > 0) {
      found.push(
        ...(await preparedQuery<Invitee>(
          manager,
          'provider-invitees-contact-id',
          `${select}, i.contact_id::text AS reference
             FROM invitations i JOIN contacts c ON c.id = i.contact_id ${keys}
            WHERE i.contact_id = ANY($1::uuid[]) AND i.survey_id = $2`,
          [contactIds, surveyId],
        )),
      );
    }
    if (emailIndexes.length > 0) {
      found.push(
        ...(await preparedQuery<Invitee>(
          manager,
          'provider-invitees-email',
          `${select}, encode(c.email_index, 'hex') AS reference
             FROM contacts c JOIN invitations i ON i.contact_id = c.id ${keys}
            WHERE c.email_index = ANY($1::bytea[]) AND i.survey_id = $2`,
          [emailIndexes, surveyId],
        )),
      );
    }
    const byReference = new Map(found.map((invitee) => [invitee.reference, invitee]));
    const named = new Map<ParsedItem, Invitee>();
    for (const [item, key] of keyOf) {
      const invitee = byReference.get(key);
      if (invitee) named.set(item, invitee);
    }
    return named;
  }
}
