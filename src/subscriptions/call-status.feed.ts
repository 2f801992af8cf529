import pg from 'pg';
import type { CallStatusEventJson } from '../datasources/database/ivr-call.rows';
import type { Logger } from '../logger';
import { publishCallStatus, type AppPubSub } from './pubsub';

export const CHANNEL = 'call_status_changed';

/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * Where callStatusChanged events come from. Writes to ivr_calls return the event they caused, and
 * once the write has committed, `announce` publishes it. With direct Postgres that is a NOTIFY
 * (the events announced during one event-loop turn go out as one JSON array), which every instance,
 * this one included, hears on its LISTEN connection and hands to its subscribers. With supabase-js
 * there is no LISTEN: events are published in-process only.
 */
export interface CallStatusFeed {
  /** Publishes an event whose write has committed (null: the write changed nothing). */
  announce(event: CallStatusEventJson | null): void;
  /** True while events can arrive (the LISTEN connection is up); /readyz reports it. */
  connected(): boolean;
  stop(): Promise<void>;
}

export class InProcessFeed implements CallStatusFeed {
  constructor(private readonly pubSub: AppPubSub) {}
  announce(event: CallStatusEventJson | null): void {
    if (event) publishCallStatus(this.pubSub, event);
  }
  connected(): boolean {
    return true;
  }
  async stop(): Promise<void> {}
}

/** LISTEN on a dedicated connection that reconnects by itself (backoff 100 ms … 5 s). */
export class PgNotifyFeed implements CallStatusFeed {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private isConnected = false;
  /** Events announced and not yet sent, as JSON. */
  private outbox: string[] = [];
  private sending: Promise<void> | undefined;

  private constructor(
    private readonly connectionString: string,
    /** Sends the NOTIFYs (the application's pool; LISTEN has its own connection). */
    private readonly pool: pg.Pool,
    private readonly pubSub: AppPubSub,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the first LISTEN is in place (or throws if that first connect fails). */
  static async start(
    connectionString: string,
    pool: pg.Pool,
    pubSub: AppPubSub,
    logger: Logger,
  ): Promise<PgNotifyFeed> {
    const feed = new PgNotifyFeed(connectionString, pool, pubSub, logger);
    await feed.connect();
    return feed;
  }

  announce(event: CallStatusEventJson | null): void {
    if (!event) return;
    this.outbox.push(JSON.stringify(event));
    this.sending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send());
  }

  /** Sends the outbox in order, one statement per batch, until it is empty. */
  private async send(): Promise<void> {
    while (this.outbox.length > 0) {
      const events = this.outbox;
      this.outbox = [];
      const payloads = packPayloads(events, MAX_PAYLOAD_BYTES);
      if (payloads.dropped > 0)
        this.logger.error(
          { dropped: payloads.dropped },
          'call-status event too large for NOTIFY: not published',
        );
      try {
        await this.pool.query(
          'SELECT pg_notify($1, t.p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, i) ORDER BY t.i',
          [CHANNEL, payloads.packed],
        );
      } catch (err) {
        // The rows are stored; only the live view misses these (dashboards re-read on reconnect).
        this.logger.warn(
          { err: (err as Error).message, events: events.length },
          'could not publish call-status events',
        );
      }
    }
    this.sending = undefined;
  }

  connected(): boolean {
    return this.isConnected;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 5_000,
      application_name: 'kaleyra-call-dashboard/listen',
    });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        // An array of events (this version), or one event (earlier versions, during a rolling deploy).
        const parsed = JSON.parse(msg.payload) as CallStatusEventJson | CallStatusEventJson[];
        for (const event of Array.isArray(parsed) ? parsed : [parsed])
          publishCallStatus(this.pubSub, event);
      } catch (err) {
        this.logger.error({ err }, 'unreadable call_status_changed notification');
      }
    });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.isConnected = false;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.logger.warn({ why }, 'LISTEN connection lost; reconnecting');
        this.scheduleReconnect();
      }
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.isConnected = true;
    if (this.attempt > 0) this.logger.info('LISTEN connection restored');
    this.attempt = 0;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.stopped) return; // one reconnect loop at a time
    const delay = Math.min(5_000, 100 * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch((err: unknown) => {
        this.client?.end().catch(() => undefined);
        this.client = undefined;
        this.isConnected = false;
        if (!this.stopped) {
          this.logger.debug(
            { err: (err as Error).message, attempt: this.attempt },
            'LISTEN reconnect failed',
          );
          this.scheduleReconnect();
        }
      });
    }, delay);
  }

  async stop(): Promise<void> {
    // What was announced before the stop is still sent (the pool closes after the feed).
    await this.sending;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.isConnected = false;
    await client?.end().catch(() => undefined);
  }
}

/**
 * The feed a database allows: NOTIFY/LISTEN with direct Postgres (events cross instances), else
 * in-process only (supabase-js: PostgREST has no LISTEN), which is said once in the log.
 */
export async function createCallStatusFeed(
  database: { connectionString?: string; pool?: pg.Pool },
  pubSub: AppPubSub,
  logger: Logger,
): Promise<CallStatusFeed> {
  if (database.connectionString && database.pool) {
    return PgNotifyFeed.start(database.connectionString, database.pool, pubSub, logger);
  }
  logger.warn(
    'events: callStatusChanged is in-process only with the supabase-js adapter (no LISTEN/NOTIFY); run one instance, or set DATABASE_URL',
  );
  return new InProcessFeed(pubSub);
}

/**
 * Joins JSON events into JSON arrays of at most maxBytes each, in order. An event that cannot fit
 * even alone is dropped (counted).
 */
export function packPayloads(
  events: readonly string[],
  maxBytes: number,
): { packed: string[]; dropped: number } {
  const packed: string[] = [];
  let dropped = 0;
  let current: string[] = [];
  let size = 2; // the brackets
  for (const e of events) {
    const bytes = Buffer.byteLength(e);
    if (bytes + 2 > maxBytes) {
      dropped++;
      continue;
    }
    if (current.length > 0 && size + 1 + bytes > maxBytes) {
      packed.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    size += bytes + (current.length > 0 ? 1 : 0);
    current.push(e);
  }
  if (current.length > 0) packed.push(`[${current.join(',')}]`);
  return { packed, dropped };
}
