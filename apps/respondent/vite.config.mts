import { spaConfig } from '../spa-vite-config.mjs';

export default spaConfig({ name: 'respondent', base: '/r/', devPort: 5173 });
