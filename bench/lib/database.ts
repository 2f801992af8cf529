import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded';
import { migrate, readMigrations } from '../../src/database/migrator';
import { createPool } from '../../src/database/pool';
import type { Logger } from '../../src/logger';
import { loadReferenceSql } from '../../test/helpers/reference-sql';

export interface BenchDatabase {
  connectionString: string;
  /** An admin pool for the benchmark's own checks (not the code under test). */
  pool: pg.Pool;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL under the OS temp dir, migrated with db/migrations; stop()
 * removes its data. Benchmarks never touch a DATABASE_URL: their TRUNCATEs would hit real data.
 */
export async function startBenchDatabase(logger: Logger, name: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kcd-bench-${name}-`));
  const embedded = await startEmbeddedPostgres(dir, logger, {
    persistent: false,
    maxConnections: 200,
  });
  const pool = createPool(
    { connectionString: embedded.connectionString, max: 4, applicationName: 'bench' },
    logger,
  );
  try {
    await migrate(pool, logger, readMigrations());
    await loadReferenceSql(pool);
  } catch (err) {
    await pool.end();
    await embedded.stop();
    throw err;
  }
  return {
    connectionString: embedded.connectionString,
    pool,
    async stop() {
      await pool.end().catch(() => undefined);
      // pg's Pool.end() resolves before its sockets have closed (here and in any pool stopped just
      // before): without a pause, Postgres's shutdown races them and every one logs a lost client.
      await new Promise((r) => setTimeout(r, 300));
      await embedded.stop();
    },
  };
}

/** Stops everything registered, in reverse order, on exit paths and signals (once). */
export function cleanupStack(): { push(fn: () => Promise<unknown>): void; run(): Promise<void> } {
  const fns: (() => Promise<unknown>)[] = [];
  let ran: Promise<void> | undefined;
  const run = () =>
    (ran ??= (async () => {
      for (const fn of fns.reverse())
        await fn().catch((err: unknown) => console.error('cleanup failed:', err));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      void run().finally(() => process.exit(130));
    });
  }
  return { push: (fn) => void fns.push(fn), run };
}
