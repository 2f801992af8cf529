import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  /** Resolves when `count` events have arrived (fails after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

/** A real graphql-ws client on a real socket; resolves once the server has acknowledged. */
export async function subscribe<T, V>(
  baseUrl: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  connectionParams?: Record<string, unknown>,
): Promise<Subscription<T>> {
  let acked!: () => void;
  let refused!: (e: Error) => void;
  const ack = new Promise<void>((resolve, reject) => {
    acked = resolve;
    refused = reject;
  });
  const client: Client = createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    // A refused or closed socket rejects `ack` (below) or lands in `errors`: no console noise.
    onNonLazyError: () => undefined,
    on: {
      connected: () => acked(),
      closed: (e) => refused(new Error(`socket closed: ${(e as { code?: number }).code}`)),
    },
  });
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const dispose = client.subscribe<T>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (v) => {
        if (v.errors) errors.push(v.errors);
        if (v.data) events.push(v.data as T);
        waiters.forEach((w) => w());
      },
      error: (e) => {
        errors.push(e);
        waiters.forEach((w) => w());
      },
      complete: () => undefined,
    },
  );
  await ack;
  // graphql-ws sends "subscribe" right after the ack; give the server a moment to register it.
  await new Promise((r) => setTimeout(r, 50));
  return {
    events,
    errors,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`got ${events.length} of ${count} events; errors: ${JSON.stringify(errors)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
