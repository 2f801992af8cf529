import type { ServerOptions } from 'node:http';
import type { Config } from '../config';

/**
 * node:http options that stop a client from holding a connection open by sending slowly: Node's
 * defaults give a request 300 s, and its headers 60 s, checked only every 30 s. An upgraded
 * WebSocket is no longer a request; graphql-ws gives it 3 s for connection_init. An idle
 * keep-alive connection between requests is none of those: keepAliveTimeout alone governs it.
 */
export function httpServerOptions(
  config: Pick<Config, 'httpRequestTimeoutMs' | 'httpHeadersTimeoutMs'>,
): ServerOptions {
  return {
    requestTimeout: config.httpRequestTimeoutMs,
    headersTimeout: config.httpHeadersTimeoutMs,
    // How often those two are enforced; Node's 30 s would let a slow client stay that much longer.
    connectionsCheckingInterval: Math.min(1_000, config.httpHeadersTimeoutMs),
    // Behind a load balancer the server must not be the one to close an idle keep-alive
    // connection first: nginx (60 s by default) or a cloud LB (AWS ALB 60 s) may send the next
    // request on it as it closes, and answer that request 502. Node's default is 5 s.
    keepAliveTimeout: 65_000,
  };
}
