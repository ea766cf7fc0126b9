import { Injectable } from '@nestjs/common';
import type { SubjectKey } from '@survey/field-crypto';
import {
  validateAnswers,
  validateDisplayOrder,
  type Answers,
  type DisplayOrder,
  type Questionnaire,
} from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ApiKeyPrincipal } from '../auth/access.decorator';
import { sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { badRequest, conflict, unprocessable } from '../common/errors';
import type { FieldErrorDto } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { sortKeys } from '../common/sorted-keys';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { SurveyStatus } from '../surveys/survey.entity';
import { SurveysService } from '../surveys/surveys.service';
import { ProviderBatchDto, ProviderBatchResultDto } from './ingestion.dto';
import { BatchResults, parseBatch, parseItems, ParsedItem, referenceField } from './provider-batch';
import { ProviderIdempotencyRepository } from './provider-idempotency.repository';
import { QuestionnaireCache } from './questionnaire-cache';
import { Invitee, RespondentsRepository } from './respondents.repository';
import { hasFreeText, NewResponse, ResponseStore } from './response-store';
import { ResponseChannel } from './response.entity';
import { ResponsesRepository } from './responses.repository';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
/** How long a stored answer is replayed to a retry with the same Idempotency-Key. */
export const IDEMPOTENCY_HOURS = 24;
/** Clocks differ: a submittedAt this far in the future is still accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** An item that passed every check, ready to store. */
interface AcceptedItem {
  item: ParsedItem;
  invitee: Invitee;
  answers: Answers;
  displayOrder: DisplayOrder | null;
  version: number;
  questionnaire: Questionnaire;
}

/** What a batch is checked against: the survey's latest version, and the time of the batch. */
interface BatchContext {
  surveyId: string;
  latestVersion: number | undefined;
  now: Date;
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
    private readonly transactions: Transactions,
    private readonly idempotencyKeys: ProviderIdempotencyRepository,
    private readonly responses: ResponsesRepository,
    private readonly respondents: RespondentsRepository,
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
      throw badRequest('The Idempotency-Key header is malformed.', undefined, {
        errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    return this.transactions.run(async (manager) => {
      if (idempotencyKey !== undefined) {
        const earlier = await this.claimIdempotencyKey(manager, principal.keyId, idempotencyKey, surveyId, body);
        if (earlier) return { result: earlier, replayed: true };
      }
      const result = await this.storeBatch(manager, principal, surveyId, body.responses);
      if (idempotencyKey !== undefined) {
        await this.idempotencyKeys.storeAnswer(principal.keyId, sha256(idempotencyKey), result, manager);
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
    await this.idempotencyKeys.deleteExpiredOfApiKey(apiKeyId, expired, manager);
    if (await this.idempotencyKeys.claim(apiKeyId, keyHash, requestHash, now, manager)) return null;
    const stored = await this.idempotencyKeys.find(apiKeyId, keyHash, manager);
    if (!stored.request_hash.equals(requestHash)) {
      throw unprocessable(
        'This Idempotency-Key was already used for a different request; use a new key for a new batch.',
        ProblemType.IdempotencyKeyReused,
        { errors: [{ field: IDEMPOTENCY_KEY_HEADER, message: 'was used with another request body' }] },
      );
    }
    if (!stored.body) throw conflict('A concurrent change got in the way; try again.');
    return stored.body;
  }

  /**
   * Works a batch through in steps, each settling the items it can: shape, already stored,
   * whom it names and whether their answers are acceptable, then one insert of the rest and the
   * outcome of any item that lost a race with a concurrent writer.
   */
  private async storeBatch(
    manager: EntityManager,
    principal: ApiKeyPrincipal,
    surveyId: string,
    rawItems: unknown[],
  ): Promise<ProviderBatchResultDto> {
    const context = await this.batchContext(manager, surveyId);
    const results = new BatchResults(rawItems.length);
    const items = parseItems(rawItems, results);
    const fresh = await this.settleStored(manager, surveyId, items, results);
    const accepted = await this.acceptItems(manager, context, fresh, results);
    const rows = this.newResponses(principal, context, accepted);
    const stored = await this.insert(manager, rows, accepted, context.now);
    await this.settleInserted(manager, surveyId, rows, accepted, stored, results);
    return results.summary();
  }

  /** The open survey's latest version and the batch's time; 409 when the survey is not open. */
  private async batchContext(manager: EntityManager, surveyId: string): Promise<BatchContext> {
    const survey = await this.surveys.find(manager, surveyId);
    if (survey.status !== SurveyStatus.Open) {
      throw conflict(`The survey is ${survey.status}; it does not accept responses.`, ProblemType.SurveyClosed);
    }
    const latest = await this.surveys.latestVersion(manager, surveyId);
    return { surveyId, latestVersion: latest?.version, now: this.clock.now() };
  }

  /** Items already stored under the same provider id are duplicates, whatever they hold; returns the others. */
  private async settleStored(
    manager: EntityManager,
    surveyId: string,
    items: ParsedItem[],
    results: BatchResults,
  ): Promise<ParsedItem[]> {
    const known = await this.responses.idsByProviderId(
      surveyId,
      items.map((item) => item.providerResponseId),
      manager,
    );
    return items.filter((item) => {
      const responseId = known.get(item.providerResponseId);
      if (responseId) results.duplicate(item.index, responseId);
      return !responseId;
    });
  }

  /** Whom each item is about (an invitation to this survey), and whether it may answer (see checkItem). */
  private async acceptItems(
    manager: EntityManager,
    context: BatchContext,
    items: ParsedItem[],
    results: BatchResults,
  ): Promise<AcceptedItem[]> {
    const invitees = await this.invitees(manager, context.surveyId, items);
    const answered = await this.responses.byInvitation(
      [...invitees.values()].map((i) => i.invitationId),
      manager,
    );
    const takenInBatch = new Set<string>();
    const accepted: AcceptedItem[] = [];
    for (const item of items) {
      const answeredBy = (invitation: string) => answered.get(invitation) ?? takenInBatch.has(invitation);
      const outcome = await this.checkItem(manager, context, item, invitees.get(item), answeredBy);
      if ('duplicateOf' in outcome) results.duplicate(item.index, outcome.duplicateOf);
      else if ('errors' in outcome) results.reject(item.index, outcome.errors);
      else {
        takenInBatch.add(outcome.invitee.invitationId);
        accepted.push(outcome);
      }
    }
    return accepted;
  }

  /**
   * One item against its invitee: invited, not opted out, not answered yet (`answeredBy`: the
   * stored response, or true when an earlier item of the batch answers it), answers valid for a
   * published version, free text only while the respondent's key exists.
   */
  private async checkItem(
    manager: EntityManager,
    context: BatchContext,
    item: ParsedItem,
    invitee: Invitee | undefined,
    answeredBy: (invitationId: string) => { id: string; providerResponseId: string | null } | boolean,
  ): Promise<AcceptedItem | { duplicateOf: string } | { errors: FieldErrorDto[] }> {
    const field = referenceField(item.reference);
    const refuse = (message: string, on = field) => ({ errors: [{ field: on, message }] });
    if (!invitee) {
      return refuse(
        item.reference.kind === 'token' ? 'is not a valid link to this survey' : 'names nobody invited to this survey',
      );
    }
    if (invitee.optedOutAt) return refuse('names a respondent who opted out of this survey');
    // A concurrent copy of this batch may have committed since settleStored: the same provider
    // id answering the invitation makes this item a duplicate, not a second answer.
    const answer = answeredBy(invitee.invitationId);
    if (typeof answer === 'object' && answer.providerResponseId === item.providerResponseId) {
      return { duplicateOf: answer.id };
    }
    if (answer) return refuse('names a respondent who has already answered this survey');
    const version = item.questionnaireVersion ?? context.latestVersion;
    const questionnaire = version ? await this.questionnaires.get(manager, context.surveyId, version) : null;
    if (!questionnaire) return refuse('is not a published version of this survey', 'questionnaireVersion');
    if (item.submittedAt && item.submittedAt.getTime() > context.now.getTime() + CLOCK_SKEW_MS) {
      return refuse('must not be in the future', 'submittedAt');
    }
    const checked = validateAnswers(questionnaire, item.answers);
    const order = validateDisplayOrder(questionnaire, item.displayOrder);
    if (!checked.ok || !order.ok) {
      return { errors: [...(checked.ok ? [] : checked.errors), ...(order.ok ? [] : order.errors)] };
    }
    if (hasFreeText(questionnaire, checked.answers) && !invitee.wrappedKey) {
      return refuse('names a respondent whose data has been erased');
    }
    return {
      item,
      invitee,
      answers: checked.answers,
      displayOrder: order.displayOrder,
      version: version as number,
      questionnaire,
    };
  }

  /** The rows to insert, one per accepted item, in the same order. */
  private newResponses(principal: ApiKeyPrincipal, context: BatchContext, accepted: AcceptedItem[]): NewResponse[] {
    return accepted.map(({ item, invitee, answers, displayOrder, version }) => ({
      id: randomUUID(),
      surveyId: context.surveyId,
      questionnaireVersion: version,
      invitationId: invitee.invitationId,
      contactId: invitee.contactId,
      channel: ResponseChannel.Provider,
      providerResponseId: item.providerResponseId,
      apiKeyId: principal.keyId,
      answers,
      displayOrder,
      language: item.language ?? invitee.language,
      snapshot: invitee,
      submittedAt: item.submittedAt ?? context.now,
    }));
  }

  /** Stores the rows in one statement, with the respondents' keys for free text; returns the ids stored. */
  private async insert(
    manager: EntityManager,
    rows: NewResponse[],
    accepted: AcceptedItem[],
    now: Date,
  ): Promise<Set<string>> {
    const questionnaireOfRow = new Map(rows.map((row, i) => [row, accepted[i].questionnaire]));
    const keys = new Map<string, SubjectKey>();
    for (const { invitee, answers, questionnaire } of accepted) {
      if (invitee.wrappedKey && hasFreeText(questionnaire, answers) && !keys.has(invitee.contactId)) {
        keys.set(invitee.contactId, this.keystore.crypto.unwrap(invitee.contactId, invitee.wrappedKey));
      }
    }
    return this.store.insert(manager, rows, (row) => questionnaireOfRow.get(row)!, keys, now);
  }

  /** Created, or, for a row that lost a race with a concurrent batch or submission, what won. */
  private async settleInserted(
    manager: EntityManager,
    surveyId: string,
    rows: NewResponse[],
    accepted: AcceptedItem[],
    stored: Set<string>,
    results: BatchResults,
  ): Promise<void> {
    const lost = rows.filter((row) => !stored.has(row.id));
    const wonBy =
      lost.length > 0
        ? await this.responses.idsByProviderId(
            surveyId,
            lost.map((r) => r.providerResponseId!),
            manager,
          )
        : new Map<string, string>();
    rows.forEach((row, i) => {
      const { item } = accepted[i];
      const winner = wonBy.get(item.providerResponseId);
      if (stored.has(row.id)) results.created(item.index, row.id);
      else if (winner) results.duplicate(item.index, winner);
      else {
        results.reject(item.index, [
          { field: referenceField(item.reference), message: 'names a respondent who has already answered this survey' },
        ]);
      }
    });
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
    const found = [
      ...(await this.respondents.inviteesByTokenHash(surveyId, tokens, manager)),
      ...(await this.respondents.inviteesByContactId(surveyId, contactIds, manager)),
      ...(await this.respondents.inviteesByEmailIndex(surveyId, emailIndexes, manager)),
    ];
    const byReference = new Map(found.map((invitee) => [invitee.reference, invitee]));
    const named = new Map<ParsedItem, Invitee>();
    for (const [item, key] of keyOf) {
      const invitee = byReference.get(key);
      if (invitee) named.set(item, invitee);
    }
    return named;
  }
}
