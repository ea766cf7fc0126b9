import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  isLanguage,
  LANGUAGES,
  textDirection,
  validateAnswers,
  type Answers,
  type Language,
  type Questionnaire,
} from '@survey/questionnaire';
import type { SubjectKey } from '@survey/field-crypto';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { invalidField, ProblemException, ValidationProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { preparedQuery } from '../database/prepared-query';
import { CampaignsService } from '../delivery/campaigns.service';
import { invalidInvitation, invitationTokenRequired, TOKEN_FORMAT } from '../delivery/invitation-tokens';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { SurveyStatus } from '../surveys/survey.entity';
import { QuestionnaireCache } from './questionnaire-cache';
import { RespondentAnswersDto, RespondentSurveyDto, SubmissionDto, DraftSavedDto } from './ingestion.dto';
import { RespondThrottle } from './respond-throttle';
import { ContactSnapshot, draftContext, hasFreeText, ResponseStore } from './response-store';
import { ResponseChannel } from './response.entity';

export const LINK_EXPIRED_TYPE = 'urn:survey:problem:link-expired';
export const OPTED_OUT_TYPE = 'urn:survey:problem:opted-out';
export const SURVEY_CLOSED_TYPE = 'urn:survey:problem:survey-closed';
export const ALREADY_SUBMITTED_TYPE = 'urn:survey:problem:already-submitted';
export const QUESTIONNAIRE_CHANGED_TYPE = 'urn:survey:problem:questionnaire-changed';

/** What a valid token opens, read in one query. */
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
  /** The stored response, as the lookup saw it. */
  submitted: Submitted | null;
  /** The respondent's wrapped key; null once shredded. */
  wrappedKey: Buffer | null;
  draftAnswers: Buffer | null;
  draftVersion: number | null;
  draftSavedAt: Date | null;
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
    return this.withInvitation(token, ip, async (manager, invitation) => {
      const { submitted } = invitation;
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
      const draft = submitted ? null : this.readDraft(invitation);
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

  /**
   * Saves the answers so far on the invitation row, only while it has no response: a save that
   * races a submission is decided by the row itself (the submission sets `completed_at` in the
   * statement that stores the response), so no draft outlives its submission.
   */
  async saveDraft(token: string | undefined, ip: string, body: RespondentAnswersDto): Promise<DraftSavedDto> {
    return this.withInvitation(token, ip, async (manager, invitation) => {
      if (invitation.submitted) throw alreadySubmitted();
      this.requireAnswerable(invitation, 'draft');
      const { version, answers } = await this.checkedAnswers(manager, invitation, body, true);
      const sealed = this.keystore.crypto.encryptJson(this.keyOf(invitation), answers, draftContext(invitation.id));
      const savedAt = this.clock.now();
      const saved = await preparedQuery(
        manager,
        'respond-save-draft',
        `UPDATE invitations
            SET draft_answers = $2, draft_version = $3, draft_saved_at = $4,
                started_at = coalesce(started_at, $4), opened_at = coalesce(opened_at, $4)
          WHERE id = $1 AND completed_at IS NULL AND opted_out_at IS NULL
          RETURNING 1`,
        [invitation.id, sealed, version, savedAt],
      );
      if (saved.length === 0) {
        // Submitted or opted out since the lookup: answer as a fresh lookup would.
        const now = await this.resolve(manager, token, ip);
        if (now.submitted) throw alreadySubmitted();
        this.requireAnswerable(now, 'draft');
        throw new ProblemException(HttpStatus.CONFLICT, 'A concurrent change got in the way; try again.');
      }
      return { savedAt: savedAt.toISOString(), questionnaireVersion: version };
    });
  }

  /**
   * Exactly once, without holding a lock across the request: the insert is one statement that
   * stores the response only if the invitation has none (unique key), is not opted out and its
   * survey is open. Whoever loses a race (a double click, two tabs, a provider batch) reads the
   * first response back and returns its result.
   */
  async submit(token: string | undefined, ip: string, body: RespondentAnswersDto): Promise<SubmissionDto> {
    return this.withInvitation(token, ip, async (manager, invitation) => {
      if (invitation.submitted) return submissionResult(invitation.submitted);
      this.requireAnswerable(invitation, 'submit');
      const { version, answers, questionnaire } = await this.checkedAnswers(manager, invitation, body, false);
      const submittedAt = this.clock.now();
      const id = randomUUID();
      const keys = hasFreeText(questionnaire, answers)
        ? new Map([[invitation.contactId, this.keyOf(invitation)]])
        : new Map<string, SubjectKey>();
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
      if (stored.has(id)) return submissionResult({ submittedAt, questionnaireVersion: version });
      // Lost a race: a response was stored since the lookup, or the invitation stopped taking one.
      const now = await this.resolve(manager, token, ip);
      if (now.submitted) return submissionResult(now.submitted);
      this.requireAnswerable(now, 'submit');
      throw new ProblemException(HttpStatus.CONFLICT, 'A concurrent change got in the way; try again.');
    });
  }

  /** Opt-out works whatever the state of the survey or link: it only ever stops mail. */
  async optOut(token: string | undefined, ip: string): Promise<void> {
    await this.throttle.admit(ip);
    try {
      await this.campaigns.optOut(token);
    } catch (error) {
      throw await this.charged(error as Error, ip);
    }
  }

  /**
   * Runs `work` on the invitation the token opens. No transaction is held: each write is one
   * statement whose conditions decide races (see submit and saveDraft).
   */
  private async withInvitation<T>(
    token: string | undefined,
    ip: string,
    work: (manager: EntityManager, invitation: OpenedInvitation) => Promise<T>,
  ): Promise<T> {
    const manager = this.dataSource.manager;
    const invitation = await this.resolve(manager, token, ip).catch(async (error: unknown) => {
      throw await this.charged(error as Error, ip);
    });
    return work(manager, invitation);
  }

  /** Counts an unknown token against the address (which may turn the answer into a 429). */
  private async charged(error: Error, ip: string): Promise<Error> {
    const unknownToken =
      error instanceof ProblemException &&
      error.problemOptions.type === ProblemType.InvalidInvitation &&
      error.getStatus() === HttpStatus.NOT_FOUND;
    if (unknownToken) await this.throttle.failed(ip);
    return error;
  }

  /**
   * The invitation a token opens, with everything a respondent call needs, in one query: the
   * survey's state and latest version, the contact's snapshot, any stored response, the
   * respondent's wrapped key and the caller's count of unknown tokens.
   */
  private async resolve(manager: EntityManager, token: string | undefined, ip: string): Promise<OpenedInvitation> {
    if (token === undefined || token === '') throw invitationTokenRequired();
    type Row = Omit<OpenedInvitation, 'snapshot' | 'submitted'> &
      ContactSnapshot & {
        submittedAt: Date | null;
        submittedVersion: number | null;
        ipFailures: number | null;
        ipFailuresExpire: string | null;
      };
    const rows: Row[] = TOKEN_FORMAT.test(token)
      ? await preparedQuery<Row>(
          manager,
          'respond-lookup',
          `SELECT i.id, i.survey_id AS "surveyId", i.contact_id AS "contactId", i.language,
                  i.opted_out_at AS "optedOutAt", i.opened_at AS "openedAt", i.started_at AS "startedAt",
                  t.created_at AS "issuedAt", s.status AS "surveyStatus",
                  (SELECT max(v.version) FROM questionnaire_versions v WHERE v.survey_id = i.survey_id)
                    AS "latestVersion",
                  c.country, c.segment, c.role, c.relationship_since::text AS "relationshipSince",
                  r.submitted_at AS "submittedAt", r.questionnaire_version AS "submittedVersion",
                  i.draft_answers AS "draftAnswers", i.draft_version AS "draftVersion",
                  i.draft_saved_at AS "draftSavedAt",
                  k.wrapped_key AS "wrappedKey", rl.points AS "ipFailures", rl.expire AS "ipFailuresExpire"
             FROM invitation_tokens t
             JOIN invitations i ON i.id = t.invitation_id
             JOIN surveys s ON s.id = i.survey_id
             JOIN contacts c ON c.id = i.contact_id
             LEFT JOIN responses r ON r.invitation_id = i.id
             LEFT JOIN keystore.subject_keys k ON k.subject_id = i.contact_id
             LEFT JOIN rate_limits rl ON rl.key = $2 AND (rl.expire IS NULL OR rl.expire > $3)
            WHERE t.token_hash = $1`,
          [sha256(token), this.throttle.storageKey(ip), Date.now()],
        )
      : [];
    // A contact whose key is gone is being erased: the link is as dead as an unknown one.
    if (rows.length === 0 || !rows[0].wrappedKey) throw invalidInvitation();
    const {
      country,
      segment,
      role,
      relationshipSince,
      submittedAt,
      submittedVersion,
      ipFailures,
      ipFailuresExpire,
      ...invitation
    } = rows[0];
    this.throttle.refuseIfSpent(ipFailures, ipFailuresExpire);
    const submitted = submittedAt ? { submittedAt, questionnaireVersion: submittedVersion as number } : null;
    return { ...invitation, snapshot: { country, segment, role, relationshipSince }, submitted };
  }

  private keyOf(invitation: OpenedInvitation): SubjectKey {
    // resolve() refuses invitations without a key, so this holds.
    return this.keystore.crypto.unwrap(invitation.contactId, invitation.wrappedKey as Buffer);
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

  private readDraft(invitation: OpenedInvitation): RespondentSurveyDto['draft'] {
    if (!invitation.draftAnswers || invitation.draftVersion === null || !invitation.draftSavedAt) return null;
    return {
      questionnaireVersion: invitation.draftVersion,
      savedAt: invitation.draftSavedAt.toISOString(),
      answers: this.keystore.crypto.decryptJson<Answers>(
        this.keyOf(invitation),
        invitation.draftAnswers,
        draftContext(invitation.id),
      ),
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
