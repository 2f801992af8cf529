import type { GraphQLSchema } from 'graphql';
import http from 'node:http';
import { createAuthenticator } from './auth/create-authenticator';
import { printDemoAdminToken } from './auth/demo-token';
import { printDemoBannerWhen } from './demo/demo-banner';
import { CallLogSync } from './sync/call-log-sync';
import { LiveCallsService } from './calls/live-calls.service';
import { createCallbackToken } from './callbacks/callback-token';
import { CALLBACK_PATH, kaleyraCallbackHandler } from './callbacks/kaleyra-callback.webhook';
import { EXPORT_RATE_LIMIT_DEFAULT, secretsOf, type Config } from './config';
import type { DataSources } from './context/context.type';
import { createContext, type ContextDeps } from './context/create-context';
import { openDatabase, type OpenDatabase } from './database/open-database';
import { createKaleyra } from './datasources/kaleyra/create-kaleyra';
import { callbackTemplate } from './datasources/kaleyra/kaleyra.client';
import { createApolloServer } from './graphql/apollo.server';
import { createFormatError } from './graphql/format-error';
import { validationRules } from './graphql/validation-rules';
import { createHttpApp } from './http/http.app';
import { listen, serverUrl } from './http/listen';
import { httpServerOptions } from './http/timeouts';
import { readinessOf } from './http/readiness';
import { createLogger, createScrubber, type Logger } from './logger';
import { buildAppSchema } from './schema/build-schema';
import { createCallStatusFeed } from './subscriptions/outbox.feed';
import { createGraphqlWsServer } from './subscriptions/graphql-ws.server';
import { createAppPubSub } from './subscriptions/pubsub';
import { startSyncSchedule } from './sync/sync-schedule';

export interface ServerDeps {
  logger?: Logger;
  /** The list the logger scrubs; secrets made at start (the callback token) are added to it. */
  secrets?: string[];
  /** An already open database (tests); otherwise opened from the config. */
  database?: OpenDatabase;
  now?: () => Date;
  /** IST days to sync in the background once listening (the demo's first fill). */
  syncOnStart?: { fromDate: string; toDate: string; why: string };
}

export interface AppServer {
  /** http://host:port of the listening server. */
  url: string;
  httpServer: http.Server;
  schema: GraphQLSchema;
  logger: Logger;
  dataSources: DataSources;
  /** Stops accepting, finishes in-flight requests, closes sockets, then the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: one HTTP server carrying /graphql (HTTP and graphql-transport-ws),
 * /healthz, /readyz, the CSV exports and the Kaleyra callback route. Listens on config.port (0 in tests). Kaleyra
 * is whatever config.kaleyraBaseUrl and config.kaleyraApiKey name (src/index.ts points them at
 * the demo simulator when no key is configured).
 */
export async function createServer(config: Config, deps: ServerDeps = {}): Promise<AppServer> {
  const secrets = deps.secrets ?? secretsOf(config);
  const logger = deps.logger ?? createLogger({ level: config.logLevel, secrets });
  const now = deps.now ?? (() => new Date());
  const database = deps.database ?? (await openDatabase(config, logger));
  const { db } = database;

  const kaleyra = createKaleyra(config, logger);
  const pubSub = createAppPubSub();
  const feed = await createCallStatusFeed(config, database, pubSub, logger);
  const callbackToken = await createCallbackToken(config.kaleyraCallbackToken, db, secrets, logger);
  const scrub = createScrubber(secrets);
  // Created now, listening last: until KALEYRA_CALLBACK_URL is set, callbacks come to its address.
  const httpServer = http.createServer(httpServerOptions(config));
  const callbackBase = () =>
    config.kaleyraCallbackUrl ?? `${serverUrl(httpServer, config.host)}${CALLBACK_PATH}`;
  const liveCalls = new LiveCallsService({
    db,
    kaleyra,
    feed,
    logger,
    callbackUrl: (ivrCallId) =>
      callbackTemplate(callbackBase(), { token: callbackToken, ivr_call_id: ivrCallId }),
    ratePerMinute: config.callRateLimitPerMinute,
    scrub,
  });
  const sync = new CallLogSync({
    kaleyra,
    db,
    logger,
    now,
    afterSync: async () => void (await liveCalls.reconcile()),
  });
  const dataSources: DataSources = { db, kaleyra, sync, liveCalls };
  const contextDeps: ContextDeps = {
    dataSources,
    logger,
    now,
    maskNumbersFor: config.maskNumbersFor,
  };

  const { authenticator, demoSecret } = createAuthenticator(
    {
      jwtSecret: config.authJwtSecret,
      jwksUrl: config.authJwksUrl,
      disabled: config.authDisabled,
      maxTokenAgeSeconds: config.authMaxTokenAgeSeconds,
    },
    secrets,
    logger,
  );

  const schema = await buildAppSchema(pubSub);
  const production = config.nodeEnv === 'production';
  const formatError = createFormatError(logger, scrub, { hideSchemaSuggestions: production });
  const rules = validationRules({ production });
  const ws = createGraphqlWsServer({
    httpServer,
    schema,
    formatError,
    validationRules: rules,
    authenticate: (token) => authenticator.authenticate(token),
    corsOrigins: config.corsOrigins,
    maxSocketsPerUser: config.wsMaxSocketsPerUser,
    context: (user) => createContext(contextDeps, user),
    logger,
  });
  const apollo = await createApolloServer({
    schema,
    formatError,
    validationRules: rules,
    httpServer,
    drain: () => ws.dispose(),
    production,
  });
  httpServer.on(
    'request',
    createHttpApp({
      apollo,
      context: async (authorization) =>
        createContext(contextDeps, await authenticator.authenticate(authorization)),
      readiness: () => readinessOf(db, feed),
      corsOrigins: config.corsOrigins,
      callback: kaleyraCallbackHandler({ db, feed, logger, token: callbackToken, now }),
      exportRatePerMinute: config.exportRateLimitPerMinute ?? EXPORT_RATE_LIMIT_DEFAULT,
      logger,
    }),
  );

  let url: string;
  try {
    url = await listen(httpServer, config.port, config.host);
  } catch (err) {
    // Nothing is served: what this server started is stopped, so the process can exit cleanly.
    await Promise.allSettled([apollo.stop(), feed.stop()]);
    await database.close().catch(() => undefined);
    throw err;
  }
  logger.info({ url: `${url}/graphql` }, 'server listening');
  const demoToken = demoSecret ? await printDemoAdminToken(demoSecret, logger) : undefined;
  if (!config.kaleyraCallbackUrl) {
    logger.warn(
      { callbackUrl: callbackBase() },
      "KALEYRA_CALLBACK_URL is not set: callbacks will point at this server's own address, which Kaleyra cannot reach on localhost; set it to the public https URL of /webhooks/kaleyra/callback",
    );
  }
  const schedule = startSyncSchedule(sync, {
    initial: deps.syncOnStart,
    intervalSeconds: config.syncIntervalSeconds,
    now,
    logger,
  });
  if (demoToken) printDemoBannerWhen(schedule.initialDone, url, demoToken, logger);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: draining requests and sockets');
      schedule.cancel();
      await apollo.stop();
      await schedule.settled();
      await feed.stop();
      await database.close();
      logger.info('shutdown complete');
    })());

  return { url, httpServer, schema, logger, dataSources, stop };
}
