/**
 * The synthetic survey both the statistics and the publication check benchmarks use: the sample
 * questionnaire with an effort rating, and responses over 190 countries, 4 segments, 5 roles and
 * 6 relationship bands, submitted over the past year, inserted 20,000 per statement.
 */
import { questionsOf, sampleSatisfactionQuestionnaire, type Answers, type Questionnaire } from '@survey/questionnaire';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '../../apps/api/src/auth/roles';
import { tallyOf } from '../../apps/api/src/statistics/tally';
import { SurveysService, type SurveyView } from '../../apps/api/src/surveys/surveys.service';
import type { StaffUser } from '../../apps/api/src/users/staff-user.entity';
import { UsersService } from '../../apps/api/src/users/users.service';
import { BANDS, ROLES, SEGMENTS, WORLD_COUNTRIES as COUNTRIES } from '../../apps/api/test/utils/synthetic-demographics';

/** Synthetic responses, inserted 20,000 per statement: answers to the sample questionnaire's items, skewed a little. */
const INSERT = `
  INSERT INTO responses (id, survey_id, questionnaire_version, respondent_pseudonym, channel, provider_response_id,
                         answers, tally, language, country, segment, role, relationship_band, submitted_at,
                         received_at, updated_at)
  SELECT gen_random_uuid(), $1, 1, 'r_bench_' || u.n, 'provider', 'p' || u.n, u.answers::jsonb, u.tally::bigint[],
         'en', u.country, u.segment, u.role, u.band, now() - (u.n % 365) * interval '1 day', now(), now()
    FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
      AS u(n, answers, tally, country, segment, role, band, x)`;

/** A small deterministic generator, so every run measures the same data. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticAnswers(n: number, random: () => number): Answers {
  const contactedSupport = n % 3 === 0;
  return {
    nps: Math.min(10, Math.floor(random() * 12)),
    satisfaction: 1 + Math.floor(random() * 5),
    mainService: ['pct', 'madrid', 'hague'][n % 3],
    channels: n % 2 === 0 ? ['eservices'] : ['email', 'phone'],
    filerType: ['applicant', 'attorney', 'paralegal', 'other'][n % 4],
    contactedSupport,
    ...(contactedSupport
      ? { support: { timeliness: 1 + (n % 5), clarity: 1 + Math.floor(random() * 5), courtesy: 1 + ((n >> 3) % 5) } }
      : {}),
    effort: 1 + Math.floor(random() * 5),
  };
}

/** The sample questionnaire (nine items) and a tenth: an effort rating. */
export function benchQuestionnaire(): Questionnaire {
  const questionnaire = sampleSatisfactionQuestionnaire();
  const satisfaction = questionsOf(questionnaire).find((question) => question.name === 'satisfaction')!;
  questionnaire.pages[0].elements.push({ ...satisfaction, name: 'effort', visibleIf: undefined, isRequired: false });
  return questionnaire;
}

/** Inserts `count` synthetic responses to the survey (deterministic: the same data every run). */
export async function generateResponses(
  dataSource: DataSource,
  surveyId: string,
  questionnaire: Questionnaire,
  count: number,
): Promise<void> {
  if (COUNTRIES.length !== 190) throw new Error('expected 190 country codes');
  const generating = Date.now();
  const random = generator(42);
  const chunk = 20_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    const columns: unknown[][] = [[], [], [], [], [], [], [], []];
    for (let n = from; n <= to; n += 1) {
      const answers = syntheticAnswers(n, random);
      columns[0].push(n);
      columns[1].push(JSON.stringify(answers));
      columns[2].push(tallyOf(questionnaire, answers));
      columns[3].push(COUNTRIES[Math.floor(random() ** 2 * COUNTRIES.length)]);
      columns[4].push(SEGMENTS[n % 4]);
      columns[5].push(ROLES[(n >> 2) % 5]);
      columns[6].push(BANDS[Math.floor(random() * 6)]);
      columns[7].push('');
    }
    await dataSource.query(INSERT, [surveyId, ...columns]);
    process.stdout.write(`\rgenerated ${to.toLocaleString('en')} responses`);
  }
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [surveyId]);
  if (n !== count) throw new Error(`${n} synthetic responses stored, not ${count}`);
  await dataSource.query('VACUUM ANALYZE responses');
  console.log(` in ${((Date.now() - generating) / 1000).toFixed(0)} s`);
}

/**
 * A new analyst's published survey of the bench questionnaire, with `count` synthetic responses:
 * the data both the statistics and the publication check benchmarks measure.
 */
export async function syntheticSurvey(
  app: NestExpressApplication,
  name: string,
  count: number,
): Promise<{ analyst: StaffUser; survey: SurveyView['survey']; surveys: SurveysService }> {
  const analyst = await app.get(UsersService).create({
    email: `bench-analyst-${randomUUID().slice(0, 8)}@staff.example.org`,
    displayName: 'Bench analyst',
    role: StaffRole.Analyst,
    password: 'correct horse battery staple',
  });
  const surveys = app.get(SurveysService);
  const questionnaire = benchQuestionnaire();
  const { survey } = await surveys.create(analyst.id, {
    name,
    questionnaire: questionnaire as unknown as Record<string, unknown>,
  });
  await surveys.publish(analyst.id, survey.id);
  await generateResponses(app.get(DataSource), survey.id, questionnaire, count);
  return { analyst, survey, surveys };
}
