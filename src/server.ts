import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { SignJWT } from 'jose';
import {
  execute,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionResult,
} from 'graphql';
import { Authenticator } from './auth/authenticator';
import { operationLimitsRule } from './graphql/limits';
import type { GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { secretsOf, type Config } from './config';
import type { User } from './auth/user';
import type { Context, DataSources } from './context/context.type';
import { createContext } from './context/create-context';
import { openDatabase, type OpenDatabase } from './database/open-database';
import { createFormatError } from './graphql/format-error';
import { createLogger, createScrubber, type Logger } from './logger';
import { randomBytes } from 'node:crypto';
import { LiveCallsService } from './calls/live-calls.service';
import { callbackTemplate, KaleyraClient } from './datasources/kaleyra/kaleyra.client';
import { InProcessFeed, PgNotifyFeed, type CallStatusFeed } from './subscriptions/call-status.feed';
import {
  CALLBACK_PATH,
  isCallbackRequest,
  kaleyraCallbackHandler,
} from './subscriptions/kaleyra-callback.webhook';
import { createAppPubSub } from './subscriptions/pubsub';
import { serialiseOnce } from './subscriptions/shared-json';
import { SharedSubscriptions } from './subscriptions/shared-subscriptions';
import { useWsTransport } from './subscriptions/ws-transport';
import { demoBanner, demoTokenNotice } from './demo/demo-banner';
import { startDemoKaleyra, type DemoKaleyra } from './demo/demo-kaleyra';
import { SyncInProgressError } from './errors';
import { buildAppSchema } from './schema/build-schema';
import { CallLogSync } from './sync/call-log-sync';
import { addDays, istDateOf } from './domain/ist';
import { staticSite } from './web/static-site';

export interface ServerDeps {
  logger?: Logger;
  /** The list the logger scrubs; secrets made at start (the callback token) are added to it. */
  secrets?: string[];
  /** An already open database (tests); otherwise opened from the config. */
  database?: OpenDatabase;
  now?: () => Date;
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
 * /healthz, /readyz and the Kaleyra callback route. Listens on config.port (0 in tests).
 */
export async function createServer(config: Config, deps: ServerDeps = {}): Promise<AppServer> {
  const secrets = deps.secrets ?? secretsOf(config);
  const scrub = createScrubber(secrets);
  const logger = deps.logger ?? createLogger({ level: config.logLevel, secrets });
  const database = deps.database ?? (await openDatabase(config, logger));
  const now = deps.now ?? (() => new Date());

  let demo: DemoKaleyra | undefined;
  if (!config.kaleyraApiKey) demo = await startDemoKaleyra(logger, now());
  const kaleyra = new KaleyraClient({
    baseUrl: demo?.simulator.url ?? config.kaleyraBaseUrl,
    apiKey: demo?.apiKey ?? config.kaleyraApiKey!,
    timeoutMs: config.kaleyraTimeoutMs,
    logger,
  });
  const pubSub = createAppPubSub();
  let feed: CallStatusFeed;
  if (database.connectionString && database.pool) {
    feed = await PgNotifyFeed.start(database.connectionString, database.pool, pubSub, logger);
  } else {
    feed = new InProcessFeed(pubSub);
    logger.warn(
      'events: callStatusChanged is in-process only with the supabase-js adapter (no LISTEN/NOTIFY); run one instance, or set DATABASE_URL',
    );
  }

  // One token for every instance: configured, or generated once and kept in the database.
  const candidate = randomBytes(24).toString('base64url');
  const callbackToken =
    config.kaleyraCallbackToken ??
    (await database.db.sharedSecret('kaleyra_callback_token', candidate).catch((err: unknown) => {
      logger.warn(
        { err: (err as Error).message },
        'could not read the shared callback token (migrations pending?): this instance uses its own; set KALEYRA_CALLBACK_TOKEN when running several',
      );
      return candidate;
    }));
  if (!secrets.includes(callbackToken)) secrets.push(callbackToken);
  let callbackBase = config.kaleyraCallbackUrl;
  const liveCalls = new LiveCallsService({
    db: database.db,
    kaleyra,
    feed,
    logger,
    callbackUrl: (ivrCallId) =>
      callbackTemplate(callbackBase!, { token: callbackToken, ivr_call_id: ivrCallId }),
    ratePerMinute: config.callRateLimitPerMinute,
  });
  const sync = new CallLogSync({
    kaleyra,
    db: database.db,
    logger,
    now,
    afterSync: async () => void (await liveCalls.reconcile()),
  });
  const dataSources: DataSources = { db: database.db, kaleyra, sync, liveCalls };
  const contextDeps = { dataSources, logger, now, maskNumbersFor: config.maskNumbersFor };

  // Auth stays on in the demo: with no secret configured, one is generated for this process and
  // a ready admin token is printed (on stderr, never in the structured log).
  let demoSecret: string | undefined;
  if (!config.authDisabled && !config.authJwtSecret && !config.authJwksUrl) {
    demoSecret = randomBytes(32).toString('base64url');
    secrets.push(demoSecret);
  }
  const authenticator = Authenticator.fromConfig(config, demoSecret);
  if (config.authDisabled)
    logger.warn(
      'auth: AUTH_DISABLED=true: every caller is admin (refused when NODE_ENV=production)',
    );
  const limitsRule = operationLimitsRule();

  const schema = await buildAppSchema(pubSub);
  const app = express();
  app.disable('x-powered-by');
  // The callback route is served ahead of Express (see kaleyraCallbackHandler); the rest by Express.
  const callback = kaleyraCallbackHandler({
    db: database.db,
    feed,
    logger,
    token: callbackToken,
    now,
  });
  const httpServer = http.createServer((req, res) =>
    isCallbackRequest(req.url) ? callback(req, res) : app(req, res),
  );

  const formatError = createFormatError(logger, scrub);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: 100 * 1024,
  });
  // The same masking as over HTTP (codes kept, internals hidden), applied once per result.
  const formatResult = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors) return result;
    const errors = result.errors.map((e) => {
      const f = formatError(e.toJSON(), e);
      return new GraphQLError(f.message, { path: f.path, extensions: f.extensions });
    });
    return { ...result, errors };
  };
  // Subscribers with the same operation, variables, role and masking share one execution per event,
  // and its data is serialised once for all of them (the transport writes it into each frame).
  const shared = new SharedSubscriptions(
    (ctx) => `${(ctx as Context).user?.role ?? ''}:${(ctx as Context).maskNumbers}`,
    (result) => {
      const formatted = formatResult(result);
      if (formatted.data) serialiseOnce(formatted.data);
      return formatted;
    },
  );
  const wsCleanup = useWsTransport<{ user?: User }>(
    {
      schema,
      subscribe: shared.subscribe,
      execute: async (args) => formatResult(await execute(args)),
      // connection_init carries the token ({ authorization: 'Bearer …' }); a bad one closes the socket.
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        try {
          ctx.extra.user = await authenticator.authenticate(
            params.authorization ?? params.Authorization ?? params.token,
          );
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, limitsRule]);
        return errors.length > 0 ? errors.map((e) => e) : undefined;
      },
      context: (ctx) => createContext(contextDeps, ctx.extra.user ?? null),
      // The same masking as over HTTP: codes kept, internals hidden.
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
    { onInternalError: (err) => logger.error({ err }, 'graphql-ws: internal error on a socket') },
  );

  const production = config.nodeEnv === 'production';
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !production,
    csrfPrevention: true,
    validationRules: [limitsRule],
    // Compact JSON: Apollo's default pretty-prints every response, which costs time and bytes.
    stringifyResult: (value) => JSON.stringify(value),
    // One operation per request: batching would multiply the limits above.
    allowBatchedHttpRequests: false,
    // src/index.ts owns the signals: it drains HTTP, then closes the database in order.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await database.db.readiness();
    res
      .status(readiness.ok ? 200 : 503)
      .json({ status: readiness.ok ? 'ready' : 'unavailable', detail: readiness.detail });
  });
  app.use(
    '/graphql',
    // CORS from an allow-list only; with none configured, browsers on other origins are refused.
    cors({
      origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
      credentials: false,
      maxAge: 600,
    }),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      // Every operation is authenticated before it runs; UNAUTHENTICATED (401) otherwise.
      context: async ({ req }) =>
        createContext(contextDeps, await authenticator.authenticate(req.headers.authorization)),
    }),
  );
  app.use(staticSite({ logger })); // the dashboard at / (src/web/static-site.ts)

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url: `${url}/graphql` }, 'server listening');
  let demoToken: string | undefined;
  if (demoSecret) {
    demoToken = await new SignJWT({ app_metadata: { role: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-admin')
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(new TextEncoder().encode(demoSecret));
    logger.info(
      'auth: no AUTH_JWT_SECRET set: generated a secret for this process; a demo admin token (12 h) is printed on stderr, and a signed-in dashboard link once the demo data is in',
    );
    process.stderr.write(demoTokenNotice(demoToken));
  }
  if (!callbackBase) {
    callbackBase = `${url}${CALLBACK_PATH}`;
    logger.warn(
      { callbackUrl: callbackBase },
      "KALEYRA_CALLBACK_URL is not set: callbacks will point at this server's own address, which Kaleyra cannot reach on localhost; set it to the public https URL of /webhooks/kaleyra/callback",
    );
  }

  // Background syncs: the demo's first fill, and the optional schedule (today and yesterday, so
  // that late records are caught). A sync running elsewhere is not an error here.
  const background = new Set<Promise<unknown>>();
  const runInBackground = (fromDate: string, toDate: string, why: string) => {
    const p = sync
      .run({ fromDate, toDate })
      .then((r) => logger.info({ ...r, why }, 'background sync done'))
      .catch((err: unknown) => {
        if (err instanceof SyncInProgressError)
          logger.info({ why }, 'background sync skipped: another sync is running');
        else logger.error({ err, why }, 'background sync failed');
      })
      .finally(() => background.delete(p));
    background.add(p);
    return p;
  };
  const demoFill = demo ? runInBackground(demo.fromDate, demo.toDate, 'demo data') : undefined;
  // Printed last, once the demo data is in, and never in the structured log. The JSON log's
  // writes are asynchronous and its flush() answers before the last one lands: hence the pause.
  if (demoToken)
    void Promise.resolve(demoFill).then(() =>
      logger.flush(() =>
        setTimeout(
          () => process.stderr.write(demoBanner(url, demoToken, !!process.stderr.isTTY)),
          100,
        ).unref(),
      ),
    );
  const schedule = config.syncIntervalSeconds
    ? setInterval(() => {
        const today = istDateOf(now());
        if (background.size === 0) runInBackground(addDays(today, -1), today, 'schedule');
      }, config.syncIntervalSeconds * 1000)
    : undefined;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: draining requests and sockets');
      clearInterval(schedule);
      await apollo.stop();
      await Promise.allSettled([...background]);
      await demo?.simulator.stop();
      await feed.stop();
      await database.close();
      logger.info('shutdown complete');
    })());

  return { url, httpServer, schema, logger, dataSources, stop };
}
