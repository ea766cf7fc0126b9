/**
 * An internal script that uses only the generated API client (libs/api-client): it logs in with
 * a staff account, generates a report of a survey, publishes it, and downloads its PDF and XLSX.
 * With SURVEY_API_KEY instead (a provider key with statistics:read), it prints the latest published report's headline
 * figures only: keys cannot make reports.
 *
 *   SURVEY_API_URL=http://localhost:3000 SURVEY_EMAIL=analyst@example.org SURVEY_PASSWORD=… \
 *     npm run example:report
 *
 * Optional: SURVEY_OTP (staff with two-factor sign-in), SURVEY_ID (default: the first open
 * survey), REPORT_TITLE, REPORT_LANGUAGE (en), REPORT_CROSSTAB (country:segment), OUT_DIR (./reports).
 */
import { createApiClient, isProblem, type ApiClient, type components } from '@survey/api-client';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Language = components['schemas']['CreateReportDto']['language'];
type Dimension = components['schemas']['CrosstabRequestDto']['rows'];

export interface ReportScriptOptions {
  baseUrl: string;
  email?: string;
  password?: string;
  otp?: string;
  apiKey?: string;
  surveyId?: string;
  title?: string;
  language?: Language;
  crosstab?: string;
  outDir: string;
  log?: (line: string) => void;
}

export interface ReportScriptResult {
  reportId?: string;
  files: string[];
}

/** Turns a client error into a message that says what the API said, never a stack of internals. */
function failure(step: string, error: unknown, status?: number): Error {
  if (isProblem(error)) {
    const fields = (error.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    return new Error(
      `${step} failed (${error.status} ${error.title})${error.detail ? `: ${error.detail}` : ''}${fields ? ` [${fields}]` : ''}`,
    );
  }
  return new Error(`${step} failed${status ? ` (HTTP ${status})` : ''}`);
}

async function firstOpenSurvey(api: ApiClient): Promise<string> {
  const { data, error, response } = await api.GET('/api/v1/surveys', {
    params: { query: { status: 'open', limit: 1 } },
  });
  if (!data) throw failure('Listing surveys', error, response.status);
  if (data.items.length === 0) throw new Error('No open survey: pass SURVEY_ID.');
  return data.items[0].id;
}

function crosstabOf(value: string | undefined): { rows: Dimension; columns: Dimension }[] {
  if (!value) return [];
  const [rows, columns] = value.split(':') as [Dimension, Dimension];
  return [{ rows, columns }];
}

export async function runReportScript(options: ReportScriptOptions): Promise<ReportScriptResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.apiKey) {
    if (!options.surveyId) throw new Error('With an API key, SURVEY_ID is required.');
    const api = createApiClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
    const list = await api.GET('/api/v1/provider/surveys/{id}/reports', {
      params: { path: { id: options.surveyId }, query: { limit: 1 } },
    });
    if (!list.data) throw failure('Listing published reports', list.error, list.response.status);
    const latest = list.data.items[0];
    if (!latest) {
      log('No report of this survey is published yet.');
      return { files: [] };
    }
    const { data, error, response } = await api.GET('/api/v1/provider/surveys/{id}/reports/{reportId}', {
      params: { path: { id: options.surveyId, reportId: latest.id } },
    });
    if (!data) throw failure('Reading the published report', error, response.status);
    const content = data.content;
    log(
      `${data.title} (${content.surveyTitle}): ${content.population.responses.value ?? 'suppressed'} responses (k = ${content.k})`,
    );
    for (const item of content.items) {
      const nps = item.overall.nps ? `, NPS ${item.overall.nps.score.toFixed(1)}` : '';
      const mean = item.overall.mean ? `, mean ${item.overall.mean.value.toFixed(2)}` : '';
      log(`  ${item.name}: n = ${item.overall.n ?? 'suppressed'}${mean}${nps}`);
    }
    return { files: [] };
  }
  if (!options.email || !options.password) throw new Error('Set SURVEY_EMAIL and SURVEY_PASSWORD (or SURVEY_API_KEY).');

  const session: { accessToken?: string } = {};
  const api = createApiClient({ baseUrl: options.baseUrl, accessToken: () => session.accessToken });
  const login = await api.POST('/api/v1/auth/login', {
    body: { email: options.email, password: options.password, ...(options.otp ? { otp: options.otp } : {}) },
  });
  if (!login.data) throw failure('Signing in', login.error, login.response.status);
  session.accessToken = login.data.accessToken;
  try {
    const surveyId = options.surveyId ?? (await firstOpenSurvey(api));
    const created = await api.POST('/api/v1/surveys/{id}/reports', {
      params: { path: { id: surveyId } },
      body: {
        title: options.title ?? `Satisfaction report ${new Date().toISOString().slice(0, 10)}`,
        language: options.language ?? 'en',
        crosstabs: crosstabOf(options.crosstab ?? 'country:segment'),
      },
    });
    if (!created.data) throw failure('Generating the report', created.error, created.response.status);
    const report = created.data;
    log(`Generated report ${report.id}: ${report.responses} responses, k = ${report.parameters.k}`);

    const published = await api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } });
    if (!published.data) throw failure('Publishing the report', published.error, published.response.status);
    log(`Published at ${published.data.publishedAt}`);

    mkdirSync(options.outDir, { recursive: true });
    const files: string[] = [];
    for (const format of ['pdf', 'xlsx'] as const) {
      const download = await api.GET('/api/v1/reports/{id}/export', {
        params: { path: { id: report.id }, query: { format } },
        parseAs: 'arrayBuffer',
      });
      if (!download.data)
        throw failure(`Downloading the ${format.toUpperCase()}`, download.error, download.response.status);
      const file = resolve(join(options.outDir, `report-${report.id}.${format}`));
      writeFileSync(file, Buffer.from(download.data as ArrayBuffer));
      files.push(file);
      log(`Saved ${file}`);
    }
    return { reportId: report.id, files };
  } finally {
    await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
  }
}

if (require.main === module) {
  const env = process.env;
  runReportScript({
    baseUrl: env.SURVEY_API_URL ?? 'http://localhost:3000',
    email: env.SURVEY_EMAIL,
    password: env.SURVEY_PASSWORD,
    otp: env.SURVEY_OTP,
    apiKey: env.SURVEY_API_KEY,
    surveyId: env.SURVEY_ID,
    title: env.REPORT_TITLE,
    language: env.REPORT_LANGUAGE as Language | undefined,
    crosstab: env.REPORT_CROSSTAB,
    outDir: env.OUT_DIR ?? 'reports',
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
