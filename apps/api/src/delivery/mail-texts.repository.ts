import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SurveyMailTexts } from './campaign.entity';

/** The versions of surveys' own mail texts (table `survey_mail_texts`); rows are never changed. */
@Injectable()
export class MailTextsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  latest(surveyId: string, tx?: EntityManager): Promise<SurveyMailTexts | null> {
    return this.manager(tx).findOne(SurveyMailTexts, { where: { surveyId }, order: { version: 'DESC' } });
  }

  version(surveyId: string, version: number, tx?: EntityManager): Promise<SurveyMailTexts | null> {
    return this.manager(tx).findOneBy(SurveyMailTexts, { surveyId, version });
  }

  async insert(
    values: Pick<SurveyMailTexts, 'surveyId' | 'version' | 'texts' | 'createdBy'>,
    tx: EntityManager,
  ): Promise<SurveyMailTexts> {
    return tx.save(tx.create(SurveyMailTexts, values));
  }
}
