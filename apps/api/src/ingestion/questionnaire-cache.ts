import { Injectable } from '@nestjs/common';
import type { Questionnaire } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { conflict } from '../common/errors';
import { SurveyLanguages, SurveysService } from '../surveys/surveys.service';

interface CachedVersion {
  questionnaire: Questionnaire;
  languages: SurveyLanguages;
}

const MAX_ENTRIES = 500;

/**
 * Published questionnaire versions never change (a trigger refuses updates), so each is read
 * from the database once per process and answers are then checked against the cached copy.
 */
@Injectable()
export class QuestionnaireCache {
  private readonly versions = new Map<string, CachedVersion>();

  constructor(private readonly surveys: SurveysService) {}

  async get(manager: EntityManager, surveyId: string, version: number): Promise<Questionnaire | null> {
    return (await this.entry(manager, surveyId, version))?.questionnaire ?? null;
  }

  private async entry(manager: EntityManager, surveyId: string, version: number): Promise<CachedVersion | null> {
    const key = `${surveyId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const found = await this.surveys.publishedVersion(manager, surveyId, version);
    if (!found) return null;
    if (this.versions.size >= MAX_ENTRIES) this.versions.delete(this.versions.keys().next().value as string);
    this.versions.set(key, found);
    return found;
  }

  /** A version that must exist, e.g. the latest one of a published survey. */
  async require(manager: EntityManager, surveyId: string, version: number | null): Promise<Questionnaire> {
    return (await this.requireVersion(manager, surveyId, version)).questionnaire;
  }

  /** A version that must exist, with the languages respondents may choose from. */
  async requireVersion(manager: EntityManager, surveyId: string, version: number | null): Promise<CachedVersion> {
    const found = version === null ? null : await this.entry(manager, surveyId, version);
    if (!found) throw conflict('The survey has no published questionnaire.');
    return found;
  }
}
