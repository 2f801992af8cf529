/**
 * Missed-call recovery, heatmap, breakdowns and callers on the hand-computed fixture
 * (test/fixtures/recovery.ts, figures worked out on paper there), over SQL and over real HTTP on
 * real Postgres. The legs are written in an adversarial order by plain SQL: the Click2Call legs
 * first, then the CallForward legs (one answering leg stored as NOANSWER, changed later as a
 * re-sync would), then the Incoming legs one statement each from the last to the first, and the
 * ANSWERED click-to-call last of all, after its own Click2Call leg.
 */
import {
  CallBreakdownDocument,
  CallerSummaryDocument,
  CallHeatmapDocument,
  MissedCallersDocument,
  RecoverySummaryDocument,
} from './generated/graphql';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import type { AppServer } from '../src/server';
import {
  A1,
  A2,
  BREAKDOWN,
  CALLERS,
  EPISODES,
  expectedHeatmap,
  insertRecoveryLegs,
  ist,
  IVR_P5,
  LEGS,
  RANGE,
  SUMMARY,
  WITHIN,
} from './fixtures/recovery';

const EMPTY = { preset: 'CUSTOM', startDate: '2026-02-01', endDate: '2026-02-07' } as const;
const NOW = () => new Date('2026-03-20T06:00:00Z');

describe('missed-call recovery and breakdowns on the hand-computed fixture', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const logs = captureLogs();
  let queries: string[] = [];
  const q = async (sql: string, params: unknown[] = []) => (await tdb.pool.query(sql, params)).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await insertRecoveryLegs(
      tdb.pool,
      LEGS.filter((l) => l.service === 'Click2Call'),
    );
    await insertRecoveryLegs(
      tdb.pool,
      LEGS.filter((l) => l.service === 'CallForward').map((l) =>
        l.id === 'F202' ? { ...l, status: 'NOANSWER', billsec: 0 } : l,
      ),
    );
    for (const leg of LEGS.filter((l) => l.service === 'Incoming').reverse())
      await insertRecoveryLegs(tdb.pool, [leg]);
    await q(`UPDATE kaleyra_call_logs SET status = 'ANSWER', billsec = 20 WHERE id = 'F202'`);
    await q(
      `INSERT INTO ivr_calls (kind, customer_number, agent_number, status, start_time, kaleyra_call_id)
       VALUES ('click2call', $1, $2, 'ANSWERED', $3, $4)`,
      [IVR_P5.customerNumber, IVR_P5.agentNumber, ist(IVR_P5.startTime), IVR_P5.kaleyraCallId],
    );
    await q(`INSERT INTO agents (agent_number, name) VALUES ($1, 'Asha'), ($2, 'Ravi')`, [A1, A2]);

    const original = tdb.pool.query.bind(tdb.pool) as (...args: unknown[]) => unknown;
    (tdb.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const text = String(
        typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text,
      );
      // The live-event feed reads the outbox on a timer of its own: not a request's statement.
      if (!/call_status_outbox/.test(text)) queries.push(text);
      return original(...args);
    };
    server = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      now: NOW,
      config: { authDisabled: false, authJwtSecret: TEST_JWT_SECRET, maskNumbersFor: ['viewer'] },
    });
    admin = bearer(await signToken('admin'));
    viewer = bearer(await signToken('viewer'));
  });
  afterAll(async () => {
    await server.stop();
    await tdb.drop();
  });
  beforeEach(() => {
    queries = [];
  });

  const episodesNow = () =>
    q(`SELECT * FROM customer_call_episodes ORDER BY caller, first_missed_at`);

  describe('over SQL', () => {
    it('keeps the episodes incrementally exactly as a rebuild from scratch makes them', async () => {
      const incremental = await episodesNow();
      expect(incremental).toHaveLength(10); // the 9 of the range and E8 before it
      expect(await q('SELECT count(*)::int AS n FROM customer_call_recovery_pending')).toEqual([
        { n: 0 },
      ]);
      const client = await tdb.pool.connect();
      try {
        await client.query('BEGIN');
        expect((await client.query('SELECT rebuild_customer_call_recovery() AS n')).rows).toEqual([
          { n: 10 },
        ]);
        const rebuilt = await client.query(
          'SELECT * FROM customer_call_episodes ORDER BY caller, first_missed_at',
        );
        expect(rebuilt.rows).toEqual(incremental);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    });

    it('keeps the hour and key rollups equal to a GROUP BY over the customer calls', async () => {
      expect(
        await q('SELECT day, hour, offered, answered FROM customer_call_hour_rollup ORDER BY 1, 2'),
      ).toEqual(
        await q(`SELECT kaleyra_ist_day(start_time) AS day,
                        extract(hour FROM start_time AT TIME ZONE 'Asia/Kolkata')::smallint AS hour,
                        count(*)::bigint AS offered,
                        (count(*) FILTER (WHERE outcome = 'ANSWERED'))::bigint AS answered
                 FROM customer_calls GROUP BY 1, 2 ORDER BY 1, 2`),
      );
      expect(
        await q(
          'SELECT day, dimension, key, offered, answered FROM customer_call_key_rollup ORDER BY 1, 2, 3',
        ),
      ).toEqual(
        await q(`SELECT kaleyra_ist_day(c.start_time) AS day, v.dimension,
                        coalesce(nullif(btrim(v.key), ''), 'UNKNOWN') AS key,
                        count(*)::bigint AS offered,
                        (count(*) FILTER (WHERE c.outcome = 'ANSWERED'))::bigint AS answered
                 FROM customer_calls c
                 CROSS JOIN LATERAL (VALUES ('DID', c.did), ('LOCATION', c.location), ('PROVIDER', c.provider)) v(dimension, key)
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
      );
      // 13 calls in the range plus I200, I302, I800: 16 calls over 16 (day, hour) cells... by hand:
      expect(await q('SELECT sum(offered)::int AS n FROM customer_call_hour_rollup')).toEqual([
        { n: 16 },
      ]);
    });

    it('reads a ragged range (not whole IST days) from the calls at its edges', async () => {
      // 2026-03-12 09:00 to 2026-03-14 10:30 IST: I401 (Thu 10), I501 I502 (Fri 12), I601 (Sat 10).
      const heat = await q('SELECT * FROM get_call_heatmap($1, $2) WHERE offered > 0', [
        ist('2026-03-12 09:00:00'),
        ist('2026-03-14 10:30:00'),
      ]);
      expect(heat).toEqual([
        { weekday: 4, hour: 10, offered: 1, answered: 0 },
        { weekday: 5, hour: 12, offered: 2, answered: 0 },
        { weekday: 6, hour: 10, offered: 1, answered: 0 },
      ]);
      const dids = await q('SELECT * FROM get_call_breakdown($1, $2, $3)', [
        ist('2026-03-12 09:00:00'),
        ist('2026-03-14 10:30:00'),
        'DID',
      ]);
      expect(dids).toEqual([
        { key: '8000000100', offered: 4, answered: 0, answer_rate_percent: 0 },
      ]);
    });

    it('rebuild_customer_calls rebuilds the episodes too', async () => {
      const before = await episodesNow();
      const client = await tdb.pool.connect();
      try {
        await client.query('BEGIN');
        // Episodes lost behind the triggers' back (as after a restore without them).
        await client.query(`SET LOCAL session_replication_role = replica`);
        await client.query('DELETE FROM customer_call_episodes');
        await client.query(`SET LOCAL session_replication_role = origin`);
        await client.query('SELECT rebuild_customer_calls()');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      expect(await episodesNow()).toEqual(before);
    });

    it('follows a leg changed and changed back: P6 answered by nobody, then again by Ravi', async () => {
      await q(`UPDATE kaleyra_call_logs SET status = 'NOANSWER' WHERE id = 'F602'`);
      const p6 = () =>
        q(
          `SELECT missed_calls, recovered_by FROM customer_call_episodes WHERE caller = '9810000106'`,
        );
      expect(await p6()).toEqual([{ missed_calls: 2, recovered_by: null }]);
      await q(`UPDATE kaleyra_call_logs SET status = 'ANSWER' WHERE id = 'F602'`);
      expect(await p6()).toEqual([{ missed_calls: 1, recovered_by: 'CALLER_CALLED_AGAIN' }]);
    });

    it('gives the median with percentile_disc over an even count (3600, not 3600.5)', async () => {
      const [row] = await q('SELECT * FROM get_recovery_summary($1, $2, 24)', [
        ist('2026-03-10 00:00:00'),
        ist('2026-03-16 00:00:00'),
      ]);
      expect(row).toEqual({
        episodes: 9,
        recovered: 6,
        recovered_within: 5,
        open: 3,
        recovery_rate_percent: 55.56,
        median_seconds_to_recovery: 3600,
      });
    });
  });

  describe('over HTTP', () => {
    it('lists the episodes of the range in the contract order, with agent names', async () => {
      const res = await gql(server.url, MissedCallersDocument, { range: RANGE }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!.missedCallers).toEqual({
        totalCount: 9,
        page: 1,
        limit: 50,
        hasNextPage: false,
        items: EPISODES,
      });
    });

    it('filters by state and pages (a page past the last one has no items)', async () => {
      const open = await gql(
        server.url,
        MissedCallersDocument,
        { range: RANGE, state: 'OPEN' },
        admin,
      );
      expect(open.data!.missedCallers.totalCount).toBe(3);
      expect(open.data!.missedCallers.items).toEqual(EPISODES.filter((e) => e.state === 'OPEN'));
      const recovered = await gql(
        server.url,
        MissedCallersDocument,
        { range: RANGE, state: 'RECOVERED' },
        admin,
      );
      expect(recovered.data!.missedCallers.items).toEqual(
        EPISODES.filter((e) => e.state === 'RECOVERED'),
      );
      const pages = [];
      for (const page of [1, 2, 3, 4]) {
        const r = await gql(
          server.url,
          MissedCallersDocument,
          { range: RANGE, page, limit: 4 },
          admin,
        );
        pages.push(r.data!.missedCallers);
      }
      expect(pages.map((p) => [p.items.length, p.hasNextPage, p.totalCount])).toEqual([
        [4, true, 9],
        [4, true, 9],
        [1, false, 9],
        [0, false, 9],
      ]);
      expect(pages.flatMap((p) => p.items)).toEqual(EPISODES);
    });

    it('masks the customer numbers for masked roles', async () => {
      const res = await gql(server.url, MissedCallersDocument, { range: RANGE }, viewer);
      expect(res.data!.missedCallers.items.map((i) => i.customerNumber)).toEqual(
        EPISODES.map((e) => `98XXXXXX${e.customerNumber.slice(-2)}`),
      );
      expect(res.raw).not.toMatch(/98100001\d\d/);
    });

    it('summarises recovery for each withinHours, edges included', async () => {
      for (const [withinHours, recoveredWithin, recoveryRatePercent] of WITHIN) {
        const res = await gql(
          server.url,
          RecoverySummaryDocument,
          { range: RANGE, withinHours },
          admin,
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.recoverySummary).toEqual({
          range: { startDate: RANGE.startDate, endDate: RANGE.endDate },
          withinHours,
          ...SUMMARY,
          recoveredWithin,
          recoveryRatePercent,
        });
      }
      const empty = await gql(server.url, RecoverySummaryDocument, { range: EMPTY }, admin);
      expect(empty.data!.recoverySummary).toMatchObject({
        episodes: 0,
        recovered: 0,
        recoveredWithin: 0,
        open: 0,
        recoveryRatePercent: null,
        medianSecondsToRecovery: null,
      });
    });

    it('gives 168 heatmap cells in order, zero-filled, Sunday 23:30 IST in weekday 7 hour 23', async () => {
      const res = await gql(server.url, CallHeatmapDocument, { range: RANGE }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!.callHeatmap).toEqual(expectedHeatmap());
    });

    it('breaks the calls down by location, provider and DID, empty keys as UNKNOWN', async () => {
      for (const by of ['LOCATION', 'PROVIDER', 'DID'] as const) {
        const res = await gql(server.url, CallBreakdownDocument, { range: RANGE, by }, admin);
        expect(res.errors).toBeUndefined();
        expect(res.data!.callBreakdown).toEqual(BREAKDOWN[by]);
      }
      const empty = await gql(
        server.url,
        CallBreakdownDocument,
        { range: EMPTY, by: 'DID' },
        admin,
      );
      expect(empty.data!.callBreakdown).toEqual([]);
    });

    it('counts unique, new and repeat callers across the range start', async () => {
      const res = await gql(server.url, CallerSummaryDocument, { range: RANGE }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data!.callerSummary).toEqual({
        range: { startDate: RANGE.startDate, endDate: RANGE.endDate },
        ...CALLERS,
      });
      // From the 11th on, P1 and P8 called only before; P2 and P3 and P9 called before too.
      const later = await gql(
        server.url,
        CallerSummaryDocument,
        { range: { preset: 'CUSTOM', startDate: '2026-03-12', endDate: '2026-03-16' } },
        admin,
      );
      // In range: P3 (I301 I302), P9, P4, P5 (2), P6 (2), P7 = 6 unique; new: all 6 (none called
      // before the 12th); repeat: P3, P5, P6 = 3.
      expect(later.data!.callerSummary).toMatchObject({
        uniqueCallers: 6,
        newCallers: 6,
        repeatCallers: 3,
      });
    });

    describe('bad input: BAD_USER_INPUT naming the argument, and no query runs', () => {
      const cases: [string, 'missed' | 'summary', Record<string, unknown>, RegExp][] = [
        ['missedCallers limit 0', 'missed', { limit: 0 }, /^limit/],
        ['missedCallers limit 201', 'missed', { limit: 201 }, /^limit/],
        ['missedCallers page 0', 'missed', { page: 0 }, /^page/],
        ['missedCallers bad range', 'missed', { range: { preset: 'CUSTOM' } }, /^range/],
        ['recoverySummary withinHours 0', 'summary', { withinHours: 0 }, /^withinHours/],
        ['recoverySummary withinHours 721', 'summary', { withinHours: 721 }, /^withinHours/],
      ];
      it.each(cases)('%s', async (_name, doc, variables, message) => {
        queries = [];
        const document = doc === 'missed' ? MissedCallersDocument : RecoverySummaryDocument;
        const res = await gql(
          server.url,
          document as typeof MissedCallersDocument,
          variables as never,
          admin,
        );
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.message).toMatch(message);
        expect(queries).toEqual([]);
      });

      it('accepts the bounds themselves', async () => {
        for (const withinHours of [1, 720]) {
          const r = await gql(
            server.url,
            RecoverySummaryDocument,
            { range: RANGE, withinHours },
            admin,
          );
          expect(r.errors).toBeUndefined();
        }
      });

      it('rejects an unknown breakdown dimension before any query', async () => {
        queries = [];
        const res = await gql(
          server.url,
          CallBreakdownDocument,
          { range: RANGE, by: 'CITY' as never },
          admin,
        );
        expect(res.errors![0]!.extensions!.code).toMatch(
          /BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/,
        );
        expect(queries).toEqual([]);
      });
    });
  });
});
