import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { User } from '../auth/user';

/**
 * Authentication failed (missing, forged or expired token). graphql-ws clients do not retry it,
 * so the app hears at once that it must sign in again (4403 would be retried five times first).
 */
export const UNAUTHORIZED_CLOSE = 4401;
/** A valid user who may not connect now (over the per-user cap); clients may retry it later. */
export const FORBIDDEN_CLOSE = 4403;

/**
 * Whether a WebSocket upgrade may proceed, by its Origin: the same allow-list as CORS over HTTP
 * (CORS_ORIGINS), plus the server's own origin (the page it serves). A request without an Origin
 * header is not from a browser, and a non-browser client can send any Origin it likes anyway:
 * the check protects users' browsers from other sites, and the token still decides who connects.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowList: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and other non-URLs
  }
}

type VerifyClient = (
  info: { origin: string; req: IncomingMessage },
  callback: (ok: boolean, code?: number, message?: string) => void,
) => void;

/** ws's verifyClient: a browser page from another origin gets 403 before any WebSocket exists. */
export function verifyOrigin(allowList: readonly string[]): VerifyClient {
  return ({ req }, callback) => {
    if (isOriginAllowed(req.headers.origin, req.headers.host, allowList)) callback(true);
    else callback(false, 403, 'Origin not allowed');
  };
}

/**
 * Counts each user's open sockets on this instance, so one token cannot hold an unbounded number of
 * connections (and their subscriptions). Tokens without a subject share one count.
 */
export class SocketsPerUser {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts `socket` for `user` until it closes; false (not counted) when the user is at the cap. */
  admit(user: User, socket: WebSocket): boolean {
    const key = user.id ?? '';
    const n = this.open.get(key) ?? 0;
    if (n >= this.max) return false;
    this.open.set(key, n + 1);
    socket.once('close', () => {
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    });
    return true;
  }
}

export interface WsConnectPolicy {
  authenticate(header: unknown): Promise<User>;
  maxSocketsPerUser: number;
}

/**
 * graphql-ws's onConnect: the token from connection_init ({ authorization: 'Bearer …' }) makes the
 * user, then the per-user cap applies. The socket is closed here with the code that says why
 * (4401 or 4403); returning false then makes graphql-ws close with 4403, which ws ignores on a
 * socket already closing.
 */
export function wsOnConnect(policy: WsConnectPolicy) {
  const sockets = new SocketsPerUser(policy.maxSocketsPerUser);
  return async (ctx: {
    connectionParams?: Readonly<Record<string, unknown>>;
    extra: { socket: WebSocket; user?: User };
  }): Promise<boolean> => {
    const params = ctx.connectionParams ?? {};
    let user: User;
    try {
      user = await policy.authenticate(
        params.authorization ?? params.Authorization ?? params.token,
      );
    } catch (err) {
      // The reason is the authenticator's client message ("Token expired", ...), never the token.
      ctx.extra.socket.close(UNAUTHORIZED_CLOSE, reasonOf(err, 'Unauthorized'));
      return false;
    }
    if (!sockets.admit(user, ctx.extra.socket)) {
      ctx.extra.socket.close(
        FORBIDDEN_CLOSE,
        `Too many connections: at most ${policy.maxSocketsPerUser} per user`,
      );
      return false;
    }
    ctx.extra.user = user;
    return true;
  };
}

/** A close reason: at most 123 bytes of UTF-8 (RFC 6455). */
function reasonOf(err: unknown, fallback: string): string {
  const message = err instanceof Error ? err.message : fallback;
  return Buffer.byteLength(message) <= 123 ? message : fallback;
}
