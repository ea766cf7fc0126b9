import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { Survey } from '../surveys/survey.entity';

/**
 * Once a response is anonymised, its free text can no longer be found through the respondent
 * (the invitation link is gone), so it is re-encrypted under a key of its own: one key per survey
 * and UTC day of submission, held in keystore.subject_keys under `subjectId`. Its responses all
 * expire by `expiresAt` (the end of that day plus the survey's retention), and the retention run
 * shreds the key then, before deleting the rows (or right after the last of them, within the day).
 */
@Entity({ name: 'anonymised_text_keys' })
@Unique('anonymised_text_keys_survey_day_key', ['surveyId', 'submittedOn'])
export class AnonymisedTextKey {
  /** The keystore subject id of the key. */
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: Survey;

  /** UTC day the responses encrypted under it were submitted. */
  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
