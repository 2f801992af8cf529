import type { Config } from '../../src/config';
import type { OpenDatabase } from '../../src/database/open-database';
import type { Logger } from '../../src/logger';
import { createServer, type AppServer } from '../../src/server';
import { testConfig } from './config';

export interface TestServerOptions {
  database: OpenDatabase;
  config?: Partial<Config>;
  logger?: Logger;
  now?: () => Date;
}

/** createServer on 127.0.0.1:0 with a test config; remember to stop() it. */
export function startTestServer(options: TestServerOptions): Promise<AppServer> {
  return createServer(testConfig(options.config), {
    database: options.database,
    logger: options.logger,
    now: options.now,
  });
}
