import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket, { WebSocketServer } from 'ws';
import { serialiseOnce, withSharedJson } from '../src/subscriptions/shared-json';
import {
  SLOW_CONSUMER_CLOSE,
  useWsTransport,
  type WsTransportOptions,
} from '../src/subscriptions/ws-transport';

const BIG = 'x'.repeat(16 * 1024);

/** A schema whose subscription yields `count` events as fast as they are pulled. */
function schemaOf(count: number): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { ok: { type: GraphQLString, resolve: () => 'ok' } },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: new GraphQLObjectType({
            name: 'Tick',
            fields: { n: { type: GraphQLInt }, pad: { type: GraphQLString } },
          }),
          args: { big: { type: GraphQLInt } },
          subscribe: async function* (_root, args: { big?: number }) {
            for (let n = 0; n < count; n++) yield { tick: { n, pad: args.big ? BIG : '' } };
          },
        },
      },
    }),
  });
}

async function start(count: number, opts: WsTransportOptions = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const transport = useWsTransport<Record<string, unknown>>({ schema: schemaOf(count) }, wss, opts);
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return { wss, url, stop: () => transport.dispose() };
}

describe('graphql-ws transport (real sockets)', () => {
  it('delivers every frame in order, many written in one event-loop turn', async () => {
    const server = await start(2_000, { sliceMs: 1 });
    const client = createClient({ url: server.url, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const seen: number[] = [];
      await new Promise<void>((resolve, reject) =>
        client.subscribe<{ tick: { n: number } }>(
          { query: 'subscription { tick { n } }' },
          { next: (r) => void seen.push(r.data!.tick.n), error: reject, complete: resolve },
        ),
      );
      expect(seen).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
    } finally {
      await client.dispose();
      await server.stop();
    }
  });

  it('closes a subscriber that stops reading once its unsent frames pass the limit', async () => {
    const server = await start(100_000, { maxBufferedBytes: 256 * 1024 });
    const serverSide = once(server.wss, 'connection') as Promise<[WebSocket]>;
    const ws = new WebSocket(server.url, 'graphql-transport-ws');
    try {
      await once(ws, 'open');
      ws.send(JSON.stringify({ type: 'connection_init' }));
      const [ack] = (await once(ws, 'message')) as [Buffer];
      expect(JSON.parse(String(ack))).toEqual({ type: 'connection_ack' });
      const [socket] = await serverSide;
      // Stop reading: the kernel buffers fill, then frames queue in the server process.
      (ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
      ws.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: 'subscription { tick(big: 1) { n pad } }' },
        }),
      );
      const deadline = Date.now() + 20_000;
      while (socket.readyState === WebSocket.OPEN && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(socket.readyState).toBe(WebSocket.CLOSING);
      // It was closed for being slow, well before all 100,000 frames (1.6 GB) were queued.
      expect(socket.bufferedAmount).toBeLessThan(64 * 1024 * 1024);
      // Reading again, the client gets what was queued, then the close frame saying why.
      const closed = once(ws, 'close') as Promise<[number, Buffer]>;
      (ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
      const [code, reason] = await closed;
      expect(code).toBe(SLOW_CONSUMER_CLOSE);
      expect(String(reason)).toMatch(/too slow/);
    } finally {
      ws.terminate();
      await server.stop();
    }
  });
});

describe('shared results serialised once (shared-json)', () => {
  /** How graphql-ws builds a next frame (server.ts emit.next), then what the transport does with it. */
  const frameFor = (id: string, result: { data?: unknown; errors?: unknown[] }) =>
    withSharedJson(JSON.stringify({ id, type: 'next', payload: { ...result } }));

  it('writes frames identical to plain serialisation, reading the shared data once', () => {
    let reads = 0;
    const call = { status: 'ANSWERED', receiver: 'quote " and \\ and \u0000 and é' };
    const nested = Object.defineProperty({ ...call }, 'duration', {
      get: () => {
        reads++;
        return 42;
      },
      enumerable: true,
    });
    const plain = JSON.stringify({ callStatusChanged: { ...call, duration: 42 } });
    const data = serialiseOnce(
      Object.assign(Object.create(null) as object, { callStatusChanged: nested }),
    );
    const frames = ['1', '2', 'sub-3'].map((id) => frameFor(id, { data }));
    expect(frames).toEqual(
      ['1', '2', 'sub-3'].map((id) => `{"id":"${id}","type":"next","payload":{"data":${plain}}}`),
    );
    expect(frames.map((f) => JSON.parse(f) as unknown)).toEqual(
      ['1', '2', 'sub-3'].map((id) => ({
        id,
        type: 'next',
        payload: { data: JSON.parse(plain) as unknown },
      })),
    );
    expect(reads).toBe(1);
  });

  it('keeps errors next to shared data, and leaves frames without shared data alone', () => {
    const data = serialiseOnce({ a: 1 });
    expect(JSON.parse(frameFor('e', { data, errors: [{ message: 'partial' }] }))).toEqual({
      id: 'e',
      type: 'next',
      payload: { data: { a: 1 }, errors: [{ message: 'partial' }] },
    });
    // A frame serialised but never written (socket closed) leaves nothing behind for the next one.
    JSON.stringify({ payload: { data } });
    expect(withSharedJson('{"id":"x","type":"complete"}')).toBe('{"id":"x","type":"complete"}');
    expect(withSharedJson('{"id":"y","type":"complete"}')).toBe('{"id":"y","type":"complete"}');
    // A field aliased toJSON stays a field.
    const aliased = serialiseOnce({ toJSON: { status: 'ANSWERED' } });
    expect(JSON.parse(frameFor('z', { data: aliased }))).toEqual({
      id: 'z',
      type: 'next',
      payload: { data: { toJSON: { status: 'ANSWERED' } } },
    });
  });
});
