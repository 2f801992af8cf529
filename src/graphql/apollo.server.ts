import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type http from 'node:http';
import type { Context } from '../context/context.type';
import { stringInputsPlugin } from './string-inputs';

export interface ApolloServerDeps {
  schema: GraphQLSchema;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  validationRules: ValidationRule[];
  /** Drained on stop: in-flight requests finish, idle connections close. */
  httpServer: http.Server;
  /** Also run on stop, after HTTP has drained (closes the graphql-ws sockets). */
  drain: () => Promise<void>;
  /** No landing page in production (introspection is refused by validationRules there). */
  production: boolean;
}

/** Apollo Server for /graphql over HTTP, started. */
export async function createApolloServer(deps: ApolloServerDeps): Promise<ApolloServer<Context>> {
  const apollo = new ApolloServer<Context>({
    schema: deps.schema,
    formatError: deps.formatError,
    includeStacktraceInErrorResponses: false,
    // Refused in production by validationRules (the list graphql-ws uses too), not by Apollo's
    // own flag, which would only cover HTTP.
    introspection: true,
    csrfPrevention: true,
    validationRules: deps.validationRules,
    // Compact JSON: Apollo's default pretty-prints every response, which costs time and bytes.
    stringifyResult: (value) => JSON.stringify(value),
    // One operation per request: batching would multiply the limits above.
    allowBatchedHttpRequests: false,
    // src/index.ts owns the signals: it drains HTTP, then closes the database in order.
    stopOnTerminationSignals: false,
    plugins: [
      // Control characters in any string input: BAD_USER_INPUT before anything executes.
      stringInputsPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await deps.drain();
            },
          };
        },
      },
      ...(deps.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  return apollo;
}
