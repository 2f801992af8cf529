import { migrate, readMigrations, type MigrationFile } from '../src/database/migrator';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './helpers/db';

const logger = createLogger({ level: 'silent' });

describe('migration runner', () => {
  let tdb: TestDatabase;
  beforeEach(async () => {
    tdb = await createTestDatabase({ migrated: false });
  });
  afterEach(() => tdb.drop());

  it('applies every file once even when two servers start together', async () => {
    const files = readMigrations();
    const [a, b] = await Promise.all([
      migrate(tdb.pool, logger, files),
      migrate(tdb.pool, logger, files),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(
      files.map((f) => `${f.version}_${f.name}`).sort(),
    );
    const { rows } = await tdb.pool.query(
      'SELECT version, checksum FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(files.map((f) => ({ version: f.version, checksum: f.checksum })));
    expect((await migrate(tdb.pool, logger, files)).applied).toEqual([]);
  });

  it('refuses to run when an applied file was edited, and names it', async () => {
    const files = readMigrations();
    await migrate(tdb.pool, logger, files);
    const edited: MigrationFile[] = files.map((f, i) =>
      i === 1 ? { ...f, checksum: 'x'.repeat(64) } : f,
    );
    await expect(migrate(tdb.pool, logger, edited)).rejects.toThrow(
      /20261121000002_kaleyra_call_logs\.sql was edited/,
    );
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const files = readMigrations();
    const broken: MigrationFile = {
      version: '29990101000000',
      name: 'broken',
      checksum: 'c',
      sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
    };
    await expect(migrate(tdb.pool, logger, [...files, broken])).rejects.toThrow(
      /29990101000000_broken\.sql failed/,
    );
    const { rows } = await tdb.pool.query(
      "SELECT to_regclass('half_done') AS t, (SELECT count(*) FROM schema_migrations WHERE version = '29990101000000') AS n",
    );
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });
});
