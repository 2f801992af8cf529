import type http from 'node:http';
import {
  execute,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { WebSocketServer } from 'ws';
import type { User } from '../auth/user';
import type { Context } from '../context/context.type';
import { fromFormattedError } from '../errors/graphql-error';
import { prepareOperation } from '../graphql/prepare-operation';
import type { Logger } from '../logger';
import { serialiseOnce } from './shared-json';
import { SharedSubscriptions } from './shared-subscriptions';
import { verifyOrigin, wsOnConnect } from './ws-policy';
import { useWsTransport } from './ws-transport';

export interface GraphqlWsServerDeps {
  /** The HTTP server whose upgrades on /graphql become graphql-ws sockets. */
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** The same formatError as over HTTP (codes kept, internals hidden). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Run after graphql's own rules: the same list as over HTTP. */
  validationRules: readonly ValidationRule[];
  /** The user of connection_init's token; throws when it is missing or bad. */
  authenticate(token: unknown): Promise<User>;
  /** Browser origins allowed besides the server's own (CORS_ORIGINS, as over HTTP). */
  corsOrigins: readonly string[];
  /** Sockets one user may hold on this instance (WS_MAX_SOCKETS_PER_USER). */
  maxSocketsPerUser: number;
  /** A context for one subscribe. */
  context(user: User | null): Context;
  logger: Logger;
}

/**
 * graphql-ws (graphql-transport-ws) on /graphql of the HTTP server: upgrades are checked against
 * the allowed origins, the token arrives in connection_init, every operation is validated like an
 * HTTP one, results are masked like HTTP
 * ones, and subscribers that would get the same results share one execution per event. Returns
 * what Apollo's drain calls to close the sockets.
 */
export function createGraphqlWsServer(deps: GraphqlWsServerDeps): { dispose(): Promise<void> } {
  const { schema, formatError, logger } = deps;
  const wsServer = new WebSocketServer({
    server: deps.httpServer,
    path: '/graphql',
    maxPayload: 100 * 1024,
    verifyClient: verifyOrigin(deps.corsOrigins),
  });
  // ws re-emits the HTTP server's errors (EADDRINUSE at listen among them) on itself: without a
  // listener that is an unhandled 'error' event. listen() reports its own failure.
  wsServer.on('error', (err) => logger.debug({ err: err.message }, 'websocket server error'));
  // The same masking as over HTTP (codes kept, internals hidden), applied once per result.
  const formatResult = (result: ExecutionResult): ExecutionResult => {
    if (!result.errors) return result;
    const errors = result.errors.map((e) => fromFormattedError(formatError(e.toJSON(), e)));
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
  return useWsTransport<{ user?: User }>(
    {
      schema,
      subscribe: shared.subscribe,
      execute: async (args) => formatResult(await execute(args)),
      // connection_init carries the token ({ authorization: 'Bearer …' }): a bad one closes the
      // socket with 4401, a user over the cap with 4403.
      onConnect: wsOnConnect({
        authenticate: deps.authenticate,
        maxSocketsPerUser: deps.maxSocketsPerUser,
      }),
      // Parsed, validated (the HTTP rule list), variables coerced and string inputs checked, each
      // refusal with the code HTTP gives it.
      onSubscribe: (_ctx, _id, payload) => prepareOperation(schema, deps.validationRules, payload),
      context: (ctx) => deps.context(ctx.extra.user ?? null),
      // The same masking as over HTTP: codes kept, internals hidden.
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
    { onInternalError: (err) => logger.error({ err }, 'graphql-ws: internal error on a socket') },
  );
}
