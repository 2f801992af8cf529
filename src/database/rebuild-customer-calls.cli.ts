import { loadConfigOrExit, secretsOf } from '../config';
import { createLogger } from '../logger';
import { StartupError } from '../errors/startup-error';
import { openDatabase } from './open-database';

// npm run links:rebuild: rebuilds the customer calls (links, facts, rollups) from the legs, after
// writes that bypassed the triggers (a replica apply, a bulk load with triggers disabled).
async function main(): Promise<number> {
  const config = loadConfigOrExit();
  if (config.databaseMode === 'supabase') {
    console.error(
      'SUPABASE_URL without DATABASE_URL: run `SELECT rebuild_customer_calls();` in the SQL editor, or set DATABASE_URL.',
    );
    return 2;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  try {
    const db = await openDatabase(config, logger);
    try {
      const started = Date.now();
      const [row] = (await db.pool!.query<{ n: number }>('SELECT rebuild_customer_calls() AS n'))
        .rows;
      logger.info(
        { customerCalls: row!.n, ms: Date.now() - started },
        'customer calls rebuilt from the call legs',
      );
    } finally {
      await db.close();
    }
    return 0;
  } catch (err) {
    logger.fatal(err instanceof StartupError ? err.message : { err });
    return 1;
  }
}

main().then((code) => setTimeout(() => process.exit(code), 50));
