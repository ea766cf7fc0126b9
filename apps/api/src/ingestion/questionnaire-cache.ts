import { Injectable } from '@nestjs/common';
import type { Questionnaire } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { conflict } from '../common/errors';
import { SurveysService } from '../surveys/surveys.service';

const MAX_ENTRIES = 500;

/**
 * Published questionnaire versions never change (a trigger refuses updates), so each is read
 * from the database once per process and answers are then checked against the cached copy.
 */
@Injectable()
export class QuestionnaireCache {
  private readonly versions = new Map<string, Questionnaire>();

  constructor(private readonly surveys: SurveysService) {}

  async get(manager: EntityManager, surveyId: string, version: number): Promise<Questionnaire | null> {
    const key = `${surveyId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const questionnaire = await this.surveys.publishedQuestionnaire(manager, surveyId, version);
    if (!questionnaire) return null;
    if (this.versions.size >= MAX_ENTRIES) this.versions.delete(this.versions.keys().next().value as string);
    this.versions.set(key, questionnaire);
    return questionnaire;
  }

  /** A version that must exist, e.g. the latest one of a published survey. */
  async require(manager: EntityManager, surveyId: string, version: number | null): Promise<Questionnaire> {
    const questionnaire = version === null ? null : await this.get(manager, surveyId, version);
    if (!questionnaire) throw conflict('The survey has no published questionnaire.');
    return questionnaire;
  }
}
