export {
  CATALOGUE_LANGUAGES,
  catalogueKeyDifferences,
  messageKeys,
  type Catalogue,
  type Translation,
} from './catalogue';
export { escapeHtml } from './html';
