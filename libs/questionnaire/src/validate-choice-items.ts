/** Validation of the SurveyJS "Other" and "None" items; choice-items.ts says what they mean. */
import { NONE_VALUE, OTHER_VALUE } from './choice-items';
import { hasOwn, pathOf } from './problems';
import type { Choice } from './types';
import { readOptionalText, type Context } from './validate-common';

/**
 * `showOtherItem` / `showNoneItem`: `true` is kept, `false` (SurveyJS's default) dropped. Their
 * texts are allowed only with their item. No choice may use the item's value (`other`, `none`),
 * in any case, since SurveyJS could not tell them apart.
 */
export function readExtraItems(
  object: Record<string, unknown>,
  path: string,
  choices: Choice[] | undefined,
  context: Context,
): Record<string, unknown> {
  const other = readFlag(object, 'showOtherItem', path, context);
  const none = readFlag(object, 'showNoneItem', path, context);
  const otherText = readOptionalText(object, 'otherText', path, context);
  const otherPlaceholder = readOptionalText(object, 'otherPlaceholder', path, context);
  const noneText = readOptionalText(object, 'noneText', path, context);
  if (!other) {
    for (const key of ['otherText', 'otherPlaceholder']) {
      if (hasOwn(object, key)) context.add(pathOf(path, key), 'needs showOtherItem: true');
    }
  }
  if (!none && hasOwn(object, 'noneText')) {
    context.add(pathOf(path, 'noneText'), 'needs showNoneItem: true');
  }
  const reserved = [...(other ? [OTHER_VALUE] : []), ...(none ? [NONE_VALUE] : [])];
  (choices ?? []).forEach((choice, index) => {
    if (typeof choice.value === 'string' && reserved.includes(choice.value.toLowerCase())) {
      context.add(
        pathOf(pathOf(pathOf(path, 'choices'), index), 'value'),
        `must not be ${reserved.join(' or ')}: the value of an extra item`,
      );
    }
  });
  return {
    ...(other && { showOtherItem: true }),
    ...(other && otherText && { otherText }),
    ...(other && otherPlaceholder && { otherPlaceholder }),
    ...(none && { showNoneItem: true }),
    ...(none && noneText && { noneText }),
  };
}

function readFlag(object: Record<string, unknown>, key: string, path: string, context: Context): boolean {
  if (!hasOwn(object, key)) return false;
  if (typeof object[key] !== 'boolean') {
    context.add(pathOf(path, key), 'must be true or false');
    return false;
  }
  return object[key] === true;
}
