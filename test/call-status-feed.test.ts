import type { CallStatusEventJson } from '../src/datasources/database/ivr-call.rows';
import { PgStore } from '../src/datasources/database/pg.store';
import { readMigrations } from '../src/database/migrator';
import { createLogger } from '../src/logger';
import { OutboxFeed, WAKE_CHANNEL } from '../src/subscriptions/outbox.feed';
import { createAppPubSub } from '../src/subscriptions/pubsub';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { collectEvents } from './helpers/events';
import { captureLogs } from './helpers/logs';

function event(n: number, extra: Partial<CallStatusEventJson> = {}): CallStatusEventJson {
  return {
    ivrCallId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kaleyraCallId: `K-${n}`,
    caller: '9800000001',
    receiver: '9800000077',
    status: 'ANSWERED',
    kaleyraStatus: 'ANSWER',
    duration: 40,
    billsec: 33,
    startTime: null,
    endTime: null,
    recordingUrl: null,
    receivedAt: '2026-11-21T04:30:00.000Z',
    ...extra,
  };
}

describe('OutboxFeed (real Postgres outbox)', () => {
  let tdb: TestDatabase;
  let db: PgStore;
  const enqueue = (events: CallStatusEventJson[]) =>
    tdb.pool.query('SELECT enqueue_call_status_event(e) FROM unnest($1::jsonb[]) AS e', [
      events.map((e) => JSON.stringify(e)),
    ]);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(() => tdb.drop());

  it('publishes what was committed after it started, in order, and never what came before', async () => {
    await enqueue([event(1)]); // history: before the feed started
    const pubSub = createAppPubSub();
    const seen = collectEvents(pubSub);
    const logs = captureLogs([], 'info');
    const feed = await OutboxFeed.start({
      db,
      pubSub,
      logger: logs.logger,
      transport: 'auto',
      pool: tdb.pool,
      listen: { connectionString: tdb.connectionString, name: 'DATABASE_URL' },
    });
    try {
      expect(feed.mode).toBe('listen');
      expect(logs.text()).toMatch(
        /events: outbox, woken by LISTEN on DATABASE_URL \(a test NOTIFY reached it\)/,
      );
      await enqueue([event(2), event(3)]);
      await enqueue([event(4)]);
      feed.announce(event(4));
      feed.announce(null); // a write that changed nothing announces nothing
      expect((await seen.waitFor(3)).map((e) => e.kaleyraCallId)).toEqual(['K-2', 'K-3', 'K-4']);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.got).toHaveLength(3);
    } finally {
      await feed.stop();
      await seen.stop();
    }
  });

  it('reads a backlog in pages without losing or repeating an event', async () => {
    const pubSub = createAppPubSub();
    const seen = collectEvents(pubSub);
    const feed = await OutboxFeed.start({
      db,
      pubSub,
      logger: createLogger({ level: 'silent' }),
      transport: 'poll',
      pool: tdb.pool,
      listen: { connectionString: tdb.connectionString, name: 'DATABASE_URL' },
      timing: { pageSize: 7, pollMs: 50 },
    });
    try {
      expect(feed.mode).toBe('poll');
      const events = Array.from({ length: 100 }, (_, i) => event(1_000 + i));
      await enqueue(events.slice(0, 60));
      await enqueue(events.slice(60));
      const got = await seen.waitFor(100);
      await new Promise((r) => setTimeout(r, 200));
      expect(got.map((e) => e.kaleyraCallId)).toEqual(events.map((e) => e.kaleyraCallId));
    } finally {
      await feed.stop();
      await seen.stop();
    }
  });

  it('wakes on a NOTIFY from any writer, long before its safety poll', async () => {
    const pubSub = createAppPubSub();
    const seen = collectEvents(pubSub);
    const feed = await OutboxFeed.start({
      db,
      pubSub,
      logger: createLogger({ level: 'silent' }),
      transport: 'listen',
      pool: tdb.pool,
      listen: { connectionString: tdb.connectionString, name: 'DATABASE_DIRECT_URL' },
      timing: { safetyPollMs: 60_000 },
    });
    try {
      await enqueue([event(50)]);
      // A NOTIFY from any writer wakes the reader (the safety poll is a minute away here).
      await tdb.pool.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, '']);
      expect((await seen.waitFor(1)).map((e) => e.kaleyraCallId)).toEqual(['K-50']);
    } finally {
      await feed.stop();
      await seen.stop();
    }
  });

  it('prunes events older than the retention, a bounded number at a time', async () => {
    await enqueue([event(90), event(91), event(92)]);
    await tdb.pool.query(
      "UPDATE call_status_outbox SET created_at = now() - interval '2 hours' WHERE payload->>'kaleyraCallId' IN ('K-90', 'K-91', 'K-92')",
    );
    expect(await db.pruneOutbox(3_600, 2)).toBe(2);
    expect(await db.pruneOutbox(3_600, 2)).toBe(1);
    expect(await db.pruneOutbox(3_600, 2)).toBe(0);
    const { rows } = await tdb.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM call_status_outbox WHERE created_at < now() - interval '1 hour'",
    );
    expect(rows[0]!.n).toBe(0);
  });
});
