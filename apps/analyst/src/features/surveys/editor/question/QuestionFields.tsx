import type { QuestionType } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { ChoiceTable } from '../ChoiceTable';
import { useEditor } from '../context';
import { fieldId, setIn, type JsonObject, type Path } from '../draft';
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

/** The calculation of an expression question, typed like a condition. */
function ExpressionInput({ id, question, path }: { id: string; question: JsonObject; path: Path }) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  const field = [...path, 'expression'];
  return (
    <>
      <label htmlFor={fieldId(field)}>{t.expression}</label>
      <input
        id={fieldId(field)}
        className="condition-input"
        aria-describedby={`${id}-expression-hint`}
        disabled={readOnly}
        spellCheck={false}
        value={typeof question.expression === 'string' ? question.expression : ''}
        onChange={(event) => {
          const next = event.target.value;
          update((current) => setIn(current, field, next));
        }}
      />
      <p className="hint" id={`${id}-expression-hint`}>
        {t.expressionHint}
      </p>
    </>
  );
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
      {type === 'slider' && (
        <>
          <NumberField path={[...path, 'min']} label={t.sliderMin} step="any" describedBy={`${id}-slider-hint`} />
          <NumberField path={[...path, 'max']} label={t.sliderMax} step="any" describedBy={`${id}-slider-hint`} />
          <NumberField path={[...path, 'step']} label={t.sliderStep} step="any" describedBy={`${id}-slider-hint`} />
          <p className="hint" id={`${id}-slider-hint`}>
            {t.sliderHint}
          </p>
        </>
      )}
      {type === 'expression' && <ExpressionInput id={id} question={question} path={path} />}
      {(type === 'radiogroup' || type === 'dropdown' || type === 'checkbox' || type === 'ranking') && (
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
