import { spaConfig } from '../spa-vite-config.mjs';

export default spaConfig({ name: 'analyst', base: '/', devPort: 5174 });
