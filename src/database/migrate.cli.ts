import { loadConfigOrExit, secretsOf } from '../config';
import { createLogger } from '../logger';
import { StartupError } from '../errors/startup-error';
import { openDatabase } from './open-database';

// npm run migrate: applies db/migrations to DATABASE_URL (or the embedded database) and exits.
async function main(): Promise<number> {
  const config = loadConfigOrExit();
  if (config.databaseMode === 'supabase') {
    console.error(
      'SUPABASE_URL without DATABASE_URL: apply db/migrations with the Supabase CLI or the SQL editor (see README).',
    );
    return 2;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  try {
    const db = await openDatabase({ ...config, migrateOnStart: true }, logger);
    await db.close();
    return 0;
  } catch (err) {
    logger.fatal(err instanceof StartupError ? err.message : { err });
    return 1;
  }
}

main().then((code) => setTimeout(() => process.exit(code), 50));
