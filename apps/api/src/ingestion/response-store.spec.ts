import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { FieldCrypto } from '@survey/field-crypto';
import { randomBytes } from 'node:crypto';
import type { KeystoreService } from '../crypto/keystore.service';
import { ResponseStore, splitFreeText } from './response-store';
import type { ResponsesRepository } from './responses.repository';
import type { WebhooksService } from '../webhooks/webhooks.service';

describe('splitFreeText', () => {
  const questionnaire = sampleSatisfactionQuestionnaire();

  it('takes the comment answers out of the closed answers', () => {
    const { closed, freeText } = splitFreeText(questionnaire, {
      nps: 3,
      npsReason: 'Too slow',
      satisfaction: 2,
      suggestions: 'Call back sooner',
    });
    expect(closed).toEqual({ nps: 3, satisfaction: 2 });
    expect(freeText).toEqual({ npsReason: 'Too slow', suggestions: 'Call back sooner' });
  });

  it('gives null free text when no comment was answered', () => {
    expect(splitFreeText(questionnaire, { nps: 9 })).toEqual({ closed: { nps: 9 }, freeText: null });
  });
});

describe('ResponseStore.pseudonym', () => {
  const crypto = new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey: randomBytes(32) });
  const store = new ResponseStore({ crypto } as KeystoreService, {} as ResponsesRepository, {} as WebhooksService);
  const survey = '6f1c1d2e-0000-4000-8000-000000000001';
  const otherSurvey = '6f1c1d2e-0000-4000-8000-000000000002';
  const contact = '6f1c1d2e-0000-4000-8000-00000000000a';

  it('is stable for a respondent within a survey, unlinkable across surveys, and reveals no id', () => {
    const pseudonym = store.pseudonym(survey, contact);
    expect(pseudonym).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
    expect(store.pseudonym(survey, contact)).toBe(pseudonym);
    expect(store.pseudonym(otherSurvey, contact)).not.toBe(pseudonym);
    expect(store.pseudonym(survey, '6f1c1d2e-0000-4000-8000-00000000000b')).not.toBe(pseudonym);
    expect(pseudonym).not.toContain(contact.slice(-12));
  });

  it('depends on the blind-index key, so it cannot be recomputed without it', () => {
    const other = new ResponseStore(
      { crypto: new FieldCrypto({ masterKey: randomBytes(32), blindIndexKey: randomBytes(32) }) } as KeystoreService,
      {} as ResponsesRepository,
      {} as WebhooksService,
    );
    expect(other.pseudonym(survey, contact)).not.toBe(store.pseudonym(survey, contact));
  });
});
