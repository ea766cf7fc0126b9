// What a phone downloads to open a survey link: the respondent app's first load, gzip-compressed,
// and the chunks it loads on demand. Run after `npm run build:spa`; see scripts/bundle-size.mjs
// (which also measures the analyst app).
import { report } from './bundle-size.mjs';

report('respondent', process.argv.includes('--json'));
