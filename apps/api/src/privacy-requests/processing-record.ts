import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ROLES_REQUIRING_MFA, StaffRole } from '../auth/roles';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CONTACT_FIELDS } from '../contacts/contact-fields';
import { SEGMENTS } from '../contacts/contact.entity';
import { ContactsService } from '../contacts/contacts.service';
import {
  AUDIENCE_ACCESS,
  NoticeAudience,
  noticeAudiences,
  RECIPIENTS_BY_API_KEY_SCOPE,
  RECIPIENTS_BY_ROLE,
} from '../privacy-notice/privacy-notice.recipients';
import { CONTACT_FIELD_LABELS, DATA_ACCESS_PURPOSE_LABELS, NOTICE_TEXTS } from '../privacy-notice/privacy-notice.texts';
import { PRIVACY_REQUEST_TYPES } from '../privacy-notice/privacy-request-types';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import { ADDRESS_GRACE_DAYS } from './privacy-request-retention';

export class DataCategoryDto {
  @ApiProperty()
  category: string;

  /** Stored only encrypted, under a key of the person's that erasure and expiry shred. */
  @ApiProperty()
  encrypted: boolean;
}

export class RecipientDto {
  @ApiProperty()
  recipient: string;

  /** identified, pseudonymised or aggregate. */
  @ApiProperty({ enum: ['identified', 'pseudonymised', 'aggregate'] })
  access: string;

  /** The staff roles and API-key scopes that make someone this recipient. */
  @ApiProperty({ type: [String] })
  grantedBy: string[];

  /** Active staff accounts and API keys that hold those roles and scopes now. */
  @ApiProperty()
  activeCredentials: number;
}

export class RetentionRuleDto {
  @ApiProperty()
  data: string;

  @ApiProperty()
  period: string;
}

export class ProcessingActivityDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String] })
  purposes: string[];

  @ApiProperty({ type: [String] })
  dataSubjects: string[];

  @ApiProperty({ type: [DataCategoryDto] })
  dataCategories: DataCategoryDto[];

  @ApiProperty({ type: [String] })
  sources: string[];

  @ApiProperty({ type: [RecipientDto] })
  recipients: RecipientDto[];

  @ApiProperty({ type: [RetentionRuleDto] })
  retention: RetentionRuleDto[];
}

export class SecurityMeasureDto {
  @ApiProperty()
  measure: string;

  @ApiProperty()
  detail: string;
}

export class ControllerDto {
  @ApiProperty()
  organisation: string;

  @ApiProperty()
  privacyContact: string;
}

/** The record of processing activities (GDPR Art. 30), generated from the running configuration. */
export class ProcessingRecordDto {
  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: ControllerDto })
  controller: ControllerDto;

  @ApiProperty({ type: [ProcessingActivityDto] })
  activities: ProcessingActivityDto[];

  @ApiProperty({ type: [SecurityMeasureDto] })
  securityMeasures: SecurityMeasureDto[];
}

interface LiveFacts {
  platforms: { platform: string; contacts: number }[];
  surveys: { name: string; status: string; retention_months: number }[];
  staffByRole: Map<string, number>;
  keysByScope: Map<string, number>;
}

/**
 * Builds the record of processing activities from what the system is configured to do and
 * holds right now: the contact fields and which are encrypted, the purposes staff may state,
 * the recipients the roles and API-key scopes create (with how many live credentials hold
 * them), each survey's retention, the privacy-request deadlines and the security settings.
 * Nothing in it is a personal value.
 */
@Injectable()
export class ProcessingRecordService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly surveys: SurveysService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The record as one literal document, in the order it is published: it is long because the
   * record is, and reading it top to bottom is how it is checked against what the system does.
   */
  async record(): Promise<ProcessingRecordDto> {
    const now = this.clock.now();
    const facts = await this.liveFacts(now);
    const c = this.config;
    const texts = NOTICE_TEXTS.en;
    const encryptedFields = CONTACT_FIELDS.filter((f) => f.encrypted).map((f) => CONTACT_FIELD_LABELS[f.key].en);
    const purposes = c.dataAccessPurposes.map((purpose) =>
      Object.hasOwn(DATA_ACCESS_PURPOSE_LABELS, purpose) ? DATA_ACCESS_PURPOSE_LABELS[purpose].en : purpose,
    );

    const survey: ProcessingActivityDto = {
      id: 'satisfaction-surveys',
      name: 'User-satisfaction surveys of the filing services',
      purposes: [
        'Conducting satisfaction surveys about the organisation’s services and analysing their results, to improve those services',
        'Producing a statistical report in anonymous, aggregated form for management',
        ...purposes.map((p) => `Staff access to identifying data, for: ${p}`),
      ],
      dataSubjects: [
        `People who used the filing services or contacted the organisation about them: ${SEGMENTS.join(', ')}`,
      ],
      dataCategories: [
        ...CONTACT_FIELDS.map((field) => ({
          category: CONTACT_FIELD_LABELS[field.key].en,
          encrypted: field.encrypted,
        })),
        { category: 'invitation events (delivered, opened, started, completed, opted out)', encrypted: false },
        { category: 'answers to closed questions, with a demographic snapshot', encrypted: false },
        { category: 'free-text answers and saved drafts', encrypted: true },
        { category: 'e-mail messages queued for sending', encrypted: true },
      ],
      sources: facts.platforms.length
        ? facts.platforms.map((p) => `Extracts of the ${p.platform} filing platform (${p.contacts} contacts held)`)
        : ['Extracts of the filing platforms (no contacts held yet)'],
      recipients: this.recipients(facts),
      retention: [
        {
          data: 'contacts, invitations, responses, drafts and their mail',
          period: `at most ${c.privacy.retentionMonths} months after collection (import, or the last invitation), then crypto-shredded and deleted`,
        },
        ...facts.surveys.map((s) => ({
          data: `survey "${s.name}" (${s.status})`,
          period: `${s.retention_months} months`,
        })),
        { data: 'survey links', period: `${c.ingestion.invitationLinkDays} days after they were mailed` },
      ],
    };

    const requests: ProcessingActivityDto = {
      id: 'privacy-requests',
      name: 'Handling of data-subject requests',
      purposes: [
        `Answering requests of the types: ${PRIVACY_REQUEST_TYPES.join(', ')}, within ${c.privacyRequests.dueMonths} month(s) of verification`,
      ],
      dataSubjects: ['People who file a privacy request, whether or not they are contacts'],
      dataCategories: [
        { category: 'e-mail address', encrypted: true },
        { category: 'what the person wrote with the request', encrypted: true },
        { category: 'staff notes (identity check, extension reason, rejection explanation)', encrypted: true },
        { category: 'access packages awaiting download', encrypted: true },
        { category: 'request type, status and dates', encrypted: false },
      ],
      sources: ['The public request form, letters and e-mails registered by privacy officers'],
      recipients: [
        {
          recipient: texts.recipients.audiences['privacy-officers'],
          access: 'identified',
          grantedBy: [StaffRole.PrivacyOfficer],
          activeCredentials: facts.staffByRole.get(StaffRole.PrivacyOfficer) ?? 0,
        },
      ],
      retention: [
        {
          data: 'unconfirmed requests',
          period: `${c.privacyRequests.verificationDays} days (the verification link's life)`,
        },
        {
          data: 'address, details and notes of a closed request',
          period: `until the person has been told (at most ${ADDRESS_GRACE_DAYS} days after closing)`,
        },
        { data: 'access packages', period: `${c.privacyRequests.downloadDays} days (the download link's life)` },
        {
          data: 'the record of a closed request (type, dates, outcome counts)',
          period: `${c.privacyRequests.retentionMonths} months after closing`,
        },
      ],
    };

    return {
      generatedAt: now.toISOString(),
      controller: { organisation: c.privacy.organisationName, privacyContact: c.privacy.contactEmail },
      activities: [survey, requests],
      securityMeasures: [
        {
          measure: 'Encryption of identifying data',
          detail: `AES-256-GCM under one key per person, wrapped by a master key kept outside the database; encrypted: ${encryptedFields.join(', ')}, free text, drafts, queued mail and privacy-request data`,
        },
        {
          measure: 'Erasure by crypto-shredding',
          detail:
            'Deleting a person’s key makes every copy of their encrypted data unreadable, backups included; the rows are then deleted',
        },
        {
          measure: 'Look-up without decryption',
          detail: 'E-mail addresses are found through an HMAC-SHA256 blind index',
        },
        {
          measure: 'Access control',
          detail: `Deny by default; roles ${Object.values(StaffRole).join(', ')}; a second factor is required for ${ROLES_REQUIRING_MFA.join(', ')}; provider API keys are scoped and bound to surveys`,
        },
        {
          measure: 'Purpose and audit of personal-data access',
          detail: `Every read or change of personal data states a purpose (${c.dataAccessPurposes.join(', ')}) and is recorded in a hash-chained, append-only audit log`,
        },
        {
          measure: 'Rate limits',
          detail: `Logins: ${c.auth.loginMaxFailures} failures per account, ${c.auth.loginIpMaxAttempts} attempts per address per ${c.auth.loginLockSeconds} s; survey links: ${c.ingestion.respondMaxInvalidTokens} unknown tokens per address per ${c.ingestion.respondInvalidTokenWindowSeconds} s; provider: ${c.ingestion.providerRequestsPerMinute} requests per key per minute; privacy requests: ${c.privacyRequests.perIpPerHour} per address per hour and ${c.privacyRequests.perEmailPerDay} per e-mail address per day`,
        },
        {
          measure: 'Secrets out of URLs',
          detail:
            'Tokens and keys travel in headers; links carry their token in the URL fragment; answers are not cached (Cache-Control: no-store)',
        },
        {
          measure: 'Transport',
          detail: `Public address ${c.publicUrl.startsWith('https://') ? 'served over HTTPS' : 'NOT served over HTTPS'}; mail ${
            c.mail.smtpUrl === null
              ? 'written to local files (no mail leaves the machine)'
              : c.mail.smtpUrl.startsWith('smtps://')
                ? 'sent over SMTP with TLS'
                : 'sent over SMTP (STARTTLS when the server offers it)'
          }`,
        },
      ],
    };
  }

  private recipients(facts: LiveFacts): RecipientDto[] {
    const grants = new Map<NoticeAudience, string[]>();
    for (const [role, audience] of Object.entries(RECIPIENTS_BY_ROLE)) {
      if (audience) grants.set(audience, [...(grants.get(audience) ?? []), `role ${role}`]);
    }
    for (const [scope, audience] of Object.entries(RECIPIENTS_BY_API_KEY_SCOPE)) {
      grants.set(audience, [...(grants.get(audience) ?? []), `API-key scope ${scope}`]);
    }
    return noticeAudiences().map((audience) => {
      const grantedBy = grants.get(audience) ?? [];
      const activeCredentials = grantedBy.reduce((sum, grant) => {
        const [kind, name] = grant.startsWith('role ') ? ['role', grant.slice(5)] : ['scope', grant.slice(14)];
        return sum + ((kind === 'role' ? facts.staffByRole : facts.keysByScope).get(name) ?? 0);
      }, 0);
      return {
        recipient: NOTICE_TEXTS.en.recipients.audiences[audience],
        access: AUDIENCE_ACCESS[audience],
        grantedBy,
        activeCredentials,
      };
    });
  }

  private async liveFacts(now: Date): Promise<LiveFacts> {
    // Live counts only, no personal value; read one after another, as each owner keeps them.
    const platforms = await this.contacts.countByPlatform();
    const surveys = await this.surveys.retentions();
    const staff = await this.users.countActiveByRole();
    const keys = await this.apiKeys.countLiveByScope(now);
    return {
      platforms,
      surveys,
      staffByRole: new Map(staff.map((s) => [s.role, s.n])),
      keysByScope: new Map(keys.map((k) => [k.scope, k.n])),
    };
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

/** The record as a Markdown document, for printing or filing. */
export function processingRecordMarkdown(record: ProcessingRecordDto): string {
  const e = escapeMarkdown;
  const lines = [
    '# Record of processing activities',
    '',
    `Controller: ${e(record.controller.organisation)}. Privacy contact: ${e(record.controller.privacyContact)}.`,
    `Generated from the live configuration on ${record.generatedAt}.`,
    '',
  ];
  for (const activity of record.activities) {
    lines.push(`## ${e(activity.name)}`, '', '### Purposes', '', ...activity.purposes.map((p) => `- ${e(p)}`), '');
    lines.push('### Categories of people', '', ...activity.dataSubjects.map((s) => `- ${e(s)}`), '');
    lines.push(
      '### Categories of data',
      '',
      '| Data | Stored |',
      '| --- | --- |',
      ...activity.dataCategories.map((d) => `| ${e(d.category)} | ${d.encrypted ? 'encrypted' : 'in clear'} |`),
      '',
    );
    lines.push('### Sources', '', ...activity.sources.map((s) => `- ${e(s)}`), '');
    lines.push(
      '### Recipients',
      '',
      '| Recipient | Sees | Granted by | Active credentials |',
      '| --- | --- | --- | --- |',
      ...activity.recipients.map(
        (r) => `| ${e(r.recipient)} | ${r.access} | ${e(r.grantedBy.join(', '))} | ${r.activeCredentials} |`,
      ),
      '',
    );
    lines.push(
      '### Retention',
      '',
      '| Data | Kept |',
      '| --- | --- |',
      ...activity.retention.map((r) => `| ${e(r.data)} | ${e(r.period)} |`),
      '',
    );
  }
  lines.push(
    '## Security measures',
    '',
    ...record.securityMeasures.map((m) => `- **${e(m.measure)}**: ${e(m.detail)}`),
    '',
  );
  return lines.join('\n');
}
