import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  NotFoundException,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isLanguage, localize, questionsOf } from '@survey/questionnaire';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BackgroundWork } from '../common/background-work';
import { Clock } from '../common/clock';
import { ROOT_LOGGER } from '../common/logger';
import { Page, toPage } from '../common/pagination';
import { invalidField } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { decryptContactFields } from '../contacts/contact-crypto';
import { KeystoreService } from '../crypto/keystore.service';
import { MailOutboxService, OutgoingMail } from '../mail/mail-outbox.service';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { SurveyStatus } from '../surveys/survey.entity';
import { SurveysService } from '../surveys/surveys.service';
import { Campaign, CampaignStatus, CampaignTarget, DeliveryStatus, Invitation } from './campaign.entity';
import {
  CampaignFunnelDto,
  CampaignPreviewDto,
  CampaignTargetDto,
  CreateCampaignDto,
  InvitationQueryDto,
  InvitationState,
  ReminderRoundDto,
} from './delivery.dto';
import { InvitationTokens } from './invitation-tokens';
import { renderSurveyMail } from './mail-templates';

const BATCH_SIZE = 500;
/** First key of the advisory locks that make one replica run each campaign. */
const CAMPAIGN_LOCK = 0x63616d70; // 'camp'
/**
 * How often unfinished campaigns are looked for: one whose server died is taken over by another
 * replica, or by this one if the dead server's lock was still held when it started.
 */
const RESUME_SWEEP_MS = 15_000;

interface Recipient {
  invitationId: string;
  contactId: string;
  language: string;
  emailCiphertext: Buffer;
  nameCiphertext: Buffer;
}

/** The SQL condition and parameters selecting a campaign's target among contacts `c`. */
function targetCondition(target: CampaignTarget, firstParameter: number): { sql: string; params: unknown[] } {
  // Someone who objected (a privacy request) is never invited again, whatever the target.
  const clauses: string[] = ['c.objected_at IS NULL'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('$?', `$${firstParameter + params.length - 1}`));
  };
  if (target.countries.length > 0) add('c.country = ANY($?::text[])', target.countries);
  if (target.segments.length > 0) add('c.segment = ANY($?::text[])', target.segments);
  if (target.roles.length > 0)
    add(
      'lower(c.role) = ANY($?::text[])',
      target.roles.map((r) => r.toLowerCase()),
    );
  if (target.platforms.length > 0) {
    add(
      'lower(c.platform) = ANY($?::text[])',
      target.platforms.map((p) => p.toLowerCase()),
    );
  }
  return { sql: clauses.join(' AND '), params };
}

function normalisedTarget(dto: CampaignTargetDto): CampaignTarget {
  return {
    countries: dto.countries ?? [],
    segments: dto.segments ?? [],
    roles: dto.roles ?? [],
    platforms: dto.platforms ?? [],
  };
}

/**
 * Invitation campaigns: one invitation per contact per survey, each with a secret link whose
 * token is stored only hashed, and its mail written to the outbox in the same transaction.
 */
@Injectable()
export class CampaignsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private readonly background = new BackgroundWork();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly surveys: SurveysService,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly notice: PrivacyNoticeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'campaigns' });
    // An invitation is its contact's: audit events name it only by a reference under the contact's key.
    audit.registerSubjectResource('invitation', async (manager, ids) => {
      const rows: { id: string; contact_id: string }[] = await manager.query(
        'SELECT id, contact_id FROM invitations WHERE id = ANY($1::uuid[])',
        [ids],
      );
      return new Map(rows.map((row) => [row.id, row.contact_id]));
    });
  }

  /**
   * Campaigns a stopped server left half-way resume here (on whichever replica gets the lock),
   * at start and then periodically.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.resumeUnfinished();
    this.sweeper = setInterval(() => {
      this.resumeUnfinished().catch((error: Error) =>
        this.logger.warn({ err: { type: error.name } }, 'check for unfinished campaigns failed'),
      );
    }, RESUME_SWEEP_MS);
    this.sweeper.unref();
  }

  /** Starts every inviting campaign not running here; one another replica runs is left to it. */
  async resumeUnfinished(): Promise<void> {
    if (this.background.stopping) return;
    const unfinished = await this.dataSource.getRepository(Campaign).find({
      where: { status: CampaignStatus.Inviting },
      select: { id: true },
    });
    for (const { id } of unfinished) this.start(id);
  }

  /**
   * Runs stop at their next batch boundary, before the database pool closes; what was invited
   * stays, the rest resumes at the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.background.stop();
  }

  onModuleInit(): void {
    // The outbox reports each message's fate in its own transaction; the invitation follows it.
    this.outbox.onOutcome(async (outcome, manager) => {
      if (!outcome.invitationId || outcome.status === 'cancelled') return;
      const status =
        outcome.status === 'sent'
          ? DeliveryStatus.Sent
          : outcome.bounced
            ? DeliveryStatus.Bounced
            : DeliveryStatus.Failed;
      await manager.update(Invitation, { id: outcome.invitationId }, { deliveryStatus: status });
    });
  }

  async preview(surveyId: string, dto: CampaignTargetDto): Promise<CampaignPreviewDto> {
    await this.surveys.find(this.dataSource.manager, surveyId);
    return this.countTarget(this.dataSource.manager, surveyId, normalisedTarget(dto));
  }

  /** Who a target matches among the contacts, and how many of them the survey already invited. */
  private async countTarget(
    manager: EntityManager,
    surveyId: string,
    target: CampaignTarget,
  ): Promise<CampaignPreviewDto> {
    const { sql, params } = targetCondition(target, 2);
    const [row] = await manager.query(
      `SELECT count(*)::int AS matching,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM invitations i WHERE i.survey_id = $1 AND i.contact_id = c.id))::int AS already_invited
         FROM contacts c WHERE ${sql}`,
      [surveyId, ...params],
    );
    return {
      matching: row.matching,
      alreadyInvited: row.already_invited,
      toInvite: row.matching - row.already_invited,
    };
  }

  /**
   * Creates the campaign; its target is then invited in the background (see `run`). The answer
   * comes at once, with `targetCount` to follow `invitedCount` against.
   */
  async create(actorId: string, surveyId: string, dto: CreateCampaignDto): Promise<Campaign> {
    const maxReminders = dto.maxReminders ?? this.config.delivery.maxReminders;
    if (maxReminders > this.config.delivery.maxReminders) {
      throw invalidField(
        'maxReminders',
        `maxReminders must not exceed ${this.config.delivery.maxReminders} (MAX_REMINDERS)`,
      );
    }
    const campaign = await this.dataSource.transaction(async (manager) => {
      await this.surveys.findOpen(manager, surveyId);
      const target = normalisedTarget(dto.target);
      const preview = await this.countTarget(manager, surveyId, target);
      const created = await manager.save(
        manager.create(Campaign, {
          surveyId,
          name: dto.name,
          target,
          maxReminders,
          status: CampaignStatus.Inviting,
          targetCount: preview.toInvite,
          alreadyInvitedCount: preview.alreadyInvited,
          createdBy: actorId,
        }),
      );
      await this.audit.record(
        { action: 'campaign.created', resourceType: 'campaign', resourceId: created.id, details: { surveyId } },
        manager,
      );
      return created;
    });
    this.start(campaign.id);
    return campaign;
  }

  /** Resolves when this process has finished inviting for the campaign (tests, demo data). */
  async settled(campaignId: string): Promise<void> {
    await this.background.settled(campaignId);
  }

  private start(campaignId: string): void {
    this.background.start(campaignId, () =>
      this.run(campaignId).catch((error: Error) =>
        this.logger.error(
          { campaignId, err: { type: error.name } },
          'campaign stopped on an error; it resumes at the next start',
        ),
      ),
    );
  }

  /**
   * Invites the campaign's target in batches, each batch one transaction holding the
   * invitations, their token hashes and their mail. A contact already invited to the survey (by
   * this or another campaign, even one running at the same time) is not invited again, so a run
   * cut short by a crash simply resumes. One replica runs a campaign: it holds an advisory lock.
   */
  private async run(campaignId: string): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
        CAMPAIGN_LOCK,
        campaignId,
      ]);
      if (!locked) return;
      try {
        const campaign = await this.get(campaignId);
        if (campaign.status !== CampaignStatus.Inviting) return;
        const { sql, params } = targetCondition(campaign.target, 4);
        // Batches walk the contacts in id order from where the last one stopped, so each batch
        // costs the same however many have been invited already.
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          if (this.background.stopping) return;
          const batch = await this.dataSource.transaction(async (manager) => {
            const survey = await this.surveys.find(manager, campaign.surveyId);
            if (survey.status !== SurveyStatus.Open) return null;
            const rows: (Recipient & { lastChosen: string | null })[] = await manager.query(
              `WITH chosen AS (
                 SELECT c.id FROM contacts c
                  WHERE ${sql} AND c.id > $3
                    AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.survey_id = $1 AND i.contact_id = c.id)
                  ORDER BY c.id LIMIT ${BATCH_SIZE}
               ), inserted AS (
                 INSERT INTO invitations (survey_id, campaign_id, contact_id, language)
                 SELECT $1, $2, c.id, c.language FROM contacts c JOIN chosen USING (id)
                 ON CONFLICT (survey_id, contact_id) DO NOTHING
                 RETURNING id, contact_id, language
               )
               SELECT (SELECT max(id::text) FROM chosen) AS "lastChosen", ins.id AS "invitationId",
                      ins.contact_id AS "contactId", ins.language,
                      c.email_ciphertext AS "emailCiphertext", c.name_ciphertext AS "nameCiphertext"
                 FROM (SELECT 1) AS one
                 LEFT JOIN inserted ins ON true
                 LEFT JOIN contacts c ON c.id = ins.contact_id`,
              [campaign.surveyId, campaign.id, after, ...params],
            );
            const lastChosen = rows[0]?.lastChosen ?? null;
            // Contacts another campaign invited first come back without an invitation of ours.
            const recipients = rows.filter((row) => row.invitationId !== null);
            if (recipients.length > 0) {
              await this.mail(manager, survey.id, recipients, 'invitation');
              // Inviting someone again restarts their retention clock (P8).
              await manager.query('UPDATE contacts SET collected_at = $2 WHERE id = ANY($1::uuid[])', [
                recipients.map((r) => r.contactId),
                this.clock.now(),
              ]);
              await manager.increment(Campaign, { id: campaign.id }, 'invitedCount', recipients.length);
            }
            return { lastChosen };
          });
          if (batch === null || batch.lastChosen === null) {
            await this.finish(campaign.id, batch === null ? CampaignStatus.Stopped : CampaignStatus.Completed);
            return;
          }
          after = batch.lastChosen;
        }
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CAMPAIGN_LOCK, campaignId]);
      }
    } finally {
      await lock.release();
    }
  }

  private async finish(campaignId: string, status: CampaignStatus): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Campaign, campaignId, { status, finishedAt: this.clock.now() });
      const { invitedCount } = await manager.findOneByOrFail(Campaign, { id: campaignId });
      await this.audit.record(
        {
          action: status === CampaignStatus.Completed ? 'campaign.invitations_sent' : 'campaign.stopped',
          resourceType: 'campaign',
          resourceId: campaignId,
          details: { invited: invitedCount },
        },
        manager,
      );
    });
  }

  /**
   * Reminds the campaign's invitees who have neither completed nor opted out and are below the
   * reminder limit. Each reminder carries a fresh link (the first token was never kept).
   */
  async remind(campaignId: string): Promise<ReminderRoundDto> {
    const campaign = await this.get(campaignId);
    let reminded = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    const roundStarted = this.clock.now();
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const survey = await this.surveys.findOpen(manager, campaign.surveyId);
        const recipients: (Recipient & { id: string })[] = await manager.query(
          `SELECT i.id, i.id AS "invitationId", i.contact_id AS "contactId", i.language,
                  c.email_ciphertext AS "emailCiphertext", c.name_ciphertext AS "nameCiphertext"
             FROM invitations i JOIN contacts c ON c.id = i.contact_id
            WHERE i.campaign_id = $1 AND i.id > $2
              AND i.completed_at IS NULL AND i.opted_out_at IS NULL
              AND i.delivery_status <> 'bounced' AND i.reminders_sent < $3
              AND i.created_at < $4
            ORDER BY i.id LIMIT ${BATCH_SIZE}
            FOR UPDATE OF i SKIP LOCKED`,
          [campaignId, afterId, campaign.maxReminders, roundStarted],
        );
        if (recipients.length === 0) return null;
        await this.mail(manager, survey.id, recipients, 'reminder');
        await manager.query('UPDATE invitations SET reminders_sent = reminders_sent + 1 WHERE id = ANY($1::uuid[])', [
          recipients.map((r) => r.invitationId),
        ]);
        return recipients;
      });
      if (!batch) break;
      reminded += batch.length;
      afterId = batch[batch.length - 1].id;
    }
    const { total } = await this.dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .select('count(*)::int', 'total')
      .where('i.campaign_id = :campaignId', { campaignId })
      .getRawOne<{ total: number }>()
      .then((row) => row ?? { total: 0 });
    await this.dataSource.transaction(async (manager) => {
      if (reminded > 0) {
        await manager.update(Campaign, campaignId, { lastReminderAt: roundStarted });
        await manager.increment(Campaign, { id: campaignId }, 'reminderRounds', 1);
      }
      await this.audit.record(
        { action: 'campaign.reminders_sent', resourceType: 'campaign', resourceId: campaignId, details: { reminded } },
        manager,
      );
    });
    return { reminded, skipped: total - reminded };
  }

  /** Issues a token per recipient, renders their mail in their language and queues it. */
  private async mail(
    manager: EntityManager,
    surveyId: string,
    recipients: Recipient[],
    kind: 'invitation' | 'reminder',
  ): Promise<void> {
    const { questionnaire } = await this.surveys.currentQuestionnaire(manager, surveyId);
    const tokens = await InvitationTokens.issue(
      manager,
      recipients.map((r) => r.invitationId),
    );
    const keys = await this.keystore.keysFor(
      recipients.map((r) => r.contactId),
      manager,
    );
    const base = this.config.publicUrl;
    // An estimate for the mail: about half a minute per question.
    const estimatedMinutes = Math.max(2, Math.round(questionsOf(questionnaire).length / 2));
    const mails: OutgoingMail[] = recipients.map((recipient, i) => {
      const language = isLanguage(recipient.language) ? recipient.language : 'en';
      const person = decryptContactFields(this.keystore.crypto, keys.get(recipient.contactId)!, {
        ...recipient,
        registrationNumbersCiphertext: null,
      });
      const rendered = renderSurveyMail({
        kind,
        language,
        organisationName: this.config.privacy.organisationName,
        surveyTitle: localize(questionnaire.title, language),
        recipientName: person.name,
        surveyUrl: `${base}/r/#${tokens[i]}`,
        optOutUrl: `${base}/r/opt-out#${tokens[i]}`,
        privacyNoticeUrl: this.notice.noticeUrl(),
        estimatedMinutes,
        shortNotice: this.notice.shortNotice(language),
      });
      return {
        subjectId: recipient.contactId,
        invitationId: recipient.invitationId,
        kind,
        to: person.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      };
    });
    await this.outbox.enqueue(manager, mails);
    await manager.query('UPDATE invitations SET last_mailed_at = $2 WHERE id = ANY($1::uuid[])', [
      recipients.map((r) => r.invitationId),
      this.clock.now(),
    ]);
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id });
    if (!campaign) throw new NotFoundException('No campaign has this id.');
    return campaign;
  }

  async list(surveyId: string, query: { offset: number; limit: number; page: number }): Promise<Page<Campaign>> {
    await this.surveys.find(this.dataSource.manager, surveyId);
    const [items, total] = await this.dataSource.getRepository(Campaign).findAndCount({
      where: { surveyId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(items, total, query);
  }

  /** Counts per stage, for the funnel chart and response-rate figures. */
  async funnels(campaignIds: string[]): Promise<Map<string, CampaignFunnelDto>> {
    const rows: (CampaignFunnelDto & { campaign_id: string })[] = await this.dataSource.query(
      `SELECT campaign_id, count(*)::int AS invited,
              count(*) FILTER (WHERE delivery_status = 'sent')::int AS delivered,
              count(*) FILTER (WHERE delivery_status = 'bounced')::int AS bounced,
              count(opened_at)::int AS opened, count(started_at)::int AS started,
              count(completed_at)::int AS completed, count(opted_out_at)::int AS "optedOut"
         FROM invitations WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
      [campaignIds],
    );
    const empty = { invited: 0, delivered: 0, bounced: 0, opened: 0, started: 0, completed: 0, optedOut: 0 };
    return new Map(
      campaignIds.map((id) => {
        const row = rows.find((r) => r.campaign_id === id);
        if (!row) return [id, empty];
        const { campaign_id: _ignored, ...funnel } = row;
        return [id, funnel];
      }),
    );
  }

  async invitations(surveyId: string, query: InvitationQueryDto): Promise<Page<Invitation>> {
    await this.surveys.find(this.dataSource.manager, surveyId);
    const qb = this.dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .where('i.survey_id = :surveyId', { surveyId })
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .skip(query.offset)
      .take(query.limit);
    if (query.campaignId) qb.andWhere('i.campaign_id = :campaignId', { campaignId: query.campaignId });
    if (query.deliveryStatus) qb.andWhere('i.delivery_status = :status', { status: query.deliveryStatus });
    const state: Record<InvitationState, string> = {
      [InvitationState.OptedOut]: 'i.opted_out_at IS NOT NULL',
      [InvitationState.Completed]: 'i.opted_out_at IS NULL AND i.completed_at IS NOT NULL',
      [InvitationState.Started]: 'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NOT NULL',
      [InvitationState.Opened]:
        'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NULL AND i.opened_at IS NOT NULL',
      [InvitationState.Invited]:
        'i.opted_out_at IS NULL AND i.completed_at IS NULL AND i.started_at IS NULL AND i.opened_at IS NULL',
    };
    if (query.state) qb.andWhere(state[query.state]);
    const [items, total] = await qb.getManyAndCount();
    return toPage(items, total, query);
  }

  /**
   * The respondent's opt-out: no further mail about this survey, and what is still queued is
   * cancelled. Idempotent.
   */
  async optOut(token: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await InvitationTokens.resolve(manager, token, true);
      if (invitation.optedOutAt) return;
      await manager.update(Invitation, invitation.id, { optedOutAt: this.clock.now() });
      const cancelled = await this.outbox.cancelForInvitation(manager, invitation.id);
      await this.audit.record(
        {
          action: 'invitation.opted_out',
          resourceType: 'invitation',
          resourceId: invitation.id,
          details: { cancelledMail: cancelled },
        },
        manager,
      );
    });
  }
}
