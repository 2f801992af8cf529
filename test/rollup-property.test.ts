/**
 * kaleyra_call_rollup against the legs it summarises. Random writes (seeded, bounded) go through
 * every path that changes kaleyra_call_logs: both upsert functions, plain UPDATE/DELETE/TRUNCATE,
 * rolled-back transactions and savepoints, and two connections at once. After each step the whole
 * rollup must equal a GROUP BY over the legs, and the dashboard functions must return exactly what
 * the raw-scan queries they replaced (20261121000004) return, on whole-day and ragged ranges.
 */
import pg from 'pg';
import type { KaleyraCallLog } from '../src/datasources/kaleyra/kaleyra.types';
import { toDbCallLogJson } from '../src/datasources/database/call-log.rows';
import { PgStore } from '../src/datasources/database/pg.store';
import { readMigrations } from '../src/database/migrator';
import { addDays, istDayStart } from '../src/domain/ist';
import { mulberry32, pick } from '../src/simulator/generator';
import { storedLegs } from './helpers/legs';
import { createTestDatabase, waitUntilBlockedOnLock, type TestDatabase } from './helpers/db';

const DAYS = ['2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'];
const AGENTS = ['9800000001', '9800000002', '9800000003'];
const SERVICES = ['Incoming', 'CallForward', 'CallForward', 'Click2Call', 'OBD'];
const STATUSES = ['ANSWER', 'ANSWER', 'NOANSWER', 'BUSY', 'ANSWERED-B', 'FAILED'];
const IDS = Array.from({ length: 120 }, (_, i) => `P${String(i).padStart(3, '0')}`);

/** The raw-scan queries of 20261121000004: the reference every new function must match. */
const REFERENCE = {
  volume: `SELECT count(*)::integer AS total,
                  (count(*) FILTER (WHERE service = 'Incoming'))::integer AS incoming,
                  (count(*) FILTER (WHERE service = 'CallForward'))::integer AS forwarded,
                  (count(*) FILTER (WHERE service = 'Click2Call'))::integer AS click2call
           FROM kaleyra_call_logs WHERE start_time >= $1 AND start_time < $2`,
  // (and the columns customer calls added: offered, the two rates, and the lost misses counted
  // straight from customer_call_legs, which test/customer-calls-property.test.ts checks)
  agents: `SELECT callto AS agent_number,
                  (count(*) FILTER (WHERE status = 'ANSWER'))::integer AS calls_answered,
                  (coalesce(sum(billsec) FILTER (WHERE status = 'ANSWER'), 0))::integer AS total_talk_seconds,
                  (count(*) FILTER (WHERE status <> 'ANSWER'))::integer AS missed_calls,
                  count(*)::integer AS offered,
                  round(100.0 * count(*) FILTER (WHERE status = 'ANSWER') / count(*), 2)::float8 AS answer_rate_percent,
                  round(coalesce(sum(billsec) FILTER (WHERE status = 'ANSWER'), 0)::numeric
                        / nullif(count(*) FILTER (WHERE status = 'ANSWER'), 0), 2)::float8 AS average_talk_seconds,
                  (SELECT count(*) FROM customer_call_legs k
                   WHERE k.agent = l.callto AND k.lost AND k.start_time >= $1 AND k.start_time < $2)::integer AS missed_calls_lost
           FROM kaleyra_call_logs l
           WHERE service = 'CallForward' AND start_time >= $1 AND start_time < $2
           GROUP BY callto ORDER BY 2 DESC, 1`,
  daily: `WITH days AS (
            SELECT d::date AS day
            FROM generate_series(($1::timestamptz AT TIME ZONE 'Asia/Kolkata')::date,
                                 (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Kolkata')::date,
                                 interval '1 day') AS d
          ), counts AS (
            SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day,
                   count(*) FILTER (WHERE service = 'Incoming') AS incoming,
                   count(*) FILTER (WHERE service = 'CallForward') AS forwarded
            FROM kaleyra_call_logs WHERE start_time >= $1 AND start_time < $2 GROUP BY 1
          )
          SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(counts.incoming, 0)::integer AS incoming,
                 coalesce(counts.forwarded, 0)::integer AS forwarded
          FROM days LEFT JOIN counts USING (day) ORDER BY days.day`,
  status: `SELECT l.status, count(*)::integer AS count FROM kaleyra_call_logs l
           WHERE l.start_time >= $1 AND l.start_time < $2 GROUP BY l.status ORDER BY 2 DESC, 1`,
  list: `SELECT l.id FROM kaleyra_call_logs l
         WHERE l.start_time >= $1 AND l.start_time < $2 AND kaleyra_call_matches(l, $3, $4, $5)
         ORDER BY l.start_time DESC, l.id DESC LIMIT $6 OFFSET $7`,
  count: `SELECT count(*)::integer AS n FROM kaleyra_call_logs l
          WHERE l.start_time >= $1 AND l.start_time < $2 AND kaleyra_call_matches(l, $3, $4, $5)`,
};

const ROLLUP = `SELECT day::text, service, status, agent, legs::integer, billsec::integer
                FROM kaleyra_call_rollup ORDER BY 1, 2, 3, 4`;
// Written without the migration's helper functions, so that a bug there cannot hide.
const RAW_ROLLUP = `SELECT ((start_time AT TIME ZONE 'Asia/Kolkata')::date)::text AS day, service, status,
                           CASE service WHEN 'CallForward' THEN callto WHEN 'Click2Call' THEN callfrom ELSE '' END AS agent,
                           count(*)::integer AS legs, coalesce(sum(billsec), 0)::integer AS billsec
                    FROM kaleyra_call_logs GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

const ROLLUP_STATUS = `SELECT day::text, service, status, legs::integer FROM kaleyra_call_rollup_status ORDER BY 1, 2, 3`;
const RAW_ROLLUP_STATUS = `SELECT ((start_time AT TIME ZONE 'Asia/Kolkata')::date)::text AS day, service, status, count(*)::integer AS legs
                           FROM kaleyra_call_logs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** An instant on or near DAYS, often exactly at or just before IST midnight. */
function instant(rand: Rand): Date {
  const day = istDayStart(addDays(DAYS[0]!, int(rand, -1, DAYS.length))).getTime();
  const r = rand();
  const second = r < 0.2 ? 0 : r < 0.35 ? 86_399 : r < 0.45 ? 1 : int(rand, 0, 86_399);
  return new Date(day + second * 1000);
}

function randomLeg(rand: Rand, id: string, base?: KaleyraCallLog): KaleyraCallLog {
  const customer = `98100000${int(rand, 10, 40)}`;
  const service = base && rand() < 0.6 ? base.service : pick(rand, SERVICES);
  const agent = pick(rand, AGENTS);
  const [callfrom, callto] =
    service === 'Click2Call'
      ? [agent, customer]
      : service === 'CallForward'
        ? [customer, agent]
        : [customer, '8000000100'];
  const startTime = base && rand() < 0.5 ? base.startTime : instant(rand);
  return {
    id,
    uniqid: base?.uniqid ?? `${id}_u`,
    callfrom: base && rand() < 0.5 && base.service === service ? base.callfrom : callfrom,
    callto: base && rand() < 0.5 && base.service === service ? base.callto : callto,
    startTime,
    endTime: new Date(startTime.getTime() + 60_000),
    duration: 60,
    billsec: rand() < 0.15 ? null : int(rand, 0, 300),
    status: base && rand() < 0.4 ? base.status : pick(rand, STATUSES),
    location: 'BIHAR',
    provider: 'JIO',
    service,
    callerId: '8000000100',
    // Sometimes only a column the rollup ignores changes.
    recording: rand() < 0.5 ? null : `//play.solutionsinfini.com/?id=${id}${int(rand, 0, 9)}`,
    parentId: base?.parentId ?? null,
  };
}

/** A CallForward leg from one customer; only what a test sets differs. */
function forwardLeg(
  id: string,
  status: string,
  over: Pick<KaleyraCallLog, 'callto' | 'startTime' | 'billsec'>,
): KaleyraCallLog {
  return {
    id,
    uniqid: null,
    callfrom: '9810000011',
    endTime: null,
    duration: 1,
    status,
    location: null,
    provider: null,
    service: 'CallForward',
    callerId: null,
    recording: null,
    parentId: null,
    ...over,
  };
}

describe('kaleyra_call_rollup (property: equals the raw aggregation after any writes)', () => {
  let tdb: TestDatabase;
  let ds: PgStore;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ds = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(() => tdb.drop());

  const q = async (sql: string, params: unknown[] = []) => (await tdb.pool.query(sql, params)).rows;

  const currentLegs = () => storedLegs(tdb.pool);

  /** A page as a sync would send it: new legs, changed legs, unchanged legs, and a repeated id. */
  function batch(rand: Rand, legs: Map<string, KaleyraCallLog>, size: number): KaleyraCallLog[] {
    const out: KaleyraCallLog[] = [];
    for (let i = 0; i < size; i++) {
      const id = pick(rand, IDS);
      const old = legs.get(id);
      out.push(old && rand() < 0.25 ? old : randomLeg(rand, id, old));
    }
    if (out.length > 1 && rand() < 0.3) out.push(randomLeg(rand, out[0]!.id, out[0]));
    return out;
  }

  async function expectRollupMatchesLegs(step: string) {
    const [rollup, raw, byStatus, rawByStatus, pending] = await Promise.all([
      q(ROLLUP),
      q(RAW_ROLLUP),
      q(ROLLUP_STATUS),
      q(RAW_ROLLUP_STATUS),
      q('SELECT count(*)::int AS n FROM kaleyra_call_rollup_pending'),
    ]);
    expect({ step, rollup, byStatus }).toEqual({ step, rollup: raw, byStatus: rawByStatus });
    expect([...rollup, ...byStatus].every((r) => r.legs > 0)).toBe(true);
    expect(pending[0].n).toBe(0);
  }

  async function expectFunctionsMatchRaw(rand: Rand, step: string) {
    const ranges: [Date, Date][] = [];
    const a = int(rand, -1, DAYS.length - 1);
    const b = int(rand, a, DAYS.length);
    ranges.push([istDayStart(addDays(DAYS[0]!, a)), istDayStart(addDays(DAYS[0]!, b + 1))]); // whole IST days
    const [x, y] = [instant(rand), instant(rand)].sort((p, r) => p.getTime() - r.getTime()) as [
      Date,
      Date,
    ];
    ranges.push([x, y]); // ragged edges (or inside one day)
    ranges.push([
      istDayStart(DAYS[1]!),
      new Date(istDayStart(DAYS[3]!).getTime() + int(rand, 1, 86_399) * 1000),
    ]);
    for (const [start, end] of ranges) {
      const args = [start, end];
      const where = `${step} [${start.toISOString()}, ${end.toISOString()})`;
      const [volume, refVolume, agents, refAgents, daily, refDaily, status, refStatus] =
        await Promise.all([
          q('SELECT * FROM get_kaleyra_call_volume($1, $2)', args),
          q(REFERENCE.volume, args),
          q('SELECT * FROM get_kaleyra_agent_stats($1, $2)', args),
          q(REFERENCE.agents, args),
          q('SELECT * FROM get_kaleyra_daily_volume($1, $2)', args),
          q(REFERENCE.daily, args),
          q('SELECT * FROM get_kaleyra_status_breakdown($1, $2)', args),
          q(REFERENCE.status, args),
        ]);
      expect({ where, volume, agents, daily, status }).toEqual({
        where,
        volume: refVolume,
        agents: refAgents,
        daily: refDaily,
        status: refStatus,
      });
      for (let i = 0; i < 3; i++) {
        const service = rand() < 0.4 ? null : pick(rand, [...SERVICES, 'OTHER']);
        const agent = rand() < 0.6 ? null : pick(rand, AGENTS);
        const st = rand() < 0.6 ? null : pick(rand, STATUSES);
        const limit = int(rand, 1, 25);
        const offset = rand() < 0.3 ? 0 : int(rand, 0, 60);
        const filter = [service, agent, st];
        const [list, refList, count, refCount] = await Promise.all([
          q('SELECT id FROM get_kaleyra_call_list($1, $2, $3, $4, $5, $6, $7)', [
            ...args,
            ...filter,
            limit,
            offset,
          ]),
          q(REFERENCE.list, [...args, ...filter, limit, offset]),
          q('SELECT get_kaleyra_call_count($1, $2, $3, $4, $5) AS n', [...args, ...filter]),
          q(REFERENCE.count, [...args, ...filter]),
        ]);
        expect({ where, filter, limit, offset, list, count: count[0].n }).toEqual({
          where,
          filter,
          limit,
          offset,
          list: refList,
          count: refCount[0].n,
        });
      }
    }
  }

  it('stays equal to the legs through upserts, re-syncs, updates, deletes, rollbacks and TRUNCATE', async () => {
    const rand = mulberry32(20261121);
    const client = await tdb.pool.connect();
    try {
      for (let step = 0; step < 70; step++) {
        const legs = await currentLegs();
        const op =
          step === 45
            ? 'truncate'
            : pick(rand, [
                'pg',
                'pg',
                'pg',
                'jsonb',
                'update',
                'delete',
                'rollback',
                'savepoint',
                'tx',
              ]);
        const label = `step ${step} (${op})`;
        const existing = [...legs.keys()];
        const someExisting = () => existing.filter(() => rand() < 0.2);
        switch (op) {
          case 'pg': // the pg adapter's upsert
            await ds.upsertCallLogs(batch(rand, legs, int(rand, 1, 40)));
            break;
          case 'jsonb': // what supabase-js calls
            await q('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, int(rand, 1, 40)).map(toDbCallLogJson)),
            ]);
            break;
          case 'update': // a hand-written fix-up, moving legs across days, statuses and agents
            await q(
              `UPDATE kaleyra_call_logs SET status = $2, start_time = start_time + make_interval(hours => $3),
                      callto = CASE WHEN service = 'CallForward' THEN $4 ELSE callto END, billsec = $5
               WHERE id = ANY($1)`,
              [
                someExisting(),
                pick(rand, STATUSES),
                int(rand, -30, 30),
                pick(rand, AGENTS),
                rand() < 0.2 ? null : int(rand, 0, 99),
              ],
            );
            break;
          case 'delete':
            await q('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [someExisting()]);
            break;
          case 'rollback': // nothing of a rolled-back sync may stay in the rollup
            await client.query('BEGIN');
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 20).map(toDbCallLogJson)),
            ]);
            await client.query('ROLLBACK');
            break;
          case 'savepoint': {
            await client.query('BEGIN');
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 10).map(toDbCallLogJson)),
            ]);
            await client.query('SAVEPOINT s');
            await client.query('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [
              someExisting(),
            ]);
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 10).map(toDbCallLogJson)),
            ]);
            await client.query('ROLLBACK TO SAVEPOINT s');
            await client.query('COMMIT');
            break;
          }
          case 'tx': // several pages in one transaction, one leg written twice
            await client.query('BEGIN');
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 15).map(toDbCallLogJson)),
            ]);
            await client.query('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [
              someExisting(),
            ]);
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 15).map(toDbCallLogJson)),
            ]);
            await client.query('COMMIT');
            break;
          case 'truncate':
            await client.query('BEGIN');
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, legs, 10).map(toDbCallLogJson)),
            ]);
            await client.query('TRUNCATE kaleyra_call_logs');
            await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
              JSON.stringify(batch(rand, new Map(), 10).map(toDbCallLogJson)),
            ]);
            await client.query('COMMIT');
            break;
        }
        await expectRollupMatchesLegs(label);
        if (step % 3 === 0) await expectFunctionsMatchRaw(rand, label);
      }
      expect((await q('SELECT count(*)::int AS n FROM kaleyra_call_logs'))[0].n).toBeGreaterThan(
        40,
      );
    } finally {
      client.release();
    }
  });

  it('keeps counts when two connections upsert and delete overlapping legs at once', async () => {
    const rand = mulberry32(77);
    const [p1, p2] = [1, 2].map(
      () => new pg.Pool({ connectionString: tdb.connectionString, max: 1 }),
    );
    const [a, b] = [new PgStore(p1!, []), new PgStore(p2!, [])];
    try {
      for (let round = 0; round < 25; round++) {
        const legs = await currentLegs();
        const one = batch(rand, legs, int(rand, 20, 60));
        // The same legs in the other order, with other statuses, days and agents.
        const two = [...one]
          .reverse()
          .map((l) => (rand() < 0.7 ? randomLeg(rand, l.id, l) : randomLeg(rand, pick(rand, IDS))));
        const deleting = round % 4 === 3;
        const [first, second] = await Promise.allSettled([
          a.upsertCallLogs(one),
          deleting
            ? p2!.query('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [
                one.filter(() => rand() < 0.3).map((l) => l.id),
              ])
            : b.upsertCallLogs(two),
        ]);
        // Upserts lock in id order and retry as deadlock victims, so they never fail. The plain
        // DELETE locks in scan order: Postgres may pick it as the victim, and that is all it may do.
        expect(first).toMatchObject({ status: 'fulfilled' });
        if (second!.status === 'rejected')
          expect([deleting, second.reason]).toMatchObject([true, { code: '40P01' }]);
        await expectRollupMatchesLegs(`round ${round}`);
      }
      await expectFunctionsMatchRaw(rand, 'after the concurrent rounds');
    } finally {
      await Promise.all([p1!.end(), p2!.end()]);
    }
  });

  it('does not deadlock when a multi-page transaction and an upsert share buckets', async () => {
    // Deterministic form of a deadlock that adding deltas statement by statement had: T2 wrote
    // bucket B in its first page; T1 moves a leg into A and adds one in B; T2's second page moves
    // a leg out of P, which T1 touched. Legs are disjoint; only the buckets overlap.
    const leg = (id: string, status: string) =>
      forwardLeg(id, status, {
        callto: AGENTS[0]!,
        startTime: new Date('2026-02-20T06:00:00Z'),
        billsec: 1,
      });
    await q('TRUNCATE kaleyra_call_logs');
    await ds.upsertCallLogs([leg('X1', 'PENDING'), leg('X2', 'PENDING')]);
    const [t1, t2] = [
      new pg.Client({ connectionString: tdb.connectionString }),
      new pg.Client({ connectionString: tdb.connectionString }),
    ];
    await Promise.all([t1.connect(), t2.connect()]);
    const upsert = (c: pg.Client, rows: KaleyraCallLog[]) =>
      c.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
        JSON.stringify(rows.map(toDbCallLogJson)),
      ]);
    try {
      await t2.query('BEGIN');
      await upsert(t2, [leg('N0', 'BUSY')]);
      const first = upsert(t1, [leg('X1', 'ANSWER'), leg('N1', 'BUSY')]);
      await new Promise((r) => setTimeout(r, 100));
      await upsert(t2, [leg('X2', 'ANSWER')]);
      await t2.query('COMMIT');
      await first;
      await expectRollupMatchesLegs('after both committed');
      expect(await q(ROLLUP)).toEqual([
        {
          day: '2026-02-20',
          service: 'CallForward',
          status: 'ANSWER',
          agent: AGENTS[0],
          legs: 2,
          billsec: 2,
        },
        {
          day: '2026-02-20',
          service: 'CallForward',
          status: 'BUSY',
          agent: AGENTS[0],
          legs: 2,
          billsec: 2,
        },
      ]);
    } finally {
      await t2.query('ROLLBACK').catch(() => undefined);
      await Promise.all([t1.end(), t2.end()]);
    }
  });

  it('sends a page again when Postgres picks it as a deadlock victim', async () => {
    // A writer that locks rows in another order (here Y2, then Y1) deadlocks with the upsert,
    // which locks Y1, then Y2. The upsert's connection checks for deadlocks after 100 ms and the
    // other's only after 10 s, so the upsert is always the one Postgres rolls back.
    const leg = (id: string, status: string) =>
      forwardLeg(id, status, {
        callto: AGENTS[1]!,
        startTime: new Date('2026-02-21T06:00:00Z'),
        billsec: 7,
      });
    await q('TRUNCATE kaleyra_call_logs');
    await ds.upsertCallLogs([leg('Y1', 'PENDING'), leg('Y2', 'PENDING')]);
    const pool = new pg.Pool({
      connectionString: tdb.connectionString,
      max: 1,
      options: '-c deadlock_timeout=100ms',
    });
    const other = new pg.Client({ connectionString: tdb.connectionString });
    await other.connect();
    try {
      const [{ pid }] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows as [{ pid: number }];
      await other.query("SET deadlock_timeout = '10s'");
      await other.query('BEGIN');
      await other.query(`UPDATE kaleyra_call_logs SET status = 'BUSY' WHERE id = 'Y2'`);
      const page = new PgStore(pool, []).upsertCallLogs([leg('Y1', 'ANSWER'), leg('Y2', 'ANSWER')]);
      // Once the upsert holds Y1 and waits for Y2, close the cycle.
      await waitUntilBlockedOnLock(tdb.pool, pid);
      // Returns once the upsert, the victim, has rolled back and released Y1.
      await other.query(`UPDATE kaleyra_call_logs SET status = 'NOANSWER' WHERE id = 'Y1'`);
      await other.query('COMMIT');
      expect(await page).toEqual({ inserted: 0, updated: 2 });
      expect(await q(`SELECT id, status FROM kaleyra_call_logs ORDER BY id`)).toEqual([
        { id: 'Y1', status: 'ANSWER' },
        { id: 'Y2', status: 'ANSWER' },
      ]);
      await expectRollupMatchesLegs('after the retried page');
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await Promise.all([other.end(), pool.end()]);
    }
  });

  it('pages deep lists (day found from the rollup) exactly like OFFSET over the legs', async () => {
    // 9000 legs on four IST days, many sharing a start second, so that ids break ties; two agents
    // with over 2,000 legs each, so that agent-filtered pages also look their day up.
    await q('TRUNCATE kaleyra_call_logs');
    await q(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, status, service, billsec)
       SELECT 'D' || lpad(i::text, 5, '0'),
              CASE WHEN i % 5 = 3 THEN '980000000' || (1 + i % 2) ELSE '98100' || lpad((i % 997)::text, 5, '0') END,
              CASE WHEN i % 5 IN (1, 2) THEN '980000000' || (1 + i % 2) ELSE '8000000100' END,
              $1::timestamptz + (((i * 7919) % (4 * 86400)) / 4 * 4) * interval '1 second',
              (ARRAY['ANSWER', 'NOANSWER', 'BUSY', 'ANSWER'])[1 + (i / 5) % 4],
              (ARRAY['Incoming', 'CallForward', 'CallForward', 'Click2Call', 'OBD'])[1 + i % 5],
              i % 100
       FROM generate_series(1, 9000) AS i`,
      [istDayStart(DAYS[0]!)],
    );
    await expectRollupMatchesLegs('deep fixture');
    const rand = mulberry32(5);
    const whole: [Date, Date] = [istDayStart(DAYS[0]!), istDayStart(addDays(DAYS[3]!, 1))];
    const ragged: [Date, Date] = [
      new Date(whole[0].getTime() + 3_600_000),
      new Date(whole[1].getTime() - 5_400_000),
    ];
    const filters: (string | null)[][] = [
      [null, null, null],
      ['CallForward', null, null],
      [null, AGENTS[1]!, null],
      ['Click2Call', AGENTS[0]!, null],
      [null, null, 'ANSWER'],
      ['Incoming', null, 'BUSY'],
      ['OTHER', null, null],
      [null, AGENTS[0]!, 'NOANSWER'],
      ['CallForward', AGENTS[1]!, null],
    ];
    for (const range of [whole, ragged]) {
      for (const filter of filters) {
        const [{ n }] = await q(REFERENCE.count, [...range, ...filter]);
        const offsets = [
          0,
          1999,
          2000,
          n - 1,
          n,
          n + 10,
          ...Array.from({ length: 4 }, () => int(rand, 0, n + 5)),
        ];
        for (const offset of offsets.filter((o) => o >= 0)) {
          const limit = pick(rand, [1, 7, 50]);
          const args = [...range, ...filter, limit, offset];
          const [list, refList] = await Promise.all([
            q('SELECT id FROM get_kaleyra_call_list($1, $2, $3, $4, $5, $6, $7)', args),
            q(REFERENCE.list, args),
          ]);
          expect({ filter, range, offset, limit, list }).toEqual({
            filter,
            range,
            offset,
            limit,
            list: refList,
          });
        }
      }
    }
  });

  it('rejects a negative limit or offset as the raw query does', async () => {
    const range = [istDayStart(DAYS[0]!), istDayStart(DAYS[1]!)];
    await expect(
      q('SELECT * FROM get_kaleyra_call_list($1, $2, NULL, NULL, NULL, -1, 0)', range),
    ).rejects.toThrow('LIMIT must not be negative');
    await expect(
      q('SELECT * FROM get_kaleyra_call_list($1, $2, NULL, NULL, NULL, 5, -1)', range),
    ).rejects.toThrow('OFFSET must not be negative');
  });

  it('works as service_role (what supabase-js runs as): grants and row-level security', async () => {
    const [{ present }] = await q(
      `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') AS present`,
    );
    if (!present) return; // a server without CREATEROLE: the migrations skipped the role
    const rand = mulberry32(3);
    const client = await tdb.pool.connect();
    try {
      await client.query('SET ROLE service_role');
      await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
        JSON.stringify(
          IDS.slice(0, 20)
            .map((id) => randomLeg(rand, id))
            .map(toDbCallLogJson),
        ),
      ]);
      await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
        JSON.stringify(
          IDS.slice(10, 30)
            .map((id) => randomLeg(rand, id))
            .map(toDbCallLogJson),
        ),
      ]);
      await client.query(`DELETE FROM kaleyra_call_logs WHERE id < 'P005'`);
      const range = [istDayStart(addDays(DAYS[0]!, -1)), istDayStart(addDays(DAYS[3]!, 2))];
      await client.query('SELECT * FROM get_kaleyra_call_volume($1, $2)', range);
      await client.query('SELECT * FROM get_kaleyra_agent_stats($1, $2)', range);
      await client.query('SELECT * FROM get_kaleyra_daily_volume($1, $2)', range);
      await client.query('SELECT * FROM get_kaleyra_status_breakdown($1, $2)', range);
      await client.query('SELECT get_kaleyra_call_count($1, $2, NULL, $3, NULL)', [
        ...range,
        AGENTS[0],
      ]);
      await client.query(
        'SELECT * FROM get_kaleyra_call_list($1, $2, NULL, NULL, NULL, 5, 2500)',
        range,
      );
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
    await expectRollupMatchesLegs('after writes as service_role');
  });

  it('rebuilds days written behind the triggers back', async () => {
    const rand = mulberry32(9);
    await ds.upsertCallLogs(IDS.slice(0, 30).map((id) => randomLeg(rand, id)));
    const client = await tdb.pool.connect();
    try {
      // Writes that skip user triggers (a replica apply, a bulk load) leave the rollup stale ...
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE kaleyra_call_logs SET status = 'REPLAYED' WHERE id < 'P010'`);
      await client.query(`DELETE FROM kaleyra_call_logs WHERE id >= 'P020' AND id < 'P030'`);
      await client.query('RESET session_replication_role');
      expect(await q(ROLLUP)).not.toEqual(await q(RAW_ROLLUP));
      // ... until those days are recounted.
      await q('SELECT rebuild_kaleyra_call_rollup($1, $2)', [
        addDays(DAYS[0]!, -1),
        addDays(DAYS[3]!, 1),
      ]);
      await expectRollupMatchesLegs('after the rebuild');
    } finally {
      client.release();
    }
  });
});
