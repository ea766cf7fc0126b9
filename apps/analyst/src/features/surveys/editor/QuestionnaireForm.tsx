import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { TriggersEditor } from './condition/TriggersEditor';
import { useEditor } from './context';
import { freshName, listOf, newPage, setIn } from './draft';
import { PageEditor } from './PageEditor';
import { TextsGrid } from './TextsGrid';

/** The form view: the questionnaire's texts, then each page with its questions. */
export function QuestionnaireForm() {
  const t = useMessages(surveyMessages);
  const { draft, update, readOnly } = useEditor();
  const pages = listOf(draft, 'pages');
  const total = pages.reduce((sum, page) => sum + listOf(page, 'elements').length, 0);
  let numbered = 0;

  function addPage() {
    update((current) => {
      const pages = listOf(current, 'pages');
      const name = freshName(
        'page',
        pages.map((page) => String(page.name ?? '')),
      );
      return setIn(current, ['pages'], [...pages, newPage(name)]);
    });
  }

  return (
    <div className="questionnaire-form">
      <section className="panel" aria-labelledby="qe-questionnaire-heading">
        <h2 id="qe-questionnaire-heading">{t.questionnaireSection}</h2>
        <TextsGrid
          caption={t.textsCaption(t.theQuestionnaire)}
          rows={[
            { label: t.titleRow, path: ['title'] },
            { label: t.descriptionRow, path: ['description'], optional: true },
          ]}
        />
      </section>
      {pages.map((page, index) => {
        const first = numbered + 1;
        numbered += listOf(page, 'elements').length;
        return (
          <PageEditor
            key={index}
            page={page}
            index={index}
            pageCount={pages.length}
            firstNumber={first}
            questionCount={total}
          />
        );
      })}
      {!readOnly && (
        <button type="button" onClick={addPage}>
          {t.addPage}
        </button>
      )}
      <TriggersEditor />
    </div>
  );
}
