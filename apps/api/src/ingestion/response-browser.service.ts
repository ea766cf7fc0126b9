import { Injectable } from '@nestjs/common';
import type { Questionnaire } from '@survey/questionnaire';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { toPage } from '../common/pagination';
import { invalidField } from '../common/problem';
import { currentRequestContext } from '../common/request-context';
import { Transactions } from '../database/transactions';
import { CampaignsService } from '../delivery/campaigns.service';
import { statisticsItems, type StatisticsItem } from '../statistics/items';
import { SurveysService } from '../surveys/surveys.service';
import {
  BrowsedResponseDetailDto,
  BrowsedResponseDto,
  BrowsedResponsePageDto,
  BrowseResponsesQueryDto,
  CommentDto,
  CommentPageDto,
  CommentsQueryDto,
  ResponseFreeTextDto,
} from './response-browser.dto';
import {
  BrowsedResponseRow,
  ResponseBrowserRepository,
  type SealedTextRow,
  type SubmittedCursor,
} from './response-browser.repository';
import type { ResponseFilterQueryDto } from './response-filter.dto';
import { auditedFilters, responseSelection } from './response-selection';
import { freeTextNamesOf } from './response-store';
import { RawResponsesService } from './raw-responses.service';

/** Responses holding free text read (and decrypted) at most per comments page, however few answer the question. */
const MAX_SCANNED = 1000;

function parseCursor(text: string | undefined): SubmittedCursor | null {
  if (!text) return null;
  const [micros, id] = text.split('_');
  return { micros, id };
}

function listed(row: BrowsedResponseRow): BrowsedResponseDto {
  return {
    responseId: row.id,
    respondent: row.respondent_pseudonym,
    questionnaireVersion: row.questionnaire_version,
    channel: row.channel,
    language: row.language,
    campaignId: row.campaign_id,
    submittedAt: row.submitted_at.toISOString(),
    snapshot: { country: row.country, segment: row.segment, role: row.role, relationshipBand: row.relationship_band },
    hasFreeText: row.has_free_text,
  };
}

/**
 * The analysts' response browser and comments view. Responses are shown by pseudonym with their
 * snapshot and closed answers, never with a name, address, registration number or contact id;
 * free text is decrypted on the server, one page at a time, only on routes that take a purpose.
 * Every read is audited with the filters used, and says when they narrow to fewer than k.
 */
@Injectable()
export class ResponseBrowserService {
  constructor(
    private readonly transactions: Transactions,
    private readonly browser: ResponseBrowserRepository,
    private readonly surveys: SurveysService,
    private readonly campaigns: CampaignsService,
    private readonly raw: RawResponsesService,
    private readonly audit: AuditService,
  ) {}

  /** The survey's k and closed questions (every version's), after checking the survey and campaign. */
  private async context(
    surveyId: string,
    query: ResponseFilterQueryDto,
  ): Promise<{ k: number; items: StatisticsItem[]; versions: Questionnaire[] }> {
    const survey = await this.surveys.find(this.transactions.manager, surveyId);
    if (query.campaignId && !(await this.campaigns.isCampaignOfSurvey(surveyId, query.campaignId))) {
      throw invalidField('campaignId', 'is not a campaign of this survey', 'isIn');
    }
    const versions = (await this.surveys.versions(surveyId)).map((v) => v.questionnaire as Questionnaire);
    return { k: survey.minGroupSize, items: statisticsItems(versions), versions };
  }

  async browse(surveyId: string, query: BrowseResponsesQueryDto): Promise<BrowsedResponsePageDto> {
    const { k, items } = await this.context(surveyId, query);
    const filters = responseSelection(surveyId, query, items, { channel: query.channel });
    const { rows, total } = await this.browser.page(filters, query.offset, query.limit);
    const smallGroup = total > 0 && total < k;
    // Recorded before the page leaves, as raw-response reads are; a narrow filter is named as such.
    await this.audit.record({
      action: 'responses.browsed',
      resourceType: 'survey',
      resourceId: surveyId,
      details: {
        ...auditedFilters(query),
        channel: query.channel ?? null,
        page: query.page,
        total,
        smallGroup,
      },
    });
    return { ...toPage(rows.map(listed), total, query), k, smallGroup };
  }

  async response(surveyId: string, responseId: string): Promise<BrowsedResponseDetailDto> {
    await this.surveys.find(this.transactions.manager, surveyId);
    const row = await this.browser.one(surveyId, responseId);
    if (!row) throw notFound('This survey has no response with this id.');
    await this.audit.record({ action: 'response.viewed', resourceType: 'response', resourceId: responseId });
    return { ...listed(row), answers: row.answers };
  }

  /** The free text of one response; the route takes a purpose and audits the read. */
  async freeText(responseId: string): Promise<ResponseFreeTextDto> {
    const surveyId = await this.browser.surveyOf(responseId);
    const row = surveyId ? await this.browser.one(surveyId, responseId) : undefined;
    if (!row) throw notFound('No response has this id.');
    if (!row.free_text) return { responseId, texts: {}, removed: false };
    const key = (await this.raw.freeTextKeys([row]))(row);
    if (!key) return { responseId, texts: {}, removed: true };
    return { responseId, texts: textsOf(this.raw.openFreeText(row, key)), removed: false };
  }

  /**
   * One page of a free-text question's answers, newest first. Which responses answered the
   * question is known only once their text is open, so up to MAX_SCANNED responses holding free
   * text are opened per page; a page may then be short, with a cursor to go on. Texts whose key
   * is gone (erased respondents) are not shown: nobody can read them.
   */
  async comments(surveyId: string, question: string, query: CommentsQueryDto): Promise<CommentPageDto> {
    const { k, items, versions } = await this.context(surveyId, query);
    if (!versions.some((version) => freeTextNamesOf(version).has(question))) {
      throw invalidField('question', 'is not a free-text question of this survey');
    }
    const filters = responseSelection(surveyId, query, items);
    const comments: CommentDto[] = [];
    let after = parseCursor(query.cursor);
    let scanned = 0;
    let exhausted = false;
    while (comments.length < query.limit && scanned < MAX_SCANNED) {
      const size = Math.min(MAX_SCANNED - scanned, Math.max(50, query.limit * 2));
      const rows = await this.browser.sealedTexts(filters, after, size);
      scanned += rows.length;
      const keyOf = await this.raw.freeTextKeys(rows);
      let stoppedAt = rows.length - 1;
      for (const [index, row] of rows.entries()) {
        after = { micros: row.submitted_us, id: row.id };
        const key = keyOf(row);
        const text = key ? this.raw.openFreeText(row, key)[question] : undefined;
        if (typeof text === 'string' && text.trim() !== '') comments.push(comment(row, text));
        if (comments.length === query.limit) {
          stoppedAt = index;
          break;
        }
      }
      if (rows.length < size && stoppedAt === rows.length - 1) {
        exhausted = true;
        break;
      }
    }
    const nextCursor = exhausted ? null : after ? `${after.micros}_${after.id}` : null;
    const context = currentRequestContext();
    if (context) {
      context.auditDetails = {
        question,
        ...(auditedFilters(query) as Record<string, string | string[] | null>),
        continued: query.cursor !== undefined,
        returned: comments.length,
        k,
      };
    }
    return { surveyId, question, items: comments, nextCursor };
  }
}

function comment(row: SealedTextRow, text: string): CommentDto {
  return {
    responseId: row.id,
    respondent: row.respondent_pseudonym,
    language: row.language,
    submittedAt: row.submitted_at.toISOString(),
    snapshot: { country: row.country, segment: row.segment, role: row.role, relationshipBand: row.relationship_band },
    text,
  };
}

function textsOf(answers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(answers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
  );
}
