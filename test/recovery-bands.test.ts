/**
 * recoverySummary's bands of time to recovery (customer_call_recovery_band, migration
 * 20261202000600) against a plain count and percentile_disc over the episodes, on real Postgres.
 * Every band boundary, and some hours inside bands, gets a day of its own with three episodes
 * recovered one second before, at, and one second after that many hours, so that a band or a
 * recoveredWithin off by one second or one band changes an answer: on that day the median is the
 * boundary itself, the top of its band, with its neighbour a second later in the next band.
 */
import { addDays } from '../src/domain/ist';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { recoverySummariesAgainstEpisodes } from './helpers/recovery-summary';
import { A1, D1, insertRecoveryLegs, ist, type RecoveryLeg } from './fixtures/recovery';

// The boundaries of customer_call_recovery_band, in hours, and hours inside bands.
const BOUNDARIES = [
  1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 36, 48, 60, 72, 96, 120, 144, 168, 216, 264, 336, 408,
  504, 600, 720,
];
const INSIDE = [5, 25, 100, 719];
// withinHours compared on every range: the boundaries, an hour either side, hours inside bands.
const WITHIN_HOURS = [
  ...new Set([0, ...BOUNDARIES.flatMap((h) => [h - 1, h, h + 1]), ...INSIDE, 500]),
]
  .filter((h) => h >= 0 && h <= 720)
  .sort((a, b) => a - b);
const FIRST_DAY = '2026-05-01';

/** An instant as IST "YYYY-MM-DD HH:MM:SS.mmm", as RecoveryLeg.start (with milliseconds). */
const istText = (at: Date) =>
  new Date(at.getTime() + 5.5 * 3_600_000).toISOString().replace('T', ' ').replace('Z', '');

const leg = (
  id: string,
  service: 'Incoming' | 'Click2Call',
  callfrom: string,
  callto: string,
  at: Date,
  status: string,
): RecoveryLeg => ({
  id,
  service,
  callfrom,
  callto,
  start: istText(at),
  duration: 30,
  billsec: 0,
  status,
  parent: '',
  location: null,
  provider: null,
});

describe('recoverySummary by bands of time to recovery', () => {
  let tdb: TestDatabase;
  const q = async (sql: string, params: unknown[] = []) => (await tdb.pool.query(sql, params)).rows;

  // Per day: the seconds to recovery of its episodes (null: still open).
  const days: (number | null)[][] = [
    ...[...BOUNDARIES, ...INSIDE].map((h) => [h * 3600 - 1, h * 3600, h * 3600 + 1]),
    // The very first band and beyond the last: a callback in the same second, one second later,
    // one second over 720 hours; and two episodes still open.
    [0, 1, 720 * 3600 + 1, null, null],
  ];
  const lastDay = addDays(FIRST_DAY, days.length - 1);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const missed: RecoveryLeg[] = [];
    const callbacks: RecoveryLeg[] = [];
    let n = 0;
    days.forEach((seconds, d) => {
      for (const s of seconds) {
        n++;
        const caller = `97${String(n).padStart(8, '0')}`;
        // 10:00:00.250 IST: a callback s + 0.5 seconds later is s whole seconds (rounded down).
        const at = ist(`${addDays(FIRST_DAY, d)} 10:00:00.250`);
        missed.push(leg(`M${n}`, 'Incoming', caller, D1, at, 'NOANSWER'));
        if (s !== null)
          callbacks.push(
            leg(
              `C${n}`,
              'Click2Call',
              A1,
              caller,
              new Date(at.getTime() + s * 1000 + 500),
              'ANSWER',
            ),
          );
      }
    });
    // Missed calls first (every episode opens: bucket -1), then the callbacks close them: the
    // rollup is kept through the commit-time refresh, rows moving between buckets.
    await insertRecoveryLegs(tdb.pool, missed);
    await insertRecoveryLegs(tdb.pool, callbacks);
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('stores each episode with the seconds the fixture meant', async () => {
    const stored = await q(
      `SELECT kaleyra_ist_day(first_missed_at)::text AS day, seconds_to_recovery AS s
       FROM customer_call_episodes ORDER BY first_missed_at, seconds_to_recovery NULLS LAST`,
    );
    expect(stored).toEqual(
      days.flatMap((seconds, d) => seconds.map((s) => ({ day: addDays(FIRST_DAY, d), s }))),
    );
  });

  it('puts a boundary in its band and a second more in the next, in the rollup as a rebuild does', async () => {
    const bands = await q(
      `SELECT h, customer_call_recovery_band(h * 3600) AS at, customer_call_recovery_band(h * 3600 + 1) AS after
       FROM unnest($1::int[]) AS h ORDER BY h`,
      [BOUNDARIES],
    );
    expect(bands).toEqual(BOUNDARIES.map((h, i) => ({ h, at: i, after: i + 1 })));
    expect(
      await q(
        'SELECT customer_call_recovery_band(0) AS zero, customer_call_recovery_band(3600) AS one_hour',
      ),
    ).toEqual([{ zero: 0, one_hour: 0 }]);
    const incremental = await q('SELECT * FROM customer_call_recovery_rollup ORDER BY day, bucket');
    const client = await tdb.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT rebuild_customer_call_recovery()');
      const rebuilt = await client.query(
        'SELECT * FROM customer_call_recovery_rollup ORDER BY day, bucket',
      );
      expect(rebuilt.rows).toEqual(incremental);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('answers every whole-day range and withinHours as a plain count and percentile_disc do', async () => {
    const wrong = await q(
      recoverySummariesAgainstEpisodes(`
        SELECT kaleyra_ist_midnight(d::date) AS s, kaleyra_ist_midnight(d::date + n.days) AS e,
               h AS hours
        FROM generate_series($1::date, $2::date, interval '1 day') AS d
        CROSS JOIN (VALUES (1), (2), (5)) AS n(days)
        CROSS JOIN unnest($3::int[]) AS h
        UNION ALL
        SELECT kaleyra_ist_midnight($1::date), kaleyra_ist_midnight($2::date + 1), h
        FROM generate_series(0, 720) AS h`),
      [FIRST_DAY, lastDay, WITHIN_HOURS],
    );
    expect(wrong).toEqual([]);
  });

  it('counts the three episodes of a boundary day as the hours cross it, with the boundary as median', async () => {
    const day = addDays(FIRST_DAY, BOUNDARIES.indexOf(24));
    const summary = async (h: number) =>
      (
        await q(
          `SELECT recovered_within, median_seconds_to_recovery AS median
           FROM get_recovery_summary(kaleyra_ist_midnight($1::date), kaleyra_ist_midnight($1::date + 1), $2)`,
          [day, h],
        )
      )[0];
    expect(await summary(23)).toEqual({ recovered_within: 0, median: 86_400 });
    expect(await summary(24)).toEqual({ recovered_within: 2, median: 86_400 });
    expect(await summary(25)).toEqual({ recovered_within: 3, median: 86_400 });
    const inside = addDays(FIRST_DAY, BOUNDARIES.length + INSIDE.indexOf(100));
    const within = async (h: number) =>
      (
        await q(
          `SELECT recovered_within FROM get_recovery_summary(kaleyra_ist_midnight($1::date),
                                                              kaleyra_ist_midnight($1::date + 1), $2)`,
          [inside, h],
        )
      )[0].recovered_within;
    // 100 hours is inside the band 96..120: its episodes are counted one by one.
    expect([await within(99), await within(100), await within(101)]).toEqual([0, 2, 3]);
  });
});
