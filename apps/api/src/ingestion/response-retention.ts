import { Injectable, OnModuleInit } from '@nestjs/common';
import { ShreddedKeyError, type SubjectKey } from '@survey/field-crypto';
import type { Answers } from '@survey/questionnaire';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { CampaignsService } from '../delivery/campaigns.service';
import { utcDay } from '../retention/expiry';
import { AnonymisedTextKeysRepository } from '../retention/retention.repository';
import { PurgeBatchResult, RetentionRegistry, RetentionTarget } from '../retention/retention-registry';
import { IDEMPOTENCY_HOURS } from './provider-responses.service';
import { ProviderIdempotencyRepository } from './provider-idempotency.repository';
import { RespondentsRepository } from './respondents.repository';
import { freeTextContext } from './response-store';
import { LinkedResponse, ResponsesRepository } from './responses.repository';

/** A new random pseudonym of the same shape as the keyed ones. */
function randomPseudonym(): string {
  return `r_${randomBytes(16).toString('base64url')}`;
}

/**
 * Responses expire their survey's `retentionMonths` after they were submitted. The keys of
 * anonymised free text (one per survey and day of submission) are shredded first, once every
 * response under them is due; then the due rows are deleted.
 */
class ResponsesTarget implements RetentionTarget {
  readonly kind = 'responses';
  readonly rule = 'A response is deleted once its survey’s retention period has passed since it was submitted.';

  constructor(
    private readonly transactions: Transactions,
    private readonly responses: ResponsesRepository,
    private readonly textKeys: AnonymisedTextKeysRepository,
    private readonly keystore: KeystoreService,
  ) {}

  countDue(at: Date): Promise<number> {
    return this.responses.countExpired(at);
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.transactions.run(async (tx) => {
      const keyIds = await this.textKeys.lockExpired(at, limit, tx);
      if (keyIds.length > 0) {
        await this.keystore.shred(keyIds, tx);
        await this.textKeys.delete(keyIds, tx);
      }
      const deleted = await this.responses.deleteExpired(at, limit, tx);
      return { [this.kind]: deleted, anonymised_text_keys: keyIds.length };
    });
  }
}

/**
 * Anonymisation at close. For each response of a survey due for it, in one short transaction
 * per batch: the free text is decrypted with the respondent's key and encrypted again under the
 * key of its survey and day of submission (see AnonymisedTextKey), the invitation link is
 * removed, and the keyed pseudonym (which anyone holding the key could recompute from the
 * contact id) is replaced by a random one. The invitation keeps only its `completed_at` stamp.
 */
class ResponseLinksTarget implements RetentionTarget {
  readonly kind = 'response_links';
  readonly rule =
    'When a survey that anonymises at close is closed and none of its mail is waiting, each response loses its link to the invitation and its pseudonym; free text is re-encrypted under a key of the survey and day.';

  constructor(
    private readonly transactions: Transactions,
    private readonly responses: ResponsesRepository,
    private readonly textKeys: AnonymisedTextKeysRepository,
    private readonly keystore: KeystoreService,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  async countDue(at: Date): Promise<number> {
    return this.responses.countLinkedOfAnonymisableSurveys(at, await this.campaigns.surveysWithMailWaiting());
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.transactions.run(async (tx) => {
      const mailWaiting = await this.campaigns.surveysWithMailWaiting(tx);
      const rows = await this.responses.lockLinkedOfAnonymisableSurveys(at, limit, mailWaiting, tx);
      if (rows.length === 0) return 0;
      const withText = rows.filter((row) => row.free_text !== null);
      const respondentKeys = await this.existingKeys(
        tx,
        withText.map((row) => row.contact_id),
      );
      const dayKeys = await this.dayKeys(tx, withText);
      const crypto = this.keystore.crypto;
      const unlinked = rows.map((row) => {
        const unreadable = { id: row.id, pseudonym: randomPseudonym(), freeText: null, freeTextKeyId: null };
        const respondentKey = respondentKeys.get(row.contact_id);
        if (!row.free_text || !respondentKey) return unreadable;
        const dayKey = dayKeys.get(`${row.survey_id}|${utcDay(row.submitted_at)}`)!;
        let answers: Answers;
        try {
          answers = crypto.decryptJson<Answers>(respondentKey, row.free_text, freeTextContext(row.id));
        } catch {
          // Unreadable already (altered, or under a key that no longer matches): nothing to keep.
          return unreadable;
        }
        const freeText = crypto.encryptJson(dayKey, answers, freeTextContext(row.id));
        return { ...unreadable, freeText, freeTextKeyId: dayKey.subjectId };
      });
      await this.responses.unlink(unlinked, this.clock.now(), tx);
      return rows.length;
    });
  }

  /** The respondents' keys that still exist (a shredded one simply is not there). */
  private async existingKeys(tx: EntityManager, subjectIds: string[]): Promise<Map<string, SubjectKey>> {
    let wanted = [...new Set(subjectIds)];
    for (;;) {
      try {
        return await this.keystore.keysFor(wanted, tx);
      } catch (error) {
        if (!(error instanceof ShreddedKeyError)) throw error;
        const shredded = new Set(error.subjectIds);
        wanted = wanted.filter((id) => !shredded.has(id));
      }
    }
  }

  /** The key of each (survey, UTC day) the rows need, made (with its expiry) when missing. */
  private async dayKeys(tx: EntityManager, rows: LinkedResponse[]): Promise<Map<string, SubjectKey>> {
    const wanted = new Map<string, { surveyId: string; day: string; retentionMonths: number }>();
    for (const row of rows) {
      const day = utcDay(row.submitted_at);
      wanted.set(`${row.survey_id}|${day}`, { surveyId: row.survey_id, day, retentionMonths: row.retention_months });
    }
    const days = [...wanted.values()];
    if (days.length === 0) return new Map();
    const created = await this.textKeys.createMissing(
      days.map(() => randomUUID()),
      days,
      tx,
    );
    await this.keystore.create(created, tx);
    const existing = await this.textKeys.find(days, tx);
    const unlocked = await this.keystore.keysFor(
      existing.map((row) => row.subject_id),
      tx,
    );
    return new Map(existing.map((row) => [`${row.survey_id}|${row.day}`, unlocked.get(row.subject_id)!]));
  }
}

/**
 * A draft can only become a response while its survey is open; once the survey is closed it is
 * personal data with no purpose left, so it is wiped (the invitation itself stays until it
 * expires). Drafts of invitations that expire go with them.
 */
class DraftsTarget implements RetentionTarget {
  readonly kind = 'drafts';
  readonly rule = 'A saved draft is wiped once its survey is closed (it can no longer be submitted).';

  constructor(private readonly respondents: RespondentsRepository) {}

  countDue(at: Date): Promise<number> {
    return this.respondents.countDraftsOfClosedSurveys(at);
  }

  purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.respondents.wipeDraftsOfClosedSurveys(at, limit);
  }
}

/**
 * The answers kept for a provider's Idempotency-Key. A retry within IDEMPOTENCY_HOURS is answered
 * from them; after that they serve nothing, so they are deleted, also for keys never used again
 * (a new batch only clears the expired keys of its own API key).
 */
class IdempotencyKeysTarget implements RetentionTarget {
  readonly kind = 'provider_idempotency_keys';
  readonly rule = `The provider's retry key and the answer kept for it are deleted ${IDEMPOTENCY_HOURS} hours after the key's first use.`;

  constructor(private readonly keys: ProviderIdempotencyRepository) {}

  countDue(at: Date): Promise<number> {
    return this.keys.countExpired(at, IDEMPOTENCY_HOURS);
  }

  purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.keys.deleteExpired(at, IDEMPOTENCY_HOURS, limit);
  }
}

/**
 * The ingestion module's retention targets, registered at start-up: responses first (so that
 * the invitations they hold can go in the same run), then anonymisation at close, drafts of
 * closed surveys and expired Idempotency-Keys.
 */
@Injectable()
export class ResponseRetention implements OnModuleInit {
  readonly targets: RetentionTarget[];

  constructor(
    transactions: Transactions,
    private readonly responses: ResponsesRepository,
    respondents: RespondentsRepository,
    idempotencyKeys: ProviderIdempotencyRepository,
    textKeys: AnonymisedTextKeysRepository,
    keystore: KeystoreService,
    campaigns: CampaignsService,
    clock: Clock,
    private readonly registry: RetentionRegistry,
  ) {
    this.targets = [
      new ResponsesTarget(transactions, responses, textKeys, keystore),
      new ResponseLinksTarget(transactions, responses, textKeys, keystore, campaigns, clock),
      new DraftsTarget(respondents),
      new IdempotencyKeysTarget(idempotencyKeys),
    ];
  }

  onModuleInit(): void {
    for (const target of this.targets) this.registry.register(target);
  }

  // Retention: when each survey's responses expire, for the retention policy view.

  /**
   * When the oldest and newest responses of each of these surveys expire under the retention
   * given for it; a survey without responses has none.
   */
  async expiries(
    surveys: { surveyId: string; retentionMonths: number }[],
  ): Promise<Map<string, { firstExpiryAt: Date; lastExpiryAt: Date }>> {
    if (surveys.length === 0) return new Map();
    const rows = await this.responses.expiries(surveys);
    return new Map(
      rows.map((row) => [row.survey_id, { firstExpiryAt: row.first_expiry, lastExpiryAt: row.last_expiry }]),
    );
  }
}
