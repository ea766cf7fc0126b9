import { StaffRole } from '../auth/roles';

/** Who may change a survey and its settings (questionnaire, languages, mail texts, brand). */
export const SURVEY_EDITORS: readonly StaffRole[] = [StaffRole.Analyst];

/** Who may read surveys. */
export const SURVEY_READERS: readonly StaffRole[] = [StaffRole.Analyst, StaffRole.PrivacyOfficer];
