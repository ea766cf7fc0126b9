import type { Comparison } from './conditions';
import { answerValues } from './choice-items';
import type { Question } from './types';

/**
 * Keeps every comparison within what both evaluators read the same way: values of the
 * question's own type, taken from its own choices, and operators that suit its answers.
 */
export function comparisonProblem(comparison: Comparison, target: Question): string | undefined {
  const { operator, value } = comparison;
  if (target.type === 'matrix') return 'cannot test a matrix question';
  if (target.type === 'html') return 'cannot test an information block: it takes no answer';
  if (target.type === 'multipletext') return 'cannot test a multiple-text question';
  if (target.type === 'ranking' && operator !== 'empty' && operator !== 'notempty') {
    return 'can only test a ranking question with empty or notempty';
  }
  if (operator === 'empty' || operator === 'notempty') return undefined;
  const ordering = operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
  const containment = operator === 'contains' || operator === 'notcontains';
  switch (target.type) {
    case 'text':
      if (target.inputType === 'number') {
        if (containment) return 'cannot use contains or notcontains on a number input';
        return typeof value === 'number' ? undefined : 'compares a number input with something other than a number';
      }
      return target.inputType === 'date'
        ? 'can only test a date input with empty or notempty'
        : 'can only test a free-text question with empty or notempty';
    case 'comment':
      return 'can only test a free-text question with empty or notempty';
    case 'boolean':
      if (operator !== '=' && operator !== '!=') return 'can only test a yes/no question with =, !=, empty or notempty';
      return typeof value === 'boolean'
        ? undefined
        : 'compares a yes/no question with something other than true or false';
    case 'rating':
      if (containment) return 'cannot use contains or notcontains on a rating';
      if (typeof value !== 'number') return 'compares a rating with something other than a number';
      if (!ordering && (!Number.isInteger(value) || value < target.rateMin || value > target.rateMax)) {
        return 'compares a rating with a value outside its scale';
      }
      return undefined;
    case 'slider':
    case 'expression':
      if (containment) return `cannot use contains or notcontains on a ${target.type} question`;
      return typeof value === 'number'
        ? undefined
        : `compares a ${target.type} question with something other than a number`;
    case 'ranking':
      return undefined;
    case 'radiogroup':
    case 'dropdown':
      if (containment) return 'uses contains or notcontains, which are for checkbox questions';
      if (ordering) {
        const numeric = typeof value === 'number' && target.choices.every((choice) => typeof choice.value === 'number');
        return numeric ? undefined : 'orders only questions whose choice values are all numbers, against a number';
      }
      return answerValues(target).includes(value as string | number)
        ? undefined
        : "compares with a value that is not one of the question's choices";
    case 'checkbox':
      if (!containment) return 'can only test a checkbox question with contains, notcontains, empty or notempty';
      return answerValues(target).includes(value as string | number)
        ? undefined
        : "looks for a value that is not one of the question's choices";
  }
}
