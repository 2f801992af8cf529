import type { Config } from '../../src/config';

/** A config for tests, built directly (never by patching process.env). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    nodeEnv: 'test',
    logLevel: 'silent',
    databaseMode: 'postgres',
    dataDir: '/nonexistent',
    migrateOnStart: false,
    eventsTransport: 'auto',
    kaleyraApiKey: 'ATESTFAKEKEY0000000000000000000000',
    kaleyraBaseUrl: 'http://127.0.0.1:9/v1/',
    kaleyraTimeoutMs: 2_000,
    authDisabled: true,
    corsOrigins: [],
    maskNumbersFor: [],
    callRateLimitPerMinute: 1_000,
    wsMaxSocketsPerUser: 20,
    httpRequestTimeoutMs: 30_000,
    httpHeadersTimeoutMs: 10_000,
    ...overrides,
  };
}
