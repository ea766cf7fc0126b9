import type { MixedList } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity';
import { AuditChainHead, AuditEvent } from '../audit/audit-event.entity';
import { StaffRefreshToken, StaffSession } from '../auth/staff-session.entity';
import { BrandLogo, BrandSettings } from '../branding/brand-settings.entity';
import { ContactImport, ContactImportChunk, ContactImportIssue } from '../contacts/contact-import.entity';
import { Contact } from '../contacts/contact.entity';
import { SubjectKeyRow } from '../crypto/subject-key.entity';
import { Campaign, Invitation, InvitationToken, SurveyMailTexts } from '../delivery/campaign.entity';
import { ProviderIdempotencyKey, SurveyResponse } from '../ingestion/response.entity';
import { ExportFile, ExportPart } from '../exports/export-file.entity';
import { MailOutboxMessage } from '../mail/mail-outbox.entity';
import { PublicationLedgerEntry } from '../statistics/publication-ledger.entity';
import { ReportSnapshot } from '../statistics/report-snapshot.entity';
import {
  PrivacyRequest,
  PrivacyRequestDownload,
  ProviderErasureNotice,
} from '../privacy-requests/privacy-request.entity';
import { AnonymisedTextKey } from '../retention/anonymised-text-key.entity';
import { RetentionRun } from '../retention/retention-run.entity';
import { QuestionnaireVersion, Survey } from '../surveys/survey.entity';
import { StaffUser } from '../users/staff-user.entity';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEvent, WebhookSubscription } from '../webhooks/webhook.entity';

/**
 * Every entity of the application, listed explicitly (no globs) so the build, the tests and
 * the drift check all see the same set. Feature modules add theirs here.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: MixedList<Function> = [
  WebhookSubscription,
  WebhookEvent,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  ExportFile,
  ExportPart,
  StaffUser,
  StaffSession,
  StaffRefreshToken,
  ApiKey,
  AuditEvent,
  AuditChainHead,
  SubjectKeyRow,
  Contact,
  ContactImport,
  ContactImportChunk,
  ContactImportIssue,
  Survey,
  QuestionnaireVersion,
  Campaign,
  Invitation,
  InvitationToken,
  SurveyMailTexts,
  MailOutboxMessage,
  SurveyResponse,
  ProviderIdempotencyKey,
  ReportSnapshot,
  PublicationLedgerEntry,
  PrivacyRequest,
  PrivacyRequestDownload,
  ProviderErasureNotice,
  AuditCheckpoint,
  RetentionRun,
  AnonymisedTextKey,
  BrandSettings,
  BrandLogo,
];
