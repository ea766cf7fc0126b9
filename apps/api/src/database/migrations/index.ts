import { Foundation1795748287976 } from './1795748287976-Foundation';
import { AccessControlAndAudit1795752268086 } from './1795752268086-AccessControlAndAudit';
import { SurveyDelivery1795756626171 } from './1795756626171-SurveyDelivery';
import { CampaignProgress1795759880983 } from './1795759880983-CampaignProgress';
import { ResponseIngestion1795768060865 } from './1795768060865-ResponseIngestion';
import { Statistics1796172606121 } from './1796172606121-Statistics';
import { PrivacyRequests1796174138842 } from './1796174138842-PrivacyRequests';
import { Retention1796172543274 } from './1796172543274-Retention';
import { PublicationLedger1796640095684 } from './1796640095684-PublicationLedger';
import { LedgerMeasures1797640000000 } from './1797640000000-LedgerMeasures';
import { ImportLease1796700000000 } from './1796700000000-ImportLease';
import { RetentionOneRunningRun1796700000001 } from './1796700000001-RetentionOneRunningRun';
import { ImportStagedInDatabase1796700000002 } from './1796700000002-ImportStagedInDatabase';
import { BackgroundExports1796700000003 } from './1796700000003-BackgroundExports';
import { StaffMustChangePassword1796700100000 } from './1796700100000-StaffMustChangePassword';
import { SurveyLanguages1796701000000 } from './1796701000000-SurveyLanguages';
import { SurveyMailTexts1796701000001 } from './1796701000001-SurveyMailTexts';
import { ResponseDisplayOrder1796800000000 } from './1796800000000-ResponseDisplayOrder';
import { BrandSettings1797400000000 } from './1797400000000-BrandSettings';
import { DropImportLease1797500000000 } from './1797500000000-DropImportLease';
import { StaffSingleSignOn1797620000000 } from './1797620000000-StaffSingleSignOn';
import { AccessPackagesAsJobs1797500000001 } from './1797500000001-AccessPackagesAsJobs';
import { ResponseRollups1797600000000 } from './1797600000000-ResponseRollups';
import { Webhooks1797610000000 } from './1797610000000-Webhooks';
import { MailRenderedAtSend1797630000000 } from './1797630000000-MailRenderedAtSend';

/** In order of their timestamps. */
export const MIGRATIONS = [
  Foundation1795748287976,
  AccessControlAndAudit1795752268086,
  SurveyDelivery1795756626171,
  CampaignProgress1795759880983,
  ResponseIngestion1795768060865,
  Retention1796172543274,
  Statistics1796172606121,
  PrivacyRequests1796174138842,
  PublicationLedger1796640095684,
  ImportLease1796700000000,
  RetentionOneRunningRun1796700000001,
  ImportStagedInDatabase1796700000002,
  BackgroundExports1796700000003,
  StaffMustChangePassword1796700100000,
  SurveyLanguages1796701000000,
  SurveyMailTexts1796701000001,
  ResponseDisplayOrder1796800000000,
  BrandSettings1797400000000,
  DropImportLease1797500000000,
  AccessPackagesAsJobs1797500000001,
  ResponseRollups1797600000000,
  Webhooks1797610000000,
  StaffSingleSignOn1797620000000,
  MailRenderedAtSend1797630000000,
  LedgerMeasures1797640000000,
];
