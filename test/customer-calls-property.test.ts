/**
 * The trigger-kept customer calls against a rebuild from scratch and against the contract's rules
 * written plainly (test/sql/customer_calls_reference.sql). Random legs (random parents, dangling
 * parents, parents that are no Incoming leg, inferred links, overlapping windows, equal start
 * times, legs around IST midnight, Incoming legs without end_time or duration, numbers written
 * with +91 / 91 / 0 and spaces) are written in random orders and random page splits, through both
 * upsert functions and plain SQL, updated, deleted, in multi-statement transactions, rolled back,
 * and by several connections at once. After every step the tables must equal what
 * rebuild_customer_calls() makes of the legs, the links and facts must equal the plain reference,
 * and the rollups must equal a GROUP BY over the rows. Then the read functions are checked
 * against plain queries, and three races are forced that only the advisory locks get right.
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
import { recoverySummariesAgainstEpisodes } from './helpers/recovery-summary';
import { spawnBuilt } from './helpers/process';

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const DAY = '2026-02-20';
const MIDNIGHT = istDayStart(DAY).getTime(); // 2026-02-20 00:00 IST
const AGENTS = ['9800000001', '9800000002', '9800000003'];
const CALLERS = ['9810000001', '9810000002', '9810000003', '9810000004'];
const IDS = Array.from({ length: 90 }, (_, i) => `L${String(i).padStart(3, '0')}`);
const STATUSES = ['ANSWER', 'ANSWER', 'NOANSWER', 'CANCEL', 'ANSWERED-B', 'BUSY', 'FAILED'];

/** The same number as a person might type it. */
function written(rand: Rand, n: string): string {
  return pick(rand, [n, n, `+91${n}`, `91${n}`, `0${n}`, `+91 ${n.slice(0, 5)} ${n.slice(5)}`]);
}

/** An instant around the IST midnight that starts DAY (and a few hours either side). */
function around(rand: Rand): number {
  const r = rand();
  if (r < 0.25) return MIDNIGHT + int(rand, -90, 90) * 1000;
  return MIDNIGHT + int(rand, -4 * 3600, 4 * 3600) * 1000;
}

/** A random leg with this id; `legs` (the current ones) supply parents and nearby start times. */
function randomLeg(
  rand: Rand,
  id: string,
  legs: Map<string, KaleyraCallLog>,
  base?: KaleyraCallLog,
): KaleyraCallLog {
  const all = [...legs.values()];
  const incoming = all.filter((l) => l.service === 'Incoming');
  const service =
    base && rand() < 0.7
      ? base.service
      : pick(rand, [
          'Incoming',
          'Incoming',
          'CallForward',
          'CallForward',
          'CallForward',
          'Click2Call',
        ]);
  const caller = pick(rand, CALLERS);
  const near = incoming.length > 0 && rand() < 0.75 ? pick(rand, incoming) : undefined;
  let start: number;
  if (base && rand() < 0.4) start = base.startTime.getTime();
  else if (service === 'Incoming' && near && rand() < 0.25)
    start = near.startTime.getTime(); // a tie
  else if (service === 'CallForward' && near) {
    const end =
      near.endTime?.getTime() ??
      (near.duration !== null
        ? near.startTime.getTime() + near.duration * 1000
        : near.startTime.getTime() + 7200_000);
    // inside the window, at its very edges, or just out of it
    start = pick(rand, [
      near.startTime.getTime() + int(rand, 0, 120) * 1000,
      end + 5000,
      end + 6000,
      near.startTime.getTime() - 1000,
      near.startTime.getTime(),
    ]);
  } else start = around(rand);
  const number =
    service === 'CallForward' && near && rand() < 0.8
      ? near.callfrom.replace(/\D/g, '').slice(-10)
      : caller;
  let parentId: string | null = null;
  if (service === 'CallForward') {
    const p = rand();
    if (p < 0.45 && near) parentId = near.id;
    else if (p < 0.55)
      parentId = pick(rand, IDS); // maybe not stored (yet), maybe not Incoming
    else if (p < 0.6) parentId = 'GHOST';
    else if (p < 0.65) parentId = '';
  }
  const duration = rand() < 0.15 ? null : int(rand, 0, 400);
  const status = pick(rand, STATUSES);
  return {
    id,
    uniqid: `${id}_u`,
    callfrom: service === 'Click2Call' ? pick(rand, AGENTS) : written(rand, number),
    callto:
      service === 'Incoming'
        ? '8000000100'
        : service === 'Click2Call'
          ? number
          : pick(rand, AGENTS),
    startTime: new Date(start),
    endTime:
      service === 'Incoming' && rand() < 0.5 && duration !== null
        ? new Date(start + duration * 1000)
        : null,
    duration,
    billsec: rand() < 0.15 ? null : int(rand, 0, duration ?? 200),
    status,
    location: pick(rand, ['BIHAR', 'DELHI', null]),
    provider: pick(rand, ['JIO', 'AIRTEL']),
    service,
    callerId: '8000000100',
    recording: status === 'ANSWER' ? `//play.solutionsinfini.com/?id=${id}` : null,
    parentId,
  };
}

describe('customer calls (property: the triggers keep what a rebuild makes, whatever the writes)', () => {
  let tdb: TestDatabase;
  let ds: PgStore;
  const q = async (sql: string, params: unknown[] = []) => (await tdb.pool.query(sql, params)).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ds = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(() => tdb.drop());

  const currentLegs = () => storedLegs(tdb.pool);

  function batch(rand: Rand, legs: Map<string, KaleyraCallLog>, size: number): KaleyraCallLog[] {
    const out: KaleyraCallLog[] = [];
    for (let i = 0; i < size; i++) {
      const id = pick(rand, IDS);
      const old = legs.get(id);
      out.push(old && rand() < 0.2 ? old : randomLeg(rand, id, legs, old));
    }
    return out;
  }

  const SNAPSHOT = [
    'SELECT * FROM customer_calls ORDER BY id',
    'SELECT * FROM customer_call_legs ORDER BY id',
    'SELECT * FROM customer_call_rollup ORDER BY 1, 2',
    'SELECT * FROM customer_call_wait_rollup ORDER BY 1, 2, 3',
    'SELECT * FROM customer_call_agent_rollup ORDER BY 1, 2',
  ];
  // The rollups written plainly from the rows (the rows themselves are checked against the
  // reference), without the functions' helpers.
  const GROUPED = [
    `SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day, outcome, count(*)::bigint AS calls,
            coalesce(sum(seconds_to_answer), 0)::bigint AS seconds_sum, coalesce(sum(talk_seconds), 0)::bigint AS talk_sum
     FROM customer_calls GROUP BY 1, 2 ORDER BY 1, 2`,
    `SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day,
            CASE WHEN outcome = 'ANSWERED' THEN 'answer' ELSE 'abandon' END AS kind,
            CASE WHEN outcome = 'ANSWERED' THEN least(seconds_to_answer, 3601) ELSE least(coalesce(duration, 0), 601) END AS seconds,
            count(*)::bigint AS calls
     FROM customer_calls GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    `SELECT day, agent, sum(a)::bigint AS answered_calls, sum(l)::bigint AS lost_legs, sum(u)::bigint AS unlinked_legs
     FROM (SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day, answered_by AS agent, 1 AS a, 0 AS l, 0 AS u
           FROM customer_calls WHERE answered_by IS NOT NULL
           UNION ALL
           SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date, agent, 0, lost::int, (call_id IS NULL)::int
           FROM customer_call_legs) x
     GROUP BY 1, 2 HAVING sum(a) > 0 OR sum(l) > 0 OR sum(u) > 0 ORDER BY 1, 2`,
  ];
  const LINKS = 'SELECT id, call_id FROM customer_call_legs ORDER BY id';
  const FACTS = `SELECT id, customer_number, did, start_time, outcome, answer_leg_id, answered_by, answered_at,
                        seconds_to_answer, talk_seconds, agents_tried FROM %s ORDER BY id`;
  const LOST = `SELECT k.id FROM customer_call_legs k JOIN kaleyra_call_logs l ON l.id = k.id
                WHERE k.lost <> (k.call_id IS NOT NULL AND l.status <> 'ANSWER'
                                 AND (SELECT c.outcome FROM customer_calls c WHERE c.id = k.call_id) <> 'ANSWERED')`;

  // Issue 13: missed-call episodes and the customer calls by IST hour and by location/provider/DID.
  const RECOVERY = [
    'SELECT * FROM customer_call_episodes ORDER BY caller, first_missed_at',
    'SELECT * FROM customer_call_hour_rollup ORDER BY day, hour',
    'SELECT * FROM customer_call_key_rollup ORDER BY day, dimension, key',
    // callerSummary's per-number days and their rollup (migration 20261202000400).
    'SELECT * FROM customer_callers ORDER BY caller',
    'SELECT * FROM customer_caller_rollup ORDER BY day, back, prev_day',
    // recoverySummary's episodes by IST day and hours to recovery (migration 20261202000500).
    'SELECT * FROM customer_call_recovery_rollup ORDER BY day, bucket',
  ];

  // recoverySummary against a plain percentile_disc over the episodes, for whole-day ranges of 1, 2
  // and 5 IST days (the rollup) and the same ranges shifted by 90 minutes (the episodes), each for
  // withinHours 1, 2, 24 and 720.
  const SUMMARY_AGAINST_EPISODES = recoverySummariesAgainstEpisodes(`
      SELECT DISTINCT kaleyra_ist_midnight(d.day) + g.shift AS s,
             kaleyra_ist_midnight(d.day + n.days) + g.shift AS e, h.hours
      FROM (SELECT DISTINCT kaleyra_ist_day(first_missed_at) AS day FROM customer_call_episodes) d
      CROSS JOIN (VALUES (1), (2), (5)) AS n(days)
      CROSS JOIN (VALUES (interval '0'), (interval '90 minutes')) AS g(shift)
      CROSS JOIN (VALUES (1), (2), (24), (720)) AS h(hours)`);

  const CALLERS_AGAINST_CALLS = `
    WITH ranges AS (
      SELECT DISTINCT kaleyra_ist_midnight(d.day + o.shift) AS s, kaleyra_ist_midnight(d.day + o.shift + n.days) AS e
      FROM (SELECT DISTINCT kaleyra_ist_day(start_time) AS day FROM customer_calls) d
      CROSS JOIN (VALUES (0), (1)) AS o(shift)
      CROSS JOIN (VALUES (1), (2), (5)) AS n(days)
    ), counted AS (
      SELECT r.s, r.e, count(k.caller)::int AS unique_callers,
             (count(k.caller) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM customer_calls p WHERE p.caller = k.caller AND p.start_time < r.s)))::int AS new_callers,
             (count(k.caller) FILTER (WHERE k.calls >= 2))::int AS repeat_callers
      FROM ranges r
      LEFT JOIN LATERAL (SELECT c.caller, count(*) AS calls FROM customer_calls c
                         WHERE c.start_time >= r.s AND c.start_time < r.e GROUP BY c.caller) k ON true
      GROUP BY r.s, r.e
    )
    SELECT c.*, g.unique_callers AS got_unique, g.new_callers AS got_new, g.repeat_callers AS got_repeat
    FROM counted c CROSS JOIN LATERAL get_caller_summary(c.s, c.e) g
    WHERE (g.unique_callers, g.new_callers, g.repeat_callers)
          IS DISTINCT FROM (c.unique_callers, c.new_callers, c.repeat_callers)`;

  async function expectConsistent(step: string) {
    const [pending] = await q('SELECT count(*)::int AS n FROM customer_call_pending');
    expect({ step, pending: pending.n }).toEqual({ step, pending: 0 });
    const [episodesPending] = await q(
      'SELECT count(*)::int AS n FROM customer_call_recovery_pending',
    );
    expect({ step, episodesPending: episodesPending.n }).toEqual({ step, episodesPending: 0 });
    const incremental = await Promise.all(SNAPSHOT.map((s) => q(s)));
    const incrementalRecovery = await Promise.all(RECOVERY.map((s) => q(s)));
    const client = await tdb.pool.connect();
    let rebuilt: unknown[];
    try {
      await client.query('BEGIN');
      await client.query('SELECT rebuild_customer_calls()');
      rebuilt = await Promise.all(SNAPSHOT.map(async (s) => (await client.query(s)).rows));
      // Episodes and rollups (issue 13): built from the rebuilt calls, as the commit would.
      await client.query('SELECT rebuild_customer_call_recovery()');
      const rebuiltRecovery: unknown[] = [];
      for (const sql of RECOVERY) rebuiltRecovery.push((await client.query(sql)).rows);
      expect({ step, recovery: incrementalRecovery }).toEqual({ step, recovery: rebuiltRecovery });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect({ step, tables: incremental }).toEqual({ step, tables: rebuilt });
    const [links, refLinks, facts, refFacts, lost] = await Promise.all([
      q(LINKS),
      q('SELECT id, call_id FROM ref_customer_call_links() ORDER BY id'),
      q(FACTS.replace('%s', 'customer_calls')),
      q(FACTS.replace('%s', 'ref_customer_calls()')),
      q(LOST),
    ]);
    expect({ step, links, facts, lost }).toEqual({
      step,
      links: refLinks,
      facts: refFacts,
      lost: [],
    });
    const grouped = await Promise.all(GROUPED.map((s) => q(s)));
    expect({ step, rollups: incremental.slice(2) }).toEqual({ step, rollups: grouped });
    // callerSummary from customer_caller_rollup equals the distinct numbers counted from the calls,
    // for every whole-day range of 1, 2 and 5 IST days starting on a day with calls or the day after.
    const wrongCallers = await q(CALLERS_AGAINST_CALLS);
    expect({ step, wrongCallers }).toEqual({ step, wrongCallers: [] });
    const wrongSummaries = await q(SUMMARY_AGAINST_EPISODES);
    expect({ step, wrongSummaries }).toEqual({ step, wrongSummaries: [] });
  }

  it('keeps links, facts and rollups equal to a rebuild through every kind of write', async () => {
    const rand = mulberry32(20261201);
    const client = await tdb.pool.connect();
    const upsertJson = (c: pg.ClientBase | pg.Pool, rows: KaleyraCallLog[]) =>
      c.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
        JSON.stringify(rows.map(toDbCallLogJson)),
      ]);
    let linkedSeen = 0;
    try {
      for (let step = 0; step < 60; step++) {
        const legs = await currentLegs();
        const existing = [...legs.keys()];
        const some = () => existing.filter(() => rand() < 0.15);
        const op =
          step === 40
            ? 'truncate'
            : step < 6
              ? 'pg'
              : pick(rand, [
                  'pg',
                  'pg',
                  'jsonb',
                  'sql',
                  'update',
                  'update',
                  'delete',
                  'tx',
                  'rollback',
                  'savepoint',
                  'concurrent',
                  'concurrent',
                ]);
        const label = `step ${step} (${op})`;
        switch (op) {
          case 'pg': {
            // A page split at random: several upserts, each its own transaction.
            const rows = batch(rand, legs, int(rand, 5, 45));
            for (let i = 0; i < rows.length;) {
              const n = int(rand, 1, 15);
              await ds.upsertCallLogs(rows.slice(i, i + n));
              i += n;
            }
            break;
          }
          case 'jsonb':
            await upsertJson(tdb.pool, batch(rand, legs, int(rand, 1, 30)));
            break;
          case 'sql': // a plain INSERT ... ON CONFLICT, as another tool would write
            for (const leg of batch(rand, legs, int(rand, 1, 10)))
              await q(
                `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, end_time, duration, billsec, status, service, parent_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (id) DO UPDATE SET callfrom = EXCLUDED.callfrom, start_time = EXCLUDED.start_time,
                   status = EXCLUDED.status, service = EXCLUDED.service, parent_id = EXCLUDED.parent_id`,
                [
                  leg.id,
                  leg.callfrom,
                  leg.callto,
                  leg.startTime,
                  leg.endTime,
                  leg.duration,
                  leg.billsec,
                  leg.status,
                  leg.service,
                  leg.parentId,
                ],
              );
            break;
          case 'update': // hand-written fix-ups: a parent, a start across midnight, an end, a number, a service
            await q(
              `UPDATE kaleyra_call_logs SET
                 parent_id = CASE WHEN $2 THEN $3 ELSE parent_id END,
                 start_time = start_time + make_interval(secs => $4),
                 end_time = CASE WHEN $5 THEN NULL ELSE end_time END,
                 duration = CASE WHEN $5 THEN NULL ELSE duration END,
                 callfrom = CASE WHEN $6 AND service <> 'Click2Call' THEN '+91 ' || right(callfrom, 10) ELSE callfrom END,
                 status = $7,
                 service = CASE WHEN $8 THEN $9 ELSE service END
               WHERE id = ANY($1)`,
              [
                some(),
                rand() < 0.3,
                pick(rand, [null, '', 'GHOST', ...existing.slice(0, 20)]),
                int(rand, -120, 120) * (rand() < 0.2 ? 60 : 1),
                rand() < 0.2,
                rand() < 0.2,
                pick(rand, STATUSES),
                rand() < 0.1,
                pick(rand, ['Incoming', 'CallForward', 'Click2Call']),
              ],
            );
            break;
          case 'delete':
            await q('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [some()]);
            break;
          case 'tx': // pages, a delete and a page again in one transaction, one leg written twice
            await client.query('BEGIN');
            await upsertJson(client, batch(rand, legs, 12));
            await client.query('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [some()]);
            await upsertJson(client, batch(rand, legs, 12));
            await client.query('COMMIT');
            break;
          case 'rollback': // nothing of a rolled-back write may stay
            await client.query('BEGIN');
            await upsertJson(client, batch(rand, legs, 20));
            await client.query('ROLLBACK');
            break;
          case 'savepoint':
            await client.query('BEGIN');
            await upsertJson(client, batch(rand, legs, 10));
            await client.query('SAVEPOINT s');
            await client.query('DELETE FROM kaleyra_call_logs WHERE id = ANY($1)', [some()]);
            await upsertJson(client, batch(rand, legs, 10));
            await client.query('ROLLBACK TO SAVEPOINT s');
            await client.query('COMMIT');
            break;
          case 'concurrent': {
            // Three connections, each a transaction of its own legs (some shared), committed at once.
            const conns = await Promise.all([0, 1, 2].map(() => tdb.pool.connect()));
            try {
              const rows = batch(rand, legs, 36);
              const parts = [0, 1, 2].map((k) =>
                rows.filter((_, i) => i % 3 === k || rand() < 0.1),
              );
              await Promise.all(conns.map((c) => c.query('BEGIN')));
              // Each commits as soon as its write is done: they wait for each other's rows.
              const done = await Promise.allSettled(
                conns.map((c, k) =>
                  upsertJson(c, parts[k]!).then(
                    () => c.query('COMMIT'),
                    async (err: unknown) => {
                      await c.query('ROLLBACK');
                      throw err;
                    },
                  ),
                ),
              );
              // Shared legs lock rows in id order, and the commit-time flushes in key order:
              // nothing may fail but, at worst, a deadlock victim among the legs' row locks.
              for (const r of done)
                if (r.status === 'rejected')
                  expect((r.reason as { code?: string }).code).toBe('40P01');
            } finally {
              for (const c of conns) c.release();
            }
            break;
          }
          case 'truncate':
            await client.query('BEGIN');
            await upsertJson(client, batch(rand, legs, 10));
            await client.query('TRUNCATE kaleyra_call_logs');
            await upsertJson(client, batch(rand, new Map(), 10));
            await client.query('COMMIT');
            break;
        }
        await expectConsistent(label);
        const [{ n }] = await q(
          'SELECT count(*)::int AS n FROM customer_call_legs WHERE call_id IS NOT NULL',
        );
        linkedSeen = Math.max(linkedSeen, n);
      }
    } finally {
      client.release();
    }
    // The data did exercise links (and the reference found the same ones).
    expect(linkedSeen).toBeGreaterThan(10);
  });

  it('answers serviceLevel, agent losses and customerCalls pages like plain queries over the rows', async () => {
    const rand = mulberry32(7);
    const legs = await currentLegs();
    await ds.upsertCallLogs(batch(rand, legs, 60));
    await expectConsistent('before the reads');
    const ranges: [Date, Date][] = [
      [istDayStart(addDays(DAY, -1)), istDayStart(addDays(DAY, 1))], // two whole days
      [istDayStart(DAY), istDayStart(addDays(DAY, 1))],
      [new Date(MIDNIGHT - 3_600_000), new Date(MIDNIGHT + 5_400_000)], // ragged, across midnight
      [new Date(MIDNIGHT + 60_000), new Date(MIDNIGHT + 7_200_000)], // inside one day
    ];
    for (const [start, end] of ranges) {
      for (const [within, short] of [
        [20, 5],
        [1, 0],
        [3600, 600],
        [int(rand, 1, 200), int(rand, 0, 400)],
      ]) {
        const args = [start, end, within, short];
        const [fn] = await q('SELECT * FROM get_customer_service_level($1, $2, $3, $4)', args);
        const [plain] = await q(
          `WITH c AS (SELECT * FROM customer_calls WHERE start_time >= $1 AND start_time < $2),
                s AS (SELECT count(*) AS offered, count(*) FILTER (WHERE outcome = 'ANSWERED') AS answered,
                             count(*) FILTER (WHERE outcome = 'ANSWERED' AND seconds_to_answer <= $3) AS within,
                             count(*) FILTER (WHERE outcome <> 'ANSWERED' AND coalesce(duration, 0) < $4) AS short,
                             sum(seconds_to_answer) AS seconds, sum(talk_seconds) AS talk
                      FROM c)
           SELECT s.offered::int AS offered, s.answered::int AS answered, s.within::int AS answered_within,
                  (s.offered - s.answered)::int AS missed, s.short::int AS short_abandoned,
                  round(100.0 * s.within / nullif(s.offered - s.short, 0), 2)::float8 AS service_level_percent,
                  round(100.0 * s.answered / nullif(s.offered, 0), 2)::float8 AS answer_rate_percent,
                  round(s.seconds::numeric / nullif(s.answered, 0), 2)::float8 AS average_seconds_to_answer,
                  round(s.talk::numeric / nullif(s.answered, 0), 2)::float8 AS average_talk_seconds,
                  (SELECT count(*) FROM c WHERE outcome = 'NOT_FORWARDED')::int AS not_forwarded,
                  (SELECT count(*) FROM c WHERE outcome = 'CALLER_HUNG_UP')::int AS caller_hung_up,
                  (SELECT count(*) FROM c WHERE outcome = 'NO_ANSWER')::int AS no_answer,
                  (SELECT count(*) FROM customer_call_legs WHERE call_id IS NULL AND start_time >= $1 AND start_time < $2)::int AS unlinked_forward_legs
           FROM s`,
          args,
        );
        expect({ args, fn }).toEqual({ args, fn: plain });
      }
      const ids = (
        await q('SELECT id FROM customer_calls WHERE start_time >= $1 AND start_time < $2', [
          start,
          end,
        ])
      ).map((r) => r.id);
      expect(await q('SELECT call_id, id FROM get_customer_call_legs($1)', [ids])).toEqual(
        await q(
          `SELECT x.call_id, x.id FROM (
             SELECT c.id AS call_id, c.id, 0 AS rank, c.start_time FROM customer_calls c WHERE c.id = ANY($1)
             UNION ALL
             SELECT k.call_id, k.id, 1, k.start_time FROM customer_call_legs k WHERE k.call_id = ANY($1)) x
           ORDER BY x.call_id, x.rank, x.start_time, x.id`,
          [ids],
        ),
      );
      // An agent with no lost and no unlinked leg is absent from the rollup (its zero row is
      // deleted) and may be present with zeros from a range's edges: compare the non-zero rows.
      const lost = await q(
        `SELECT agent, lost_legs::int AS lost, unlinked_legs::int AS unlinked FROM customer_call_agent_legs($1, $2)
         WHERE lost_legs <> 0 OR unlinked_legs <> 0 ORDER BY 1`,
        [start, end],
      );
      const plainLost = await q(
        `SELECT agent, count(*) FILTER (WHERE lost)::int AS lost, count(*) FILTER (WHERE call_id IS NULL)::int AS unlinked
         FROM customer_call_legs WHERE start_time >= $1 AND start_time < $2 GROUP BY 1
         HAVING count(*) FILTER (WHERE lost) <> 0 OR count(*) FILTER (WHERE call_id IS NULL) <> 0 ORDER BY 1`,
        [start, end],
      );
      expect(lost).toEqual(plainLost);
      for (let i = 0; i < 8; i++) {
        const outcome =
          rand() < 0.5
            ? null
            : pick(rand, ['ANSWERED', 'NOT_FORWARDED', 'CALLER_HUNG_UP', 'NO_ANSWER']);
        const caller = rand() < 0.7 ? null : pick(rand, CALLERS);
        const agent = rand() < 0.7 ? null : pick(rand, AGENTS);
        const limit = int(rand, 1, 20);
        const offset = rand() < 0.3 ? 0 : int(rand, 0, 40);
        const filter = [outcome, caller, agent];
        const [list, count] = await Promise.all([
          q('SELECT id FROM get_customer_calls($1, $2, $3, $4, $5, $6, $7)', [
            start,
            end,
            ...filter,
            limit,
            offset,
          ]),
          q('SELECT get_customer_call_count($1, $2, $3, $4, $5) AS n', [start, end, ...filter]),
        ]);
        const plainWhere = `start_time >= $1 AND start_time < $2 AND ($3::text IS NULL OR outcome = $3)
                            AND ($4::text IS NULL OR caller = $4) AND ($5::text IS NULL OR answered_by = $5)`;
        const [plainList, plainCount] = await Promise.all([
          q(
            `SELECT id FROM customer_calls WHERE ${plainWhere} ORDER BY start_time DESC, id DESC LIMIT $6 OFFSET $7`,
            [start, end, ...filter, limit, offset],
          ),
          q(`SELECT count(*)::int AS n FROM customer_calls WHERE ${plainWhere}`, [
            start,
            end,
            ...filter,
          ]),
        ]);
        expect({ filter, limit, offset, list, count }).toEqual({
          filter,
          limit,
          offset,
          list: plainList,
          count: plainCount,
        });
      }
    }
  });

  it('pages deep customerCalls (day found from the rollups) exactly like OFFSET over the calls', async () => {
    // 9,000 calls on four IST days, many in the same second, so that ids break ties.
    await q('TRUNCATE kaleyra_call_logs');
    await q(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, duration, status, service, parent_id)
       SELECT 'C' || lpad(i::text, 5, '0'), '98100' || lpad((i % 997)::text, 5, '0'), '8000000100',
              $1::timestamptz + (((i * 7919) % (4 * 86400)) / 4 * 4) * interval '1 second', i % 50, 'ANSWER', 'Incoming', NULL
       FROM generate_series(1, 9000) AS i`,
      [istDayStart(DAY)],
    );
    await q(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, duration, billsec, status, service, parent_id)
       SELECT 'F' || substr(l.id, 2), l.callfrom, (ARRAY['9800000001', '9800000002'])[1 + (row_number() OVER (ORDER BY l.id))::int % 2],
              l.start_time + interval '3 seconds', 20, 10, (ARRAY['ANSWER', 'NOANSWER', 'CANCEL'])[1 + (row_number() OVER (ORDER BY l.id))::int % 3],
              'CallForward', l.id
       FROM kaleyra_call_logs l WHERE l.id < 'C06000'`,
    );
    const whole: [Date, Date] = [istDayStart(DAY), istDayStart(addDays(DAY, 4))];
    const ragged: [Date, Date] = [
      new Date(whole[0].getTime() + 3_600_000),
      new Date(whole[1].getTime() - 5_400_000),
    ];
    const rand = mulberry32(11);
    for (const range of [whole, ragged]) {
      for (const filter of [
        [null, null, null],
        ['ANSWERED', null, null],
        ['NOT_FORWARDED', null, null],
        [null, null, '9800000002'],
        ['CALLER_HUNG_UP', null, null],
      ]) {
        const where = `start_time >= $1 AND start_time < $2 AND ($3::text IS NULL OR outcome = $3)
                       AND ($4::text IS NULL OR caller = $4) AND ($5::text IS NULL OR answered_by = $5)`;
        const [{ n }] = await q(`SELECT count(*)::int AS n FROM customer_calls WHERE ${where}`, [
          ...range,
          ...filter,
        ]);
        for (const offset of [
          0,
          1999,
          2000,
          n - 1,
          n,
          n + 5,
          int(rand, 2000, Math.max(2000, n)),
          int(rand, 0, n),
        ]) {
          if (offset < 0) continue;
          const limit = pick(rand, [1, 7, 50]);
          const args = [...range, ...filter, limit, offset];
          const [list, plain] = await Promise.all([
            q('SELECT id FROM get_customer_calls($1, $2, $3, $4, $5, $6, $7)', args),
            q(
              `SELECT id FROM customer_calls WHERE ${where} ORDER BY start_time DESC, id DESC LIMIT $6 OFFSET $7`,
              args,
            ),
          ]);
          expect({ filter, range, offset, limit, list }).toEqual({
            filter,
            range,
            offset,
            limit,
            list: plain,
          });
        }
      }
    }
  });

  describe('races that only the advisory locks get right', () => {
    // Two writers commit at once. A third session holds a rollup row both flushes must write, so
    // that both are inside their commit-time flush before either commits. Without the per-caller
    // (or per-leg, per-call) lock, each flush would compute without the other's uncommitted row.
    async function race(
      setup: (c: pg.ClientBase) => Promise<void>,
      first: (c: pg.ClientBase) => Promise<void>,
      second: (c: pg.ClientBase) => Promise<void>,
    ) {
      await q('TRUNCATE kaleyra_call_logs');
      const [blocker, a, b] = await Promise.all([0, 1, 2].map(() => tdb.pool.connect()));
      try {
        await setup(blocker!);
        await blocker!.query('BEGIN');
        await blocker!.query('SELECT 1 FROM customer_call_rollup FOR UPDATE');
        await blocker!.query('SELECT 1 FROM customer_call_agent_rollup FOR UPDATE');
        const pids = await Promise.all(
          [a!, b!].map(
            async (c) => (await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p,
          ),
        );
        await a!.query('BEGIN');
        await first(a!);
        await b!.query('BEGIN');
        await second(b!);
        const commitA = a!.query('COMMIT');
        await waitUntilBlockedOnLock(tdb.pool, pids[0]!);
        const commitB = b!.query('COMMIT');
        await waitUntilBlockedOnLock(tdb.pool, pids[1]!);
        await blocker!.query('ROLLBACK');
        await Promise.all([commitA, commitB]);
      } finally {
        for (const c of [blocker, a, b]) c!.release();
      }
    }
    const insert = (
      c: pg.ClientBase,
      id: string,
      service: string,
      from: string,
      to: string,
      at: string,
      status: string,
      parent: string | null,
    ) =>
      c.query(
        `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, duration, billsec, status, service, parent_id)
         VALUES ($1, $2, $3, $4, 60, 30, $5, $6, $7)`,
        [id, from, to, `2026-02-20T10:00:${at}+05:30`, status, service, parent],
      );
    // Rows for the blocker to hold, on the day and for the agent the racers write.
    const seed = async (c: pg.ClientBase) => {
      await insert(c, 'S0', 'Incoming', '9810000099', '8000000100', '00', 'ANSWER', null);
      await insert(c, 'S1', 'CallForward', '9810000099', AGENTS[0]!, '01', 'NOANSWER', 'GHOST');
      await insert(c, 'S2', 'CallForward', '9810000099', AGENTS[0]!, '02', 'ANSWER', 'S0');
      await insert(c, 'S3', 'Incoming', '9810000098', '8000000100', '03', 'IVR', null);
    };

    it('an Incoming leg and the leg inferred for it, committed at once by two writers', async () => {
      await race(
        seed,
        (c) =>
          insert(c, 'I', 'Incoming', '9810000001', '8000000100', '10', 'ANSWER', null).then(
            () => undefined,
          ),
        (c) =>
          insert(c, 'F', 'CallForward', '+91 98100 00001', AGENTS[0]!, '15', 'ANSWER', null).then(
            () => undefined,
          ),
      );
      expect(await q(`SELECT id, call_id FROM customer_call_legs WHERE id = 'F'`)).toEqual([
        { id: 'F', call_id: 'I' },
      ]);
      expect(await q(`SELECT outcome, agents_tried FROM customer_calls WHERE id = 'I'`)).toEqual([
        { outcome: 'ANSWERED', agents_tried: 1 },
      ]);
      await expectConsistent('inferred race');
    });

    it('an Incoming leg and a leg naming it as parent, committed at once by two writers', async () => {
      await race(
        seed,
        (c) =>
          insert(c, 'F', 'CallForward', '9810000005', AGENTS[0]!, '15', 'NOANSWER', 'I').then(
            () => undefined,
          ),
        (c) =>
          insert(c, 'I', 'Incoming', '9810000001', '8000000100', '10', 'NOANSWER', null).then(
            () => undefined,
          ),
      );
      expect(await q(`SELECT id, call_id FROM customer_call_legs WHERE id = 'F'`)).toEqual([
        { id: 'F', call_id: 'I' },
      ]);
      await expectConsistent('parent race');
    });

    it("two legs joining one stored call, one by parent_id, one inferred: both count in the call's facts", async () => {
      await race(
        async (c) => {
          await seed(c);
          await insert(c, 'I', 'Incoming', '9810000001', '8000000100', '10', 'NOANSWER', null);
        },
        (c) =>
          insert(c, 'F1', 'CallForward', '9810000007', AGENTS[1]!, '12', 'NOANSWER', 'I').then(
            () => undefined,
          ),
        (c) =>
          insert(c, 'F2', 'CallForward', '9810000001', AGENTS[0]!, '20', 'ANSWER', null).then(
            () => undefined,
          ),
      );
      expect(
        await q(`SELECT id, call_id, lost FROM customer_call_legs WHERE id LIKE 'F%' ORDER BY id`),
      ).toEqual([
        { id: 'F1', call_id: 'I', lost: false },
        { id: 'F2', call_id: 'I', lost: false },
      ]);
      expect(
        await q(`SELECT outcome, agents_tried, answer_leg_id FROM customer_calls WHERE id = 'I'`),
      ).toEqual([{ outcome: 'ANSWERED', agents_tried: 2, answer_leg_id: 'F2' }]);
      await expectConsistent('facts race');
    });
  });

  it('names, at the end of the flush, every customer whose calls it recomputed, as they were and are', async () => {
    await q(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, duration, billsec, status, service, parent_id)
       VALUES ('HI1', '9810000011', '8000000100', '2026-02-21T10:00:00+05:30', 60, 30, 'ANSWER', 'Incoming', NULL),
              ('HI2', '+91 98100 00012', '8000000100', '2026-02-21T10:00:05+05:30', 60, 30, 'ANSWER', 'Incoming', NULL),
              ('HF1', '9810000011', $1, '2026-02-21T10:00:10+05:30', 30, 20, 'ANSWER', 'CallForward', 'HI1')`,
      [AGENTS[0]],
    );
    const client = await tdb.pool.connect();
    try {
      await client.query('BEGIN');
      // HF1 moves from HI1's call to HI2's (another customer's): both customers' calls change.
      await client.query(`UPDATE kaleyra_call_logs SET parent_id = 'HI2' WHERE id = 'HF1'`);
      const { rows } = await client.query(
        `SELECT customer_call_apply_changes(ARRAY['HF1'], ARRAY['HF1'],
                  ARRAY(SELECT l FROM kaleyra_call_logs l WHERE l.id = 'HF1'), false) AS customers`,
      );
      expect(rows).toEqual([{ customers: ['9810000011', '9810000012'] }]);
      // The commit-time flush then finds the derived rows already as they should be.
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await q(`SELECT id, call_id FROM customer_call_legs WHERE id = 'HF1'`)).toEqual([
      { id: 'HF1', call_id: 'HI2' },
    ]);
    await expectConsistent('after a leg moved between customers');
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
      const legs = await currentLegs();
      await client.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
        JSON.stringify(batch(rand, legs, 30).map(toDbCallLogJson)),
      ]);
      await client.query(`DELETE FROM kaleyra_call_logs WHERE id < 'L010'`);
      const range = [istDayStart(addDays(DAY, -1)), istDayStart(addDays(DAY, 2))];
      await client.query('SELECT * FROM get_customer_service_level($1, $2, 20, 5)', range);
      await client.query(
        'SELECT * FROM get_customer_calls($1, $2, NULL, NULL, NULL, 5, 2500)',
        range,
      );
      await client.query('SELECT get_customer_call_count($1, $2)', range);
      await client.query(`SELECT * FROM get_customer_call_legs(ARRAY['L001'])`);
      await client.query('SELECT * FROM get_kaleyra_agent_stats($1, $2)', range);
      await client.query('SELECT rebuild_customer_calls()');
    } finally {
      await client.query('RESET ROLE');
      client.release();
    }
    await expectConsistent('after writes as service_role');
  });

  it('rebuilds what writes behind the triggers left stale', async () => {
    const rand = mulberry32(9);
    await ds.upsertCallLogs(batch(rand, await currentLegs(), 40));
    await ds.upsertCallLogs(batch(rand, await currentLegs(), 40));
    const statuses = `SELECT id, status FROM %s WHERE %s ORDER BY id`;
    const client = await tdb.pool.connect();
    try {
      // Writes that skip user triggers (a replica apply, a bulk load) leave the customer calls stale ...
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE kaleyra_call_logs SET status = 'REPLAYED' WHERE service = 'CallForward'`,
      );
      await client.query(
        `DELETE FROM kaleyra_call_logs WHERE service = 'Incoming' AND id < 'L030'`,
      );
      await client.query('RESET session_replication_role');
    } finally {
      client.release();
    }
    expect(await q(statuses.replace('%s', 'customer_call_legs').replace('%s', 'true'))).not.toEqual(
      await q(statuses.replace('%s', 'kaleyra_call_logs').replace('%s', `service = 'CallForward'`)),
    );
    // ... until they are rebuilt, here by `npm run links:rebuild` (the built CLI).
    const cli = spawnBuilt('src/database/rebuild-customer-calls.cli.js', {
      DATABASE_URL: tdb.connectionString,
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
    });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/"customerCalls":\d+.*customer calls rebuilt from the call legs/);
    await expectConsistent('after the rebuild');
  });

  it('keeps callerSummary exact over many IST days, whatever the writes', async () => {
    // Customer calls of 5 numbers spread over 9 IST days (the walk above stays within two), so
    // that a number's previous call and the one before it fall on many different days.
    const rand = mulberry32(20261202);
    const numbers = ['9820000001', '9820000002', '9820000003', '9820000004', '9820000005'];
    const instant = () => MIDNIGHT + int(rand, -2, 6) * 86_400_000 + int(rand, 0, 86_399) * 1000;
    await q('TRUNCATE kaleyra_call_logs');
    for (let step = 0; step < 25; step++) {
      const op = step < 4 ? 'insert' : pick(rand, ['insert', 'insert', 'move', 'delete', 'tx']);
      const insert = (c: pg.ClientBase | pg.Pool, n: number) =>
        c.query(
          `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, status, service)
           SELECT 'M' || $1 || '_' || i, x.n, '8000000100', x.t, 'ANSWER', 'Incoming'
           FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS x(n, t, i)`,
          [
            step,
            Array.from({ length: n }, () => pick(rand, numbers)),
            Array.from({ length: n }, () => new Date(instant())),
          ],
        );
      if (op === 'insert') await insert(tdb.pool, int(rand, 1, 12));
      else if (op === 'move')
        await q(
          `UPDATE kaleyra_call_logs SET start_time = start_time + make_interval(days => $1)
           WHERE id IN (SELECT id FROM kaleyra_call_logs ORDER BY md5(id || $2) LIMIT 4)`,
          [int(rand, -3, 3), step],
        );
      else if (op === 'delete')
        await q(
          `DELETE FROM kaleyra_call_logs
           WHERE id IN (SELECT id FROM kaleyra_call_logs ORDER BY md5(id || $1) LIMIT 3)`,
          [step],
        );
      else {
        const client = await tdb.pool.connect();
        try {
          await client.query('BEGIN');
          await insert(client, int(rand, 1, 6));
          await client.query(
            `DELETE FROM kaleyra_call_logs
             WHERE id IN (SELECT id FROM kaleyra_call_logs ORDER BY md5(id || $1) LIMIT 2)`,
            [step],
          );
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
      await expectConsistent(`callers ${step} ${op}`);
    }
    const [{ n }] = await q(
      'SELECT count(*)::int AS n FROM customer_callers WHERE cardinality(days) >= 3',
    );
    expect(n).toBeGreaterThan(0); // the walk reached numbers with calls on three different days
  });
});
