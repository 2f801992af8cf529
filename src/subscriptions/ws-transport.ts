import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { withSharedJson } from './shared-json';

export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

export interface WsTransportOptions {
  /** Ping every this many ms; a socket that does not pong within as long is dropped. */
  keepAliveMs?: number;
  /** Writing time after which sockets wait for the next event-loop turn (ms). */
  sliceMs?: number;
  /** Bytes queued for one socket beyond which it is closed as too slow to keep up. */
  maxBufferedBytes?: number;
  onInternalError?: (err: unknown) => void;
}

/** Close code for a subscriber that stopped reading (RFC 6455 1013: try again later). */
export const SLOW_CONSUMER_CLOSE = 1013;

/**
 * graphql-ws over `ws`, like graphql-ws/use/ws, with one difference in how frames are written.
 * use/ws waits for each frame to reach the kernel before graphql-ws may send a subscriber its next
 * one, so every frame costs a syscall of its own; at a few hundred events a second to a thousand
 * sockets that syscall is most of the server's time. Here a send returns at once, and the frames
 * written to a socket during one event-loop turn leave in one write (the socket is corked until
 * the turn ends). Order is kept (one stream per socket). A turn of writing lasts at most about
 * sliceMs; later sends wait for the next turn, so a backlog of events cannot starve HTTP requests.
 * A socket whose unsent frames exceed maxBufferedBytes is closed instead of buffering without bound.
 * Results shared by many subscribers are serialised once (see shared-json.ts).
 */
export function useWsTransport<E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<Record<string, unknown> | undefined, WsExtra & Partial<E>>,
  wss: WebSocketServer,
  {
    keepAliveMs = 12_000,
    sliceMs = 10,
    maxBufferedBytes = 8 * 1024 * 1024,
    onInternalError = () => undefined,
  }: WsTransportOptions = {},
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;

  // One turn of writing: sockets written to are corked until it ends (setImmediate), and once it
  // has lasted sliceMs, senders wait for the next turn, so HTTP requests are served in between.
  const corked = new Set<Socket>();
  let turn: { started: number; ended: Promise<void> } | undefined;
  const beginTurn = () => {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    turn = { started: performance.now(), ended };
    setImmediate(() => {
      turn = undefined;
      for (const s of corked) s.uncork();
      corked.clear();
      end();
    });
    return turn;
  };
  /** Holds this socket's writes until the end of the current turn. */
  const cork = (socket: WebSocket) => {
    // ws keeps its net.Socket as _socket; without one (never seen) frames simply go out unbatched.
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (!raw || corked.has(raw) || typeof raw.cork !== 'function') return;
    raw.cork();
    corked.add(raw);
  };

  wss.on('connection', (socket, request) => {
    socket.once('error', (err) => {
      onInternalError(err);
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });

    let pongWait: NodeJS.Timeout | undefined;
    const pingInterval =
      keepAliveMs > 0
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              clearTimeout(pongWait);
              pongWait = undefined;
            });
            socket.ping();
          }, keepAliveMs)
        : undefined;

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          // Always taken here, even for a frame not written: the slot belongs to this frame.
          const frame = withSharedJson(data);
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > maxBufferedBytes) {
            socket.close(SLOW_CONSUMER_CLOSE, 'Subscriber too slow: frames were not read');
            return;
          }
          const current = turn ?? beginTurn();
          cork(socket);
          socket.send(frame);
          // Past the slice, this subscriber's next frame waits (graphql-ws awaits send); its
          // events queue in SharedSubscriptions meanwhile.
          if (performance.now() - current.started > sliceMs) return current.ended;
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            cb(String(data)).catch((err: unknown) => {
              onInternalError(err);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request } as WsExtra & Partial<E>,
    );

    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((err) => (err ? reject(err) : resolve())),
      );
    },
  };
}
