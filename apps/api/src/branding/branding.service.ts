import { Inject, Injectable } from '@nestjs/common';
import { LANGUAGES, localize, type Language, type LocalizedText } from '@survey/questionnaire';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { FieldErrorDto, ProblemException, ValidationProblemException } from '../common/problem';
import { API_PREFIX } from '../common/security-headers';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { SurveysService, surveyLanguages } from '../surveys/surveys.service';
import { AA_NORMAL_TEXT, formatRatio, primaryColourShortfall } from './brand-colour';
import { BrandSettings } from './brand-settings.entity';
import {
  BrandingDto,
  BrandLogoDto,
  RespondentBrandDto,
  SurveyBrandingDto,
  TITLE_MAX_LENGTH,
  UpdateBrandingDto,
} from './branding.dto';
import { BrandingRepository, type LogoFile, type LogoInfo } from './branding.repository';
import { checkLogo } from './logo-image';

export const LOGO_ROUTE = 'branding/logos';

const logoUrl = (id: string) => `/${API_PREFIX}/${LOGO_ROUTE}/${id}`;

function toLogoDto(logo: LogoInfo | undefined): BrandLogoDto | null {
  return logo
    ? {
        url: logoUrl(logo.id),
        mediaType: logo.mediaType,
        byteSize: logo.byteSize,
        width: logo.width,
        height: logo.height,
      }
    : null;
}

function toBrandingDto(
  settings: BrandSettings | null,
  logo: LogoInfo | undefined,
  organisationName: string,
): BrandingDto {
  return {
    organisationName,
    primaryColor: settings?.primaryColor ?? null,
    title: settings?.title ?? null,
    logo: toLogoDto(logo),
    updatedAt: settings?.updatedAt.toISOString() ?? null,
  };
}

/** The colour, lower case, or a refusal naming `primaryColor` with the ratio measured. */
function checkedColour(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const colour = value.toLowerCase();
  const shortfall = primaryColourShortfall(colour);
  if (shortfall) {
    throw new ValidationProblemException([
      {
        field: 'primaryColor',
        message:
          `primaryColor has a contrast ratio of ${formatRatio(shortfall.ratio)} with ${shortfall.use}; ` +
          `WCAG AA needs at least ${AA_NORMAL_TEXT}:1`,
        reason: 'contrast',
        limits: { min: AA_NORMAL_TEXT },
      },
    ]);
  }
  return colour;
}

/**
 * The title's texts, trimmed, each in one of `allowed`; with `required`, one for each of those.
 * Refusals name `title.<language>`.
 */
function checkedTitle(
  value: Record<string, unknown> | null | undefined,
  allowed: readonly Language[],
  required: boolean,
): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  const errors: FieldErrorDto[] = [];
  const title: Record<string, string> = {};
  for (const [language, text] of Object.entries(value)) {
    if (!allowed.includes(language as Language)) {
      errors.push({
        field: `title.${language}`,
        message: `title may only have texts in ${allowed.join(', ')}`,
        reason: 'whitelistValidation',
      });
    } else if (typeof text !== 'string' || text.trim().length === 0 || text.trim().length > TITLE_MAX_LENGTH) {
      errors.push({
        field: `title.${language}`,
        message: `title.${language} must be a text of 1 to ${TITLE_MAX_LENGTH} characters`,
        reason: 'isLength',
        limits: { min: 1, max: TITLE_MAX_LENGTH },
      });
    } else {
      title[language] = text.trim();
    }
  }
  if (required) {
    for (const language of allowed) {
      if (!(language in value)) {
        errors.push({
          field: `title.${language}`,
          message: `title needs a text in each of the survey's languages`,
          reason: 'isNotEmpty',
        });
      }
    }
  }
  if (errors.length === 0 && Object.keys(title).length === 0) {
    errors.push({ field: 'title', message: 'title must have at least one text, or be null', reason: 'isNotEmpty' });
  }
  if (errors.length > 0) throw new ValidationProblemException(errors);
  return title;
}

/**
 * How the respondent app looks: the organisation's default (set by administrators) and each
 * survey's override (set by whoever may edit the survey), resolved field by field for respondents.
 */
@Injectable()
export class BrandingService {
  constructor(
    private readonly repository: BrandingRepository,
    private readonly surveys: SurveysService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- the organisation's default

  async organisationDefault(): Promise<BrandingDto> {
    const settings = await this.repository.settings(null);
    const [logo] = settings ? await this.repository.logos([settings.id]) : [];
    return toBrandingDto(settings, logo, this.config.privacy.organisationName);
  }

  async updateOrganisationDefault(actorId: string, dto: UpdateBrandingDto): Promise<BrandingDto> {
    const primaryColor = checkedColour(dto.primaryColor);
    const title = checkedTitle(dto.title, LANGUAGES, false);
    await this.transactions.run(async (manager) => {
      await this.repository.saveSettings({ surveyId: null, primaryColor, title, updatedBy: actorId }, manager);
      await this.recordChange(null, ['primaryColor', 'title'], manager);
    });
    return this.organisationDefault();
  }

  async uploadOrganisationLogo(actorId: string, bytes: Buffer): Promise<BrandingDto> {
    await this.storeLogo(actorId, null, bytes);
    return this.organisationDefault();
  }

  async deleteOrganisationLogo(actorId: string): Promise<BrandingDto> {
    await this.removeLogo(actorId, null);
    return this.organisationDefault();
  }

  // ---- a survey's override

  async surveyBranding(surveyId: string): Promise<SurveyBrandingDto> {
    await this.surveys.survey(surveyId);
    const [own, organisation] = await Promise.all([this.repository.settings(surveyId), this.repository.settings(null)]);
    const logos = await this.repository.logos([own?.id, organisation?.id].filter((id): id is string => !!id));
    const logoOf = (settings: BrandSettings | null) => logos.find((logo) => logo.settingsId === settings?.id);
    const name = this.config.privacy.organisationName;
    return {
      ...toBrandingDto(own, logoOf(own), name),
      organisationDefault: toBrandingDto(organisation, logoOf(organisation), name),
    };
  }

  async updateSurveyBranding(actorId: string, surveyId: string, dto: UpdateBrandingDto): Promise<SurveyBrandingDto> {
    const primaryColor = checkedColour(dto.primaryColor);
    await this.transactions.run(async (manager) => {
      const survey = await this.surveys.findEditable(manager, surveyId);
      const { languages } = surveyLanguages(survey);
      const title = checkedTitle(dto.title, languages, true);
      await this.repository.saveSettings({ surveyId, primaryColor, title, updatedBy: actorId }, manager);
      await this.recordChange(surveyId, ['primaryColor', 'title'], manager);
    });
    return this.surveyBranding(surveyId);
  }

  async uploadSurveyLogo(actorId: string, surveyId: string, bytes: Buffer): Promise<SurveyBrandingDto> {
    await this.surveys.survey(surveyId);
    await this.storeLogo(actorId, surveyId, bytes);
    return this.surveyBranding(surveyId);
  }

  async deleteSurveyLogo(actorId: string, surveyId: string): Promise<SurveyBrandingDto> {
    await this.removeLogo(actorId, surveyId);
    return this.surveyBranding(surveyId);
  }

  // ---- respondents

  /**
   * The brand a survey's respondents see, in `language`: the survey's own settings where it has
   * them, the organisation's otherwise. With no survey (pages opened without a link), the
   * organisation's. Only that survey's settings are read.
   */
  async respondentBrand(
    surveyId: string | null,
    language: Language,
    fallback: Language = 'en',
    tx?: EntityManager,
  ): Promise<RespondentBrandDto> {
    const rows = await this.repository.brandRows(surveyId, tx);
    const own = surveyId === null ? undefined : rows.find((row) => row.surveyId === surveyId);
    const organisation = rows.find((row) => row.surveyId === null);
    const title = own?.title ?? organisation?.title ?? null;
    const logoId = own?.logoId ?? organisation?.logoId ?? null;
    return {
      organisationName: this.config.privacy.organisationName,
      primaryColor: own?.primaryColor ?? organisation?.primaryColor ?? null,
      title: title ? localize(title as LocalizedText, language, fallback) || null : null,
      logoUrl: logoId ? logoUrl(logoId) : null,
    };
  }

  /** A logo's bytes, by the id in its URL. */
  async logoFile(id: string): Promise<LogoFile> {
    const file = await this.repository.logoFile(id);
    if (!file) throw notFound('No logo has this id.');
    return file;
  }

  // ----

  private async storeLogo(actorId: string, surveyId: string | null, bytes: Buffer): Promise<void> {
    const checked = await checkLogo(bytes);
    if (!checked.ok) {
      throw new ProblemException(checked.status, checked.message, {
        errors: [{ field: 'logo', message: checked.message }],
      });
    }
    const sha256 = createHash('sha256').update(checked.content).digest('hex');
    await this.transactions.run(async (manager) => {
      if (surveyId !== null) await this.surveys.findEditable(manager, surveyId);
      const settingsId = await this.repository.settingsId(surveyId, actorId, manager);
      await this.repository.replaceLogo(
        settingsId,
        {
          mediaType: checked.mediaType,
          content: checked.content,
          sha256,
          width: checked.width,
          height: checked.height,
          createdBy: actorId,
        },
        manager,
      );
      await this.recordChange(surveyId, ['logo'], manager, {
        mediaType: checked.mediaType,
        byteSize: checked.content.length,
      });
    });
  }

  private async removeLogo(actorId: string, surveyId: string | null): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (surveyId !== null) await this.surveys.findEditable(manager, surveyId);
      const settings = await this.repository.settings(surveyId, manager);
      if (!settings || !(await this.repository.deleteLogo(settings.id, manager))) {
        throw notFound(surveyId === null ? 'The organisation has no logo.' : 'This survey has no logo of its own.');
      }
      await this.recordChange(surveyId, ['logo'], manager, { removed: true });
    });
  }

  private recordChange(
    surveyId: string | null,
    fields: string[],
    manager: EntityManager,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(
      surveyId === null
        ? { action: 'branding.default_changed', resourceType: 'branding', details: { fields, ...extra } }
        : {
            action: 'survey.branding_changed',
            resourceType: 'survey',
            resourceId: surveyId,
            details: { fields, ...extra },
          },
      manager,
    );
  }
}
