import type { ServerOptions } from 'node:http';
import type { Config } from '../config';

/**
 * node:http options that stop a client from holding a connection open by sending slowly: Node's
 * defaults give a request 300 s, and its headers 60 s, checked only every 30 s. An upgraded
 * WebSocket is no longer a request; graphql-ws gives it 3 s for connection_init.
 */
export function httpServerOptions(
  config: Pick<Config, 'httpRequestTimeoutMs' | 'httpHeadersTimeoutMs'>,
): ServerOptions {
  return {
    requestTimeout: config.httpRequestTimeoutMs,
    headersTimeout: config.httpHeadersTimeoutMs,
    // How often those two are enforced; Node's 30 s would let a slow client stay that much longer.
    connectionsCheckingInterval: Math.min(1_000, config.httpHeadersTimeoutMs),
  };
}
