import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const appDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(appDir, '../..');
const apiOrigin = 'http://127.0.0.1:3000';

export default defineConfig({
  root: appDir,
  base: '/',
  // Per-app cache so both dev servers can run side by side.
  cacheDir: resolve(repoRoot, 'node_modules/.vite/analyst'),
  plugins: [react()],
  resolve: {
    alias: { '@survey/api-client': resolve(repoRoot, 'libs/api-client/src') },
  },
  build: {
    outDir: resolve(repoRoot, 'dist/apps/analyst'),
    emptyOutDir: true,
    // The API's Content-Security-Policy allows no inline scripts.
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: { '/api': apiOrigin, '/health': apiOrigin },
  },
});
