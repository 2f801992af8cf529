import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from '../logger';
import { projectRoot } from '../paths';

/**
 * One SQL file the migrator applies. `versioned`: db/migrations/<version>_<name>.sql, applied once,
 * in version order, never edited afterwards. `function`: db/functions/<name>.sql, the one home of
 * the current definition of some SQL functions, idempotent, applied after the versioned files
 * whenever its checksum differs from the one recorded (Flyway's repeatable migrations).
 */
export interface MigrationFile {
  kind: 'versioned' | 'function';
  /** The key recorded in schema_migrations: the timestamp, or `functions/<name>.sql`. */
  version: string;
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

// Any constant works; it only has to be the same for every instance of this server.
const MIGRATION_LOCK_KEY = 4_224_871_001;

export const defaultDbDir = () => path.join(projectRoot(), 'db');

const sha256 = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Every file the migrator applies, in the order it applies them: db/migrations/<version>_<name>.sql
 * by version, then db/functions/<name>.sql by name.
 */
export function readMigrations(dbDir = defaultDbDir()): MigrationFile[] {
  const versioned = readdirSync(path.join(dbDir, 'migrations'))
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file): MigrationFile => {
      const sql = readFileSync(path.join(dbDir, 'migrations', file), 'utf8');
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return {
        kind: 'versioned',
        version: version!,
        name: rest.join('_'),
        checksum: sha256(sql),
        sql,
      };
    });
  const functionsDir = path.join(dbDir, 'functions');
  const functions = readdirSync(functionsDir)
    .filter((f) => /^[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file): MigrationFile => {
      const sql = readFileSync(path.join(functionsDir, file), 'utf8');
      return {
        kind: 'function',
        version: `functions/${file}`,
        name: file.replace(/\.sql$/, ''),
        checksum: sha256(sql),
        sql,
      };
    });
  return [...versioned, ...functions];
}

const label = (f: MigrationFile) =>
  f.kind === 'versioned' ? `${f.version}_${f.name}.sql` : `db/${f.version}`;

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

type Recorded = Map<string, string>;

async function recorded(client: pg.PoolClient): Promise<Recorded> {
  const { rows } = await client.query<{ version: string; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

/**
 * Runs fn in one transaction that holds the migration lock. The lock is transaction-scoped
 * (pg_advisory_xact_lock), so it holds through a transaction-mode pooler such as Supabase's on
 * port 6543, where a session lock would land on whichever server connection ran the statement.
 */
async function locked<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Applies what is pending: each versioned migration in its own transaction, then the function
 * files whose checksum changed in one more. Every transaction takes the migration lock and reads
 * what is recorded under it, so servers starting together apply each file once. Refuses to run when
 * a versioned file that was already applied has changed on disk.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  files: MigrationFile[] = readMigrations(),
): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    const done = await locked(client, async () => {
      await client.query(CREATE_TABLE);
      return recorded(client);
    });
    for (const file of files) {
      const previous = done.get(file.version);
      if (file.kind === 'versioned' && previous !== undefined && previous !== file.checksum) {
        throw new MigrationError(
          `migration ${label(file)} was edited after it was applied; ` +
            'migrations are forward-only: revert the edit and add a new migration',
        );
      }
    }
    for (const file of files.filter((f) => f.kind === 'versioned' && !done.has(f.version))) {
      const ran = await locked(client, async () => {
        // Another instance may have applied it while this one waited for the lock.
        if ((await recorded(client)).has(file.version)) return false;
        await apply(client, file);
        return true;
      });
      if (ran) {
        applied.push(`${file.version}_${file.name}`);
        logger.info({ migration: label(file) }, 'migration applied');
      }
    }
    const functions = files.filter((f) => f.kind === 'function');
    if (functions.some((f) => done.get(f.version) !== f.checksum)) {
      const ran = await locked(client, async () => {
        const now = await recorded(client);
        const changed = functions.filter((f) => now.get(f.version) !== f.checksum);
        // The files may call each other in any order; bodies are checked when they run (and by
        // the tests), as pg_dump's restores do.
        await client.query('SET LOCAL check_function_bodies = off');
        for (const file of changed) await apply(client, file);
        return changed;
      });
      for (const file of ran) {
        applied.push(file.version);
        logger.info({ functions: label(file) }, 'SQL functions applied');
      }
    }
    return { applied };
  } finally {
    client.release();
  }
}

async function apply(client: pg.PoolClient, file: MigrationFile): Promise<void> {
  try {
    await client.query(file.sql);
  } catch (err) {
    throw new MigrationError(
      `${file.kind === 'versioned' ? 'migration' : 'function file'} ${label(file)} failed: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  await client.query(
    `INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)
     ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
    [file.version, file.name, file.checksum],
  );
}

/** Files on disk that the database has not applied (or applied with another checksum). */
export async function pendingMigrations(pool: pg.Pool, files: MigrationFile[]): Promise<string[]> {
  const exists = await pool.query<{ t: string | null }>(
    "SELECT to_regclass('schema_migrations') AS t",
  );
  if (!exists.rows[0]?.t) return files.map((f) => f.version);
  const { rows } = await pool.query<{ version: string; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  const done = new Map(rows.map((r) => [r.version, r.checksum]));
  return files.filter((f) => done.get(f.version) !== f.checksum).map((f) => f.version);
}
