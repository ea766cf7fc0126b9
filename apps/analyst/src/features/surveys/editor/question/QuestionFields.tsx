import type { QuestionType } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { ChoiceTable } from '../ChoiceTable';
import type { JsonObject, Path } from '../draft';
import { TextsGrid, type TextRow } from '../TextsGrid';
import { NumberField } from './NumberField';
import { QuestionBasics } from './QuestionBasics';
import { RatingFields } from './RatingFields';
import { ChoiceItemsFields, TextInputFields } from './TextInputFields';

type Messages = (typeof surveyMessages)['en'];

/** The texts a question of this type has in every language. */
function textRowsOf(t: Messages, path: Path, type: QuestionType | undefined, question: JsonObject): TextRow[] {
  const rows: TextRow[] = [
    { label: t.titleRow, path: [...path, 'title'] },
    { label: t.descriptionRow, path: [...path, 'description'], optional: true },
  ];
  if (type === 'rating') {
    rows.push(
      { label: t.minRateDescription, path: [...path, 'minRateDescription'], optional: true },
      { label: t.maxRateDescription, path: [...path, 'maxRateDescription'], optional: true },
    );
  }
  if ((type === 'radiogroup' || type === 'checkbox') && question.showOtherItem === true) {
    rows.push(
      { label: t.otherText, path: [...path, 'otherText'], optional: true },
      { label: t.otherPlaceholder, path: [...path, 'otherPlaceholder'], optional: true },
    );
  }
  if ((type === 'radiogroup' || type === 'checkbox') && question.showNoneItem === true) {
    rows.push({ label: t.noneText, path: [...path, 'noneText'], optional: true });
  }
  if (type === 'text') {
    const validators = Array.isArray(question.validators) ? question.validators : [];
    validators.forEach((_, index) =>
      rows.push({ label: t.validatorMessage(index + 1), path: [...path, 'validators', index, 'text'], optional: true }),
    );
  }
  if (type === 'boolean') {
    rows.push(
      { label: t.labelTrue, path: [...path, 'labelTrue'], optional: true },
      { label: t.labelFalse, path: [...path, 'labelFalse'], optional: true },
    );
  }
  return rows;
}

/** Every property and text of an expanded question, those of its type included. */
export function QuestionFields({
  id,
  question,
  path,
  type,
  name,
  label,
}: {
  id: string;
  question: JsonObject;
  path: Path;
  type: QuestionType | undefined;
  name: string;
  /** "Question 3": names the question in captions. */
  label: string;
}) {
  const t = useMessages(surveyMessages);
  return (
    <>
      <QuestionBasics id={id} question={question} path={path} type={type} name={name} />
      {type === 'rating' && <RatingFields question={question} path={path} />}
      {type === 'checkbox' && <NumberField path={[...path, 'maxSelectedChoices']} label={t.maxSelected} min={1} />}
      {type === 'text' && <TextInputFields question={question} path={path} />}
      {(type === 'comment' ||
        (type === 'text' && question.inputType !== 'number' && question.inputType !== 'date')) && (
        <NumberField path={[...path, 'maxLength']} label={t.maxLength} min={1} />
      )}
      {(type === 'radiogroup' || type === 'checkbox') && <ChoiceItemsFields question={question} path={path} />}
      <TextsGrid caption={t.textsCaption(label)} rows={textRowsOf(t, path, type, question)} />
      {(type === 'radiogroup' || type === 'dropdown' || type === 'checkbox') && (
        <ChoiceTable path={path} kind="choices" owner={label} />
      )}
      {type === 'matrix' && (
        <>
          <ChoiceTable path={path} kind="rows" owner={label} />
          <ChoiceTable path={path} kind="columns" owner={label} />
        </>
      )}
    </>
  );
}
