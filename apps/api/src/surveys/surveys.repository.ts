import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QuestionnaireVersion, Survey } from './survey.entity';
import { ReadDatabase } from '../database/read-database';

/** A survey's retention settings (see `retentionSettings`). */
export type SurveyRetentionSettings = Pick<
  Survey,
  'id' | 'name' | 'status' | 'retentionMonths' | 'anonymiseAtClose' | 'closedAt'
>;

/** Surveys and their published questionnaire versions (tables `surveys`, `questionnaire_versions`). */
@Injectable()
export class SurveysRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly read: ReadDatabase,
  ) {}

  /** Lists may lag the primary a little: outside a transaction they go to the read pool. */
  private readManager(tx?: EntityManager): EntityManager {
    return tx ?? this.read.manager;
  }

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Inserts a new survey (defaults filled in by the caller) and gives it back with its id. */
  create(values: Partial<Survey>, tx?: EntityManager): Promise<Survey> {
    const manager = this.manager(tx);
    return manager.save(manager.create(Survey, values));
  }

  save(survey: Survey, tx?: EntityManager): Promise<Survey> {
    return this.manager(tx).save(survey);
  }

  /** The survey with this id, or null; `lock` takes a row lock for the rest of the transaction. */
  findById(id: string, lock = false, tx?: EntityManager): Promise<Survey | null> {
    return this.manager(tx).findOne(Survey, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}),
    });
  }

  /** A page of surveys, newest first, and how many there are in all. */
  page(
    query: { status?: Survey['status']; offset: number; limit: number },
    tx?: EntityManager,
  ): Promise<[Survey[], number]> {
    return this.readManager(tx)
      .getRepository(Survey)
      .findAndCount({
        where: query.status ? { status: query.status } : {},
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
  }

  /** The given versions (survey id and version number) in one query. */
  versionsOf(keys: { surveyId: string; version: number }[], tx?: EntityManager): Promise<QuestionnaireVersion[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.manager(tx).getRepository(QuestionnaireVersion).find({ where: keys });
  }

  latestVersion(surveyId: string, tx?: EntityManager): Promise<QuestionnaireVersion | null> {
    return this.manager(tx).findOne(QuestionnaireVersion, { where: { surveyId }, order: { version: 'DESC' } });
  }

  versions(surveyId: string, tx?: EntityManager): Promise<QuestionnaireVersion[]> {
    return this.manager(tx)
      .getRepository(QuestionnaireVersion)
      .find({ where: { surveyId }, order: { version: 'ASC' } });
  }

  version(surveyId: string, version: number, tx?: EntityManager): Promise<QuestionnaireVersion | null> {
    return this.manager(tx).getRepository(QuestionnaireVersion).findOneBy({ surveyId, version });
  }

  async insertVersion(
    values: Pick<
      QuestionnaireVersion,
      'surveyId' | 'version' | 'questionnaire' | 'languages' | 'defaultLanguage' | 'publishedBy'
    >,
    tx?: EntityManager,
  ): Promise<void> {
    await this.manager(tx).insert(QuestionnaireVersion, values);
  }

  // ---- Privacy rights: what a person's access package and the record of processing say of surveys ----

  /** The number of the survey's latest published questionnaire version, or null. */
  async latestVersionNumber(surveyId: string, tx?: EntityManager): Promise<number | null> {
    const [row]: { version: number | null }[] = await this.manager(tx).query(
      'SELECT max(version) AS version FROM questionnaire_versions WHERE survey_id = $1',
      [surveyId],
    );
    return row?.version ?? null;
  }

  /** Whether the survey's responses are unlinked from their invitations at close (false for no survey). */
  async anonymisesAtClose(surveyId: string, tx?: EntityManager): Promise<boolean> {
    const [row]: { at_close: boolean }[] = await this.manager(tx).query(
      'SELECT anonymise_at_close AS at_close FROM surveys WHERE id = $1',
      [surveyId],
    );
    return row?.at_close ?? false;
  }

  /** Every survey's name, status and retention, oldest first (no personal value). */
  retentions(tx?: EntityManager): Promise<SurveyRetention[]> {
    return this.manager(tx).query('SELECT name, status, retention_months FROM surveys ORDER BY created_at, id');
  }

  // Retention: every survey's retention settings, for the policy view and each run's receipt.

  /** Every survey's retention settings, oldest survey first. */
  retentionSettings(tx?: EntityManager): Promise<SurveyRetentionSettings[]> {
    return this.manager(tx)
      .getRepository(Survey)
      .find({
        select: { id: true, name: true, status: true, retentionMonths: true, anonymiseAtClose: true, closedAt: true },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
  }
}

/** A survey's retention as the record of processing lists it. */
export interface SurveyRetention {
  name: string;
  status: string;
  retention_months: number;
}
