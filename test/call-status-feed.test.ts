import pg from 'pg';
import type { CallStatusEventJson } from '../src/datasources/database/ivr-call.rows';
import { createLogger } from '../src/logger';
import { CHANNEL, PgNotifyFeed, packPayloads } from '../src/subscriptions/call-status.feed';
import { ALL_CALLS, createAppPubSub, Topic } from '../src/subscriptions/pubsub';
import { createTestDatabase, type TestDatabase } from './helpers/db';

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

describe('packPayloads', () => {
  it('joins events into JSON arrays under the size limit, in order, and drops one that can never fit', () => {
    const events = Array.from({ length: 50 }, (_, i) => JSON.stringify(event(i)));
    const { packed, dropped } = packPayloads([...events, 'x'.repeat(500)], 400);
    expect(dropped).toBe(1);
    expect(packed.every((p) => Buffer.byteLength(p) <= 400)).toBe(true);
    expect(
      packed.flatMap((p) => (JSON.parse(p) as CallStatusEventJson[]).map((e) => e.kaleyraCallId)),
    ).toEqual(events.map((_, i) => `K-${i}`));
    const one = packPayloads(events, 7_900);
    // Greedy packing: never more than one payload beyond the least possible.
    expect(one.packed.length).toBeLessThanOrEqual(
      Math.ceil(events.reduce((a, e) => a + Buffer.byteLength(e) + 1, 1) / 7_900) + 1,
    );
  });
});

describe('PgNotifyFeed (real Postgres LISTEN/NOTIFY)', () => {
  let tdb: TestDatabase;
  let listener: pg.Client;
  const payloads: string[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    listener = new pg.Client({ connectionString: tdb.connectionString });
    await listener.connect();
    listener.on('notification', (m) => payloads.push(m.payload ?? ''));
    await listener.query(`LISTEN ${CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await tdb.drop();
  });

  it('publishes the events announced in one turn as one NOTIFY, and relays every event in order', async () => {
    const pubSub = createAppPubSub();
    const feed = await PgNotifyFeed.start(
      tdb.connectionString,
      tdb.pool,
      pubSub,
      createLogger({ level: 'silent' }),
    );
    const got: CallStatusEventJson[] = [];
    const sub = pubSub.subscribe(Topic.CALL_STATUS_CHANGED, ALL_CALLS);
    const reading = (async () => {
      for await (const e of sub) if (got.push(e) === 4) break;
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      payloads.length = 0;
      for (let i = 0; i < 3; i++) feed.announce(event(i));
      feed.announce(null); // a write that changed nothing announces nothing
      // A payload from an earlier version (one event, not an array) is still understood.
      await tdb.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event(99))]);
      await Promise.race([
        reading,
        new Promise(
          (_, reject) =>
            (timer = setTimeout(() => reject(new Error(`got ${got.length} events`)), 5_000)),
        ),
      ]);
      expect(got.map((e) => e.kaleyraCallId).sort()).toEqual(['K-0', 'K-1', 'K-2', 'K-99']);
      expect(got.filter((e) => e.kaleyraCallId !== 'K-99').map((e) => e.kaleyraCallId)).toEqual([
        'K-0',
        'K-1',
        'K-2',
      ]);
      // This test's own LISTEN connection hears the same NOTIFYs, perhaps a moment after the feed's.
      const batched = () => payloads.map((p) => JSON.parse(p) as unknown).filter(Array.isArray);
      for (let i = 0; i < 100 && batched().length === 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(batched()).toEqual([[event(0), event(1), event(2)]]);
    } finally {
      clearTimeout(timer);
      await feed.stop();
    }
  });

  it('sends what was announced before stop() returns', async () => {
    const feed = await PgNotifyFeed.start(
      tdb.connectionString,
      tdb.pool,
      createAppPubSub(),
      createLogger({ level: 'silent' }),
    );
    payloads.length = 0;
    feed.announce(event(7));
    await feed.stop();
    for (let i = 0; i < 100 && payloads.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(payloads.map((p) => JSON.parse(p) as unknown)).toEqual([[event(7)]]);
  });
});
