import pg from 'pg';
import type { Logger } from '../logger';

// bigint counts arrive as strings by default; every count we return fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

/** A pg Pool whose idle-client errors are logged instead of crashing the process. */
export function createPool(options: PoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'kaleyra-call-dashboard',
  });
  pool.on('error', (err) => {
    // A server restart kills idle clients; the pool replaces them on the next checkout.
    logger.warn(
      { err: { message: err.message, code: (err as { code?: string }).code } },
      'idle database client lost',
    );
  });
  return pool;
}

/** host:port of a connection string, for messages (never the password). */
export function describeDatabase(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}
