import { Inject, Injectable } from '@nestjs/common';
import { localize, type Language, type LocalizedText } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { conflict } from '../common/errors';
import { invalidField, ValidationProblemException } from '../common/problem';
import { consumeOrRefuse, RateLimitKeys, RateLimitsRepository } from '../common/rate-limits';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { Survey, SurveyStatus } from '../surveys/survey.entity';
import { surveyLanguages, SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import {
  MailPreviewDto,
  MailPreviewRequestDto,
  MailTestSendDto,
  MailTextsDto,
  UpdateMailTextsDto,
} from './mail-texts.dto';
import { MailTextsRepository } from './mail-texts.repository';
import { PLACEHOLDERS, validateMailTexts, type MailText, type MailTexts } from './mail-texts';
import { renderSurveyMail, type RenderedMail, type SurveyMailKind } from './mail-templates';

const DAY_MS = 24 * 3600 * 1000;
/** Test mails one staff member may send per hour. */
export const TEST_SENDS_PER_HOUR = 5;
/** What a preview or test mail shows for the person: never anyone's real data. */
const SAMPLE = { name: 'Alex Example', token: 'SAMPLE-LINK-TOKEN' };

/**
 * A survey's own invitation and reminder texts: validated, versioned (a campaign uses the
 * version current when it started), previewed with sample values, and test-sent to the analyst.
 */
@Injectable()
export class MailTextsService {
  private readonly testSends: RateLimiterPostgres;
  private readonly keys: RateLimitKeys;

  constructor(
    private readonly repository: MailTextsRepository,
    private readonly surveys: SurveysService,
    private readonly users: UsersService,
    private readonly transactions: Transactions,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly notice: PrivacyNoticeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    rateLimits: RateLimitsRepository,
  ) {
    this.testSends = rateLimits.limiter({ keyPrefix: 'mail-test-send', points: TEST_SENDS_PER_HOUR, duration: 3600 });
    this.keys = new RateLimitKeys(config.secrets.blindIndexKey);
  }

  async get(surveyId: string): Promise<MailTextsDto> {
    await this.surveys.survey(surveyId);
    const latest = await this.repository.latest(surveyId);
    return {
      version: latest?.version ?? null,
      texts: (latest?.texts ?? {}) as Record<string, unknown>,
      placeholders: [...PLACEHOLDERS],
      changedAt: latest?.createdAt.toISOString() ?? null,
    };
  }

  /** Saves the texts as the survey's next version; campaigns already started keep theirs. */
  async update(actorId: string, surveyId: string, dto: UpdateMailTextsDto): Promise<MailTextsDto> {
    await this.transactions.run(async (manager) => {
      const survey = await this.surveys.find(manager, surveyId, true);
      if (survey.status === SurveyStatus.Closed) throw conflict('A closed survey cannot be changed.');
      const checked = validateMailTexts(dto.texts, surveyLanguages(survey).languages);
      if (!checked.ok) throw new ValidationProblemException(checked.errors);
      const version = ((await this.repository.latest(surveyId, manager))?.version ?? 0) + 1;
      await this.repository.insert({ surveyId, version, texts: checked.texts, createdBy: actorId }, manager);
      await this.audit.record(
        { action: 'survey.mail_texts_changed', resourceType: 'survey', resourceId: surveyId, details: { version } },
        manager,
      );
    });
    return this.get(surveyId);
  }

  /** The latest version number, for a campaign to keep (null: the platform's texts). */
  async currentVersion(surveyId: string, manager?: EntityManager): Promise<number | null> {
    return (await this.repository.latest(surveyId, manager))?.version ?? null;
  }

  /** The texts of one version (a campaign's); none for null. */
  async textsOf(surveyId: string, version: number | null, manager?: EntityManager): Promise<MailTexts> {
    if (version === null) return {};
    return ((await this.repository.version(surveyId, version, manager))?.texts ?? {}) as MailTexts;
  }

  /** The mail as a respondent would get it, with sample values, rendered (and escaped) here. */
  async preview(surveyId: string, request: MailPreviewRequestDto): Promise<MailPreviewDto> {
    const survey = await this.surveys.survey(surveyId);
    const rendered = await this.renderSample(survey, request.kind, request.language, request.texts);
    return { subject: rendered.subject, text: rendered.text, html: rendered.html, language: rendered.language };
  }

  /**
   * Sends the sample mail to the analyst's own staff address, and nowhere else: limited per
   * staff member and audited (without the address).
   */
  async testSend(actorId: string, surveyId: string, request: MailTestSendDto): Promise<void> {
    const survey = await this.surveys.survey(surveyId);
    const rendered = await this.renderSample(survey, request.kind, request.language);
    await consumeOrRefuse(
      this.testSends,
      this.keys.key('staff', actorId),
      `At most ${TEST_SENDS_PER_HOUR} test mails an hour; try again later.`,
    );
    const staff = await this.users.getById(actorId);
    await this.transactions.run(async (manager) => {
      // The message is encrypted under a key of its own, as every mail in the outbox is.
      const subjectId = randomUUID();
      await this.keystore.create([subjectId], manager);
      await this.outbox.enqueue(manager, [
        {
          subjectId,
          kind: 'mail-test',
          to: staff.email,
          subject: `[TEST] ${rendered.subject}`,
          text: rendered.text,
          html: rendered.html,
        },
      ]);
      await this.audit.record(
        {
          action: 'survey.mail_test_sent',
          resourceType: 'survey',
          resourceId: surveyId,
          details: { kind: request.kind, language: rendered.language },
        },
        manager,
      );
    });
  }

  private async renderSample(
    survey: Survey,
    kind: SurveyMailKind,
    language: string,
    submitted?: Record<string, unknown>,
  ): Promise<RenderedMail> {
    const { languages, defaultLanguage } = surveyLanguages(survey);
    if (!languages.includes(language as Language)) {
      throw invalidField('language', `language must be one of the survey's languages (${languages.join(', ')})`);
    }
    let texts: MailTexts;
    if (submitted) {
      const checked = validateMailTexts(submitted, languages);
      if (!checked.ok) throw new ValidationProblemException(checked.errors);
      texts = checked.texts;
    } else {
      texts = await this.textsOf(survey.id, await this.currentVersion(survey.id));
    }
    const custom: MailText | undefined = texts[kind]?.[language as Language];
    const title = (survey.draftQuestionnaire as { title?: LocalizedText }).title;
    const base = this.config.publicUrl;
    return renderSurveyMail({
      kind,
      language,
      organisationName: this.config.privacy.organisationName,
      surveyTitle: localize(title, language as Language, defaultLanguage) || survey.name,
      recipientName: SAMPLE.name,
      surveyUrl: `${base}/r/#${SAMPLE.token}`,
      optOutUrl: `${base}/r/opt-out#${SAMPLE.token}`,
      privacyNoticeUrl: this.notice.noticeUrl(),
      shortNotice: this.notice.shortNotice(language),
      estimatedMinutes: 5,
      deadline: new Date(this.clock.now().getTime() + this.config.ingestion.invitationLinkDays * DAY_MS),
      custom,
    });
  }
}
