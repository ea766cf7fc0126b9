import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CONTACT_FIELDS } from '../contacts/contact-fields';
import { PrivacyNoticeDto, PrivacyNoticeSectionDto } from './privacy-notice.dto';
import {
  capitalise,
  formatList,
  NoticeLanguage,
  noticeDirection,
  noticeLanguageOrDefault,
  typeset,
} from './notice-languages';
import { noticeAudiences } from './privacy-notice.recipients';
import {
  AnonymisationFacts,
  CONTACT_FIELD_LABELS,
  DATA_ACCESS_PURPOSE_LABELS,
  NOTICE_TEXTS,
  NoticeFacts,
  NoticeTexts,
} from './privacy-notice.texts';
import { PRIVACY_REQUEST_TYPES } from './privacy-request-types';

/** What the notice of one survey says about it: whether it anonymises at close, and when it closed. */
export interface SurveyNoticeFacts {
  anonymiseAtClose: boolean;
  closedAt: Date | null;
}

/** Path, under PUBLIC_URL, of the respondent app's page that shows the notice and takes requests. */
export const PRIVACY_PAGE_PATH = '/r/privacy';

/**
 * Renders the privacy notice from what the system actually does: the configured organisation,
 * contact address and retention period, the fields CONTACT_FIELDS says are held (and which of
 * them are encrypted), the recipients the roles and API-key scopes allow, the configured reasons
 * for reading personal data, and the request types the privacy-request workflow accepts.
 */
@Injectable()
export class PrivacyNoticeService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Where the full notice (and the request form) is, for links in e-mails and pages. */
  noticeUrl(): string {
    return `${this.config.publicUrl}${PRIVACY_PAGE_PATH}`;
  }

  /**
   * The full notice; a language other than the six gives the English one. With a survey, the
   * retention section says whether and when that survey's answers are anonymised.
   */
  notice(lang: string = 'en', survey?: SurveyNoticeFacts): PrivacyNoticeDto {
    const language = noticeLanguageOrDefault(lang);
    const texts = NOTICE_TEXTS[language];
    const facts = this.facts(language);
    const sections: PrivacyNoticeSectionDto[] = [
      {
        id: 'data-held',
        heading: texts.dataHeld.heading,
        paragraphs: texts.dataHeld.paragraphs(facts),
        items: [...CONTACT_FIELDS.map((field) => CONTACT_FIELD_LABELS[field.key][language]), texts.dataHeld.answers],
      },
      {
        id: 'recipients',
        heading: texts.recipients.heading,
        paragraphs: texts.recipients.paragraphs,
        items: noticeAudiences().map((audience) => texts.recipients.audiences[audience]),
      },
      {
        id: 'purpose',
        heading: texts.purpose.heading,
        paragraphs: [...texts.purpose.paragraphs, texts.purpose.purposesIntro],
        items: this.config.dataAccessPurposes.map((purpose) => purposeLabel(purpose, language)),
      },
      {
        id: 'security',
        heading: texts.security.heading,
        paragraphs: texts.security.paragraphs,
        items: securityItems(texts, facts),
      },
      {
        id: 'rights',
        heading: texts.rights.heading,
        paragraphs: texts.rights.paragraphs(facts),
        items: PRIVACY_REQUEST_TYPES.map((type) => texts.rights.requests[type]),
      },
      {
        id: 'retention',
        heading: texts.retention.heading,
        paragraphs: [
          ...texts.retention.paragraphs(facts),
          texts.retention.anonymisation(anonymisationFacts(language, survey)),
        ],
        items: [],
      },
    ];
    const set = (text: string) => typeset(language, text);
    return {
      language,
      direction: noticeDirection(language),
      title: set(texts.title),
      organisation: this.config.privacy.organisationName,
      contactEmail: this.config.privacy.contactEmail,
      retentionMonths: this.config.privacy.retentionMonths,
      sections: sections.map((section) => ({
        id: section.id,
        heading: set(section.heading),
        paragraphs: section.paragraphs.map(set),
        items: section.items.map((item) => set(capitalise(language, item))),
      })),
      requestFormUrl: this.noticeUrl(),
    };
  }

  /**
   * Two or three sentences for the foot of an e-mail: who processes the data and why, how long
   * they are kept, the rights, and where the full notice is.
   */
  shortNotice(lang: string = 'en'): string {
    const language = noticeLanguageOrDefault(lang);
    return typeset(language, NOTICE_TEXTS[language].short(this.facts(language)));
  }

  private facts(language: NoticeLanguage): NoticeFacts {
    const encrypted = CONTACT_FIELDS.filter((field) => field.encrypted).map(
      (field) => CONTACT_FIELD_LABELS[field.key][language],
    );
    return {
      organisation: this.config.privacy.organisationName,
      contactEmail: this.config.privacy.contactEmail,
      retentionMonths: this.config.privacy.retentionMonths,
      requestFormUrl: this.noticeUrl(),
      encryptedFields: formatList(language, encrypted),
    };
  }
}

function anonymisationFacts(language: NoticeLanguage, survey: SurveyNoticeFacts | undefined): AnonymisationFacts {
  if (!survey) return { survey: false };
  if (!survey.anonymiseAtClose) return { survey: true, atClose: false };
  const closedOn = survey.closedAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(survey.closedAt)
    : null;
  return { survey: true, atClose: true, closedOn };
}

function securityItems(texts: NoticeTexts, facts: NoticeFacts): string[] {
  const items = [texts.security.accessControl, texts.security.auditLog];
  // Only claimed when some field really is stored encrypted.
  return facts.encryptedFields ? [texts.security.encryption(facts), ...items] : items;
}

function purposeLabel(purpose: string, language: NoticeLanguage): string {
  return Object.hasOwn(DATA_ACCESS_PURPOSE_LABELS, purpose)
    ? DATA_ACCESS_PURPOSE_LABELS[purpose][language]
    : purpose.replace(/[-_]+/g, ' ');
}
