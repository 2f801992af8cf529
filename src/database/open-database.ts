import type { Config } from '../config';

/** The parts of the config that say which database to open, and whether to migrate it. */
export type DatabaseSettings = Pick<
  Config,
  | 'databaseMode'
  | 'databaseUrl'
  | 'databaseDirectUrl'
  | 'supabaseUrl'
  | 'supabaseServiceRoleKey'
  | 'dataDir'
  | 'migrateOnStart'
>;
import { PgStore } from '../datasources/database/pg.store';
import { SupabaseJsStore } from '../datasources/database/supabase-js.store';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { StartupError } from '../errors/startup-error';
import type { Logger } from '../logger';
import { directConnection, type NamedConnection } from './connections';
import { EmbeddedPostgresAccessError } from '../errors/embedded-postgres-access-error';
import { startEmbeddedPostgres } from './embedded';
import { migrate, readMigrations } from './migrator';
import { isConnectionError } from './pg-errors';
import { createPool, describeDatabase } from './pool';
import type pg from 'pg';

export interface OpenDatabase {
  db: DashboardStore;
  /** The pool when the adapter is direct Postgres (LISTEN/NOTIFY and locks need it). */
  pool?: pg.Pool;
  /** DATABASE_URL (or the embedded database's), for dedicated connections (never logged). */
  connectionString?: string;
  /** Where LISTEN runs: DATABASE_DIRECT_URL when set; connectionString when absent. */
  direct?: NamedConnection;
  close(): Promise<void>;
}

/**
 * Opens the database the config asks for: DATABASE_URL through pg, Supabase through supabase-js,
 * or, with neither, an embedded Postgres under DATA_DIR. Applies migrations unless disabled.
 */
export async function openDatabase(
  config: DatabaseSettings,
  logger: Logger,
): Promise<OpenDatabase> {
  if (config.databaseMode === 'supabase') {
    logger.info(
      { supabaseUrl: config.supabaseUrl },
      'database: Supabase over HTTP (supabase-js); apply db/migrations with the Supabase CLI',
    );
    const db = new SupabaseJsStore({
      url: config.supabaseUrl!,
      serviceRoleKey: config.supabaseServiceRoleKey!,
      logger,
    });
    return { db, close: () => db.close() };
  }

  let connectionString = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (config.databaseMode === 'embedded') {
    const started = Date.now();
    logger.info(
      { dataDir: config.dataDir },
      'database: starting embedded PostgreSQL (no DATABASE_URL or SUPABASE_URL set); data kept under DATA_DIR',
    );
    const embedded = await startEmbeddedPostgres(config.dataDir, logger).catch((err: unknown) => {
      throw err instanceof EmbeddedPostgresAccessError ? new StartupError(err.message) : err;
    });
    connectionString = embedded.connectionString;
    stopEmbedded = embedded.stop;
    logger.info(
      {
        dataDir: config.dataDir,
        database: describeDatabase(connectionString),
        ms: Date.now() - started,
      },
      'database: embedded PostgreSQL ready',
    );
  } else {
    logger.info(
      {
        database: describeDatabase(connectionString!),
        ...(config.databaseDirectUrl && {
          direct: describeDatabase(config.databaseDirectUrl),
        }),
      },
      config.databaseDirectUrl
        ? 'database: PostgreSQL via DATABASE_URL; migrations and LISTEN via DATABASE_DIRECT_URL'
        : 'database: PostgreSQL via DATABASE_URL',
    );
  }

  const pool = createPool({ connectionString: connectionString! }, logger);
  const closeAll = async () => {
    await pool.end().catch(() => undefined);
    await stopEmbedded?.();
  };
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await closeAll();
    const where = describeDatabase(connectionString!);
    if (isConnectionError(err))
      throw new StartupError(
        `cannot reach the database at ${where}: ${(err as Error).message || (err as { code?: string }).code}`,
      );
    throw new StartupError(
      `database at ${where} refused the connection: ${(err as Error).message}`,
    );
  }
  const direct = directConnection(config, connectionString!);
  const migrations = readMigrations();
  if (config.migrateOnStart) {
    // Through DATABASE_DIRECT_URL when given: a pool of its own, closed once they are applied.
    const migrationPool =
      direct.connectionString === connectionString
        ? pool
        : createPool({ connectionString: direct.connectionString, max: 1 }, logger);
    try {
      const { applied } = await migrate(migrationPool, logger, migrations);
      logger.info(
        { applied: applied.length, total: migrations.length, via: direct.name },
        'migrations up to date',
      );
    } catch (err) {
      await closeAll();
      throw new StartupError(
        isConnectionError(err)
          ? `cannot reach the database through ${direct.name} at ${describeDatabase(direct.connectionString)} to migrate: ${(err as Error).message || (err as { code?: string }).code}`
          : (err as Error).message,
      );
    } finally {
      if (migrationPool !== pool) await migrationPool.end().catch(() => undefined);
    }
  }
  const db = new PgStore(pool, migrations, { logger });
  return { db, pool, connectionString, direct, close: closeAll };
}
