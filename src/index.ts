import 'reflect-metadata';
import { loadConfigOrExit, secretsOf } from './config';
import { openDatabase } from './database/open-database';
import { kaleyraOrDemo } from './demo/demo-kaleyra';
import { StartupError } from './errors/startup-error';
import { createLogger } from './logger';
import { createServer } from './server';

async function main() {
  const config = loadConfigOrExit();
  const secrets = secretsOf(config);
  // Readable lines for a person at a terminal; JSON when piped (log collectors) or in production.
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY === true;
  const logger = createLogger({ level: config.logLevel, secrets, pretty });
  try {
    const database = await openDatabase(config, logger);
    // Demo mode (no KALEYRA_API_KEY): the server talks to the built-in simulator, and fills the
    // dashboard from it once listening.
    const { settings, demo } = await kaleyraOrDemo(config, logger, new Date());
    const server = await createServer(settings, {
      logger,
      secrets,
      database,
      syncOnStart: demo && { fromDate: demo.fromDate, toDate: demo.toDate, why: 'demo data' },
    });
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'signal received');
      server
        .stop()
        .then(() => demo?.simulator.stop())
        .then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } catch (err) {
    if (err instanceof StartupError) {
      logger.fatal(`startup failed: ${err.message}`);
    } else {
      logger.fatal({ err }, 'startup failed');
    }
    logger.flush();
    setTimeout(() => process.exit(1), 100);
  }
}

void main();
