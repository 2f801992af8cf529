import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config, EventsTransport } from '../config';
import type { NamedConnection } from '../database/connections';
import type { OpenDatabase } from '../database/open-database';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import type { OutboxCursor } from '../datasources/database/outbox.rows';
import { StartupError } from '../errors/startup-error';
import type { Logger } from '../logger';
import type { CallStatusFeed } from './call-status.feed';
import { publishCallStatus, type AppPubSub } from './pubsub';

/** The NOTIFY channel that wakes readers. Payloads carry no event: the outbox has them. */
export const WAKE_CHANNEL = 'call_status_outbox';

export interface OutboxTiming {
  /** Poll interval without LISTEN (or while the LISTEN connection is down). */
  pollMs: number;
  /** Poll interval with LISTEN: catches what no NOTIFY announced (a writer died after commit). */
  safetyPollMs: number;
  /** How long the start-up check waits for its own NOTIFY to arrive on the LISTEN connection. */
  probeMs: number;
  /** Events per read. */
  pageSize: number;
  /**
   * Least time between the end of one read and the start of the next: under a stream of
   * wake-ups, reads take turns with the writes instead of one always being in flight.
   */
  readGapMs: number;
  /** Events are pruned once older than this. */
  keepSeconds: number;
  /** Mean pause between prunes (each instance prunes; they skip each other's rows). */
  pruneEveryMs: number;
  /** Events deleted per prune at most. */
  pruneLimit: number;
}

export const OUTBOX_TIMING: OutboxTiming = {
  pollMs: 250,
  safetyPollMs: 1_000,
  probeMs: 1_000,
  pageSize: 500,
  readGapMs: 10,
  keepSeconds: 3_600,
  pruneEveryMs: 60_000,
  pruneLimit: 5_000,
};

// Pages read per wake-up before yielding to the event loop (a backlog must not starve HTTP).
const PAGES_PER_WAKE = 10;

export interface OutboxFeedOptions {
  db: Pick<DashboardStore, 'kind' | 'outboxHead' | 'readOutbox' | 'pruneOutbox'>;
  pubSub: AppPubSub;
  logger: Logger;
  transport: EventsTransport;
  /** pg adapter: sends the NOTIFY wake-ups (through whatever DATABASE_URL is, a pooler too). */
  pool?: pg.Pool;
  /** pg adapter: where LISTEN may run (DATABASE_DIRECT_URL, else DATABASE_URL). */
  listen?: NamedConnection;
  timing?: Partial<OutboxTiming>;
}

/**
 * Publishes the outbox to this instance's subscribers: every event committed after this instance
 * started, exactly once, one call's events in commit order (why that holds:
 * db/functions/call_status_outbox.sql). Events before the start are history and never sent.
 *
 * Reads happen on a timer and on wake-ups: a NOTIFY heard on a dedicated LISTEN connection
 * (every pg writer sends one after its commit), or, without LISTEN, this instance's own writes.
 * Whether LISTEN works is found out at start (see chooseTransport) and logged on one line.
 */
export class OutboxFeed implements CallStatusFeed {
  mode: 'listen' | 'poll' = 'poll';
  private readonly timing: OutboxTiming;
  private cursor: OutboxCursor | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private lastRead = -Infinity;
  private failing = false;
  private hinting: Promise<void> | undefined;
  private hintWanted = false;
  private listener: pg.Client | undefined;
  private listening = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private probe: { payload: string; heard: () => void } | undefined;

  private constructor(private readonly options: OutboxFeedOptions) {
    this.timing = { ...OUTBOX_TIMING, ...options.timing };
  }

  /** Starts reading from the outbox's current head, after choosing (and logging) the transport. */
  static async start(options: OutboxFeedOptions): Promise<OutboxFeed> {
    const feed = new OutboxFeed(options);
    try {
      feed.cursor = { after: await options.db.outboxHead(), upto: null, afterId: 0 };
    } catch (err) {
      // Tried again at each poll: this instance's events start once it has been read.
      options.logger.warn(
        { err: (err as Error).message },
        'events: cannot read the outbox head (migrations pending?); retrying on every poll',
      );
    }
    const { mode, why } = await feed.chooseTransport();
    feed.mode = mode;
    if (mode === 'listen' && !feed.listening) feed.scheduleReconnect(); // lost just now
    const { logger } = options;
    if (mode === 'listen')
      logger.info(
        { eventsTransport: mode, safetyPollMs: feed.timing.safetyPollMs },
        `events: outbox, woken by LISTEN on ${options.listen!.name} (${why}); polled every ${feed.timing.safetyPollMs} ms as a safety net`,
      );
    else
      (options.listen?.name === 'DATABASE_DIRECT_URL' ? logger.warn : logger.info).call(
        logger,
        { eventsTransport: mode, pollMs: feed.timing.pollMs },
        `events: outbox polled every ${feed.timing.pollMs} ms (${why})`,
      );
    feed.schedule();
    feed.schedulePrune();
    return feed;
  }

  /**
   * listen when a NOTIFY sent through the application's pool reaches a LISTEN on the direct
   * connection within probeMs: that is the path every wake-up takes. Through a transaction-mode
   * pooler the LISTEN lands on some server connection that is handed to other clients after the
   * statement, so the test NOTIFY is never heard there, and the feed polls instead.
   */
  private async chooseTransport(): Promise<{ mode: 'listen' | 'poll'; why: string }> {
    const { pool, listen, transport } = this.options;
    if (!pool) return { mode: 'poll', why: 'supabase-js: PostgREST has no LISTEN' };
    if (!listen) return { mode: 'poll', why: 'no connection string to LISTEN on' };
    if (transport === 'poll') return { mode: 'poll', why: 'EVENTS_TRANSPORT=poll' };
    try {
      await this.connect();
    } catch (err) {
      if (transport === 'listen')
        throw new StartupError(
          `EVENTS_TRANSPORT=listen, but LISTEN on ${listen.name} failed: ${(err as Error).message}`,
          { cause: err },
        );
      return { mode: 'poll', why: `LISTEN on ${listen.name} failed: ${(err as Error).message}` };
    }
    if (transport === 'listen') return { mode: 'listen', why: 'EVENTS_TRANSPORT=listen' };
    if (await this.probeListen()) return { mode: 'listen', why: 'a test NOTIFY reached it' };
    await this.closeListener();
    const heardNothing = `LISTEN on ${listen.name} heard no test NOTIFY within ${this.timing.probeMs} ms`;
    return {
      mode: 'poll',
      why:
        listen.name === 'DATABASE_DIRECT_URL'
          ? `${heardNothing}: is DATABASE_DIRECT_URL a transaction pooler too? It must be a direct or session-mode connection`
          : `transaction pooler without DATABASE_DIRECT_URL: ${heardNothing}; set DATABASE_DIRECT_URL to a direct or session-mode connection for LISTEN`,
    };
  }

  private async probeListen(): Promise<boolean> {
    const payload = `probe:${randomBytes(9).toString('base64url')}`;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      this.probe = { payload, heard: () => resolve(true) };
      timer = setTimeout(() => resolve(false), this.timing.probeMs);
    });
    try {
      await this.options.pool!.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, payload]);
      return await heard;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      this.probe = undefined;
    }
  }

  problem(): string | undefined {
    if (this.stopped) return undefined;
    if (this.failing) return 'live events unavailable: cannot read the outbox (retrying)';
    if (this.mode === 'listen' && !this.listening)
      return `live events delayed: the LISTEN connection is down (reconnecting; the outbox is polled every ${this.timing.pollMs} ms meanwhile)`;
    return undefined;
  }

  announce(event: unknown): void {
    if (!event || this.stopped) return;
    // Instances that LISTEN wake at once, whatever this one does: a NOTIFY passes any pooler.
    if (this.options.pool) this.hint();
    // This one hears its own NOTIFY when it listens; otherwise it reads now.
    if (!(this.mode === 'listen' && this.listening)) setImmediate(() => this.wake());
  }

  /** NOTIFY every reader (this one too), once per event-loop turn however many events it had. */
  private hint(): void {
    this.hintWanted = true;
    if (this.hinting) return;
    this.hinting = this.sendHints().finally(() => {
      this.hinting = undefined;
      if (this.hintWanted && !this.stopped) this.hint();
    });
  }

  private async sendHints(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.hintWanted) {
      this.hintWanted = false;
      // A lost hint only delays: the safety poll reads the event anyway. Read now for our own.
      await this.options
        .pool!.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, ''])
        .catch(() => this.wake());
    }
  }

  /** Reads now (or once readGapMs has passed since the last read), or right after the one running. */
  private wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    const wait = this.lastRead + this.timing.readGapMs - performance.now();
    if (wait > 0) return this.schedule(wait);
    clearTimeout(this.timer);
    this.reading = this.readAvailable().finally(() => {
      this.reading = undefined;
      this.lastRead = performance.now();
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  /** The next read: after `ms`, else after the poll interval of the transport in use. */
  private schedule(ms?: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const interval =
      this.mode === 'listen' && this.listening ? this.timing.safetyPollMs : this.timing.pollMs;
    this.timer = setTimeout(() => this.wake(), ms ?? interval);
    this.timer.unref();
  }

  private async readAvailable(): Promise<void> {
    const { db, pubSub, logger } = this.options;
    try {
      this.cursor ??= { after: await db.outboxHead(), upto: null, afterId: 0 };
      for (let pages = 0; ; pages++) {
        if (pages === PAGES_PER_WAKE) {
          this.again = true;
          break;
        }
        const page = await db.readOutbox(this.cursor, this.timing.pageSize);
        for (const { event } of page.events) publishCallStatus(pubSub, event);
        const last = page.events.at(-1);
        if (last && page.events.length >= this.timing.pageSize) {
          this.cursor = { after: this.cursor.after, upto: page.upto, afterId: last.id };
        } else {
          this.cursor = { after: page.upto, upto: null, afterId: 0 };
          break;
        }
      }
      if (this.failing) logger.info('events: outbox reads restored');
      this.failing = false;
    } catch (err) {
      // The cursor stays where it was: nothing is skipped, the next read resumes there.
      if (!this.failing)
        logger.warn({ err: (err as Error).message }, 'events: cannot read the outbox; retrying');
      this.failing = true;
    }
  }

  private schedulePrune(): void {
    if (this.stopped) return;
    const { db, logger } = this.options;
    const { pruneEveryMs, keepSeconds, pruneLimit } = this.timing;
    // Jittered, so that instances started together do not all prune at the same moment.
    this.pruneTimer = setTimeout(
      () => {
        db.pruneOutbox(keepSeconds, pruneLimit)
          .then((n) => n > 0 && logger.debug({ pruned: n }, 'events: old outbox rows pruned'))
          .catch((err: unknown) =>
            logger.debug({ err: (err as Error).message }, 'events: outbox prune failed'),
          )
          .finally(() => this.schedulePrune());
      },
      pruneEveryMs * (0.5 + Math.random()),
    );
    this.pruneTimer.unref();
  }

  /** A dedicated LISTEN connection that reconnects by itself (backoff 100 ms … 5 s). */
  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.listen!.connectionString,
      connectionTimeoutMillis: 5_000,
      application_name: 'kaleyra-call-dashboard/listen',
    });
    client.on('notification', (msg) => {
      if (msg.channel !== WAKE_CHANNEL) return;
      if (this.probe && msg.payload === this.probe.payload) this.probe.heard();
      else this.wake();
    });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (!this.stopped && this.mode === 'listen') {
        this.options.logger.warn(
          { why },
          'events: LISTEN connection lost; polling meanwhile, reconnecting',
        );
        this.schedule();
        this.scheduleReconnect();
      }
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKE_CHANNEL}`);
    } catch (err) {
      this.listener = undefined;
      client.removeAllListeners('notification');
      await client.end().catch(() => undefined);
      throw err;
    }
    this.listening = true;
    if (this.attempt > 0) {
      this.options.logger.info('events: LISTEN connection restored');
      this.wake(); // what was committed while it was down
    }
    this.attempt = 0;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = Math.min(5_000, 100 * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      this.connect().catch((err: unknown) => {
        this.options.logger.debug(
          { err: (err as Error).message, attempt: this.attempt },
          'events: LISTEN reconnect failed',
        );
        this.scheduleReconnect();
      });
    }, delay);
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.listening = false;
    client?.removeAllListeners('notification');
    await client?.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    // Wake-ups for writes committed before the stop still go out: other instances read sooner.
    await this.hinting;
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.pruneTimer);
    clearTimeout(this.retryTimer);
    await this.reading;
    await this.closeListener();
  }
}

/** The live-event feed of a server on `database` (LISTEN where DATABASE_DIRECT_URL points). */
export function createCallStatusFeed(
  config: Pick<Config, 'eventsTransport'>,
  database: OpenDatabase,
  pubSub: AppPubSub,
  logger: Logger,
): Promise<OutboxFeed> {
  const listen =
    database.direct ??
    (database.connectionString
      ? { connectionString: database.connectionString, name: 'DATABASE_URL' }
      : undefined);
  return OutboxFeed.start({
    db: database.db,
    pubSub,
    logger,
    transport: config.eventsTransport,
    pool: database.pool,
    listen,
  });
}
