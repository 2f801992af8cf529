import pg from 'pg';
import { PgStore } from '../src/datasources/database/pg.store';
import type { CallbackUpdate } from '../src/datasources/database/callback.rows';
import { readMigrations } from '../src/database/migrator';
import { CallbackWriter } from '../src/callbacks/callback-writer';
import { createTestDatabase, waitUntilBlockedOnLock, type TestDatabase } from './helpers/db';

const AGENT = '9800000001';

function callback(kaleyraCallId: string, over: Partial<CallbackUpdate> = {}): CallbackUpdate {
  return {
    ivrCallId: null,
    kaleyraCallId,
    caller: AGENT,
    receiver: '9800000077',
    status: 'ANSWERED',
    kaleyraStatus: 'ANSWER',
    duration: 40,
    billsec: 33,
    recordingUrl: null,
    startTime: new Date('2026-11-21T04:30:00Z'),
    endTime: new Date('2026-11-21T04:31:00Z'),
    receivedAt: new Date(),
    ...over,
  };
}

describe('callbacks written in batches (real Postgres)', () => {
  let tdb: TestDatabase;
  let ds: PgStore;
  let batches: number[];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ds = new PgStore(tdb.pool, readMigrations());
    // The real adapter, with the batch sizes recorded on the way through.
    const apply = ds.applyCallbacks.bind(ds);
    ds.applyCallbacks = (updates) => {
      batches.push(updates.length);
      return apply(updates);
    };
  });
  beforeEach(() => {
    batches = [];
  });
  afterAll(() => tdb.drop());

  it('shares transactions between callbacks that arrive together; each caller gets its own row', async () => {
    const writer = new CallbackWriter(ds, { maxBatch: 10, maxInFlight: 2 });
    const ids = Array.from({ length: 40 }, (_, i) => `K-BATCH-${i}`);
    const results = await Promise.all(ids.map((id) => writer.apply(callback(id))));
    expect(results.map((r) => (r.ok ? r.write.call.kaleyraCallId : r.error))).toEqual(ids);
    expect(batches).toEqual([10, 10, 10, 10]);
    const { rows } = await tdb.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ivr_calls WHERE kaleyra_call_id LIKE 'K-BATCH-%'",
    );
    expect(rows[0]!.n).toBe(40);
  });

  it('writes a lone callback at once, in a batch of one', async () => {
    const writer = new CallbackWriter(ds);
    const r = await writer.apply(callback('K-ALONE'));
    expect(r).toMatchObject({ ok: true, write: { changed: true, call: { status: 'ANSWERED' } } });
    expect(batches).toEqual([1]);
  });

  it('applies deliveries of one call in arrival order within a batch: the first outcome stands', async () => {
    const writer = new CallbackWriter(ds);
    const [answered, stale, dup] = await Promise.all([
      writer.apply(callback('K-ORDER')),
      writer.apply(
        callback('K-ORDER', { status: 'MISSED', kaleyraStatus: 'NOANSWER', billsec: 0 }),
      ),
      writer.apply(callback('K-ORDER')),
    ]);
    expect(batches).toEqual([3]);
    expect(answered).toMatchObject({ ok: true, write: { changed: true } });
    expect(stale).toMatchObject({
      ok: true,
      write: { changed: false, call: { status: 'ANSWERED', billsec: 33 } },
    });
    expect(dup).toMatchObject({ ok: true, write: { changed: false } });
  });

  it('rolls back a callback the database refuses on its own; the rest of its batch is stored', async () => {
    const writer = new CallbackWriter(ds);
    const [good, bad, good2] = await Promise.all([
      writer.apply(callback('K-MIX-1')),
      // No number at all: ivr_calls.customer_number is NOT NULL.
      writer.apply(callback('K-MIX-2', { caller: null, receiver: null })),
      writer.apply(callback('K-MIX-3')),
    ]);
    expect(batches).toEqual([3]);
    expect(good).toMatchObject({ ok: true });
    expect(good2).toMatchObject({ ok: true });
    expect(bad).toMatchObject({ ok: false, code: '23502', retryable: false });
    const { rows } = await tdb.pool.query<{ id: string }>(
      "SELECT kaleyra_call_id AS id FROM ivr_calls WHERE kaleyra_call_id LIKE 'K-MIX-%' ORDER BY 1",
    );
    expect(rows.map((r) => r.id)).toEqual(['K-MIX-1', 'K-MIX-3']);
  });

  it('stores the rest of a batch Postgres refuses as a whole because of one callback (a NUL in the JSON)', async () => {
    // The route refuses NUL before this point; this is the writer's own guarantee, for whatever
    // else one callback could carry that makes Postgres reject the batch's JSON value.
    const writer = new CallbackWriter(ds);
    const ids = Array.from({ length: 20 }, (_, i) => `K-NUL-${i}`);
    const results = await Promise.allSettled([
      ...ids.map((id) => writer.apply(callback(id))),
      writer.apply(callback('K-NUL-bad', { kaleyraStatus: 'ANSWER\u0000' })),
    ]);
    expect(results.slice(0, 20).map((r) => r.status === 'fulfilled' && r.value.ok)).toEqual(
      ids.map(() => true),
    );
    expect(results[20]).toMatchObject({ status: 'rejected' });
    // One batch of 21 refused whole, then each callback alone.
    expect(batches).toEqual([21, ...Array<number>(21).fill(1)]);
    const { rows } = await tdb.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ivr_calls WHERE kaleyra_call_id LIKE 'K-NUL-%'",
    );
    expect(rows[0]!.n).toBe(20);
  });

  it('writes a callback again when Postgres made it a deadlock victim, instead of answering 503', async () => {
    // Another writer holds K-DL-B, the batch locks K-DL-A and waits for K-DL-B, then the other
    // writer asks for K-DL-A. The batch's connection checks for deadlocks after 100 ms, the
    // other's after 10 s, so K-DL-B's subtransaction is always the one rolled back.
    await ds.applyCallbacks(
      ['K-DL-A', 'K-DL-B'].map((id) =>
        callback(id, { status: 'INITIATED' as never, kaleyraStatus: 'INITIATED' }),
      ),
    );
    const pool = new pg.Pool({
      connectionString: tdb.connectionString,
      max: 1,
      options: '-c deadlock_timeout=100ms',
    });
    const other = new pg.Client({ connectionString: tdb.connectionString });
    await other.connect();
    const seen: string[][] = [];
    const slow = new PgStore(pool, []);
    const apply = slow.applyCallbacks.bind(slow);
    slow.applyCallbacks = (updates) => {
      seen.push(updates.map((u) => u.kaleyraCallId!));
      return apply(updates);
    };
    try {
      const [{ pid }] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows as [{ pid: number }];
      await other.query("SET deadlock_timeout = '10s'");
      await other.query('BEGIN');
      await other.query(`UPDATE ivr_calls SET updated_at = now() WHERE kaleyra_call_id = 'K-DL-B'`);
      const writer = new CallbackWriter(slow);
      const results = Promise.all(['K-DL-A', 'K-DL-B'].map((id) => writer.apply(callback(id))));
      await waitUntilBlockedOnLock(tdb.pool, pid);
      // Returns once the batch has given up K-DL-B and committed K-DL-A.
      await other.query(`UPDATE ivr_calls SET updated_at = now() WHERE kaleyra_call_id = 'K-DL-A'`);
      await other.query('COMMIT');
      const [a, b] = await results;
      expect([a, b]).toMatchObject([
        { ok: true, write: { call: { status: 'ANSWERED' } } },
        { ok: true, write: { call: { status: 'ANSWERED' } } },
      ]);
      expect(seen).toEqual([['K-DL-A', 'K-DL-B'], ['K-DL-B']]);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await Promise.all([other.end(), pool.end()]);
    }
  });

  it('gives a callback up after three tries when its row stays locked, for the route to answer 503', async () => {
    // The writer's connection waits at most 50 ms for a lock (55P03 lock_not_available, retryable);
    // another transaction holds the row throughout.
    await ds.applyCallbacks([
      callback('K-HELD', { status: 'INITIATED' as never, kaleyraStatus: 'INITIATED' }),
    ]);
    const pool = new pg.Pool({
      connectionString: tdb.connectionString,
      max: 1,
      options: '-c lock_timeout=50ms',
    });
    const other = new pg.Client({ connectionString: tdb.connectionString });
    await other.connect();
    const slow = new PgStore(pool, []);
    const apply = slow.applyCallbacks.bind(slow);
    let calls = 0;
    slow.applyCallbacks = (updates) => {
      calls++;
      return apply(updates);
    };
    try {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM ivr_calls WHERE kaleyra_call_id = 'K-HELD' FOR UPDATE`);
      const r = await new CallbackWriter(slow).apply(callback('K-HELD'));
      expect(r).toMatchObject({ ok: false, code: '55P03', retryable: true });
      expect(calls).toBe(3);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await Promise.all([other.end(), pool.end()]);
    }
    const { rows } = await tdb.pool.query(
      `SELECT status FROM ivr_calls WHERE kaleyra_call_id = 'K-HELD'`,
    );
    expect(rows).toEqual([{ status: 'INITIATED' }]);
  });

  it('does not deadlock when two instances write the same calls in opposite orders', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `K-LOCK-${String(i).padStart(2, '0')}`);
    await ds.applyCallbacks(
      ids.map((id) => callback(id, { status: 'INITIATED' as never, kaleyraStatus: 'INITIATED' })),
    );
    const outcomes = ['MISSED', 'BUSY', 'ANSWERED'] as const;
    for (let round = 0; round < 10; round++) {
      const status = outcomes[round % outcomes.length]!;
      const forward = ids.map((id) => callback(id, { status, kaleyraStatus: status }));
      const [a, b] = await Promise.all([
        ds.applyCallbacks(forward),
        ds.applyCallbacks([...forward].reverse()),
      ]);
      expect([...a, ...b].filter((r) => !r.ok)).toEqual([]);
    }
    const { rows } = await tdb.pool.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM ivr_calls WHERE kaleyra_call_id LIKE 'K-LOCK-%' GROUP BY status",
    );
    expect(rows).toEqual([{ status: 'ANSWERED', n: 20 }]);
  });
});
