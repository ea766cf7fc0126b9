import { type Questionnaire } from '@survey/questionnaire';
import { InvitationQueryDto } from '../delivery/delivery.dto';
import { CampaignsService } from '../delivery/campaigns.service';
import { RespondentService } from '../ingestion/respondent.service';
import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { newCampaign, newContacts, newStaffUser, newSurvey, pageQuery } from '../../test/utils/factories';
import { SurveysService } from './surveys.service';

/** One page, one question with one choice, texts only in the languages given. */
function oneQuestion(texts: Record<string, string>): Questionnaire {
  const text = (suffix: string) =>
    Object.fromEntries(Object.entries(texts).map(([language, word]) => [language, `${word} ${suffix}`]));
  return {
    title: text('survey'),
    pages: [
      {
        name: 'main',
        elements: [
          {
            type: 'radiogroup',
            name: 'overall',
            title: text('satisfaction'),
            choices: [{ value: 1, text: text('good') }],
          },
        ],
      },
    ],
  } as unknown as Questionnaire;
}

describe('The languages of a survey', () => {
  let t: MediumTest;
  let actor: string;
  let surveys: SurveysService;

  beforeAll(async () => {
    t = await createMediumTest();
    surveys = t.get(SurveysService);
    actor = (await newStaffUser(t)).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('offers all six languages with English by default, as every survey did before', async () => {
    const { survey, problems } = await surveys.create(actor, { name: 'Default languages' });
    expect(survey.languages).toEqual(['en', 'fr', 'es', 'ar', 'zh', 'ru']);
    expect(survey.defaultLanguage).toBe('en');
    expect(problems.length).toBeGreaterThan(0);
  });

  it('publishes an English-only survey and freezes its languages with the version', async () => {
    const { id } = await newSurvey(t, { questionnaire: oneQuestion({ en: 'Overall' }), languages: ['en'] });
    const [version] = await surveys.versions(id);
    expect(version.languages).toEqual(['en']);
    expect(version.defaultLanguage).toBe('en');
    expect((await surveys.get(id)).hasUnpublishedChanges).toBe(false);
  });

  it('publishes a survey without English, in its own default language', async () => {
    const { id } = await newSurvey(t, {
      questionnaire: oneQuestion({ fr: 'Globale', es: 'Global' }),
      languages: ['es', 'fr'],
      defaultLanguage: 'fr',
    });
    const [version] = await surveys.versions(id);
    expect(version.languages).toEqual(['fr', 'es']);
    expect(version.defaultLanguage).toBe('fr');
  });

  it('lists one sentence per missing text, naming the language, the part and the question', async () => {
    const { survey } = await surveys.create(actor, {
      name: 'Two languages',
      questionnaire: oneQuestion({ en: 'Overall' }) as unknown as Record<string, unknown>,
      languages: ['en', 'fr'],
    });
    const { problems } = await surveys.get(survey.id);
    expect(problems).toEqual([
      { field: 'questionnaire.title.fr', message: 'French text of title of the questionnaire is missing.' },
      {
        field: 'questionnaire.pages[0].elements[0].title.fr',
        message: "French text of title of question 1 'Overall satisfaction' is missing.",
      },
      {
        field: 'questionnaire.pages[0].elements[0].choices[0].text.fr',
        message: "French text of choice 1 of question 1 'Overall satisfaction' is missing.",
      },
    ]);
    const refusal = await refusalOf(surveys.publish(actor, survey.id));
    expect(refusal.status).toBe(400);
    expect(refusal.fields).toHaveLength(3);
  });

  it('refuses a default language the survey does not offer, naming defaultLanguage', async () => {
    const refusal = await refusalOf(surveys.create(actor, { name: 'x', languages: ['fr'], defaultLanguage: 'en' }));
    expect(refusal).toMatchObject({ status: 400, fields: ['defaultLanguage'] });
    const { survey } = await surveys.create(actor, { name: 'y' });
    const change = await refusalOf(surveys.update(survey.id, { defaultLanguage: 'zh', languages: ['en', 'ar'] }));
    expect(change).toMatchObject({ status: 400, fields: ['defaultLanguage'] });
  });

  it('keeps English as default when the list still has it, else takes the first language', async () => {
    const { survey } = await surveys.create(actor, { name: 'Narrowed' });
    expect((await surveys.update(survey.id, { languages: ['ru', 'en'] })).survey).toMatchObject({
      languages: ['en', 'ru'],
      defaultLanguage: 'en',
    });
    expect((await surveys.update(survey.id, { languages: ['ar', 'zh'] })).survey).toMatchObject({
      languages: ['ar', 'zh'],
      defaultLanguage: 'ar',
    });
  });

  it('counts a change of languages as a change to publish', async () => {
    const { id } = await newSurvey(t);
    await surveys.update(id, { languages: ['en', 'fr'] });
    expect((await surveys.get(id)).hasUnpublishedChanges).toBe(true);
    await surveys.publish(actor, id);
    expect((await surveys.versions(id)).map((v) => v.languages)).toEqual([
      ['en', 'fr', 'es', 'ar', 'zh', 'ru'],
      ['en', 'fr'],
    ]);
  });

  it('invites contacts in their language when offered, else in the default one, and shows the respondent only the offered languages', async () => {
    await newContacts(t, [
      { language: 'es', country: 'ES' },
      { language: 'ar', country: 'EG' },
    ]);
    const { id } = await newSurvey(t, {
      questionnaire: oneQuestion({ fr: 'Globale', es: 'Global' }),
      languages: ['fr', 'es'],
      defaultLanguage: 'fr',
    });
    const { campaignId, invitations } = await newCampaign(t, id, { target: { countries: ['ES', 'EG'] } });
    const listed = await t
      .get(CampaignsService)
      .invitations(id, pageQuery(InvitationQueryDto, { campaignId, page: 1, limit: 10 }));
    expect(listed.items.map((i) => i.language).sort()).toEqual(['es', 'fr']);

    const respondent = t.get(RespondentService);
    for (const invitation of invitations) {
      const view = await respondent.open(invitation.token, '192.0.2.1', undefined);
      expect(view.languages).toEqual(['fr', 'es']);
      expect(view.defaultLanguage).toBe('fr');
      expect(['fr', 'es']).toContain(view.language);
      // A language the survey does not offer is not served: the invitation's, else the default.
      expect((await respondent.open(invitation.token, '192.0.2.1', 'zh')).language).toBe(view.language);
    }
  });
});
