import 'reflect-metadata';
import { loadConfigOrExit, secretsOf } from './config';
import { StartupError } from './database/open-database';
import { createLogger } from './logger';
import { createServer } from './server';

async function main() {
  const config = loadConfigOrExit();
  const secrets = secretsOf(config);
  // Readable lines for a person at a terminal; JSON when piped (log collectors) or in production.
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY === true;
  const logger = createLogger({ level: config.logLevel, secrets, pretty });
  try {
    const server = await createServer(config, { logger, secrets });
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'signal received');
      server.stop().then(
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
      logger.fatal(err.message);
    } else {
      logger.fatal({ err }, 'startup failed');
    }
    logger.flush();
    setTimeout(() => process.exit(1), 100);
  }
}

void main();
