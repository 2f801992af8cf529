import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { DatabaseUnavailableError } from '../errors/database-unavailable-error';
import type { Logger } from '../logger';
import { parseCallback } from './callback.mapper';
import { CallbackWriter } from './callback-writer';
import type { CallStatusFeed } from '../subscriptions/call-status.feed';

/**
 * A check of the callback token. It compares digests so neither the content nor the length of the
 * token leaks through timing; the expected token's digest is computed once, not per request.
 */
export function tokenChecker(expected: string): (given: unknown) => boolean {
  const want = createHash('sha256').update(expected).digest();
  return (given) => {
    if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
    return timingSafeEqual(createHash('sha256').update(given).digest(), want);
  };
}

export interface CallbackDeps {
  db: DashboardStore;
  feed: CallStatusFeed;
  logger: Logger;
  /** The shared secret our callback URLs carry. */
  token: string;
  now?: () => Date;
}

export const CALLBACK_PATH = '/webhooks/kaleyra/callback';

/** True for a request line naming the callback route (with or without a trailing slash). */
export function isCallbackRequest(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path === CALLBACK_PATH || path === `${CALLBACK_PATH}/`;
}

function reply(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  });
  res.end(json);
}

/**
 * GET /webhooks/kaleyra/callback: Kaleyra signs nothing, so the URL we gave it carries a secret
 * token. Valid deliveries are stored (batched with those arriving at the same time: see
 * CallbackWriter), answered 200 as soon as they are committed, and then announced to subscribers.
 *
 * A plain node:http handler, served ahead of Express: it is the hottest route, it needs nothing
 * from a framework, and Express's routing and response helpers cost more than the rest of it.
 */
export function kaleyraCallbackHandler(
  deps: CallbackDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = deps.now ?? (() => new Date());
  const writer = new CallbackWriter(deps.db);
  const tokenMatches = tokenChecker(deps.token);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // GET only: a HEAD (a link checker, a proxy probing) must not store anything.
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      reply(res, 405, { error: 'use GET: Kaleyra calls this URL with GET' });
      return;
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    // node:querystring, as Express's default ("simple") query parser: repeated keys become arrays.
    const query = parseQuery(q === -1 ? '' : url.slice(q + 1)) as Record<string, unknown>;
    if (!tokenMatches(query.token)) {
      reply(res, 401, { error: 'missing or invalid token' });
      return;
    }
    const parsed = parseCallback(query, now());
    if (!parsed.ok) {
      reply(res, 400, { error: parsed.error });
      return;
    }
    const { update } = parsed;
    if (parsed.unknownStatus) {
      deps.logger.warn(
        {
          kaleyraStatus: parsed.unknownStatus,
          ivrCallId: update.ivrCallId,
          kaleyraCallId: update.kaleyraCallId,
        },
        'unknown Kaleyra status in callback: stored raw, mapped to FAILED',
      );
    }
    let result;
    try {
      result = await writer.apply(update);
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) {
        deps.logger.warn({ ivrCallId: update.ivrCallId }, 'callback refused: database unavailable');
        reply(res, 503, { error: 'temporarily unavailable, retry later' });
      } else {
        deps.logger.error({ err, ivrCallId: update.ivrCallId }, 'callback could not be stored');
        reply(res, 500, { error: 'internal error' });
      }
      return;
    }
    if (!result.ok) {
      // Rolled back on its own (the rest of its batch was stored); a lock conflict is worth a retry.
      deps.logger.warn(
        { code: result.code, error: result.error, ivrCallId: update.ivrCallId },
        'callback could not be stored',
      );
      if (result.retryable) reply(res, 503, { error: 'temporarily unavailable, retry later' });
      else reply(res, 500, { error: 'internal error' });
      return;
    }
    const { write } = result;
    reply(res, 200, {
      ok: true,
      ivrCallId: write.call.id,
      status: write.call.status,
      changed: write.changed,
    });
    deps.feed.announce(write.event);
  };
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      deps.logger.error({ err }, 'callback handler failed');
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
    });
  };
}
