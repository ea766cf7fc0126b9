import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createApp, openApiDocumentOf } from '../app.factory';
import { createRootLogger } from '../common/logger';
import { loadConfig } from '../config/app-config';
import { serializeOpenApiDocument } from './openapi';

/**
 * Writes the OpenAPI document without a database: the app is assembled but never connects.
 * Usage: node openapi-cli.js [output-file]   (default: openapi/openapi.json)
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'openapi/openapi.json');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await createApp({ config, logger: createRootLogger('silent'), withoutDatabase: true });
  const document = openApiDocumentOf(app);
  await app.close();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, serializeOpenApiDocument(document));
  process.stdout.write(`wrote ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`OpenAPI generation failed: ${(error as Error).message}\n`);
  process.exit(1);
});
