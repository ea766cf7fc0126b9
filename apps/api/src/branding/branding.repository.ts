import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BrandLogo, BrandSettings, type LogoMediaType } from './brand-settings.entity';

/** A logo without its bytes: what the settings and the respondent app need to know of it. */
export type LogoInfo = Pick<BrandLogo, 'id' | 'settingsId' | 'mediaType' | 'byteSize' | 'width' | 'height'>;

/** The bytes of a logo, to serve. */
export type LogoFile = Pick<BrandLogo, 'id' | 'mediaType' | 'content' | 'sha256'>;

/** One row of settings as respondents see it. */
export interface BrandRow {
  surveyId: string | null;
  primaryColor: string | null;
  title: Record<string, string> | null;
  logoId: string | null;
}

/** The unique constraint a row of this scope would clash on: the survey's, or the one default's. */
const conflictKey = (surveyId: string | null) =>
  surveyId === null ? 'brand_settings_default_key' : 'brand_settings_survey_key';

/** Brand settings (table `brand_settings`) and their logos (`brand_logos`). */
@Injectable()
export class BrandingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** The settings of a survey, or the organisation's default for null. */
  settings(surveyId: string | null, tx?: EntityManager): Promise<BrandSettings | null> {
    return this.manager(tx)
      .createQueryBuilder(BrandSettings, 's')
      .where(surveyId === null ? 's.survey_id IS NULL' : 's.survey_id = :surveyId', { surveyId })
      .getOne();
  }

  /**
   * Writes the colour and title of a survey's settings (or the default's), creating the row when
   * there is none; the logo is left as it is. One statement, so two editors cannot make two rows.
   */
  async saveSettings(
    values: {
      surveyId: string | null;
      primaryColor: string | null;
      title: Record<string, string> | null;
      updatedBy: string;
    },
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO brand_settings (survey_id, organisation_default, primary_color, title, updated_by)
       VALUES ($1, $1::uuid IS NULL OR NULL, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT ${conflictKey(values.surveyId)}
       DO UPDATE SET primary_color = EXCLUDED.primary_color, title = EXCLUDED.title,
                     updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        values.surveyId,
        values.primaryColor,
        values.title === null ? null : JSON.stringify(values.title),
        values.updatedBy,
      ],
    );
  }

  /** The id of the settings row, made empty (every field the default's) when there is none. */
  async settingsId(surveyId: string | null, updatedBy: string, tx: EntityManager): Promise<string> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO brand_settings (survey_id, organisation_default, updated_by) VALUES ($1, $1::uuid IS NULL OR NULL, $2)
       ON CONFLICT ON CONSTRAINT ${conflictKey(surveyId)}
       DO UPDATE SET updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING id`,
      [surveyId, updatedBy],
    );
    return rows[0].id;
  }

  /** Replaces the settings' logo (the old row goes, so its URL stops answering). */
  async replaceLogo(
    settingsId: string,
    logo: {
      mediaType: LogoMediaType;
      content: Buffer;
      sha256: string;
      width: number;
      height: number;
      createdBy: string;
    },
    tx: EntityManager,
  ): Promise<void> {
    await tx.delete(BrandLogo, { settingsId });
    await tx.insert(BrandLogo, { settingsId, byteSize: logo.content.length, ...logo });
  }

  /** Removes the settings' logo; whether there was one. */
  async deleteLogo(settingsId: string, tx: EntityManager): Promise<boolean> {
    const result = await tx.delete(BrandLogo, { settingsId });
    return (result.affected ?? 0) > 0;
  }

  /** The logos of these settings rows, without their bytes. */
  logos(settingsIds: string[], tx?: EntityManager): Promise<LogoInfo[]> {
    if (settingsIds.length === 0) return Promise.resolve([]);
    return this.manager(tx).find(BrandLogo, {
      select: { id: true, settingsId: true, mediaType: true, byteSize: true, width: true, height: true },
      where: { settingsId: In(settingsIds) },
    });
  }

  /**
   * In one round trip (GET /respond is a hot path): the settings a survey's respondents see, its
   * own and the organisation's, each with its logo's id. Other surveys' rows are never read.
   */
  async brandRows(surveyId: string | null, tx?: EntityManager): Promise<BrandRow[]> {
    const rows: Array<{
      survey_id: string | null;
      primary_color: string | null;
      title: Record<string, string> | null;
      logo_id: string | null;
    }> = await this.manager(tx).query(
      `SELECT s.survey_id, s.primary_color, s.title, l.id AS logo_id
           FROM brand_settings s LEFT JOIN brand_logos l ON l.settings_id = s.id
          WHERE s.survey_id IS NULL OR s.survey_id = $1`,
      [surveyId],
    );
    return rows.map((row) => ({
      surveyId: row.survey_id,
      primaryColor: row.primary_color,
      title: row.title,
      logoId: row.logo_id,
    }));
  }

  /** A logo's bytes by its id. */
  logoFile(id: string): Promise<LogoFile | null> {
    return this.manager().findOne(BrandLogo, {
      select: { id: true, mediaType: true, content: true, sha256: true },
      where: { id },
    });
  }
}
