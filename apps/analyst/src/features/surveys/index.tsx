// Placeholder pages: replaced by the feature's real pages.
export function SurveyListPage() {
  return <h1>SurveyListPage</h1>;
}
export function SurveyNewPage() {
  return <h1>SurveyNewPage</h1>;
}
export function SurveyPage() {
  return <h1>SurveyPage</h1>;
}
export function SurveyEditorPage() {
  return <h1>SurveyEditorPage</h1>;
}
