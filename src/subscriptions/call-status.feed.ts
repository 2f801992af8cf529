import type { CallStatusEventJson } from '../datasources/database/ivr-call.rows';

/**
 * Where callStatusChanged events come from. Every write to ivr_calls adds its event to the
 * outbox table in the same transaction; each instance reads what was committed since its last read
 * and publishes it to its own subscribers (OutboxFeed, outbox.feed.ts). `announce` is told about
 * an event once its write has committed, and only hurries the readers along.
 */
export interface CallStatusFeed {
  /** listen: woken by NOTIFY (and a slow poll as a safety net); poll: polled only. */
  readonly mode: 'listen' | 'poll';
  /** An event whose write has committed (null: the write changed nothing). */
  announce(event: CallStatusEventJson | null): void;
  /**
   * Why this instance's subscribers get events late or not at all right now (the LISTEN
   * connection in use is down, or the outbox cannot be read); undefined while events flow.
   * /readyz reports it.
   */
  problem(): string | undefined;
  stop(): Promise<void>;
}
