/**
 * The outbox reader's guarantees (db/functions/call_status_outbox.sql) against real concurrent
 * transactions: a row that commits after a higher id was read is still read, once; one call's
 * events come in commit order even when the later transaction took its xid first; rolled-back rows
 * never come; an unrelated open transaction holds nothing back; and a random mix of writers and
 * readers loses, repeats or reorders nothing.
 */
import pg from 'pg';
import { PgStore } from '../src/datasources/database/pg.store';
import type { CallStatusEventJson } from '../src/datasources/database/ivr-call.rows';
import type { OutboxCursor } from '../src/datasources/database/outbox.rows';
import { readMigrations } from '../src/database/migrator';
import { createLogger } from '../src/logger';
import { OutboxFeed } from '../src/subscriptions/outbox.feed';
import { createAppPubSub } from '../src/subscriptions/pubsub';
import { createTestDatabase, waitUntilBlockedOnLock, type TestDatabase } from './helpers/db';
import { collectEvents } from './helpers/events';

const event = (key: string, n = 0): CallStatusEventJson => ({
  ivrCallId: null,
  kaleyraCallId: key,
  caller: '',
  receiver: '',
  status: 'ANSWERED',
  kaleyraStatus: 'ANSWER',
  duration: n,
  billsec: null,
  startTime: null,
  endTime: null,
  recordingUrl: null,
  receivedAt: '2026-11-21T04:30:00.000Z',
});

/** Reads everything readable now, as the feed does (pages of `pageSize`), and advances. */
async function readAll(db: PgStore, cursor: OutboxCursor, pageSize = 2) {
  const out: CallStatusEventJson[] = [];
  for (;;) {
    const page = await db.readOutbox(cursor, pageSize);
    out.push(...page.events.map((e) => e.event));
    const last = page.events.at(-1);
    if (last && page.events.length >= pageSize) {
      Object.assign(cursor, { upto: page.upto, afterId: last.id });
    } else {
      Object.assign(cursor, { after: page.upto, upto: null, afterId: 0 });
      return out;
    }
  }
}

describe('the outbox reader (real concurrent transactions)', () => {
  let tdb: TestDatabase;
  let db: PgStore;
  const clients: pg.Client[] = [];
  const client = async () => {
    const c = new pg.Client({ connectionString: tdb.connectionString });
    await c.connect();
    clients.push(c);
    return c;
  };
  const head = async (): Promise<OutboxCursor> => ({
    after: await db.outboxHead(),
    upto: null,
    afterId: 0,
  });
  const enqueue = (c: pg.Client | pg.Pool, key: string, n = 0) =>
    c.query<{ id: string }>('SELECT enqueue_call_status_event($1)', [
      JSON.stringify(event(key, n)),
    ]);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await tdb.drop();
  });

  it('reads a row that committed after a higher id had been read, exactly once', async () => {
    const cursor = await head();
    const a = await client();
    await a.query('BEGIN');
    await enqueue(a, 'late'); // takes the lower id
    await enqueue(tdb.pool, 'early'); // a higher id, committed first
    const ids = await tdb.pool.query<{ k: string; id: number }>(
      "SELECT payload->>'kaleyraCallId' AS k, id FROM call_status_outbox WHERE payload->>'kaleyraCallId' = 'early'",
    );
    expect((await readAll(db, cursor)).map((e) => e.kaleyraCallId)).toEqual(['early']);
    await a.query('COMMIT');
    const late = await tdb.pool.query<{ id: number }>(
      "SELECT id FROM call_status_outbox WHERE payload->>'kaleyraCallId' = 'late'",
    );
    expect(late.rows[0]!.id).toBeLessThan(ids.rows[0]!.id);
    expect((await readAll(db, cursor)).map((e) => e.kaleyraCallId)).toEqual(['late']);
    expect(await readAll(db, cursor)).toEqual([]);
  });

  it("keeps one call's events in commit order when the later writer took its transaction id first", async () => {
    const mk = await tdb.pool.query<{ r: { call: { id: string } } }>(
      "SELECT create_ivr_call('click2call', '9800000077', '9800000001', NULL) AS r",
    );
    const callId = mk.rows[0]!.r.call.id;
    const cursor = await head();
    const callback = (status: string, kaleyraStatus: string) =>
      JSON.stringify([
        {
          ivrCallId: callId,
          kaleyraCallId: 'order-1',
          caller: '9800000001',
          receiver: '9800000077',
          status,
          kaleyraStatus,
          duration: 10,
          billsec: status === 'ANSWERED' ? 8 : 0,
          recordingUrl: null,
          startTime: null,
          endTime: null,
          receivedAt: new Date().toISOString(),
        },
      ]);
    const [t2, t0, t1] = [await client(), await client(), await client()];
    // T2 takes its transaction id first (writing something else), T0 takes one and stays open,
    // then T1 changes the call. T2 then waits for T1's row lock, and commits after it.
    await t2.query('BEGIN');
    await enqueue(t2, 'unrelated');
    await t0.query('BEGIN');
    await t0.query('SELECT pg_current_xact_id()');
    await t1.query('BEGIN');
    await t1.query('SELECT apply_kaleyra_callbacks($1::jsonb)', [callback('MISSED', 'NOANSWER')]);
    const xids = await Promise.all(
      [t2, t1].map(
        async (c) =>
          (await c.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x,
      ),
    );
    expect(BigInt(xids[0]!)).toBeLessThan(BigInt(xids[1]!)); // the later writer's xid is lower
    const t2pid = (await t2.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const blocked = t2.query('SELECT apply_kaleyra_callbacks($1::jsonb)', [
      callback('ANSWERED', 'ANSWER'),
    ]);
    await waitUntilBlockedOnLock(tdb.pool, t2pid);
    await t1.query('COMMIT');
    await blocked;
    await t2.query('COMMIT');
    // A reader now: T0 is still open with an xid between T2's and T1's.
    const got = await readAll(db, cursor);
    await t0.query('COMMIT');
    got.push(...(await readAll(db, cursor)));
    expect(got.filter((e) => e.ivrCallId === callId).map((e) => e.status)).toEqual([
      'MISSED',
      'ANSWERED',
    ]);
  });

  it('never reads a rolled-back row, and an open transaction holds back nothing else', async () => {
    const cursor = await head();
    const [long, aborted] = [await client(), await client()];
    await long.query('BEGIN');
    await enqueue(long, 'long-running');
    await aborted.query('BEGIN');
    await enqueue(aborted, 'rolled-back');
    await aborted.query('ROLLBACK');
    await enqueue(tdb.pool, 'after-1');
    expect((await readAll(db, cursor)).map((e) => e.kaleyraCallId)).toEqual(['after-1']);
    await enqueue(tdb.pool, 'after-2');
    expect((await readAll(db, cursor)).map((e) => e.kaleyraCallId)).toEqual(['after-2']);
    await long.query('COMMIT');
    expect((await readAll(db, cursor)).map((e) => e.kaleyraCallId)).toEqual(['long-running']);
  });

  it('delivers every committed event once, per call in commit order, to each of several feeds', async () => {
    await tdb.pool.query('CREATE TABLE test_counters (call int PRIMARY KEY, n int NOT NULL)');
    await tdb.pool.query('INSERT INTO test_counters SELECT g, 0 FROM generate_series(1, 5) g');
    const feeds = await Promise.all(
      [0, 1].map(async () => {
        const pubSub = createAppPubSub();
        const { got, stop } = collectEvents(pubSub);
        const feed = await OutboxFeed.start({
          db,
          pubSub,
          logger: createLogger({ level: 'silent' }),
          transport: 'poll',
          timing: { pollMs: 5, pageSize: 3 },
        });
        return { feed, got, stop };
      }),
    );
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const committed: string[] = [];
    const writers = await Promise.all(Array.from({ length: 6 }, () => client()));
    try {
      // 6 writers x 40 transactions, each bumping 1-3 calls' counters (in key order, as the
      // callback batches lock) and adding one event per bump; about 1 in 8 rolls back.
      await Promise.all(
        writers.map(async (w) => {
          for (let t = 0; t < 40; t++) {
            const calls = [...new Set([1, 2, 3].map(() => 1 + Math.floor(random() * 5)))].sort();
            const rollback = random() < 0.125;
            const pause = Math.floor(random() * 3);
            await w.query('BEGIN');
            const mine: string[] = [];
            for (const call of calls) {
              const { rows } = await w.query<{ n: number }>(
                'UPDATE test_counters SET n = n + 1 WHERE call = $1 RETURNING n',
                [call],
              );
              await enqueue(w, `call-${call}`, rows[0]!.n);
              mine.push(`call-${call}:${rows[0]!.n}`);
              if (pause) await new Promise((r) => setTimeout(r, pause));
            }
            if (rollback) await w.query('ROLLBACK');
            else {
              await w.query('COMMIT');
              committed.push(...mine);
            }
          }
        }),
      );
      const want = [...committed].sort();
      for (const { got } of feeds) {
        for (let i = 0; i < 500 && got.length < want.length; i++)
          await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 100));
      for (const { got } of feeds) {
        const keys = got.map((e) => `${e.kaleyraCallId}:${e.duration}`);
        expect([...keys].sort()).toEqual(want); // every committed event, once
        for (let call = 1; call <= 5; call++) {
          const seq = got.filter((e) => e.kaleyraCallId === `call-${call}`).map((e) => e.duration);
          expect(seq).toEqual(seq.map((_, i) => i + 1)); // 1, 2, 3, ... in commit order
        }
      }
      expect(want.length).toBeGreaterThan(200);
    } finally {
      for (const f of feeds) {
        await f.feed.stop();
        await f.stop();
      }
    }
  });
});
