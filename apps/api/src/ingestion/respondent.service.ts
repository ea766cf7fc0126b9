import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  isLanguage,
  LANGUAGES,
  textDirection,
  validateAnswers,
  validateDisplayOrder,
  type DisplayOrder,
  type Answers,
  type Language,
  type Questionnaire,
} from '@survey/questionnaire';
import type { SubjectKey } from '@survey/field-crypto';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { sha256 } from '../auth/opaque-tokens';
import { Clock } from '../common/clock';
import { conflict, gone } from '../common/errors';
import { invalidField, ProblemException, ValidationProblemException } from '../common/problem';
import { ProblemType } from '../common/problem-types';
import { AuditService } from '../audit/audit.service';
import { BrandingService } from '../branding/branding.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { CampaignsService } from '../delivery/campaigns.service';
import { InvitationsRepository } from '../delivery/invitations.repository';
import { invalidInvitation, invitationTokenRequired, TOKEN_FORMAT } from '../delivery/invitation-tokens';
import { PrivacyNoticeService } from '../privacy-notice/privacy-notice.service';
import { SurveyStatus } from '../surveys/survey.entity';
import type { SurveyLanguages } from '../surveys/surveys.service';
import { QuestionnaireCache } from './questionnaire-cache';
import {
  DraftSavedDto,
  NewLinkRequestedDto,
  RespondentAnswersDto,
  RespondentLinkDto,
  RespondentSurveyDto,
  SubmissionDto,
} from './ingestion.dto';
import { NewLinkThrottle } from './new-link-throttle';
import { RespondThrottle } from './respond-throttle';
import { RespondentsRepository, type TokenLookupRow } from './respondents.repository';
import { ContactSnapshot, draftContext, hasFreeText, ResponseStore } from './response-store';
import { ResponseChannel } from './response.entity';

/** What a valid token opens, read in one query: the lookup's row, with its parts grouped. */
type OpenedInvitation = Pick<
  TokenLookupRow,
  | 'id'
  | 'surveyId'
  | 'contactId'
  | 'language'
  | 'optedOutAt'
  | 'openedAt'
  | 'startedAt'
  | 'issuedAt'
  | 'surveyStatus'
  | 'latestVersion'
  | 'wrappedKey'
  | 'draftAnswers'
  | 'draftVersion'
  | 'draftSavedAt'
> & {
  snapshot: ContactSnapshot;
  /** The stored response, as the lookup saw it. */
  submitted: Submitted | null;
};

interface Submitted {
  submittedAt: Date;
  questionnaireVersion: number;
}

type Intent = 'read' | 'draft' | 'submit';

/**
 * The language the respondent sees: the one asked for, else the invitation's, as long as the
 * survey offers it; otherwise the survey's default language.
 */
export function offeredLanguage(offered: SurveyLanguages, asked: string | undefined, invitation: string): Language {
  for (const candidate of [asked, invitation]) {
    if (isLanguage(candidate) && offered.languages.includes(candidate)) return candidate;
  }
  return offered.defaultLanguage;
}

/**
 * The respondent's side: a secret link (token in the X-Invitation-Token header) opens one
 * invitation. The token is looked up by hash; unknown tokens count against the caller's IP.
 */
@Injectable()
export class RespondentService {
  constructor(
    private readonly transactions: Transactions,
    private readonly respondents: RespondentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keystore: KeystoreService,
    private readonly throttle: RespondThrottle,
    private readonly questionnaires: QuestionnaireCache,
    private readonly store: ResponseStore,
    private readonly notice: PrivacyNoticeService,
    private readonly campaigns: CampaignsService,
    private readonly invitations: InvitationsRepository,
    private readonly newLinks: NewLinkThrottle,
    private readonly audit: AuditService,
    private readonly branding: BrandingService,
  ) {}

  /**
   * The language of the invitation a link belongs to, whatever the link's state (expired, survey
   * closed, opted out, submitted), so that every page reached from it speaks the invitee's
   * language rather than the browser's. Changes nothing (the link is not marked opened).
   */
  async link(token: string | undefined, ip: string): Promise<RespondentLinkDto> {
    return this.withInvitation(token, ip, (_manager, invitation) => {
      const language: Language = isLanguage(invitation.language) ? invitation.language : 'en';
      return Promise.resolve({ language, textDirection: textDirection(language) });
    });
  }

  /**
   * "Send me a new link" from the expired-link page. The answer is the same whatever happens: a
   * mail sent or not, a known or unknown link, an invitation that can no longer be answered, the
   * invitation's own budget spent. Only an address that asks too often gets a 429 (which says
   * nothing about any invitation), and a request without a token a 400. A new link goes only to
   * the address stored for the invitation, and only when the link presented has expired.
   */
  async requestNewLink(token: string | undefined, ip: string): Promise<NewLinkRequestedDto> {
    if (token === undefined || token === '') throw invitationTokenRequired();
    await this.newLinks.admitClient(ip);
    const invitation = await this.resolve(this.transactions.manager, token, ip).catch(async (error: unknown) => {
      // An unknown link counts against the address as on every respondent route, then is answered alike.
      const refusal = await this.charged(error as Error, ip);
      if (isUnknownToken(refusal)) return null;
      throw refusal;
    });
    if (!invitation) return { received: true };
    const outcome = await this.newLinkOutcome(invitation);
    await this.transactions.run(async (manager) => {
      const sent = outcome === 'due' && (await this.campaigns.sendNewLink(invitation.id, manager));
      await this.audit.record(
        {
          action: 'invitation.new_link_requested',
          resourceType: 'invitation',
          resourceId: invitation.id,
          details: { sent, ...(sent ? {} : { reason: outcome === 'due' ? 'not_answerable' : outcome }) },
        },
        manager,
      );
    });
    return { received: true };
  }

  /** Whether a new link is due for this invitation, or why not. */
  private async newLinkOutcome(
    invitation: OpenedInvitation,
  ): Promise<'due' | 'link_still_valid' | 'not_answerable' | 'invitation_limit'> {
    if (invitation.submitted || invitation.optedOutAt || invitation.surveyStatus !== SurveyStatus.Open) {
      return 'not_answerable';
    }
    if (!this.expired(invitation)) return 'link_still_valid';
    return (await this.newLinks.spendForInvitation(invitation.id)) ? 'due' : 'invitation_limit';
  }

  private expired(invitation: OpenedInvitation): boolean {
    const expiresAt = invitation.issuedAt.getTime() + this.config.ingestion.invitationLinkDays * 86_400_000;
    return this.clock.now().getTime() >= expiresAt;
  }

  async open(token: string | undefined, ip: string, lang: string | undefined): Promise<RespondentSurveyDto> {
    if (lang !== undefined && !isLanguage(lang)) {
      throw invalidField('lang', `lang must be one of: ${LANGUAGES.join(', ')}`);
    }
    return this.withInvitation(token, ip, async (manager, invitation) => {
      const { submitted } = invitation;
      if (!submitted) this.requireAnswerable(invitation, 'read');
      const version = submitted?.questionnaireVersion ?? invitation.latestVersion;
      const { questionnaire, languages } = await this.questionnaires.requireVersion(
        manager,
        invitation.surveyId,
        version,
      );
      const language = offeredLanguage(languages, lang, invitation.language);
      if (!submitted && !invitation.openedAt) {
        await this.invitations.markOpened(invitation.id, this.clock.now(), manager);
      }
      const draft = submitted ? null : this.readDraft(invitation);
      return {
        status: submitted ? 'submitted' : 'open',
        submittedAt: submitted?.submittedAt.toISOString() ?? null,
        language,
        textDirection: textDirection(language),
        questionnaireVersion: version as number,
        questionnaire: questionnaire as unknown as Record<string, unknown>,
        languages: languages.languages,
        defaultLanguage: languages.defaultLanguage,
        privacyNotice: { summary: this.notice.shortNotice(language), url: this.notice.noticeUrl() },
        brand: await this.branding.respondentBrand(invitation.surveyId, language, languages.defaultLanguage, manager),
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
      const saved = await this.invitations.saveDraft(invitation.id, sealed, version, savedAt, manager);
      if (!saved) {
        // Submitted or opted out since the lookup: answer as a fresh lookup would.
        const now = await this.resolve(manager, token, ip);
        if (now.submitted) throw alreadySubmitted();
        this.requireAnswerable(now, 'draft');
        throw conflict('A concurrent change got in the way; try again.');
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
      const { version, answers, questionnaire, displayOrder } = await this.checkedAnswers(
        manager,
        invitation,
        body,
        false,
      );
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
            displayOrder,
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
      throw conflict('A concurrent change got in the way; try again.');
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
    const manager = this.transactions.manager;
    const invitation = await this.resolve(manager, token, ip).catch(async (error: unknown) => {
      throw await this.charged(error as Error, ip);
    });
    return work(manager, invitation);
  }

  /** Counts an unknown token against the address (which may turn the answer into a 429). */
  private async charged(error: Error, ip: string): Promise<Error> {
    if (isUnknownToken(error)) await this.throttle.failed(ip);
    return error;
  }

  /**
   * The invitation a token opens, with everything a respondent call needs, in one query: the
   * survey's state and latest version, the contact's snapshot, any stored response, the
   * respondent's wrapped key and the caller's count of unknown tokens.
   */
  private async resolve(manager: EntityManager, token: string | undefined, ip: string): Promise<OpenedInvitation> {
    if (token === undefined || token === '') throw invitationTokenRequired();
    const row = TOKEN_FORMAT.test(token)
      ? await this.respondents.lookupByToken(sha256(token), this.throttle.storageKey(ip), Date.now(), manager)
      : undefined;
    // A contact whose key is gone is being erased: the link is as dead as an unknown one.
    if (!row || !row.wrappedKey) throw invalidInvitation();
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
    } = row;
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
      throw gone('You opted out of this survey, so it can no longer be answered with this link.', ProblemType.OptedOut);
    }
    if (invitation.surveyStatus !== SurveyStatus.Open) {
      throw gone('This survey is closed; it no longer accepts answers.', ProblemType.SurveyClosed);
    }
    if (this.expired(invitation)) {
      throw gone(
        intent === 'read'
          ? 'This survey link has expired. Please use the link from your most recent invitation or reminder.'
          : 'This survey link has expired, so answers can no longer be saved with it.',
        ProblemType.LinkExpired,
      );
    }
  }

  private async checkedAnswers(
    manager: EntityManager,
    invitation: OpenedInvitation,
    body: RespondentAnswersDto,
    partial: boolean,
  ): Promise<{ version: number; answers: Answers; questionnaire: Questionnaire; displayOrder: DisplayOrder | null }> {
    const version = body.questionnaireVersion ?? invitation.latestVersion;
    const questionnaire =
      version === null ? null : await this.questionnaires.get(manager, invitation.surveyId, version);
    if (!questionnaire) {
      throw conflict(
        'The survey has no questionnaire of this version; reload the survey.',
        ProblemType.QuestionnaireChanged,
        {
          errors: [{ field: 'questionnaireVersion', message: 'is not a published version of this survey' }],
        },
      );
    }
    const checked = validateAnswers(questionnaire, body.answers, { partial });
    const order = validateDisplayOrder(questionnaire, body.displayOrder);
    const errors = [...(checked.ok ? [] : checked.errors), ...(order.ok ? [] : order.errors)];
    if (!checked.ok || !order.ok) throw new ValidationProblemException(errors);
    return { version: version as number, answers: checked.answers, questionnaire, displayOrder: order.displayOrder };
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

/** The 404 of a token that opens nothing (as opposed to a 429, or a 400 without a token). */
function isUnknownToken(error: Error): boolean {
  return (
    error instanceof ProblemException &&
    error.problemOptions.type === ProblemType.InvalidInvitation &&
    error.getStatus() === HttpStatus.NOT_FOUND
  );
}

function alreadySubmitted(): ProblemException {
  return conflict(
    'This survey has already been submitted with this link; the answers can no longer be changed.',
    ProblemType.AlreadySubmitted,
  );
}

function submissionResult(submission: Submitted): SubmissionDto {
  return {
    status: 'submitted',
    submittedAt: submission.submittedAt.toISOString(),
    questionnaireVersion: submission.questionnaireVersion,
  };
}
