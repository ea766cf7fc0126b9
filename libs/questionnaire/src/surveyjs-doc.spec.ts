import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SURVEYJS_DOC_END, SURVEYJS_DOC_START, surveyJsSubsetMarkdown } from './surveyjs-doc';

const DOC = join(__dirname, '../../../docs/surveyjs.md');

describe('docs/surveyjs.md', () => {
  it('lists the SurveyJS subset exactly as the support table in code says', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(SURVEYJS_DOC_START);
    const end = text.indexOf(SURVEYJS_DOC_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const generated = surveyJsSubsetMarkdown();
    const current = text.slice(start, end + SURVEYJS_DOC_END.length);
    // UPDATE_SURVEYJS_DOC=1 npx jest libs/questionnaire/src/surveyjs-doc.spec.ts rewrites the generated part.
    if (process.env.UPDATE_SURVEYJS_DOC === '1' && current !== generated) {
      writeFileSync(DOC, text.slice(0, start) + generated + text.slice(end + SURVEYJS_DOC_END.length));
      return;
    }
    expect(current).toBe(generated);
  });
});
