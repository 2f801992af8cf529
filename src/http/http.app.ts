import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCallbackRequest } from '../callbacks/kaleyra-callback.webhook';
import type { Context } from '../context/context.type';
import type { Readiness } from '../datasources/database/dashboard.store';
import { AppError } from '../errors/app-error';
import { csvExportRouter } from '../exports/csv-export.handler';
import { toGraphQLError } from '../errors/graphql-error';
import type { Logger } from '../logger';
import { staticSite } from '../web/static-site';
import { httpErrorHandler } from './error-handler';

export interface HttpAppDeps {
  apollo: ApolloServer<Context>;
  /** The context of one GraphQL request from its Authorization header; throws UNAUTHENTICATED. */
  context(authorization: string | undefined): Promise<Context>;
  /** What GET /readyz reports. */
  readiness(): Promise<Readiness>;
  /** Browser origins allowed by CORS on /graphql; none = no cross-origin browser access. */
  corsOrigins: readonly string[];
  /** GET /webhooks/kaleyra/callback. */
  callback(req: IncomingMessage, res: ServerResponse): void;
  /** CSV exports one user may start per minute (GET /exports/*.csv). */
  exportRatePerMinute: number;
  logger: Logger;
}

/**
 * Every HTTP route: /graphql (Apollo), /healthz, /readyz, the CSV exports (/exports/*.csv), and
 * the Kaleyra callback, which is served ahead of Express (see kaleyraCallbackHandler).
 */
export function createHttpApp(
  deps: HttpAppDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await deps.readiness();
    res
      .status(readiness.ok ? 200 : 503)
      .json({ status: readiness.ok ? 'ready' : 'unavailable', detail: readiness.detail });
  });
  app.use(
    '/graphql',
    // CORS from an allow-list only; with none configured, browsers on other origins are refused.
    cors({
      origin: deps.corsOrigins.length > 0 ? [...deps.corsOrigins] : false,
      credentials: false,
      maxAge: 600,
    }),
    express.json({ limit: '100kb' }),
    expressMiddleware(deps.apollo, {
      // Every operation is authenticated before it runs; UNAUTHENTICATED (401) otherwise: a
      // GraphQLError, so that Apollo answers with its HTTP status before running anything.
      context: ({ req }) =>
        deps.context(req.headers.authorization).catch((err: unknown) => {
          throw err instanceof AppError ? toGraphQLError(err) : err;
        }),
    }),
  );
  app.use(
    csvExportRouter({
      context: deps.context,
      ratePerMinute: deps.exportRatePerMinute,
      logger: deps.logger,
    }),
  );
  app.use(staticSite({ logger: deps.logger })); // the dashboard at / (never shadows the API)
  // Last: a body that does not parse is answered 400 JSON and logged once, without the body.
  app.use(httpErrorHandler(deps.logger));
  return (req, res) => (isCallbackRequest(req.url) ? deps.callback(req, res) : app(req, res));
}
