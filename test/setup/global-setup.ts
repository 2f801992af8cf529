import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded';
import { EmbeddedPostgresAccessError } from '../../src/errors/embedded-postgres-access-error';
import { migrate } from '../../src/database/migrator';
import { createLogger } from '../../src/logger';
import { loadReferenceSql } from '../helpers/reference-sql';

export const TEMPLATE_DB = 'kcd_test_template';

/**
 * Every test run gets a real PostgreSQL: the one in DATABASE_URL when set, otherwise a throwaway
 * embedded server. The migrations are applied once into a template database; each test file
 * clones it (CREATE DATABASE ... TEMPLATE), so files never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kcd-test-pg-'));
    const embedded = await startEmbeddedPostgres(dir, logger, {
      persistent: false,
      maxConnections: 400,
    }).catch((err: unknown) => {
      // One line that says what to do, not a stack trace through jest's setup.
      if (!(err instanceof EmbeddedPostgresAccessError)) throw err;
      console.error(`npm test: ${err.message}`);
      process.exit(1);
    });
    adminUrl = embedded.connectionString;
    (globalThis as Record<string, unknown>).__embeddedPostgres = embedded;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DB = TEMPLATE_DB;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  await migrate(pool, logger);
  await loadReferenceSql(pool);
  await pool.end();
}
