import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Questionnaire, QuestionnaireProblem, validateQuestionnaire } from '@survey/questionnaire';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Page, toPage } from '../common/pagination';
import { FieldErrorDto, invalidField, ValidationProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { QuestionnaireVersion, Survey, SurveyStatus } from './survey.entity';
import { CreateSurveyDto, SurveyQueryDto, UpdateSurveyDto } from './surveys.dto';

export interface SurveyView {
  survey: Survey;
  problems: FieldErrorDto[];
  hasUnpublishedChanges: boolean;
}

const EMPTY_QUESTIONNAIRE = { title: {}, pages: [] };

/** A questionnaire problem as a field error of the request body, whose property is `questionnaire`. */
function toFieldError(problem: QuestionnaireProblem): FieldErrorDto {
  return { field: problem.field ? `questionnaire.${problem.field}` : 'questionnaire', message: problem.message };
}

/** Surveys and their lifecycle: draft → open → closed. Published versions never change. */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private checkRetention(months: number | undefined): void {
    const limit = this.config.privacy.retentionMonths;
    if (months !== undefined && months > limit) {
      throw invalidField(
        'retentionMonths',
        `retentionMonths must not exceed ${limit} (the organisation's retention limit)`,
      );
    }
  }

  async create(actorId: string, dto: CreateSurveyDto): Promise<SurveyView> {
    this.checkRetention(dto.retentionMonths);
    return this.dataSource.transaction(async (manager) => {
      const survey = await manager.save(
        manager.create(Survey, {
          name: dto.name,
          draftQuestionnaire: dto.questionnaire ?? EMPTY_QUESTIONNAIRE,
          retentionMonths: dto.retentionMonths ?? this.config.privacy.retentionMonths,
          minGroupSize: dto.minGroupSize ?? 5,
          anonymiseAtClose: dto.anonymiseAtClose ?? true,
          createdBy: actorId,
        }),
      );
      await this.audit.record({ action: 'survey.created', resourceType: 'survey', resourceId: survey.id }, manager);
      return this.view(manager, survey);
    });
  }

  async list(query: SurveyQueryDto): Promise<Page<SurveyView>> {
    const [surveys, total] = await this.dataSource.getRepository(Survey).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    // The latest published version of every survey on the page, in one query.
    const published = surveys.filter((survey) => survey.publishedVersion !== null);
    const versions =
      published.length === 0
        ? []
        : await this.dataSource.getRepository(QuestionnaireVersion).find({
            where: published.map((survey) => ({ surveyId: survey.id, version: survey.publishedVersion! })),
          });
    const latest = new Map(versions.map((version) => [version.surveyId, version]));
    return toPage(
      surveys.map((survey) => this.viewOf(survey, latest.get(survey.id) ?? null)),
      total,
      query,
    );
  }

  async get(id: string): Promise<SurveyView> {
    return this.view(this.dataSource.manager, await this.find(this.dataSource.manager, id));
  }

  /** The survey itself, for other modules (delivery, ingestion). */
  async find(manager: EntityManager, id: string, lock = false): Promise<Survey> {
    const survey = await manager.findOne(Survey, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' } } : {}),
    });
    if (!survey) throw new NotFoundException('No survey has this id.');
    return survey;
  }

  /** An open survey, or 409 saying why it cannot take invitations or answers. */
  async findOpen(manager: EntityManager, id: string): Promise<Survey> {
    const survey = await this.find(manager, id);
    if (survey.status !== SurveyStatus.Open) {
      throw new ConflictException(`The survey is ${survey.status}; only an open survey can do this.`);
    }
    return survey;
  }

  async update(id: string, dto: UpdateSurveyDto): Promise<SurveyView> {
    this.checkRetention(dto.retentionMonths);
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(manager, id, true);
      if (survey.status === SurveyStatus.Closed) throw new ConflictException('A closed survey cannot be changed.');
      const changed = (Object.keys(dto) as (keyof UpdateSurveyDto)[]).filter((key) => dto[key] !== undefined);
      if (dto.name !== undefined) survey.name = dto.name;
      if (dto.questionnaire !== undefined) survey.draftQuestionnaire = dto.questionnaire;
      if (dto.retentionMonths !== undefined) survey.retentionMonths = dto.retentionMonths;
      if (dto.minGroupSize !== undefined) survey.minGroupSize = dto.minGroupSize;
      if (dto.anonymiseAtClose !== undefined) survey.anonymiseAtClose = dto.anonymiseAtClose;
      const saved = await manager.save(survey);
      await this.audit.record(
        { action: 'survey.updated', resourceType: 'survey', resourceId: id, details: { fields: changed } },
        manager,
      );
      return this.view(manager, saved);
    });
  }

  /**
   * Freezes the edited questionnaire as the next version (when it changed) and opens the survey.
   * An open survey may publish a new version; respondents then get the newest one.
   */
  async publish(actorId: string, id: string): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(manager, id, true);
      if (survey.status === SurveyStatus.Closed)
        throw new ConflictException('A closed survey cannot be published again.');
      const result = validateQuestionnaire(survey.draftQuestionnaire);
      if (!result.ok) {
        throw new ValidationProblemException(result.errors.map(toFieldError));
      }
      const latest = await this.latestVersion(manager, id);
      let version = latest?.version ?? 0;
      if (!latest || !isDeepStrictEqual(latest.questionnaire, result.questionnaire)) {
        version += 1;
        await manager.insert(QuestionnaireVersion, {
          surveyId: id,
          version,
          questionnaire: result.questionnaire,
          publishedBy: actorId,
        });
      } else if (survey.status === SurveyStatus.Open) {
        throw new ConflictException('The questionnaire has not changed since the last published version.');
      }
      survey.publishedVersion = version;
      survey.draftQuestionnaire = result.questionnaire;
      if (survey.status === SurveyStatus.Draft) {
        survey.status = SurveyStatus.Open;
        survey.openedAt = this.clock.now();
      }
      const saved = await manager.save(survey);
      await this.audit.record(
        { action: 'survey.published', resourceType: 'survey', resourceId: id, details: { version } },
        manager,
      );
      return this.view(manager, saved);
    });
  }

  async close(id: string): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(manager, id, true);
      if (survey.status !== SurveyStatus.Open) {
        throw new ConflictException(`The survey is ${survey.status}; only an open survey can be closed.`);
      }
      survey.status = SurveyStatus.Closed;
      survey.closedAt = this.clock.now();
      const saved = await manager.save(survey);
      await this.audit.record({ action: 'survey.closed', resourceType: 'survey', resourceId: id }, manager);
      return this.view(manager, saved);
    });
  }

  async latestVersion(manager: EntityManager, surveyId: string): Promise<QuestionnaireVersion | null> {
    return manager.findOne(QuestionnaireVersion, { where: { surveyId }, order: { version: 'DESC' } });
  }

  /** The latest published questionnaire of an open survey, typed. */
  async currentQuestionnaire(
    manager: EntityManager,
    surveyId: string,
  ): Promise<{ version: QuestionnaireVersion; questionnaire: Questionnaire }> {
    const version = await this.latestVersion(manager, surveyId);
    if (!version) throw new ConflictException('The survey has no published questionnaire.');
    return { version, questionnaire: version.questionnaire as Questionnaire };
  }

  async versions(surveyId: string): Promise<QuestionnaireVersion[]> {
    await this.find(this.dataSource.manager, surveyId);
    return this.dataSource.getRepository(QuestionnaireVersion).find({ where: { surveyId }, order: { version: 'ASC' } });
  }

  async version(surveyId: string, version: number): Promise<QuestionnaireVersion> {
    const found = await this.dataSource.getRepository(QuestionnaireVersion).findOneBy({ surveyId, version });
    if (!found) throw new NotFoundException('This survey has no published version with this number.');
    return found;
  }

  private async view(manager: EntityManager, survey: Survey): Promise<SurveyView> {
    const latest = survey.publishedVersion === null ? null : await this.latestVersion(manager, survey.id);
    return this.viewOf(survey, latest);
  }

  private viewOf(survey: Survey, latest: QuestionnaireVersion | null): SurveyView {
    const result = validateQuestionnaire(survey.draftQuestionnaire);
    return {
      survey,
      problems: result.ok ? [] : result.errors.map(toFieldError),
      hasUnpublishedChanges: !latest || !isDeepStrictEqual(latest.questionnaire, survey.draftQuestionnaire),
    };
  }
}
