import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  freeTextQuestionNames,
  isLanguage,
  LANGUAGES,
  textDirection,
  validateAnswers,
  type Answers,
  type Language,
  type Questionnaire,
} from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { invalidField, ProblemException, ValidationProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { CampaignsService } from '../delivery/campaigns.service';
import { INVALID_INVITATION_TYPE, INVITATION_TOKEN_HEADER, TOKEN_FORMAT } from '../delivery/invitation-tokens';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { SurveyStatus } from '../surveys/survey.entity';
import { QuestionnaireCache } from './questionnaire-cache';
import { RespondentAnswersDto, RespondentSurveyDto, SubmissionDto, DraftSavedDto } from './ingestion.dto';
import { RespondThrottle } from './respond-throttle';
import { ContactSnapshot, draftContext, ResponseStore } from './response-store';
import { ResponseChannel } from './response.entity';

export const LINK_EXPIRED_TYPE = 'urn:survey:problem:link-expired';
export const OPTED_OUT_TYPE = 'urn:survey:problem:opted-out';
export const SURVEY_CLOSED_TYPE = 'urn:survey:problem:survey-closed';
export const ALREADY_SUBMITTED_TYPE = 'urn:survey:problem:already-submitted';
export const QUESTIONNAIRE_CHANGED_TYPE = 'urn:survey:problem:questionnaire-changed';

/** What a valid token opens, read (and, for writes, locked) in one query. */
interface OpenedInvitation {
  id: string;
  surveyId: string;
  contactId: string;
  language: string;
  optedOutAt: Date | null;
  openedAt: Date | null;
  startedAt: Date | null;
  issuedAt: Date;
  surveyStatus: SurveyStatus;
  latestVersion: number | null;
  snapshot: ContactSnapshot;
}

interface Submitted {
  submittedAt: Date;
  questionnaireVersion: number;
}

type Intent = 'read' | 'draft' | 'submit';

/**
 * The respondent's side: a secret link (token in the X-Invitation-Token header) opens one
 * invitation. The token is looked up by hash; unknown tokens count against the caller's IP.
 */
@Injectable()
export class RespondentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
    private readonly throttle: RespondThrottle,
    private readonly questionnaires: QuestionnaireCache,
    private readonly store: ResponseStore,
    private readonly notice: PrivacyNoticeService,
    private readonly campaigns: CampaignsService,
  ) {}

  async open(token: string | undefined, ip: string, lang: string | undefined): Promise<RespondentSurveyDto> {
    if (lang !== undefined && !isLanguage(lang)) {
      throw invalidField('lang', `lang must be one of: ${LANGUAGES.join(', ')}`);
    }
    return this.withInvitation(token, ip, false, async (manager, invitation) => {
      const submitted = await this.submission(manager, invitation.id);
      if (!submitted) this.requireAnswerable(invitation, 'read');
      const version = submitted?.questionnaireVersion ?? invitation.latestVersion;
      const questionnaire = await this.questionnaires.require(manager, invitation.surveyId, version);
      const language: Language = lang ?? (isLanguage(invitation.language) ? invitation.language : 'en');
      if (!submitted && !invitation.openedAt) {
        await manager.query('UPDATE invitations SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL', [
          invitation.id,
          this.clock.now(),
        ]);
      }
      const draft = submitted ? null : await this.readDraft(manager, invitation);
      return {
        status: submitted ? 'submitted' : 'open',
        submittedAt: submitted?.submittedAt.toISOString() ?? null,
        language,
        textDirection: textDirection(language),
        questionnaireVersion: version as number,
        questionnaire: questionnaire as unknown as Record<string, unknown>,
        privacyNotice: { summary: this.notice.shortNotice(language), url: this.notice.noticeUrl() },
        draft,
      };
    });
  }

  async saveDraft(token: string | undefined, ip: string, body: RespondentAnswersDto): Promise<DraftSavedDto> {
    return this.withInvitation(token, ip, true, async (manager, invitation) => {
      if (await this.submission(manager, invitation.id)) throw alreadySubmitted();
      this.requireAnswerable(invitation, 'draft');
      const { version, answers } = await this.checkedAnswers(manager, invitation, body, true);
      const key = await this.keystore.keyFor(invitation.contactId, manager);
      const savedAt = this.clock.now();
      await manager.query(
        `INSERT INTO response_drafts (invitation_id, questionnaire_version, answers, saved_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (invitation_id) DO UPDATE
           SET questionnaire_version = excluded.questionnaire_version, answers = excluded.answers,
               saved_at = excluded.saved_at`,
        [invitation.id, version, this.keystore.crypto.encryptJson(key, answers, draftContext(invitation.id)), savedAt],
      );
      await manager.query(
        `UPDATE invitations SET started_at = coalesce(started_at, $2), opened_at = coalesce(opened_at, $2)
          WHERE id = $1 AND started_at IS NULL`,
        [invitation.id, savedAt],
      );
      return { savedAt: savedAt.toISOString(), questionnaireVersion: version };
    });
  }

  /**
   * Exactly once: the invitation row is locked, so concurrent submissions queue; the first
   * stores the response and the others (and any later repeat) get the first one's result.
   */
  async submit(token: string | undefined, ip: string, body: RespondentAnswersDto): Promise<SubmissionDto> {
    return this.withInvitation(token, ip, true, async (manager, invitation) => {
      const earlier = await this.submission(manager, invitation.id);
      if (earlier) return submissionResult(earlier);
      this.requireAnswerable(invitation, 'submit');
      const { version, answers, questionnaire } = await this.checkedAnswers(manager, invitation, body, false);
      const submittedAt = this.clock.now();
      const id = randomUUID();
      const hasFreeText = freeTextQuestionNames(questionnaire).some((name) => name in answers);
      const keys = hasFreeText
        ? new Map([[invitation.contactId, await this.keystore.keyFor(invitation.contactId, manager)]])
        : new Map();
      const stored = await this.store.insert(
        manager,
        [
          {
            id,
            surveyId: invitation.surveyId,
            questionnaireVersion: version,
            invitationId: invitation.id,
            contactId: invitation.contactId,
            channel: ResponseChannel.Web,
            providerResponseId: null,
            apiKeyId: null,
            answers,
            language: isLanguage(body.language) ? body.language : invitation.language,
            snapshot: invitation.snapshot,
            submittedAt,
          },
        ],
        () => questionnaire,
        keys,
        submittedAt,
      );
      if (!stored.has(id)) {
        // Another path (a provider batch) stored one between our check and our insert.
        const first = await this.submission(manager, invitation.id);
        if (first) return submissionResult(first);
        throw new ProblemException(HttpStatus.CONFLICT, 'A concurrent change got in the way; try again.');
      }
      return submissionResult({ submittedAt, questionnaireVersion: version });
    });
  }

  /** Opt-out works whatever the state of the survey or link: it only ever stops mail. */
  async optOut(token: string | undefined, ip: string): Promise<void> {
    await this.throttled(ip, () => this.campaigns.optOut(token));
  }

  /**
   * Runs `work` in a transaction on the invitation the token opens. The throttle is consulted
   * and charged outside the transaction, so a request never holds one pooled connection while
   * waiting for another.
   */
  private withInvitation<T>(
    token: string | undefined,
    ip: string,
    lock: boolean,
    work: (manager: EntityManager, invitation: OpenedInvitation) => Promise<T>,
  ): Promise<T> {
    return this.throttled(ip, () =>
      this.dataSource.transaction(async (manager) => work(manager, await this.resolve(manager, token, lock))),
    );
  }

  private async throttled<T>(ip: string, work: () => Promise<T>): Promise<T> {
    await this.throttle.admit(ip);
    try {
      return await work();
    } catch (error) {
      const unknownToken =
        error instanceof ProblemException &&
        error.problemOptions.type === INVALID_INVITATION_TYPE &&
        error.getStatus() === HttpStatus.NOT_FOUND;
      if (unknownToken) await this.throttle.failed(ip);
      throw error;
    }
  }

  private async resolve(manager: EntityManager, token: string | undefined, lock: boolean): Promise<OpenedInvitation> {
    if (token === undefined || token === '') {
      throw new ProblemException(HttpStatus.BAD_REQUEST, `The ${INVITATION_TOKEN_HEADER} header is required.`, {
        type: INVALID_INVITATION_TYPE,
        errors: [{ field: INVITATION_TOKEN_HEADER, message: 'is required' }],
      });
    }
    const rows: Array<Omit<OpenedInvitation, 'snapshot'> & ContactSnapshot> = TOKEN_FORMAT.test(token)
      ? await manager.query(
          `SELECT i.id, i.survey_id AS "surveyId", i.contact_id AS "contactId", i.language,
                  i.opted_out_at AS "optedOutAt", i.opened_at AS "openedAt", i.started_at AS "startedAt",
                  t.created_at AS "issuedAt", s.status AS "surveyStatus",
                  (SELECT max(v.version) FROM questionnaire_versions v WHERE v.survey_id = i.survey_id)
                    AS "latestVersion",
                  c.country, c.segment, c.role, c.relationship_since::text AS "relationshipSince"
             FROM invitation_tokens t
             JOIN invitations i ON i.id = t.invitation_id
             JOIN surveys s ON s.id = i.survey_id
             JOIN contacts c ON c.id = i.contact_id
            WHERE t.token_hash = $1
            ${lock ? 'FOR UPDATE OF i' : ''}`,
          [sha256(token)],
        )
      : [];
    if (rows.length === 0) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'This survey link is not valid. Please use the link from your most recent invitation.',
        { type: INVALID_INVITATION_TYPE },
      );
    }
    const { country, segment, role, relationshipSince, ...invitation } = rows[0];
    return { ...invitation, snapshot: { country, segment, role, relationshipSince } };
  }

  /** The stored response's result, if the invitation has one; read after the lock, so it sees a concurrent commit. */
  private async submission(manager: EntityManager, invitationId: string): Promise<Submitted | null> {
    const rows: { submitted_at: Date; questionnaire_version: number }[] = await manager.query(
      'SELECT submitted_at, questionnaire_version FROM responses WHERE invitation_id = $1',
      [invitationId],
    );
    return rows.length > 0
      ? { submittedAt: rows[0].submitted_at, questionnaireVersion: rows[0].questionnaire_version }
      : null;
  }

  /** Opted out, closed survey, expired link: each a clear 410, which only the token's holder can see. */
  private requireAnswerable(invitation: OpenedInvitation, intent: Intent): void {
    if (invitation.optedOutAt) {
      throw new ProblemException(
        HttpStatus.GONE,
        'You opted out of this survey, so it can no longer be answered with this link.',
        { type: OPTED_OUT_TYPE },
      );
    }
    if (invitation.surveyStatus !== SurveyStatus.Open) {
      throw new ProblemException(HttpStatus.GONE, 'This survey is closed; it no longer accepts answers.', {
        type: SURVEY_CLOSED_TYPE,
      });
    }
    const expiresAt = invitation.issuedAt.getTime() + this.config.ingestion.invitationLinkDays * 86_400_000;
    if (this.clock.now().getTime() >= expiresAt) {
      throw new ProblemException(
        HttpStatus.GONE,
        intent === 'read'
          ? 'This survey link has expired. Please use the link from your most recent invitation or reminder.'
          : 'This survey link has expired, so answers can no longer be saved with it.',
        { type: LINK_EXPIRED_TYPE },
      );
    }
  }

  private async checkedAnswers(
    manager: EntityManager,
    invitation: OpenedInvitation,
    body: RespondentAnswersDto,
    partial: boolean,
  ): Promise<{ version: number; answers: Answers; questionnaire: Questionnaire }> {
    const version = body.questionnaireVersion ?? invitation.latestVersion;
    const questionnaire =
      version === null ? null : await this.questionnaires.get(manager, invitation.surveyId, version);
    if (!questionnaire) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'The survey has no questionnaire of this version; reload the survey.',
        {
          type: QUESTIONNAIRE_CHANGED_TYPE,
          errors: [{ field: 'questionnaireVersion', message: 'is not a published version of this survey' }],
        },
      );
    }
    const checked = validateAnswers(questionnaire, body.answers, { partial });
    if (!checked.ok) throw new ValidationProblemException(checked.errors);
    return { version: version as number, answers: checked.answers, questionnaire };
  }

  private async readDraft(manager: EntityManager, invitation: OpenedInvitation): Promise<RespondentSurveyDto['draft']> {
    const rows: { questionnaire_version: number; answers: Buffer; saved_at: Date }[] = await manager.query(
      'SELECT questionnaire_version, answers, saved_at FROM response_drafts WHERE invitation_id = $1',
      [invitation.id],
    );
    if (rows.length === 0) return null;
    const key = await this.keystore.keyFor(invitation.contactId, manager);
    return {
      questionnaireVersion: rows[0].questionnaire_version,
      savedAt: rows[0].saved_at.toISOString(),
      answers: this.keystore.crypto.decryptJson<Answers>(key, rows[0].answers, draftContext(invitation.id)),
    };
  }
}

function alreadySubmitted(): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'This survey has already been submitted with this link; the answers can no longer be changed.',
    { type: ALREADY_SUBMITTED_TYPE },
  );
}

function submissionResult(submission: Submitted): SubmissionDto {
  return {
    status: 'submitted',
    submittedAt: submission.submittedAt.toISOString(),
    questionnaireVersion: submission.questionnaireVersion,
  };
}
