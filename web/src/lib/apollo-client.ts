import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient, type Client } from 'graphql-ws';
import { createCache } from './apollo-cache';
import { currentToken, signOut } from './auth';
import { setConnectionState } from './connection';
import { isUnauthenticated } from './errors';

/** Waits 0.5, 1, 2, 4, 8 s between tries, then every 10 s (± up to 1 s): never gives up. */
async function retryWait(retries: number): Promise<void> {
  const ms = Math.min(500 * 2 ** retries, 10_000) + Math.random() * 1_000;
  await new Promise((resolve) => setTimeout(resolve, ms));
}

const authorization = () => {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
};

export interface DashboardClient {
  apollo: ApolloClient;
  ws: Client;
  /** Closes the socket and forgets every cached answer (sign-out). */
  dispose(): Promise<void>;
}

/**
 * One Apollo Client for the page: HTTP for queries and mutations, graphql-ws on the same /graphql
 * for subscriptions, both with the current token. No cookies are involved (no credentials
 * option). The socket retries forever (`shouldRetry: () => true`; graphql-ws otherwise gives up
 * when a restarting server refuses it), and once it is back every active query is fetched again,
 * since events may have been missed while it was away.
 */
export function createDashboardClient(baseUrl: string = window.location.origin): DashboardClient {
  const ws = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    // A function, so a refreshed token is sent on every (re)connect.
    connectionParams: () => authorization(),
    lazy: false,
    shouldRetry: () => true,
    retryAttempts: Infinity,
    retryWait,
    keepAlive: 15_000,
    // Errors reach the subscription's own handlers; nothing to do here but not to throw.
    onNonLazyError: () => undefined,
    on: {
      connecting: (isRetry) => setConnectionState(isRetry ? 'reconnecting' : 'connecting'),
      connected: (_socket, _payload, wasRetry) => {
        setConnectionState('live');
        if (wasRetry) void apollo.refetchQueries({ include: 'active' });
      },
      closed: (event) => {
        // 4401: the server refused the token (expired, forged, secret rotated): no retry helps.
        if ((event as { code?: number } | undefined)?.code === 4401) signOut('rejected');
        else setConnectionState('reconnecting');
      },
    },
  });

  const http = ApolloLink.from([
    new ErrorLink(({ error }) => {
      if (isUnauthenticated(error)) signOut('rejected');
    }),
    new SetContextLink((prev) => ({ headers: { ...prev.headers, ...authorization() } })),
    new HttpLink({ uri: `${baseUrl}/graphql` }),
  ]);
  const link = ApolloLink.split(
    (op) => op.operationType === 'subscription',
    new GraphQLWsLink(ws),
    http,
  );
  // Declared after the socket whose `connected` handler uses it: that runs later, once connected.
  const apollo = new ApolloClient({ link, cache: createCache() });
  return {
    apollo,
    ws,
    async dispose() {
      await ws.dispose();
      await apollo.clearStore();
      apollo.stop();
    },
  };
}
