import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './data-source';
import { runCli, withDatabase } from './database-cli';
import { pendingSchemaChanges } from './schema-drift';

const MIGRATIONS_DIR = resolve('apps/api/src/database/migrations');

function render(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...down].reverse())}
  }
}
`;
}

/**
 * `npm run migration:generate -- PascalName`: migrates a scratch database to the latest
 * migration, asks TypeORM what the entities still need, and writes it as a new migration to
 * review and add to migrations/index.ts.
 */
runCli(() =>
  withDatabase(async (url) => {
    const name = process.argv[2];
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Give the migration a PascalCase name.');
    const scratch = `migration_scratch_${Date.now()}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${scratch}"`);
    const scratchUrl = new URL(url);
    scratchUrl.pathname = `/${scratch}`;
    try {
      await runMigrations(scratchUrl.toString());
      const dataSource = await new DataSource(dataSourceOptions(scratchUrl.toString())).initialize();
      const diff = await pendingSchemaChanges(dataSource);
      await dataSource.destroy();
      if (diff.up.length === 0) {
        process.stdout.write('Entities and migrations agree: nothing to generate.\n');
        return;
      }
      const timestamp = Date.now();
      const file = join(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
      writeFileSync(file, render(`${name}${timestamp}`, diff.up, diff.down));
      process.stdout.write(`wrote ${file}; review it and add it to migrations/index.ts\n`);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await admin.end();
    }
  }),
);
