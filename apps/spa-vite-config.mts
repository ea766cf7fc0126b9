import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

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

/** Text files worth compressing; fonts (woff2), images and archives are compressed already. */
const COMPRESSIBLE = /\.(?:html|js|mjs|css|json|svg|txt|map|webmanifest)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every text file
 * of the build, once, at build time: the API (common/spa.ts) and the nginx images serve them to
 * browsers that accept them, so no request pays for compression. A variant that would not be
 * smaller is not written. (A dozen lines of node:zlib rather than a plugin: none on npm declares
 * support for Vite 8.)
 */
export function precompress(): Plugin {
  return {
    name: 'survey:precompress',
    apply: 'build',
    writeBundle({ dir }) {
      if (!dir) return;
      for (const file of filesUnder(dir).filter((path) => COMPRESSIBLE.test(path))) {
        const original = readFileSync(file);
        const variants: Array<[string, Buffer]> = [
          [
            '.br',
            brotliCompressSync(original, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_SIZE_HINT]: original.length,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
              },
            }),
          ],
          ['.gz', gzipSync(original, { level: 9 })],
        ];
        for (const [extension, compressed] of variants) {
          if (compressed.length < original.length) writeFileSync(file + extension, compressed);
        }
      }
    },
  };
}

/** The Vite setup both SPAs share; each app's vite.config.mts only says where it lives. */
export function spaConfig({ name, base, devPort }: SpaOptions): UserConfig {
  return defineConfig({
    root: resolve(repoRoot, 'apps', name),
    base,
    // Per-app cache so both dev servers can run side by side.
    cacheDir: resolve(repoRoot, 'node_modules/.vite', name),
    plugins: [react(), precompress()],
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
