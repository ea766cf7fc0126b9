import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The two reads statistics make of delivery's tables (campaigns, invitations): whether a campaign
 * belongs to a survey, and the invitations behind a response rate. Delivery's service has no
 * method that answers either without changing what is counted (its funnels are per campaign, its
 * `get` answers 404), so they stay here, as cross-module reads, until delivery exports them.
 */
@Injectable()
export class InvitationFiguresRepository {
  constructor(private readonly dataSource: DataSource) {}

  async campaignOfSurvey(surveyId: string, campaignId: string, tx?: EntityManager): Promise<boolean> {
    const found: unknown[] = await (tx ?? this.dataSource.manager).query(
      'SELECT 1 FROM campaigns WHERE id = $1 AND survey_id = $2',
      [campaignId, surveyId],
    );
    return found.length > 0;
  }

  /** Invitations sent and answered (a campaign's, or the survey's). */
  async invitations(
    surveyId: string,
    campaignId?: string,
    tx?: EntityManager,
  ): Promise<{ invited: number; completed: number }> {
    const [row]: { invited: number; completed: number }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT count(*)::int AS invited, count(completed_at)::int AS completed
         FROM invitations
        WHERE survey_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2::uuid)`,
      [surveyId, campaignId ?? null],
    );
    return row;
  }
}
