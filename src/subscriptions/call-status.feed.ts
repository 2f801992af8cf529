import pg from 'pg';
import type { CallStatusEventJson } from '../datasources/supabase/rows';
import type { Logger } from '../logger';
import { publishCallStatus, type AppPubSub } from './pubsub';

export const CHANNEL = 'call_status_changed';

/**
 * Where callStatusChanged events come from. Writes to ivr_calls return the event they caused;
 * `announce` hands it on. With direct Postgres the SQL already sent it with NOTIFY (at commit), and
 * every instance (this one included) hears it on its LISTEN connection, so announce does nothing.
 * With supabase-js there is no LISTEN: events are published in-process only.
 */
export interface CallStatusFeed {
  readonly mode: 'postgres-notify' | 'in-process';
  announce(event: CallStatusEventJson | null): void;
  /** True while events can arrive (the LISTEN connection is up). */
  connected(): boolean;
  stop(): Promise<void>;
}

export class InProcessFeed implements CallStatusFeed {
  readonly mode = 'in-process' as const;
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
  readonly mode = 'postgres-notify' as const;
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private isConnected = false;

  private constructor(
    private readonly connectionString: string,
    private readonly pubSub: AppPubSub,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the first LISTEN is in place (or throws if that first connect fails). */
  static async start(connectionString: string, pubSub: AppPubSub, logger: Logger): Promise<PgNotifyFeed> {
    const feed = new PgNotifyFeed(connectionString, pubSub, logger);
    await feed.connect();
    return feed;
  }

  announce(): void {
    // Sent by the database with the write: see the class comment.
  }

  connected(): boolean {
    return this.isConnected;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000, application_name: 'kaleyra-call-dashboard/listen' });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        publishCallStatus(this.pubSub, JSON.parse(msg.payload) as CallStatusEventJson);
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
          this.logger.debug({ err: (err as Error).message, attempt: this.attempt }, 'LISTEN reconnect failed');
          this.scheduleReconnect();
        }
      });
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    this.isConnected = false;
    await client?.end().catch(() => undefined);
  }
}
