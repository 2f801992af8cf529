import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgStore } from '../../src/datasources/database/pg.store';
import { readMigrations } from '../../src/database/migrator';
import { createPool } from '../../src/database/pool';
import type { OpenDatabase } from '../../src/database/open-database';
import { createLogger } from '../../src/logger';

export interface TestDatabase {
  name: string;
  connectionString: string;
  pool: pg.Pool;
  /** An OpenDatabase for createServer; closing it leaves the test database in place. */
  open(): OpenDatabase;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run through jest (globalSetup)');
  return url;
}

/** A fresh database cloned from the migrated template: real Postgres, empty tables. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = `kcd_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const template = options.migrated === false ? 'template0' : process.env.TEST_TEMPLATE_DB!;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const pool = createPool({ connectionString, max: 10 }, createLogger({ level: 'silent' }));
  return {
    name,
    connectionString,
    pool,
    open: () => ({
      db: new PgStore(pool, readMigrations()),
      pool,
      connectionString,
      close: async () => undefined,
    }),
    async drop() {
      await pool.end().catch(() => undefined);
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Waits (at most 2 s) until backend `pid` is blocked on a lock. */
export async function waitUntilBlockedOnLock(pool: pg.Pool, pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query<{ w: string | null }>(
      'SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    if (rows[0]?.w === 'Lock') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}
