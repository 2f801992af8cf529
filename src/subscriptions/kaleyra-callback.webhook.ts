import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { SupabaseDataSource } from '../datasources/supabase/supabase.datasource';
import { DatabaseUnavailableError } from '../errors';
import type { Logger } from '../logger';
import { parseCallback } from './callback.mapper';
import type { CallStatusFeed } from './call-status.feed';

/** Compares digests so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface CallbackDeps {
  db: SupabaseDataSource;
  feed: CallStatusFeed;
  logger: Logger;
  /** The shared secret our callback URLs carry. */
  token: string;
  now?: () => Date;
}

/**
 * GET /webhooks/kaleyra/callback: Kaleyra signs nothing, so the URL we gave it carries a secret
 * token. Valid deliveries are stored in one transaction, answered 200 as soon as they are
 * committed, and then announced to subscribers.
 */
export function kaleyraCallbackHandler(deps: CallbackDeps): RequestHandler {
  const now = deps.now ?? (() => new Date());
  return async (req, res) => {
    const query = req.query as Record<string, unknown>;
    if (!tokenMatches(query.token, deps.token)) {
      res.status(401).json({ error: 'missing or invalid token' });
      return;
    }
    const parsed = parseCallback(query, now());
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    const { update } = parsed;
    if (parsed.unknownStatus) {
      deps.logger.warn({ kaleyraStatus: parsed.unknownStatus, ivrCallId: update.ivrCallId, kaleyraCallId: update.kaleyraCallId }, 'unknown Kaleyra status in callback: stored raw, mapped to FAILED');
    }
    let write;
    try {
      write = await deps.db.applyCallback(update);
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) {
        deps.logger.warn({ ivrCallId: update.ivrCallId }, 'callback refused: database unavailable');
        res.status(503).json({ error: 'temporarily unavailable, retry later' });
      } else {
        deps.logger.error({ err, ivrCallId: update.ivrCallId }, 'callback could not be stored');
        res.status(500).json({ error: 'internal error' });
      }
      return;
    }
    res.status(200).json({ ok: true, ivrCallId: write.call.id, status: write.call.status, changed: write.changed });
    deps.feed.announce(write.event);
  };
}
