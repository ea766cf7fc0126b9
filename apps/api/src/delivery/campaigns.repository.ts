import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Campaign, CampaignStatus } from './campaign.entity';

/** Invitation campaigns (table `campaigns`). */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  create(values: Partial<Campaign>, tx?: EntityManager): Promise<Campaign> {
    const manager = this.manager(tx);
    return manager.save(manager.create(Campaign, values));
  }

  findById(id: string, tx?: EntityManager): Promise<Campaign | null> {
    return this.manager(tx).getRepository(Campaign).findOneBy({ id });
  }

  page(surveyId: string, query: { offset: number; limit: number }, tx?: EntityManager): Promise<[Campaign[], number]> {
    return this.manager(tx)
      .getRepository(Campaign)
      .findAndCount({
        where: { surveyId },
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
  }

  async addInvited(id: string, count: number, tx?: EntityManager): Promise<void> {
    await this.manager(tx).increment(Campaign, { id }, 'invitedCount', count);
  }

  /** Ends the campaign's inviting with `status`; how many it invited in all. */
  async finish(id: string, status: CampaignStatus, at: Date, tx: EntityManager): Promise<number> {
    await tx.update(Campaign, id, { status, finishedAt: at });
    const { invitedCount } = await tx.findOneByOrFail(Campaign, { id });
    return invitedCount;
  }

  /** Counts a reminder round that reminded someone. */
  async addReminderRound(id: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.update(Campaign, id, { lastReminderAt: at });
    await tx.increment(Campaign, { id }, 'reminderRounds', 1);
  }

  // Statistics and raw responses: a survey's campaigns.

  /** Whether the campaign is one of the survey's. */
  async isOfSurvey(surveyId: string, campaignId: string, tx?: EntityManager): Promise<boolean> {
    const found: unknown[] = await this.manager(tx).query('SELECT 1 FROM campaigns WHERE id = $1 AND survey_id = $2', [
      campaignId,
      surveyId,
    ]);
    return found.length > 0;
  }

  /** The survey's campaigns (id and name), oldest first. */
  ofSurvey(surveyId: string, tx?: EntityManager): Promise<{ id: string; name: string }[]> {
    return this.manager(tx).query('SELECT id, name FROM campaigns WHERE survey_id = $1 ORDER BY created_at, id', [
      surveyId,
    ]);
  }
}
