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

export interface WsOutcome {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
  /** Set when the socket closed before the operation completed. */
  closeCode?: number;
  closeReason?: string;
  /** graphql-ws connection attempts (1 unless the client retried). */
  attempts: number;
}

/**
 * One operation (query, mutation or subscription's first answer) over a real graphql-ws client,
 * with a bearer token in connection_init; resolves with what came back, or how the socket closed.
 * `retryAttempts` > 0 shows whether the client would retry a close code (retries wait 10 ms).
 */
export function wsOperation(
  baseUrl: string,
  token: string | undefined,
  payload: { query: string; variables?: Record<string, unknown>; operationName?: string },
  options: { retryAttempts?: number; timeoutMs?: number } = {},
): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const outcome: WsOutcome = { attempts: 0 };
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void client.dispose();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      settled = true;
      void client.dispose();
      reject(new Error(`no answer over graphql-ws: ${JSON.stringify(outcome)}`));
    }, options.timeoutMs ?? 10_000);
    const client: Client = createClient({
      url: baseUrl.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: options.retryAttempts ?? 0,
      retryWait: () => new Promise((r) => setTimeout(r, 10)),
      connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
      on: {
        connecting: () => outcome.attempts++,
        closed: (e) => {
          const { code, reason } = e as { code?: number; reason?: string };
          outcome.closeCode = code;
          outcome.closeReason = reason;
        },
      },
    });
    client.subscribe(payload, {
      next: (v) => {
        if (v.data !== undefined) outcome.data = v.data;
        if (v.errors) outcome.errors = v.errors as WsOutcome['errors'];
        // A subscription's first event is enough.
        if (v.data !== undefined && /^\s*subscription\b/.test(payload.query)) finish();
      },
      error: (e) => {
        if (Array.isArray(e)) outcome.errors = e as WsOutcome['errors'];
        finish();
      },
      complete: finish,
    });
  });
}
