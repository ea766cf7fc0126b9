import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { createTestDatabase, TestDatabase } from './utils/database';

/** An entity no migration creates: proves the drift check notices what is missing. */
@Entity({ name: 'drift_canary' })
class DriftCanary {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  label: string;
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('run in full on an empty database, leaving nothing for TypeORM to generate', async () => {
    const applied = await runMigrations(db.url);
    expect(applied).toEqual(MIGRATIONS.map((migration) => new migration().name));
    const dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
      expect(await runMigrations(db.url)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('notice an entity that no migration creates', async () => {
    const options = dataSourceOptions(db.url);
    const dataSource = await new DataSource({
      ...options,
      entities: [...(options.entities as []), DriftCanary],
    }).initialize();
    try {
      const diff = await pendingSchemaChanges(dataSource);
      expect(diff.up.join('\n')).toContain('CREATE TABLE "drift_canary"');
    } finally {
      await dataSource.destroy();
    }
  });

  it('can be undone one by one and applied again', async () => {
    const dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i += 1) {
        await dataSource.undoLastMigration({ transaction: 'each' });
      }
      expect(await dataSource.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: 0 }]);
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(db.url)).toHaveLength(MIGRATIONS.length);
  });

  it('let concurrent starters migrate once', async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.all([runMigrations(fresh.url), runMigrations(fresh.url), runMigrations(fresh.url)]);
      expect(results.flat()).toHaveLength(MIGRATIONS.length);
    } finally {
      await fresh.drop();
    }
  });
});
