import type { Config } from '../config';

/** A connection string and how logs name it (never the string itself: it holds a password). */
export interface NamedConnection {
  connectionString: string;
  name: string;
}

/**
 * The connection for what needs a session of its own: migrations (their lock is transaction-scoped,
 * but DDL through a pooler is still best avoided) and LISTEN (a transaction-mode pooler hands each
 * statement to any server connection, so a LISTEN there hears nothing). DATABASE_DIRECT_URL when
 * set (Prisma's `directUrl`), else the one DATABASE_URL (or the embedded database) serves both.
 */
export function directConnection(
  config: Pick<Config, 'databaseDirectUrl' | 'databaseMode'>,
  appConnectionString: string,
): NamedConnection {
  if (config.databaseDirectUrl)
    return { connectionString: config.databaseDirectUrl, name: 'DATABASE_DIRECT_URL' };
  return {
    connectionString: appConnectionString,
    name: config.databaseMode === 'embedded' ? 'the embedded database' : 'DATABASE_URL',
  };
}
