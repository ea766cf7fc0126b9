import {
  NONE_VALUE,
  OTHER_VALUE,
  formatExpressionValue,
  localize,
  textAnswerIssue,
  type TextAnswerIssue,
  type ExtraItemsQuestion,
  type AnswerValue,
  type Choice,
  type ChoiceValue,
  type Language,
  type MatrixAnswer,
  type Question,
} from '@survey/questionnaire';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { HtmlBlock } from './HtmlBlock';
import { movedRanking, rankingOrder, sliderAnswer, type QuestionProblem } from './answers';

export interface QuestionFieldProps {
  question: Question;
  value: AnswerValue | undefined;
  onChange(value: AnswerValue | undefined): void;
  problem?: QuestionProblem;
  /** The text of an "Other" answer (`<name>-Comment`), and how to change it. */
  comment?: AnswerValue;
  onComment?(value: string | undefined): void;
}

const idOf = (name: string, part?: string) => (part ? `q-${name}-${part}` : `q-${name}`);

/** One question, with native controls (radios, checkboxes, select, textarea) for keyboards and screen readers. */
export function QuestionField(props: QuestionFieldProps) {
  switch (props.question.type) {
    case 'rating':
      return <RatingField {...props} question={props.question} />;
    case 'radiogroup':
      return <ChoiceGroup {...props} choices={props.question.choices} extras={props.question} />;
    case 'boolean':
      return <BooleanField {...props} question={props.question} />;
    case 'checkbox':
      return <CheckboxField {...props} question={props.question} />;
    case 'dropdown':
      return <DropdownField {...props} question={props.question} />;
    case 'comment':
      return <CommentField {...props} question={props.question} />;
    case 'matrix':
      return <MatrixField {...props} question={props.question} />;
    case 'html':
      return <HtmlBlock question={props.question} />;
    case 'text':
      return <TextField {...props} question={props.question} />;
    case 'multipletext':
      return <MultipleTextField {...props} question={props.question} />;
    case 'ranking':
      return <RankingField {...props} question={props.question} />;
    case 'slider':
      return <SliderField {...props} question={props.question} />;
    case 'expression':
      return <ExpressionField {...props} question={props.question} />;
  }
}

function RequiredMark({ required }: { required?: boolean }) {
  const { t } = useI18n();
  if (!required) return null;
  return (
    <>
      <span className="required-mark" aria-hidden="true">
        {' *'}
      </span>
      <span className="visually-hidden"> ({t.required})</span>
    </>
  );
}

type Words = ReturnType<typeof useI18n>['t'];

function problemText(problem: QuestionProblem | undefined, t: Words): string | null {
  if (!problem) return null;
  if (problem === 'other') return t.answerOtherComment;
  return problem === 'rows' ? t.answerEveryRow : problem === 'invalid' ? t.answerInvalid : t.answerRequired;
}

/** What a refused one-line answer needs, in the respondent's words: the author's message when a validator gives one. */
function textIssueText(issue: TextAnswerIssue, t: Words, language: Language): string {
  switch (issue.kind) {
    case 'type':
      return issue.expected === 'number' ? t.answerNumber : issue.expected === 'date' ? t.answerDate : t.answerInvalid;
    case 'email':
      return t.answerEmail;
    case 'tel':
      return t.answerTel;
    case 'below-min':
      return t.answerAtLeast(String(issue.min));
    case 'above-max':
      return t.answerAtMost(String(issue.max));
    case 'too-long':
      return t.upToCharacters(issue.maxLength);
    case 'validator': {
      const v = issue.validator;
      if (v.text) return localize(v.text, language);
      if (v.type === 'numeric') {
        return v.minValue !== undefined && v.maxValue !== undefined
          ? t.numberRange(String(v.minValue), String(v.maxValue))
          : v.minValue !== undefined
            ? t.answerAtLeast(String(v.minValue))
            : t.answerAtMost(String(v.maxValue));
      }
      if (v.type === 'text') return t.answerLength(v.minLength ?? null, v.maxLength ?? null);
      if (v.type === 'email') return t.answerEmail;
      return t.answerPattern;
    }
    default:
      return t.answerInvalid;
  }
}

/** Description, hints and the error, with the ids the control's aria-describedby names. */
function useDescriptions(
  question: Question,
  problem: QuestionProblem | undefined,
  hints: ReactNode[] = [],
  detail?: string | null,
) {
  const { t, language } = useI18n();
  const description = question.description ? localize(question.description, language) : null;
  const error = (problem === 'invalid' && detail) || problemText(problem, t);
  const ids = [
    description ? idOf(question.name, 'desc') : null,
    ...hints.map((_, i) => idOf(question.name, `hint${i}`)),
    error ? idOf(question.name, 'error') : null,
  ].filter(Boolean);
  return {
    describedBy: ids.length > 0 ? ids.join(' ') : undefined,
    before: description ? (
      <p className="question-description" id={idOf(question.name, 'desc')}>
        {description}
      </p>
    ) : null,
    after: (
      <>
        {hints.map((hint, i) => (
          <p className="hint" id={idOf(question.name, `hint${i}`)} key={i}>
            {hint}
          </p>
        ))}
        {error && (
          <p className="error" id={idOf(question.name, 'error')}>
            <ErrorIcon />
            {error}
          </p>
        )}
      </>
    ),
  };
}

function ErrorIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-2h2v2Zm0-4h-2V7h2v6Z" />
    </svg>
  );
}

/** A fieldset whose legend is the question: radios, checkboxes, ratings, matrices. */
function Group({
  question,
  problem,
  className,
  hints,
  children,
}: {
  question: Question;
  problem?: QuestionProblem;
  className: string;
  hints?: ReactNode[];
  children: ReactNode;
}) {
  const { language } = useI18n();
  const { describedBy, before, after } = useDescriptions(question, problem, hints);
  return (
    <fieldset
      className={`question ${className}`}
      id={idOf(question.name)}
      aria-describedby={describedBy}
      data-question={question.name}
      data-invalid={problem ? 'true' : undefined}
    >
      <legend className="question-title">
        {localize(question.title, language)}
        <RequiredMark required={question.isRequired} />
      </legend>
      {before}
      {children}
      {after}
    </fieldset>
  );
}

function Option({
  type,
  name,
  checked,
  disabled,
  onChange,
  label,
  invalid,
  className = 'option',
}: {
  type: 'radio' | 'checkbox';
  name: string;
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
  label: ReactNode;
  invalid?: boolean;
  className?: string;
}) {
  return (
    <label className={className}>
      <input
        type={type}
        name={name}
        checked={checked}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="option-label">{label}</span>
    </label>
  );
}

function RatingField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'rating' } }) {
  const { t, language } = useI18n();
  const points: number[] = [];
  for (let point = question.rateMin; point <= question.rateMax; point++) points.push(point);
  const min = question.minRateDescription
    ? `${question.rateMin} = ${localize(question.minRateDescription, language)}`
    : null;
  const max = question.maxRateDescription
    ? `${question.rateMax} = ${localize(question.maxRateDescription, language)}`
    : null;
  return (
    <Group
      question={question}
      problem={problem}
      className="rating"
      hints={min && max ? [t.scaleEnds(min, max)] : min || max ? [min ?? max] : []}
    >
      <div className="rating-scale" data-points={points.length}>
        {points.map((point) => (
          <Option
            key={point}
            type="radio"
            name={idOf(question.name)}
            className="rating-point"
            checked={value === point}
            invalid={!!problem}
            onChange={() => onChange(point)}
            label={point}
          />
        ))}
      </div>
    </Group>
  );
}

/** The "None" and "Other" items after the choices (never shuffled among them), labelled in the respondent's language. */
function useExtraChoices(question: ExtraItemsQuestion | undefined): Choice[] {
  const { t } = useI18n();
  if (!question) return [];
  return [
    ...(question.showNoneItem ? [{ value: NONE_VALUE, text: question.noneText ?? { en: t.noneItem } }] : []),
    ...(question.showOtherItem ? [{ value: OTHER_VALUE, text: question.otherText ?? { en: t.otherItem } }] : []),
  ];
}

/** The box for what "Other" means, under the choices while "Other" is chosen; its label names it for screen readers. */
function OtherComment({
  question,
  comment,
  onComment,
  problem,
}: {
  question: ExtraItemsQuestion;
  comment?: AnswerValue;
  onComment?(value: string | undefined): void;
  problem?: QuestionProblem;
}) {
  const { t, language } = useI18n();
  const id = idOf(question.name, 'other');
  return (
    <div className="other-comment">
      <label htmlFor={id}>{t.otherComment}</label>
      <input
        id={id}
        type="text"
        maxLength={1000}
        autoComplete="off"
        placeholder={question.otherPlaceholder ? localize(question.otherPlaceholder, language) : undefined}
        aria-invalid={problem === 'other' || undefined}
        aria-required={true}
        aria-describedby={problem ? idOf(question.name, 'error') : undefined}
        value={typeof comment === 'string' ? comment : ''}
        onChange={(event) => onComment?.(event.target.value === '' ? undefined : event.target.value)}
      />
    </div>
  );
}

function ChoiceGroup({
  question,
  value,
  onChange,
  problem,
  choices,
  extras,
  comment,
  onComment,
}: QuestionFieldProps & { choices: Choice[]; extras?: ExtraItemsQuestion }) {
  const { language } = useI18n();
  const all = [...choices, ...useExtraChoices(extras)];
  return (
    <Group question={question} problem={problem} className="choices">
      {all.map((choice) => (
        <Option
          key={String(choice.value)}
          type="radio"
          name={idOf(question.name)}
          checked={value === choice.value}
          invalid={!!problem}
          onChange={() => onChange(choice.value)}
          label={localize(choice.text, language)}
        />
      ))}
      {extras?.showOtherItem && value === OTHER_VALUE && (
        <OtherComment question={extras} comment={comment} onComment={onComment} problem={problem} />
      )}
    </Group>
  );
}

function BooleanField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'boolean' } }) {
  const { t, language } = useI18n();
  const options: [boolean, string][] = [
    [true, question.labelTrue ? localize(question.labelTrue, language) : t.yes],
    [false, question.labelFalse ? localize(question.labelFalse, language) : t.no],
  ];
  return (
    <Group question={question} problem={problem} className="choices boolean">
      {options.map(([option, label]) => (
        <Option
          key={String(option)}
          type="radio"
          name={idOf(question.name)}
          checked={value === option}
          invalid={!!problem}
          onChange={() => onChange(option)}
          label={label}
        />
      ))}
    </Group>
  );
}

function CheckboxField({
  question,
  value,
  onChange,
  problem,
  comment,
  onComment,
}: QuestionFieldProps & { question: Question & { type: 'checkbox' } }) {
  const { t, language } = useI18n();
  const selected = Array.isArray(value) ? value : [];
  const max = question.maxSelectedChoices;
  const full = max !== undefined && selected.length >= max;
  const all = [...question.choices, ...useExtraChoices(question)];
  const toggle = (choice: ChoiceValue, checked: boolean) => {
    // "None" stands alone: ticking it clears the others, ticking another clears it (as SurveyJS does).
    const next =
      choice === NONE_VALUE && checked
        ? [NONE_VALUE]
        : all
            .map((c) => c.value)
            .filter((v) => v !== NONE_VALUE || choice !== NONE_VALUE)
            .filter((v) => (v === choice ? checked : selected.includes(v) && !(checked && v === NONE_VALUE)));
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <Group
      question={question}
      problem={problem}
      className="choices"
      hints={max !== undefined ? [t.selectUpTo(max)] : []}
    >
      {all.map((choice) => {
        const checked = selected.includes(choice.value);
        return (
          <Option
            key={String(choice.value)}
            type="checkbox"
            name={idOf(question.name)}
            checked={checked}
            disabled={full && !checked}
            invalid={!!problem}
            onChange={(on) => toggle(choice.value, on)}
            label={localize(choice.text, language)}
          />
        );
      })}
      {question.showOtherItem && selected.includes(OTHER_VALUE) && (
        <OtherComment question={question} comment={comment} onComment={onComment} problem={problem} />
      )}
    </Group>
  );
}

/** A labelled single control (select, textarea): label, description, control, hints, error. */
function Single({
  question,
  problem,
  hints,
  detail,
  control,
}: {
  question: Question;
  problem?: QuestionProblem;
  hints?: ReactNode[];
  /** What exactly is wrong with an invalid answer, when the app can tell. */
  detail?: string | null;
  control(props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
    'aria-required'?: boolean;
  }): ReactNode;
}) {
  const { language } = useI18n();
  const { describedBy, before, after } = useDescriptions(question, problem, hints, detail);
  return (
    <div className="question single" data-question={question.name} data-invalid={problem ? 'true' : undefined}>
      <label className="question-title" htmlFor={idOf(question.name)}>
        {localize(question.title, language)}
        <RequiredMark required={question.isRequired} />
      </label>
      {before}
      {control({
        id: idOf(question.name),
        'aria-describedby': describedBy,
        'aria-invalid': problem ? true : undefined,
        'aria-required': question.isRequired || undefined,
      })}
      {after}
    </div>
  );
}

function DropdownField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'dropdown' } }) {
  const { t, language } = useI18n();
  const index = question.choices.findIndex((choice) => choice.value === value);
  return (
    <Single
      question={question}
      problem={problem}
      control={(aria) => (
        <select
          {...aria}
          value={index >= 0 ? String(index) : ''}
          onChange={(event) =>
            onChange(event.target.value === '' ? undefined : question.choices[Number(event.target.value)].value)
          }
        >
          <option value="">{t.selectPlaceholder}</option>
          {question.choices.map((choice, i) => (
            <option key={String(choice.value)} value={String(i)}>
              {localize(choice.text, language)}
            </option>
          ))}
        </select>
      )}
    />
  );
}

function CommentField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'comment' } }) {
  const { t } = useI18n();
  const maxLength = question.maxLength ?? 2000;
  return (
    <Single
      question={question}
      problem={problem}
      hints={[t.upToCharacters(maxLength)]}
      control={(aria) => (
        <textarea
          {...aria}
          rows={5}
          maxLength={maxLength}
          value={typeof value === 'string' ? value : ''}
          // Kept as typed (the server trims); an all-blank text counts as no answer.
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        />
      )}
    />
  );
}

/**
 * A one-line input with the native control of its type (keyboard and screen reader know it): text,
 * e-mail, telephone, number or date. E-mail addresses, telephone numbers, numbers and dates are
 * written left to right in every language. When the answer is refused, the message says which
 * rule (the author's own message for a validator that has one).
 */
function TextField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'text' } }) {
  const { t, language } = useI18n();
  const kind = question.inputType;
  const issue = problem === 'invalid' ? textAnswerIssue(question, value) : undefined;
  const detail = issue ? textIssueText(issue, t, language) : null;
  if (kind === 'number') return <NumberField {...{ question, value, onChange, problem, detail }} />;
  const maxLength = question.maxLength ?? 200;
  const bounds = kind === 'date' ? boundsHint(question, t) : [];
  return (
    <Single
      question={question}
      problem={problem}
      detail={detail}
      hints={kind ? bounds : [t.upToCharacters(maxLength)]}
      control={(aria) => (
        <input
          {...aria}
          type={kind ?? 'text'}
          dir={kind ? 'ltr' : undefined}
          inputMode={kind === 'date' ? undefined : kind}
          autoComplete={kind === 'date' ? 'off' : (kind ?? 'off')}
          spellCheck={kind ? false : undefined}
          maxLength={kind === 'date' ? undefined : maxLength}
          min={kind === 'date' && typeof question.min === 'string' ? question.min : undefined}
          max={kind === 'date' && typeof question.max === 'string' ? question.max : undefined}
          value={typeof value === 'string' ? value : ''}
          // Kept as typed (the server trims); an all-blank text counts as no answer.
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        />
      )}
    />
  );
}

function boundsHint(question: Question & { type: 'text' }, t: Words): string[] {
  const min = question.min !== undefined ? String(question.min) : null;
  const max = question.max !== undefined ? String(question.max) : null;
  return min === null && max === null ? [] : [t.numberRange(min, max)];
}

/**
 * A number input. What is typed is kept as typed while it is not yet a number ("-", "1."), so the
 * field does not fight the keyboard; the answer is the number, or nothing while none is readable.
 */
function NumberField({
  question,
  value,
  onChange,
  problem,
  detail,
}: Pick<QuestionFieldProps, 'value' | 'onChange' | 'problem'> & {
  question: Question & { type: 'text' };
  detail: string | null;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(typeof value === 'number' ? String(value) : '');
  useEffect(() => {
    // Another source changed the answer (a restored draft, a hidden question cleared): show it.
    if (typeof value === 'number' ? Number(typed) !== value : typed !== '' && value === undefined) {
      setTyped(typeof value === 'number' ? String(value) : '');
    }
  }, [value]);
  return (
    <Single
      question={question}
      problem={problem}
      detail={detail ?? (typed !== '' && value === undefined ? t.answerNumber : null)}
      hints={boundsHint(question, t)}
      control={(aria) => (
        <input
          {...aria}
          type="number"
          dir="ltr"
          inputMode="decimal"
          step="any"
          autoComplete="off"
          min={typeof question.min === 'number' ? question.min : undefined}
          max={typeof question.max === 'number' ? question.max : undefined}
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            const number = event.target.valueAsNumber;
            onChange(Number.isFinite(number) ? number : undefined);
          }}
        />
      )}
    />
  );
}

/** Several one-line texts under one question: a group whose fields each have their own label. */
function MultipleTextField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'multipletext' } }) {
  const { language } = useI18n();
  const given: Record<string, string> =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  const set = (name: string, text: string) => {
    const next: Record<string, string> = {};
    for (const item of question.items) {
      const v = item.name === name ? text : given[item.name];
      if (v !== undefined && v !== '') next[item.name] = v;
    }
    onChange(Object.keys(next).length > 0 ? next : undefined);
  };
  return (
    <Group question={question} problem={problem} className="multipletext">
      {question.items.map((item) => (
        <div className="multipletext-item" key={item.name}>
          <label htmlFor={idOf(question.name, item.name)}>{localize(item.title, language)}</label>
          <input
            id={idOf(question.name, item.name)}
            type="text"
            autoComplete="off"
            maxLength={item.maxLength ?? 200}
            aria-invalid={problem ? true : undefined}
            value={given[item.name] ?? ''}
            onChange={(event) => set(item.name, event.target.value)}
          />
        </div>
      ))}
    </Group>
  );
}

function MatrixField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'matrix' } }) {
  const { language } = useI18n();
  const given: MatrixAnswer =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as MatrixAnswer) : {};
  const choose = (row: string, column: ChoiceValue) => {
    const next: MatrixAnswer = {};
    for (const r of question.rows) {
      const v = r.value === row ? column : given[r.value];
      if (v !== undefined) next[r.value] = v;
    }
    onChange(next);
  };
  return (
    <Group question={question} problem={problem} className="matrix">
      {question.rows.map((row) => {
        const missing = problem === 'rows' && given[row.value] === undefined;
        return (
          <fieldset
            key={row.value}
            className="matrix-row"
            data-row={row.value}
            data-invalid={missing ? 'true' : undefined}
          >
            <legend>{localize(row.text, language)}</legend>
            <div className="matrix-columns">
              {question.columns.map((column) => (
                <Option
                  key={String(column.value)}
                  type="radio"
                  name={idOf(question.name, row.value)}
                  checked={given[row.value] === column.value}
                  invalid={missing || problem === 'required'}
                  onChange={() => choose(row.value, column.value)}
                  label={localize(column.text, language as Language)}
                />
              ))}
            </div>
          </fieldset>
        );
      })}
    </Group>
  );
}

/**
 * A number on a scale: a native range input (arrow keys, Home, End, Page Up/Down), its value shown
 * beside it. Until the respondent moves it there is no answer; a key press or a release on the
 * thumb where it rests (the minimum) answers that value.
 */
function SliderField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'slider' } }) {
  const { t, language } = useI18n();
  const answered = typeof value === 'number';
  const format = (n: number) => new Intl.NumberFormat(language, { maximumFractionDigits: 10 }).format(n);
  const commit = (raw: string) => onChange(sliderAnswer(question, raw));
  const commitKeys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'];
  return (
    <Single
      question={question}
      problem={problem}
      hints={[t.scaleEnds(format(question.min), format(question.max))]}
      control={(aria) => (
        <div className="slider-control">
          <input
            {...aria}
            type="range"
            min={question.min}
            max={question.max}
            step={question.step}
            value={answered ? value : question.min}
            aria-valuetext={answered ? format(value) : t.sliderNotAnswered}
            onChange={(event) => commit(event.target.value)}
            onKeyUp={(event) => {
              if (!answered && commitKeys.includes(event.key)) commit(event.currentTarget.value);
            }}
            onPointerUp={(event) => {
              if (!answered) commit(event.currentTarget.value);
            }}
          />
          <output className="slider-value" htmlFor={aria.id} aria-live="polite">
            {answered ? t.sliderValue(format(value)) : t.sliderNotAnswered}
          </output>
          {answered && !question.isRequired && (
            <button type="button" className="link-button" onClick={() => onChange(undefined)}>
              {t.clearAnswer}
            </button>
          )}
        </div>
      )}
    />
  );
}

/**
 * Choices put in order with Move up / Move down buttons (no dragging needed): each move is
 * announced in a polite live region, and focus stays with the item moved. The first move, or
 * "Keep this order", answers the question with the whole order.
 */
function RankingField({
  question,
  value,
  onChange,
  problem,
}: QuestionFieldProps & { question: Question & { type: 'ranking' } }) {
  const { t, language } = useI18n();
  const given = Array.isArray(value) ? (value as ChoiceValue[]) : null;
  const order: Choice[] = rankingOrder(question, value).flatMap((v) =>
    question.choices.filter((choice) => choice.value === v),
  );
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ index: number; direction: 'up' | 'down' } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!focus || !list.current) return;
    const buttons = list.current.querySelectorAll<HTMLButtonElement>(`[data-rank="${focus.index}"] button`);
    const preferred = focus.direction === 'up' ? buttons[0] : buttons[1];
    const other = focus.direction === 'up' ? buttons[1] : buttons[0];
    (preferred && !preferred.disabled ? preferred : other)?.focus();
    setFocus(null);
  }, [focus]);
  const move = (from: number, to: number) => {
    onChange(
      movedRanking(
        order.map((choice) => choice.value),
        from,
        to,
      ),
    );
    setAnnouncement(t.rankingMoved(localize(order[from].text, language), to + 1, order.length));
    setFocus({ index: to, direction: to < from ? 'up' : 'down' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    // Alt+arrow moves the item too, for those who expect it; plain arrows keep scrolling the page.
    if (!event.altKey) return;
    if (event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      move(index, index - 1);
    } else if (event.key === 'ArrowDown' && index < order.length - 1) {
      event.preventDefault();
      move(index, index + 1);
    }
  };
  return (
    <Group
      question={question}
      problem={problem}
      className="ranking"
      hints={[t.rankingHint, ...(given ? [] : [t.rankingNotAnswered])]}
    >
      <ol className="ranking-list" ref={list}>
        {order.map((choice, index) => {
          const text = localize(choice.text, language);
          return (
            <li
              key={String(choice.value)}
              className="ranking-item"
              data-rank={index}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <span className="ranking-position" aria-hidden="true">
                {given ? index + 1 : '–'}
              </span>
              <span className="ranking-text">{text}</span>
              <span className="ranking-buttons">
                <button
                  type="button"
                  aria-label={t.moveUp(text)}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  aria-label={t.moveDown(text)}
                  disabled={index === order.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="ranking-actions">
        {!given && (
          <button
            type="button"
            onClick={() => {
              onChange(order.map((choice) => choice.value));
              setAnnouncement(t.rankingKept);
            }}
          >
            {t.rankingKeepOrder}
          </button>
        )}
        {given && !question.isRequired && (
          <button type="button" className="link-button" onClick={() => onChange(undefined)}>
            {t.clearAnswer}
          </button>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite" role="status">
        {announcement}
      </p>
    </Group>
  );
}

/** A value computed from earlier answers: read-only text, never an input. */
function ExpressionField({ question, value }: QuestionFieldProps & { question: Question & { type: 'expression' } }) {
  const { t, language } = useI18n();
  const description = question.description ? localize(question.description, language) : null;
  const titleId = idOf(question.name, 'title');
  return (
    <div className="question expression" data-question={question.name}>
      <p className="question-title" id={titleId}>
        {localize(question.title, language)}
      </p>
      {description && (
        <p className="question-description" id={idOf(question.name, 'desc')}>
          {description}
        </p>
      )}
      <output
        className="expression-value"
        id={idOf(question.name)}
        aria-labelledby={titleId}
        aria-describedby={description ? idOf(question.name, 'desc') : undefined}
      >
        {typeof value === 'number' ? formatExpressionValue(question, value, language) : t.expressionEmpty}
      </output>
    </div>
  );
}
