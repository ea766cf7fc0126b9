/**
 * Validation of piping placeholders (`{questionName}`) in titles and descriptions; piping.ts
 * says what they show.
 */
import type { LocalizedText } from './languages';
import { isPipeable, pipedReferences } from './piping';
import { pathOf } from './problems';
import type { Context } from './validate-questionnaire';

/**
 * Each placeholder must name, exactly, a question that comes before `beforeIndex` in document
 * order (an earlier question, or a question of an earlier page for a page title), and one whose
 * answer can be shown in a text.
 */
export function checkPipedText(
  text: LocalizedText | undefined,
  field: string,
  beforeIndex: number,
  context: Context,
): void {
  if (!text) return;
  for (const [language, value] of Object.entries(text)) {
    if (typeof value !== 'string') continue;
    for (const reference of pipedReferences(value)) {
      const at = `at character ${reference.position}`;
      const where = pathOf(field, language);
      const declared = context.declared.get(reference.name.toLowerCase());
      if (!declared || declared.name !== reference.name) {
        context.add(where, `shows the answer of a question that does not exist ${at}`);
      } else if (declared.index >= beforeIndex) {
        context.add(
          where,
          `shows the answer of a question that does not come earlier ${at}: texts may only show earlier answers`,
        );
      } else {
        const target = context.valid.get(reference.name);
        if (target && !isPipeable(target))
          context.add(
            where,
            `cannot show the answer of a matrix, a multiple-text question or an information block ${at}`,
          );
      }
    }
  }
}
