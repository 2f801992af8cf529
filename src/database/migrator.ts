import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from '../logger';
import { projectRoot } from '../paths';

export interface MigrationFile {
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

export const defaultMigrationsDir = () => path.join(projectRoot(), 'db', 'migrations');

/** db/migrations/<version>_<name>.sql, in version order, with their SHA-256. */
export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      return {
        version: version!,
        name: rest.join('_'),
        checksum: createHash('sha256').update(sql).digest('hex'),
        sql,
      };
    });
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * Applies pending migrations in order, each in its own transaction, under a session advisory lock
 * so that servers starting together apply each file once. Refuses to run when a file that was
 * already applied has changed on disk.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  files: MigrationFile[] = readMigrations(),
): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const file of files) {
      const previous = done.get(file.version);
      if (previous && previous.checksum !== file.checksum) {
        throw new MigrationError(
          `migration ${file.version}_${file.name}.sql was edited after it was applied; ` +
            'migrations are forward-only: revert the edit and add a new migration',
        );
      }
    }
    for (const file of files) {
      if (done.has(file.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
          [file.version, file.name, file.checksum],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `migration ${file.version}_${file.name}.sql failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
      applied.push(`${file.version}_${file.name}`);
      logger.info({ migration: `${file.version}_${file.name}` }, 'migration applied');
    }
    return { applied };
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    client.release();
  }
}

/** Versions on disk that the database has not applied (or applied with another checksum). */
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
