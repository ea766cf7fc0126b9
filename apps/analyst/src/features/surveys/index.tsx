import './surveys.css';

export { SurveyEditorPage } from './SurveyEditorPage';
export { SurveyListPage } from './SurveyListPage';
export { SurveyNewPage } from './SurveyNewPage';
export { SurveyPage } from './SurveyPage';
