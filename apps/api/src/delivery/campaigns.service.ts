import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { isLanguage, localize, questionsOf } from '@survey/questionnaire';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { ProblemType } from '../common/problem-types';
import { ROOT_LOGGER } from '../common/logger';
import { Page, toPage } from '../common/pagination';
import { invalidField } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { decryptContactFields } from '../contacts/contact-crypto';
import { ContactsRepository } from '../contacts/contacts.repository';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { JobContext, JobInterrupted, JobQueue } from '../jobs/job-queue';
import { waitUntil } from '../jobs/wait-until';
import { MailContent, MailOutboxService, MessageToRender } from '../mail/mail-outbox.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { SurveyStatus } from '../surveys/survey.entity';
import { SurveysService, surveyLanguages } from '../surveys/surveys.service';
import { Campaign, CampaignStatus, CampaignTarget, DeliveryStatus, Invitation } from './campaign.entity';
import { CampaignsRepository } from './campaigns.repository';
import {
  CampaignFunnelDto,
  CampaignPreviewDto,
  CampaignTargetDto,
  CreateCampaignDto,
  InvitationQueryDto,
  ReminderPreviewDto,
  ReminderRoundDto,
} from './delivery.dto';
import { InvitationTokens } from './invitation-tokens';
import { InvitationsRepository, Recipient } from './invitations.repository';
import { renderSurveyMail } from './mail-templates';
import { MailTextsService } from './mail-texts.service';

const DAY_MS = 24 * 3600 * 1000;

/** The outbox renderer of invitations, reminders and new links (see `CampaignsService.renderMail`). */
export const SURVEY_MAIL_RENDERER = 'delivery.survey-mail';

type SurveyMailKind = 'invitation' | 'reminder' | 'new-link';

/** What a queued survey mail keeps until it is sent (encrypted under the recipient's key). */
interface SurveyMailIngredients {
  /** The secret link's token: the only copy, its hash being what the database keeps. */
  token: string;
  /** When the link stops working (ISO), as of its issue. */
  deadline: string;
  surveyId: string;
  /** The invitation's language. */
  language: string;
  /** The campaign's wording version; null: the system's own words (new links). */
  textsVersion: number | null;
}

/** The job that invites a campaign's target (payload: the campaign's id). */
export const CAMPAIGN_INVITE_TASK = 'campaigns.invite';

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
export class CampaignsService implements OnModuleInit {
  private readonly logger: Logger;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly invitationRecords: InvitationsRepository,
    private readonly contacts: ContactsRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly surveys: SurveysService,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly notice: PrivacyNoticeService,
    private readonly mailTexts: MailTextsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly webhooks: WebhooksService,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'campaigns' });
    // An invitation is its contact's: audit events name it only by a reference under the contact's key.
    audit.registerSubjectResource('invitation', (manager, ids) => this.invitationRecords.contactsOf(ids, manager));
  }

  onModuleInit(): void {
    this.jobs.register(CAMPAIGN_INVITE_TASK, (payload, job) => this.run(String(payload.campaignId), job));
    this.outbox.registerRenderer(SURVEY_MAIL_RENDERER, (message) => this.renderMail(message));
    // The outbox reports each message's fate in its own transaction; the invitation follows it.
    this.outbox.onOutcome(async (outcome, manager) => {
      if (!outcome.invitationId || outcome.status === 'cancelled') return;
      const status =
        outcome.status === 'sent'
          ? DeliveryStatus.Sent
          : outcome.bounced
            ? DeliveryStatus.Bounced
            : DeliveryStatus.Failed;
      await this.invitationRecords.setDeliveryStatus(outcome.invitationId, status, manager);
    });
  }

  async preview(surveyId: string, dto: CampaignTargetDto): Promise<CampaignPreviewDto> {
    await this.surveys.survey(surveyId);
    return this.countTarget(this.transactions.manager, surveyId, normalisedTarget(dto));
  }

  /** Who a target matches among the contacts, and how many of them the survey already invited. */
  private async countTarget(
    manager: EntityManager,
    surveyId: string,
    target: CampaignTarget,
  ): Promise<CampaignPreviewDto> {
    const { matching, alreadyInvited } = await this.invitationRecords.countTarget(surveyId, target, manager);
    return { matching, alreadyInvited, toInvite: matching - alreadyInvited };
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
        'max',
        { max: this.config.delivery.maxReminders },
      );
    }
    const campaign = await this.transactions.run(async (manager) => {
      await this.surveys.findOpen(manager, surveyId);
      const target = normalisedTarget(dto.target);
      const preview = await this.countTarget(manager, surveyId, target);
      const created = await this.campaigns.create(
        {
          surveyId,
          name: dto.name,
          target,
          maxReminders,
          status: CampaignStatus.Inviting,
          targetCount: preview.toInvite,
          alreadyInvitedCount: preview.alreadyInvited,
          // The wording as of the start: later edits are for later campaigns.
          mailTextsVersion: await this.mailTexts.currentVersion(surveyId, manager),
          createdBy: actorId,
        },
        manager,
      );
      await this.audit.record(
        { action: 'campaign.created', resourceType: 'campaign', resourceId: created.id, details: { surveyId } },
        manager,
      );
      // Committed with the campaign: the invitations are made by a worker, however many replicas run.
      await this.jobs.enqueue(manager, {
        task: CAMPAIGN_INVITE_TASK,
        payload: { campaignId: created.id },
        jobKey: `campaign:${created.id}`,
      });
      return created;
    });
    return campaign;
  }

  /** Resolves when the campaign has finished inviting, on whichever worker (tests, demo data). */
  async settled(campaignId: string): Promise<void> {
    await waitUntil(async () => (await this.get(campaignId)).status !== CampaignStatus.Inviting);
  }

  /**
   * Invites the campaign's target in batches, each batch one transaction holding the
   * invitations, their token hashes and their mail. A contact already invited to the survey (by
   * this or another campaign, even one running at the same time) is not invited again, so a run
   * cut short by a crash or a stop simply resumes when the queue runs the job again. The queue
   * runs one job per campaign at a time (its job key).
   */
  private async run(campaignId: string, job: JobContext): Promise<void> {
    const campaign = await this.campaigns.findById(campaignId);
    if (!campaign || campaign.status !== CampaignStatus.Inviting) return;
    // Batches walk the contacts in id order from where the last one stopped, so each batch
    // costs the same however many have been invited already.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      if (job.stopping) throw new JobInterrupted();
      const batch = await this.transactions.run((manager) => this.inviteBatch(manager, campaign, after));
      if (batch === null || batch.lastChosen === null) {
        await this.finish(campaign, batch === null ? CampaignStatus.Stopped : CampaignStatus.Completed);
        return;
      }
      after = batch.lastChosen;
    }
  }

  /** One batch of a run, in its transaction; null when the survey is no longer open. */
  private async inviteBatch(
    manager: EntityManager,
    campaign: Campaign,
    after: string,
  ): Promise<{ lastChosen: string | null } | null> {
    const survey = await this.surveys.find(manager, campaign.surveyId);
    if (survey.status !== SurveyStatus.Open) return null;
    const { version } = await this.surveys.currentQuestionnaire(manager, survey.id);
    const { lastChosen, recipients } = await this.invitationRecords.inviteNextBatch(
      campaign,
      after,
      surveyLanguages(version),
      this.clock.now(),
      manager,
    );
    // Contacts another campaign invited first come back without an invitation of ours.
    if (recipients.length > 0) {
      await this.mail(manager, campaign, recipients, 'invitation');
      // Inviting someone again restarts their retention clock (P8).
      await this.contacts.markCollected(
        recipients.map((r) => r.contactId),
        this.clock.now(),
        manager,
      );
      await this.campaigns.addInvited(campaign.id, recipients.length, manager);
    }
    return { lastChosen };
  }

  private async finish(campaign: Campaign, status: CampaignStatus): Promise<void> {
    const campaignId = campaign.id;
    await this.transactions.run(async (manager) => {
      const finishedAt = this.clock.now();
      const invitedCount = await this.campaigns.finish(campaignId, status, finishedAt, manager);
      if (status === CampaignStatus.Completed) {
        await this.webhooks.campaignCompleted(manager, {
          campaignId,
          surveyId: campaign.surveyId,
          invited: invitedCount,
          completedAt: finishedAt.toISOString(),
        });
      }
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
   * Who a reminder sent now would reach, when the campaign last mailed, and from when a reminder
   * may go without an override (the deployment's minimum delay after the last mailing).
   */
  async reminderPreview(campaignId: string): Promise<ReminderPreviewDto> {
    const campaign = await this.get(campaignId);
    const { recipients, lastMailedAt } = await this.invitationRecords.reminderOutlook(
      campaignId,
      campaign.maxReminders,
    );
    const minDelayDays = this.config.delivery.reminderMinDelayDays;
    const allowedAt = lastMailedAt ? new Date(lastMailedAt.getTime() + minDelayDays * DAY_MS) : null;
    return {
      recipients,
      lastMailedAt: lastMailedAt?.toISOString() ?? null,
      nextReminderAllowedAt: allowedAt && allowedAt > this.clock.now() ? allowedAt.toISOString() : null,
      minDelayDays,
    };
  }

  /**
   * Reminds the campaign's invitees who have neither completed nor opted out and are below the
   * reminder limit. Each reminder carries a fresh link (the first token was never kept). Sooner
   * than the minimum delay after the campaign's last mailing, it is refused unless `override`
   * is set, which the audit log records.
   */
  async remind(campaignId: string, options: { override?: boolean } = {}): Promise<ReminderRoundDto> {
    const campaign = await this.get(campaignId);
    const preview = await this.reminderPreview(campaignId);
    if (preview.nextReminderAllowedAt !== null) {
      if (!options.override) {
        throw conflict(
          `The campaign mailed less than ${preview.minDelayDays} days ago; a reminder may go from ${preview.nextReminderAllowedAt}, or now with override.`,
          ProblemType.ReminderTooEarly,
          { extensions: { nextReminderAllowedAt: preview.nextReminderAllowedAt, minDelayDays: preview.minDelayDays } },
        );
      }
      await this.audit.record({
        action: 'campaign.reminder_delay_overridden',
        resourceType: 'campaign',
        resourceId: campaignId,
        details: { nextReminderAllowedAt: preview.nextReminderAllowedAt, minDelayDays: preview.minDelayDays },
      });
    }
    let reminded = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    const roundStarted = this.clock.now();
    for (;;) {
      const batch = await this.transactions.run(async (manager) => {
        await this.surveys.findOpen(manager, campaign.surveyId);
        const recipients = await this.invitationRecords.lockReminderBatch(
          campaignId,
          afterId,
          campaign.maxReminders,
          roundStarted,
          manager,
        );
        if (recipients.length === 0) return null;
        await this.mail(manager, campaign, recipients, 'reminder');
        await this.invitationRecords.countReminded(
          recipients.map((r) => r.invitationId),
          this.clock.now(),
          manager,
        );
        return recipients;
      });
      if (!batch) break;
      reminded += batch.length;
      afterId = batch[batch.length - 1].id;
    }
    const total = await this.invitationRecords.countOfCampaign(campaignId);
    await this.transactions.run(async (manager) => {
      if (reminded > 0) await this.campaigns.addReminderRound(campaignId, roundStarted, manager);
      await this.audit.record(
        { action: 'campaign.reminders_sent', resourceType: 'campaign', resourceId: campaignId, details: { reminded } },
        manager,
      );
    });
    return { reminded, skipped: total - reminded };
  }

  /**
   * Issues a token per recipient and queues their mail, to be rendered when it is sent (see
   * `renderMail`): the outbox keeps only what rendering needs (survey, wording version, language,
   * the link's deadline and its token), encrypted under the recipient's key like a finished
   * message would be. The token itself is known only here; only its hash is stored in clear.
   * The caller stamps the invitations as mailed.
   */
  private async mail(
    manager: EntityManager,
    campaign: Pick<Campaign, 'surveyId' | 'mailTextsVersion'>,
    recipients: Recipient[],
    kind: SurveyMailKind,
    issuedAt?: Date,
  ): Promise<void> {
    const deadline = new Date(this.clock.now().getTime() + this.config.ingestion.invitationLinkDays * DAY_MS);
    const tokens = await InvitationTokens.issue(
      manager,
      recipients.map((r) => r.invitationId),
      issuedAt,
    );
    await this.outbox.enqueueForRendering(
      manager,
      kind,
      SURVEY_MAIL_RENDERER,
      recipients.map((recipient, i) => {
        const ingredients: SurveyMailIngredients = {
          token: tokens[i],
          deadline: deadline.toISOString(),
          surveyId: campaign.surveyId,
          language: recipient.language,
          textsVersion: campaign.mailTextsVersion,
        };
        return {
          subjectId: recipient.contactId,
          invitationId: recipient.invitationId,
          ingredients: { ...ingredients },
        };
      }),
    );
  }

  /**
   * Renders a queued invitation, reminder or new link when the sender sends it, in the
   * invitation's language (or the survey's default one when the survey no longer offers it),
   * with the wording version the campaign started with (an edit made since is for later
   * campaigns), the contact's current name and address, and the survey's current title. Null
   * (nothing is sent) when the contact is gone or has objected.
   */
  private async renderMail(message: MessageToRender): Promise<MailContent | null> {
    const ingredients = message.ingredients as unknown as SurveyMailIngredients;
    const kind = message.kind as SurveyMailKind;
    const manager = this.transactions.manager;
    const contact = await this.contacts.personalDataRow(message.subjectId, manager);
    if (!contact || contact.objected_at) return null;
    const person = decryptContactFields(this.keystore.crypto, message.key, {
      nameCiphertext: contact.name_ciphertext,
      emailCiphertext: contact.email_ciphertext,
      registrationNumbersCiphertext: null,
    });
    const { questionnaire, version } = await this.surveys.currentQuestionnaire(manager, ingredients.surveyId);
    const offered = surveyLanguages(version);
    const texts = await this.mailTexts.textsOf(ingredients.surveyId, ingredients.textsVersion, manager);
    const language =
      isLanguage(ingredients.language) && offered.languages.includes(ingredients.language)
        ? ingredients.language
        : offered.defaultLanguage;
    const base = this.config.publicUrl;
    // An estimate for the mail: about half a minute per question.
    const estimatedMinutes = Math.max(2, Math.round(questionsOf(questionnaire).length / 2));
    const rendered = renderSurveyMail({
      kind,
      language,
      organisationName: this.config.privacy.organisationName,
      surveyTitle: localize(questionnaire.title, language, offered.defaultLanguage),
      recipientName: person.name,
      surveyUrl: `${base}/r/#${ingredients.token}`,
      optOutUrl: `${base}/r/opt-out#${ingredients.token}`,
      privacyNoticeUrl: this.notice.noticeUrl(),
      estimatedMinutes,
      shortNotice: this.notice.shortNotice(language),
      deadline: new Date(ingredients.deadline),
      custom: texts[kind]?.[language] ?? null,
    });
    return { to: person.email, subject: rendered.subject, text: rendered.text, html: rendered.html };
  }

  /**
   * "Send me a new link": mails a fresh link, valid for the usual INVITATION_LINK_DAYS from now,
   * to the address stored for the invitation's contact (never to one the requester gives), if
   * the invitation can still be answered: survey open, not completed, not opted out, address
   * not bounced, no objection. Links sent earlier keep their own expiry. Returns whether a message was queued.
   */
  async sendNewLink(invitationId: string, manager: EntityManager): Promise<boolean> {
    const invitation = await this.invitationRecords.lockForNewLink(invitationId, manager);
    if (!invitation) return false;
    // The contact's row is locked too, so an erasure cannot interleave with the mail.
    await this.contacts.lockForErasure(invitation.contactId, manager);
    const contact = await this.contacts.personalDataRow(invitation.contactId, manager);
    // Someone who objected (a privacy request) is never mailed again.
    if (!contact || contact.objected_at) return false;
    const survey = await this.surveys.find(manager, invitation.surveyId);
    if (survey.status !== SurveyStatus.Open) return false;
    const recipient: Recipient = invitation;
    // A new link comes in the system's own words: the campaign's edited texts are for invitations and reminders.
    await this.mail(
      manager,
      { surveyId: survey.id, mailTextsVersion: null },
      [recipient],
      'new-link',
      this.clock.now(),
    );
    await this.invitationRecords.markMailed([recipient.invitationId], this.clock.now(), manager);
    return true;
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw notFound('No campaign has this id.');
    return campaign;
  }

  async list(surveyId: string, query: { offset: number; limit: number; page: number }): Promise<Page<Campaign>> {
    await this.surveys.survey(surveyId);
    const [items, total] = await this.campaigns.page(surveyId, query);
    return toPage(items, total, query);
  }

  /** Counts per stage, for the funnel chart and response-rate figures. */
  async funnels(campaignIds: string[]): Promise<Map<string, CampaignFunnelDto>> {
    const rows = await this.invitationRecords.funnels(campaignIds);
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
    await this.surveys.survey(surveyId);
    const [items, total] = await this.invitationRecords.page(surveyId, query);
    return toPage(items, total, query);
  }

  /**
   * The respondent's opt-out: no further mail about this survey, and what is still queued is
   * cancelled. Idempotent.
   */
  async optOut(token: string | undefined): Promise<void> {
    await this.transactions.run(async (manager) => {
      const invitation = await InvitationTokens.resolve(manager, token, true);
      if (invitation.optedOutAt) return;
      await this.invitationRecords.markOptedOut(invitation.id, this.clock.now(), manager);
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

  // Statistics: whether a campaign is a survey's, and the invitations behind a response rate.

  /** Whether the campaign is one of the survey's (false for an unknown campaign). */
  isCampaignOfSurvey(surveyId: string, campaignId: string): Promise<boolean> {
    return this.campaigns.isOfSurvey(surveyId, campaignId);
  }

  /** Invitations sent and answered (a campaign's, or the survey's). */
  invitationCounts(surveyId: string, campaignId?: string): Promise<{ invited: number; completed: number }> {
    return this.invitationRecords.invitedAndCompleted(surveyId, campaignId);
  }

  // Raw responses: a survey's campaigns for its response rates.

  /** The survey's campaigns (id and name), oldest first. */
  campaignsOfSurvey(surveyId: string): Promise<{ id: string; name: string }[]> {
    return this.campaigns.ofSurvey(surveyId);
  }

  // Raw responses and the audit log: the contact behind a response's invitation.

  /** The contact of each of these invitations that still exists (invitation id → contact id). */
  contactsOfInvitations(invitationIds: string[], tx?: EntityManager): Promise<Map<string, string>> {
    return this.invitationRecords.contactsOf(invitationIds, tx);
  }

  // Anonymisation at close (ingestion): a survey is anonymised only once none of its mail waits.

  /** The surveys that have invitation or reminder mail still pending or being sent. */
  async surveysWithMailWaiting(tx?: EntityManager): Promise<string[]> {
    const invitationIds = await this.outbox.invitationsWithMailWaiting(tx);
    return invitationIds.length === 0 ? [] : this.invitationRecords.surveysOf(invitationIds, tx);
  }
}
