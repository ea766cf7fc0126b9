import { Inject, Injectable } from '@nestjs/common';
import {
  exportSurveyJs,
  importSurveyJs,
  isLanguage,
  LANGUAGES,
  problemSentence,
  Questionnaire,
  QuestionnaireProblem,
  validateQuestionnaire,
  type Language,
} from '@survey/questionnaire';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import { Page, toPage } from '../common/pagination';
import { FieldErrorDto, invalidField, ValidationProblemException } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { QuestionnaireVersion, Survey, SurveyStatus } from './survey.entity';
import { CreateSurveyDto, SurveyQueryDto, UpdateSurveyDto } from './surveys.dto';
import { SurveyRetention, SurveyRetentionSettings, SurveysRepository } from './surveys.repository';
import { redosSafetyCheck } from './regex-safety';

export interface SurveyView {
  survey: Survey;
  problems: FieldErrorDto[];
  hasUnpublishedChanges: boolean;
}

const EMPTY_QUESTIONNAIRE = { title: {}, pages: [] };

/**
 * A questionnaire problem as a field error of the request body, whose property is
 * `questionnaire`: the machine path, and a sentence naming what it concerns in words.
 */
function toFieldError(questionnaire: unknown, problem: QuestionnaireProblem): FieldErrorDto {
  return {
    field: problem.field ? `questionnaire.${problem.field}` : 'questionnaire',
    message: problemSentence(questionnaire, problem),
  };
}

/** A file name for a survey's SurveyJS export: plain ASCII from the survey's name, so it needs no encoding. */
export function surveyJsFileName(surveyName: string): string {
  const base = surveyName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${base || 'questionnaire'}.surveyjs.json`;
}

/** What a SurveyJS import saved, or on a dry run would save. */
export interface SurveyJsImport {
  applied: boolean;
  questionnaire: Questionnaire;
  view: SurveyView;
}

/** The languages a survey (or version) is offered in, typed and in the stored order. */
export interface SurveyLanguages {
  languages: Language[];
  defaultLanguage: Language;
}

export function surveyLanguages(of: { languages: string[]; defaultLanguage: string }): SurveyLanguages {
  const languages = LANGUAGES.filter((language) => of.languages.includes(language));
  const defaultLanguage = isLanguage(of.defaultLanguage) ? of.defaultLanguage : (languages[0] ?? 'en');
  return { languages: languages.length > 0 ? languages : ['en'], defaultLanguage };
}

/** What publishing checks the edited questionnaire against: its survey's languages. */
function validateDraft(survey: Survey) {
  return validateQuestionnaire(survey.draftQuestionnaire, {
    ...surveyLanguages(survey),
    regexSafety: redosSafetyCheck,
  });
}

/**
 * The languages a create or change asks for, merged with what the survey has: sorted as stored,
 * and the default among them (refused naming `defaultLanguage` otherwise).
 */
function chosenLanguages(
  dto: { languages?: string[]; defaultLanguage?: string },
  current: { languages: string[]; defaultLanguage: string },
): { languages: string[]; defaultLanguage: string } {
  const languages = LANGUAGES.filter((language) => (dto.languages ?? current.languages).includes(language));
  let defaultLanguage = dto.defaultLanguage ?? current.defaultLanguage;
  if (dto.defaultLanguage === undefined && !languages.includes(defaultLanguage as Language)) {
    // Only the list was given: English stays the default when offered, else the first language.
    defaultLanguage = languages.includes('en') ? 'en' : languages[0];
  }
  if (!languages.includes(defaultLanguage as Language)) {
    throw invalidField('defaultLanguage', "defaultLanguage must be one of the survey's languages", 'isIn');
  }
  return { languages, defaultLanguage };
}

const ALL_LANGUAGES = { languages: [...LANGUAGES], defaultLanguage: 'en' };

/** Whether a published version already holds this questionnaire in these languages. */
function isPublished(version: QuestionnaireVersion, questionnaire: object, languages: SurveyLanguages): boolean {
  return (
    isDeepStrictEqual(version.questionnaire, questionnaire) && isDeepStrictEqual(surveyLanguages(version), languages)
  );
}

/** Surveys and their lifecycle: draft → open → closed. Published versions never change. */
@Injectable()
export class SurveysService {
  constructor(
    private readonly repository: SurveysRepository,
    private readonly transactions: Transactions,
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
        'max',
        { max: limit },
      );
    }
  }

  async create(actorId: string, dto: CreateSurveyDto): Promise<SurveyView> {
    this.checkRetention(dto.retentionMonths);
    return this.transactions.run(async (manager) => {
      const survey = await this.repository.create(
        {
          name: dto.name,
          draftQuestionnaire: dto.questionnaire ?? EMPTY_QUESTIONNAIRE,
          retentionMonths: dto.retentionMonths ?? this.config.privacy.retentionMonths,
          minGroupSize: dto.minGroupSize ?? 5,
          anonymiseAtClose: dto.anonymiseAtClose ?? true,
          ...chosenLanguages(dto, ALL_LANGUAGES),
          createdBy: actorId,
        },
        manager,
      );
      await this.audit.record({ action: 'survey.created', resourceType: 'survey', resourceId: survey.id }, manager);
      return this.view(manager, survey);
    });
  }

  async list(query: SurveyQueryDto): Promise<Page<SurveyView>> {
    const [surveys, total] = await this.repository.page(query);
    // The latest published version of every survey on the page, in one query.
    const published = surveys.filter((survey) => survey.publishedVersion !== null);
    const versions = await this.repository.versionsOf(
      published.map((survey) => ({ surveyId: survey.id, version: survey.publishedVersion! })),
    );
    const latest = new Map(versions.map((version) => [version.surveyId, version]));
    return toPage(
      surveys.map((survey) => this.viewOf(survey, latest.get(survey.id) ?? null)),
      total,
      query,
    );
  }

  async get(id: string): Promise<SurveyView> {
    const manager = this.transactions.manager;
    return this.view(manager, await this.find(manager, id));
  }

  /** The survey itself, for other modules (delivery, ingestion). */
  async find(manager: EntityManager, id: string, lock = false): Promise<Survey> {
    const survey = await this.repository.findById(id, lock, manager);
    if (!survey) throw notFound('No survey has this id.');
    return survey;
  }

  /**
   * The survey, locked for a change, or 409 when it can no longer be changed (closed): the rule
   * every setting of a survey follows, whichever module keeps it.
   */
  async findEditable(manager: EntityManager, id: string): Promise<Survey> {
    const survey = await this.find(manager, id, true);
    if (survey.status === SurveyStatus.Closed) throw conflict('A closed survey cannot be changed.');
    return survey;
  }

  /** The survey itself, outside any transaction: for a read that needs no lock. */
  async survey(id: string): Promise<Survey> {
    return this.find(this.transactions.manager, id);
  }

  /** An open survey, or 409 saying why it cannot take invitations or answers. */
  async findOpen(manager: EntityManager, id: string): Promise<Survey> {
    const survey = await this.find(manager, id);
    if (survey.status !== SurveyStatus.Open) {
      throw conflict(`The survey is ${survey.status}; only an open survey can do this.`);
    }
    return survey;
  }

  async update(id: string, dto: UpdateSurveyDto): Promise<SurveyView> {
    this.checkRetention(dto.retentionMonths);
    return this.transactions.run(async (manager) => {
      const survey = await this.findEditable(manager, id);
      const changed = (Object.keys(dto) as (keyof UpdateSurveyDto)[]).filter((key) => dto[key] !== undefined);
      if (dto.name !== undefined) survey.name = dto.name;
      if (dto.questionnaire !== undefined) survey.draftQuestionnaire = dto.questionnaire;
      if (dto.retentionMonths !== undefined) survey.retentionMonths = dto.retentionMonths;
      if (dto.minGroupSize !== undefined) survey.minGroupSize = dto.minGroupSize;
      if (dto.anonymiseAtClose !== undefined) survey.anonymiseAtClose = dto.anonymiseAtClose;
      if (dto.languages !== undefined || dto.defaultLanguage !== undefined) {
        Object.assign(survey, chosenLanguages(dto, survey));
      }
      const saved = await this.repository.save(survey, manager);
      await this.audit.record(
        { action: 'survey.updated', resourceType: 'survey', resourceId: id, details: { fields: changed } },
        manager,
      );
      return this.view(manager, saved);
    });
  }

  /**
   * The edited questionnaire as SurveyJS JSON. It must hold together (every text in the default
   * language at least, names, conditions…); translations still missing are simply absent.
   */
  async exportSurveyJs(id: string): Promise<{ json: Record<string, unknown>; fileName: string }> {
    const survey = await this.survey(id);
    const { defaultLanguage } = surveyLanguages(survey);
    const result = validateQuestionnaire(survey.draftQuestionnaire, { languages: [], defaultLanguage });
    if (!result.ok) {
      throw conflict('The edited questionnaire has problems to fix before it can be exported.', undefined, {
        errors: result.errors.map((problem) => toFieldError(survey.draftQuestionnaire, problem)),
      });
    }
    return { json: exportSurveyJs(result.questionnaire, { defaultLanguage }), fileName: surveyJsFileName(survey.name) };
  }

  /**
   * Replaces the edited questionnaire with one read from SurveyJS JSON, where an edit is allowed
   * (not on a closed survey). Any SurveyJS feature outside the subset, or anything the questionnaire
   * validator refuses, refuses the whole import with every problem at its path in the SurveyJS
   * document: nothing is dropped silently. Texts are required in the default language only;
   * translations can follow in the editor, and publishing checks them.
   */
  async importSurveyJs(id: string, json: unknown, dryRun: boolean): Promise<SurveyJsImport> {
    return this.transactions.run(async (manager) => {
      const survey = await this.find(manager, id, !dryRun);
      if (survey.status === SurveyStatus.Closed) throw conflict('A closed survey cannot be changed.');
      const result = importSurveyJs(json, { defaultLanguage: surveyLanguages(survey).defaultLanguage });
      if (!result.ok) {
        throw new ValidationProblemException(
          result.problems.map((problem) => ({ field: problem.field, message: problemSentence(json, problem) })),
        );
      }
      if (dryRun)
        return { applied: false, questionnaire: result.questionnaire, view: await this.view(manager, survey) };
      survey.draftQuestionnaire = result.questionnaire;
      const saved = await this.repository.save(survey, manager);
      await this.audit.record(
        {
          action: 'survey.updated',
          resourceType: 'survey',
          resourceId: id,
          details: { fields: ['questionnaire'], source: 'surveyjs' },
        },
        manager,
      );
      return { applied: true, questionnaire: result.questionnaire, view: await this.view(manager, saved) };
    });
  }

  /**
   * Freezes the edited questionnaire as the next version (when it changed) and opens the survey.
   * An open survey may publish a new version; respondents then get the newest one.
   */
  async publish(actorId: string, id: string): Promise<SurveyView> {
    return this.transactions.run(async (manager) => {
      const survey = await this.find(manager, id, true);
      if (survey.status === SurveyStatus.Closed) throw conflict('A closed survey cannot be published again.');
      const result = validateDraft(survey);
      if (!result.ok) {
        throw new ValidationProblemException(
          result.errors.map((problem) => toFieldError(survey.draftQuestionnaire, problem)),
        );
      }
      const latest = await this.latestVersion(manager, id);
      const languages = surveyLanguages(survey);
      let version = latest?.version ?? 0;
      if (!latest || !isPublished(latest, result.questionnaire, languages)) {
        version += 1;
        await this.repository.insertVersion(
          { surveyId: id, version, questionnaire: result.questionnaire, ...languages, publishedBy: actorId },
          manager,
        );
      } else if (survey.status === SurveyStatus.Open) {
        throw conflict('The questionnaire has not changed since the last published version.');
      }
      survey.publishedVersion = version;
      survey.draftQuestionnaire = result.questionnaire;
      if (survey.status === SurveyStatus.Draft) {
        survey.status = SurveyStatus.Open;
        survey.openedAt = this.clock.now();
      }
      const saved = await this.repository.save(survey, manager);
      await this.audit.record(
        { action: 'survey.published', resourceType: 'survey', resourceId: id, details: { version } },
        manager,
      );
      return this.view(manager, saved);
    });
  }

  async close(id: string): Promise<SurveyView> {
    return this.transactions.run(async (manager) => {
      const survey = await this.find(manager, id, true);
      if (survey.status !== SurveyStatus.Open) {
        throw conflict(`The survey is ${survey.status}; only an open survey can be closed.`);
      }
      survey.status = SurveyStatus.Closed;
      survey.closedAt = this.clock.now();
      const saved = await this.repository.save(survey, manager);
      await this.audit.record({ action: 'survey.closed', resourceType: 'survey', resourceId: id }, manager);
      return this.view(manager, saved);
    });
  }

  async latestVersion(manager: EntityManager, surveyId: string): Promise<QuestionnaireVersion | null> {
    return this.repository.latestVersion(surveyId, manager);
  }

  /** The latest published questionnaire of an open survey, typed. */
  async currentQuestionnaire(
    manager: EntityManager,
    surveyId: string,
  ): Promise<{ version: QuestionnaireVersion; questionnaire: Questionnaire }> {
    const version = await this.latestVersion(manager, surveyId);
    if (!version) throw conflict('The survey has no published questionnaire.');
    return { version, questionnaire: version.questionnaire as Questionnaire };
  }

  async versions(surveyId: string): Promise<QuestionnaireVersion[]> {
    await this.find(this.transactions.manager, surveyId);
    return this.repository.versions(surveyId);
  }

  async version(surveyId: string, version: number): Promise<QuestionnaireVersion> {
    const found = await this.repository.version(surveyId, version);
    if (!found) throw notFound('This survey has no published version with this number.');
    return found;
  }

  /** A published questionnaire version's questionnaire, or null (submissions validate against it). */
  async publishedQuestionnaire(
    manager: EntityManager,
    surveyId: string,
    version: number,
  ): Promise<Questionnaire | null> {
    const found = await this.repository.version(surveyId, version, manager);
    return found ? (found.questionnaire as Questionnaire) : null;
  }

  /** A published version's questionnaire and languages, or null. */
  async publishedVersion(
    manager: EntityManager,
    surveyId: string,
    version: number,
  ): Promise<{ questionnaire: Questionnaire; languages: SurveyLanguages } | null> {
    const found = await this.repository.version(surveyId, version, manager);
    return found ? { questionnaire: found.questionnaire as Questionnaire, languages: surveyLanguages(found) } : null;
  }

  // ---- Privacy rights: what a person's access package and the record of processing say of surveys ----

  /** The number of the survey's latest published questionnaire version, or null. */
  latestVersionNumber(manager: EntityManager, surveyId: string): Promise<number | null> {
    return this.repository.latestVersionNumber(surveyId, manager);
  }

  /** Whether the survey's responses are unlinked from their invitations at close (false for no survey). */
  anonymisesAtClose(manager: EntityManager, surveyId: string): Promise<boolean> {
    return this.repository.anonymisesAtClose(surveyId, manager);
  }

  /** Every survey's name, status and retention, oldest first (the record of processing). */
  retentions(): Promise<SurveyRetention[]> {
    return this.repository.retentions();
  }

  private async view(manager: EntityManager, survey: Survey): Promise<SurveyView> {
    const latest = survey.publishedVersion === null ? null : await this.latestVersion(manager, survey.id);
    return this.viewOf(survey, latest);
  }

  private viewOf(survey: Survey, latest: QuestionnaireVersion | null): SurveyView {
    const result = validateDraft(survey);
    return {
      survey,
      problems: result.ok ? [] : result.errors.map((problem) => toFieldError(survey.draftQuestionnaire, problem)),
      hasUnpublishedChanges: !latest || !isPublished(latest, survey.draftQuestionnaire, surveyLanguages(survey)),
    };
  }

  // Retention: every survey's retention settings, for the policy view and each run's receipt.

  /** Every survey's retention settings (id, name, status, months, anonymisation, closing), oldest first. */
  async retentionSettings(manager?: EntityManager): Promise<SurveyRetentionSettings[]> {
    const rows = await this.repository.retentionSettings(manager);
    return rows.map(({ id, name, status, retentionMonths, anonymiseAtClose, closedAt }) => ({
      id,
      name,
      status,
      retentionMonths,
      anonymiseAtClose,
      closedAt,
    }));
  }
}
