import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const apiOrigin = 'http://127.0.0.1:3000';
const respondentDevOrigin = 'http://127.0.0.1:5173';

export interface SpaOptions {
  /** Folder name under apps/ and dist/apps/. */
  name: 'respondent' | 'analyst';
  /** Path the API serves the app under. */
  base: string;
  devPort: number;
}

/** The Vite setup both SPAs share; each app's vite.config.mts only says where it lives. */
export function spaConfig({ name, base, devPort }: SpaOptions): UserConfig {
  return defineConfig({
    root: resolve(repoRoot, 'apps', name),
    base,
    // Per-app cache so both dev servers can run side by side.
    cacheDir: resolve(repoRoot, 'node_modules/.vite', name),
    plugins: [react()],
    resolve: {
      alias: {
        '@survey/api-client': resolve(repoRoot, 'libs/api-client/src'),
        '@survey/messages': resolve(repoRoot, 'libs/messages/src'),
        '@survey/questionnaire': resolve(repoRoot, 'libs/questionnaire/src'),
      },
    },
    build: {
      outDir: resolve(repoRoot, 'dist/apps', name),
      emptyOutDir: true,
      // The API's Content-Security-Policy allows no inline scripts.
      modulePreload: { polyfill: false },
      // The analyst app's chart chunk (Apache ECharts, ~550 KB, 186 KB gzip) loads only on the
      // pages that draw charts; anything larger than that should still be looked at.
      chunkSizeWarningLimit: name === 'analyst' ? 600 : 500,
    },
    server: {
      port: devPort,
      strictPort: true,
      proxy: {
        '/api': apiOrigin,
        '/health': apiOrigin,
        // The analyst editor's live preview is the respondent app's /r/preview, which must be on
        // the same origin: the analyst dev server forwards /r/ to the respondent's (run both).
        ...(name === 'analyst' ? { '/r/': { target: respondentDevOrigin, ws: true } } : {}),
      },
    },
  });
}
