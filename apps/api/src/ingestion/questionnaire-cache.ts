import { ConflictException, Injectable } from '@nestjs/common';
import type { Questionnaire } from '@survey/questionnaire';
import { EntityManager } from 'typeorm';
import { QuestionnaireVersion } from '../surveys/survey.entity';

const MAX_ENTRIES = 500;

/**
 * Published questionnaire versions never change (a trigger refuses updates), so each is read
 * from the database once per process and answers are then checked against the cached copy.
 */
@Injectable()
export class QuestionnaireCache {
  private readonly versions = new Map<string, Questionnaire>();

  async get(manager: EntityManager, surveyId: string, version: number): Promise<Questionnaire | null> {
    const key = `${surveyId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const row = await manager.findOne(QuestionnaireVersion, { where: { surveyId, version } });
    if (!row) return null;
    if (this.versions.size >= MAX_ENTRIES) this.versions.delete(this.versions.keys().next().value as string);
    this.versions.set(key, row.questionnaire as Questionnaire);
    return row.questionnaire as Questionnaire;
  }

  /** A version that must exist, e.g. the latest one of a published survey. */
  async require(manager: EntityManager, surveyId: string, version: number | null): Promise<Questionnaire> {
    const questionnaire = version === null ? null : await this.get(manager, surveyId, version);
    if (!questionnaire) throw new ConflictException('The survey has no published questionnaire.');
    return questionnaire;
  }
}
