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
      files.map((f) => (f.kind === 'versioned' ? `${f.version}_${f.name}` : f.version)).sort(),
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
      kind: 'versioned',
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

  const fnFile = (body: string): MigrationFile => ({
    kind: 'function',
    version: 'functions/zz_probe.sql',
    name: 'zz_probe',
    checksum: `probe-${body}`,
    sql: `CREATE OR REPLACE FUNCTION zz_probe() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT ${body} $$;`,
  });
  const probe = async () => (await tdb.pool.query('SELECT zz_probe() AS v')).rows[0].v;

  it('applies db/functions after the versioned migrations and records each file with its checksum', async () => {
    const files = readMigrations();
    const functions = files.filter((f) => f.kind === 'function');
    expect(functions.length).toBeGreaterThan(0);
    expect(files.findIndex((f) => f.kind === 'function')).toBe(files.length - functions.length);
    await migrate(tdb.pool, logger, files);
    const { rows } = await tdb.pool.query(
      "SELECT version, checksum FROM schema_migrations WHERE version LIKE 'functions/%' ORDER BY version",
    );
    expect(rows).toEqual(functions.map((f) => ({ version: f.version, checksum: f.checksum })));
    // Every function the dashboard calls exists, defined by its file.
    const { rows: fns } = await tdb.pool.query(
      "SELECT count(*)::int AS n FROM pg_proc WHERE proname IN ('get_kaleyra_call_list', 'apply_kaleyra_callbacks', 'take_rate_limit')",
    );
    expect(fns[0].n).toBe(3);
  });

  it('re-applies a function file when its checksum changes, and only that file', async () => {
    const files = readMigrations();
    await migrate(tdb.pool, logger, [...files, fnFile('1')]);
    expect(await probe()).toBe(1);
    expect((await migrate(tdb.pool, logger, [...files, fnFile('1')])).applied).toEqual([]);
    const second = await migrate(tdb.pool, logger, [...files, fnFile('2')]);
    expect(second.applied).toEqual(['functions/zz_probe.sql']);
    expect(await probe()).toBe(2);
  });

  it('rolls back a failing function file and records nothing of that run', async () => {
    const files = readMigrations();
    await migrate(tdb.pool, logger, [...files, fnFile('1')]);
    const broken: MigrationFile = {
      ...fnFile('x'),
      checksum: 'broken',
      sql: 'SELECT * FROM no_such_table',
    };
    await expect(migrate(tdb.pool, logger, [...files, broken])).rejects.toThrow(
      /function file db\/functions\/zz_probe\.sql failed/,
    );
    const { rows } = await tdb.pool.query(
      "SELECT checksum FROM schema_migrations WHERE version = 'functions/zz_probe.sql'",
    );
    expect(rows).toEqual([{ checksum: 'probe-1' }]);
    expect(await probe()).toBe(1);
  });
});
