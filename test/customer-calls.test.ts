/**
 * Customer calls on the hand-computed fixture (test/fixtures/customer-calls.ts, figures worked out
 * on paper there), over SQL and over real HTTP on real Postgres. The legs are written in an
 * adversarial order by plain SQL: every CallForward leg before any Incoming leg, the Incoming legs
 * one statement each from the last to the first, and one answering leg first stored as missed
 * and then changed, as a re-sync would.
 */
import {
  AgentStatsV2Document,
  CustomerCallDocument,
  CustomerCallsByDayDocument,
  CustomerCallsDocument,
  CustomerCallsWithLegsDocument,
  OverviewCustomerCallsByDayDocument,
  OverviewWithServiceLevelDocument,
  ServiceLevelDocument,
  type DateRangeInput,
} from './generated/graphql';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import type { AppServer } from '../src/server';
import {
  A1,
  A2,
  AGENT_STATS_DAY,
  AGENT_STATS_NEXT_DAY,
  CALLS,
  DAY,
  insertLegs,
  LEGS,
  LINKS,
  NEXT_DAY,
  OTHER_THRESHOLDS,
  SERVICE_LEVEL_DAY,
} from './fixtures/customer-calls';

const day = (d: string): DateRangeInput => ({ preset: 'CUSTOM', startDate: d, endDate: d });
const istMidnight = (d: string) => new Date(`${d}T00:00:00+05:30`);
const nextIstMidnight = (d: string) => new Date(istMidnight(d).getTime() + 86_400_000);

describe('customer calls on the hand-computed fixture', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const logs = captureLogs();
  let queries: string[] = [];
  const q = async (sql: string, params: unknown[] = []) => (await tdb.pool.query(sql, params)).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const forward = LEGS.filter((l) => l.service === 'CallForward').map((l) =>
      l.id === 'F1b' ? { ...l, status: 'NOANSWER', billsec: 0 } : l,
    );
    await insertLegs(tdb.pool, forward);
    await insertLegs(
      tdb.pool,
      LEGS.filter((l) => l.service === 'Click2Call'),
    );
    for (const leg of LEGS.filter((l) => l.service === 'Incoming').reverse())
      await insertLegs(tdb.pool, [leg]);
    await q(
      `UPDATE kaleyra_call_logs SET status = 'ANSWER', billsec = 40,
              recording = '//play.solutionsinfini.com/?id=RECF1b' WHERE id = 'F1b'`,
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

  describe('over SQL', () => {
    it('links each CallForward leg as worked out by hand, as the plain reference does', async () => {
      const links = await q('SELECT id, call_id FROM customer_call_legs ORDER BY id');
      expect(Object.fromEntries(links.map((r) => [r.id, r.call_id]))).toEqual(LINKS);
      expect(await q('SELECT id, call_id FROM ref_customer_call_links() ORDER BY id')).toEqual(
        links,
      );
      expect(await q('SELECT count(*)::int AS n FROM customer_call_pending')).toEqual([{ n: 0 }]);
    });

    it("computes each call's facts as worked out by hand, as the plain reference does", async () => {
      const facts = `id, customer_number AS "customerNumber", outcome, answered_by AS "answeredBy",
                     answered_at AS "answeredAt", seconds_to_answer AS "secondsToAnswer",
                     talk_seconds AS "talkSeconds", agents_tried AS "agentsTried"`;
      const rows = await q(`SELECT ${facts} FROM customer_calls ORDER BY start_time DESC, id DESC`);
      expect(rows.map((r) => ({ ...r, answeredAt: r.answeredAt?.toISOString() ?? null }))).toEqual(
        CALLS,
      );
      expect(
        await q(`SELECT ${facts} FROM ref_customer_calls() ORDER BY start_time DESC, id DESC`),
      ).toEqual(rows);
    });

    it('gives the service level worked out by hand, for several thresholds', async () => {
      const sl = async (start: Date, end: Date, within: number, short: number) =>
        (
          await q('SELECT * FROM get_customer_service_level($1, $2, $3, $4)', [
            start,
            end,
            within,
            short,
          ])
        )[0];
      const whole = await sl(istMidnight(DAY), nextIstMidnight(DAY), 20, 5);
      expect(whole).toEqual({
        offered: 14,
        answered: 6,
        answered_within: 5,
        missed: 8,
        short_abandoned: 2,
        service_level_percent: 41.67,
        answer_rate_percent: 42.86,
        average_seconds_to_answer: 13.83,
        average_talk_seconds: 39.5,
        not_forwarded: 3,
        caller_hung_up: 1,
        no_answer: 4,
        unlinked_forward_legs: 3,
      });
      for (const [within, short, answeredWithin, shortAbandoned, percent] of OTHER_THRESHOLDS) {
        expect(await sl(istMidnight(DAY), nextIstMidnight(DAY), within, short)).toMatchObject({
          answered_within: answeredWithin,
          short_abandoned: shortAbandoned,
          service_level_percent: percent,
        });
      }
      // A ragged range (10:05 to 16:03 IST) is read from the calls themselves: C2 C3 C4 C5 C6 C7
      // C8 C9 start in it; answered C2 C3 C9 (8, 5, 10 s: all within 20); short C6, C7 (of 5
      // missed); unlinked in it: none (F7x starts at 17:00:06).
      const ragged = await sl(
        new Date(`${DAY}T10:05:00+05:30`),
        new Date(`${DAY}T16:03:00+05:30`),
        20,
        5,
      );
      expect(ragged).toMatchObject({
        offered: 8,
        answered: 3,
        answered_within: 3,
        short_abandoned: 2,
        service_level_percent: 50, // 100 * 3 / (8 - 2)
        answer_rate_percent: 37.5,
        average_seconds_to_answer: 7.67, // 23 / 3
        unlinked_forward_legs: 0,
      });
    });

    it('counts customer calls per IST day by outcome, zero-filled, whole days and ragged edges', async () => {
      const daily = async (start: Date, end: Date) =>
        q('SELECT * FROM get_customer_call_daily($1, $2)', [start, end]);
      // The plain reference: the calls of the range grouped by their Incoming leg's IST day.
      const reference = async (start: Date, end: Date) =>
        q(
          `SELECT to_char(start_time AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS day,
                  count(*)::int AS offered,
                  (count(*) FILTER (WHERE outcome = 'ANSWERED'))::int AS answered,
                  (count(*) FILTER (WHERE outcome <> 'ANSWERED'))::int AS missed,
                  (count(*) FILTER (WHERE outcome = 'NOT_FORWARDED'))::int AS not_forwarded,
                  (count(*) FILTER (WHERE outcome = 'CALLER_HUNG_UP'))::int AS caller_hung_up,
                  (count(*) FILTER (WHERE outcome = 'NO_ANSWER'))::int AS no_answer
           FROM ref_customer_calls() WHERE start_time >= $1 AND start_time < $2
           GROUP BY 1 ORDER BY 1`,
          [start, end],
        );
      const whole = await daily(istMidnight(DAY), nextIstMidnight(NEXT_DAY));
      // The same figures as the service level worked out by hand; the 11th has no calls.
      expect(whole).toEqual([
        {
          day: DAY,
          offered: 14,
          answered: 6,
          missed: 8,
          not_forwarded: 3,
          caller_hung_up: 1,
          no_answer: 4,
        },
        {
          day: NEXT_DAY,
          offered: 0,
          answered: 0,
          missed: 0,
          not_forwarded: 0,
          caller_hung_up: 0,
          no_answer: 0,
        },
      ]);
      expect(whole.slice(0, 1)).toEqual(
        await reference(istMidnight(DAY), nextIstMidnight(NEXT_DAY)),
      );
      // 10:05 to 16:03 IST: read from the calls themselves (8 offered, 3 answered, see above).
      const from = new Date(`${DAY}T10:05:00+05:30`);
      const to = new Date(`${DAY}T16:03:00+05:30`);
      const ragged = await daily(from, to);
      expect(ragged).toMatchObject([{ day: DAY, offered: 8, answered: 3, missed: 5 }]);
      expect(ragged).toEqual(await reference(from, to));
    });
  });

  describe('over HTTP', () => {
    it('answers customerCallsByDay, alone and on dashboardOverview, with the same days', async () => {
      const range = { preset: 'CUSTOM' as const, startDate: DAY, endDate: NEXT_DAY };
      const alone = await gql(server.url, CustomerCallsByDayDocument, { range }, admin);
      expect(alone.errors).toBeUndefined();
      const zero = {
        offered: 0,
        answered: 0,
        missed: 0,
        notForwarded: 0,
        callerHungUp: 0,
        noAnswer: 0,
      };
      expect(alone.data!.customerCallsByDay).toEqual([
        {
          date: DAY,
          offered: 14,
          answered: 6,
          missed: 8,
          notForwarded: 3,
          callerHungUp: 1,
          noAnswer: 4,
        },
        { date: NEXT_DAY, ...zero },
      ]);
      const overview = await gql(server.url, OverviewCustomerCallsByDayDocument, { range }, admin);
      expect(overview.errors).toBeUndefined();
      expect(overview.data!.dashboardOverview.customerCallsByDay).toEqual(
        alone.data!.customerCallsByDay,
      );
      const unauthenticated = await gql(server.url, CustomerCallsByDayDocument, { range });
      expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('answers serviceLevel with the figures worked out by hand, and a formula in words', async () => {
      const res = await gql(server.url, ServiceLevelDocument, { range: day(DAY) }, admin);
      expect(res.errors).toBeUndefined();
      const { formula, range, ...figures } = res.data!.serviceLevel;
      expect(range).toEqual({ startDate: DAY, endDate: DAY });
      expect(figures).toEqual(SERVICE_LEVEL_DAY);
      expect(formula).toMatch(/Offered: 14 customer calls/);
      expect(formula).toMatch(
        /100 x answered within 20 s \(5\) \/ \(offered - short abandoned\) \(14 - 2\) = 41\.67%/,
      );
      for (const [within, short, answeredWithin, shortAbandoned, percent] of OTHER_THRESHOLDS) {
        const r = await gql(
          server.url,
          ServiceLevelDocument,
          { range: day(DAY), answerWithinSeconds: within, shortAbandonSeconds: short },
          admin,
        );
        expect(r.data!.serviceLevel).toMatchObject({
          answerWithinSeconds: within,
          shortAbandonSeconds: short,
          answeredWithin,
          shortAbandoned,
          serviceLevelPercent: percent,
        });
      }
    });

    it('counts calls by their Incoming leg: the 11th has legs but no calls, so no percentages', async () => {
      for (const d of [NEXT_DAY, '2026-03-12']) {
        const res = await gql(server.url, ServiceLevelDocument, { range: day(d) }, admin);
        expect(res.data!.serviceLevel).toMatchObject({
          offered: 0,
          answered: 0,
          answeredWithin: 0,
          missed: 0,
          shortAbandoned: 0,
          serviceLevelPercent: null,
          answerRatePercent: null,
          averageSecondsToAnswer: null,
          averageTalkSeconds: null,
          byOutcome: [
            { outcome: 'ANSWERED', count: 0 },
            { outcome: 'NOT_FORWARDED', count: 0 },
            { outcome: 'CALLER_HUNG_UP', count: 0 },
            { outcome: 'NO_ANSWER', count: 0 },
          ],
          unlinkedForwardLegs: 0,
        });
        expect(res.data!.serviceLevel.formula).toMatch(/not defined/);
      }
      const both = await gql(
        server.url,
        ServiceLevelDocument,
        { range: { preset: 'CUSTOM', startDate: DAY, endDate: NEXT_DAY } },
        admin,
      );
      expect(both.data!.serviceLevel).toMatchObject({ offered: 14, serviceLevelPercent: 41.67 });
    });

    it("answers the new AgentStats fields, a leg's lost miss counted on its own day", async () => {
      const named = (rows: typeof AGENT_STATS_DAY) =>
        rows.map((r) => ({
          ...r,
          agentName: r.agentNumber === A1 ? 'Asha' : r.agentNumber === A2 ? 'Ravi' : null,
        }));
      const dayStats = await gql(server.url, AgentStatsV2Document, { range: day(DAY) }, admin);
      expect(dayStats.data!.agentStats).toEqual(AGENT_STATS_DAY);
      const nextStats = await gql(
        server.url,
        AgentStatsV2Document,
        { range: day(NEXT_DAY) },
        admin,
      );
      expect(nextStats.data!.agentStats).toEqual(AGENT_STATS_NEXT_DAY);

      const overview = await gql(
        server.url,
        OverviewWithServiceLevelDocument,
        { range: day(DAY), answerWithinSeconds: 9 },
        admin,
      );
      expect(overview.errors).toBeUndefined();
      expect(overview.data!.dashboardOverview).toEqual({
        callVolume: { total: 32 }, // 14 Incoming + 17 CallForward + 1 Click2Call legs on the 10th
        agentStats: named(AGENT_STATS_DAY),
        serviceLevel: {
          offered: 14,
          answered: 6,
          answeredWithin: 3,
          serviceLevelPercent: 25,
          unlinkedForwardLegs: 3,
        },
      });
    });

    it('pages customerCalls newest first with totalCount, hasNextPage and every field', async () => {
      const all = await gql(server.url, CustomerCallsDocument, { range: day(DAY) }, admin);
      expect(all.errors).toBeUndefined();
      const page = all.data!.customerCalls;
      expect(page).toMatchObject({ totalCount: 14, page: 1, limit: 50, hasNextPage: false });
      expect(
        page.items.map((c) => ({
          id: c.id,
          customerNumber: c.customerNumber,
          outcome: c.outcome,
          answeredBy: c.answeredBy,
          answeredAt: c.answeredAt,
          secondsToAnswer: c.secondsToAnswer,
          talkSeconds: c.talkSeconds,
          agentsTried: c.agentsTried,
        })),
      ).toEqual(CALLS);
      expect(page.items.find((c) => c.id === 'I1')).toEqual({
        id: 'I1',
        customerNumber: '9810000001',
        did: '8000000100',
        startTime: '2026-03-10T04:30:00.000Z',
        endTime: '2026-03-10T04:31:30.000Z',
        outcome: 'ANSWERED',
        answeredBy: A2,
        answeredByName: 'Ravi',
        answeredAt: '2026-03-10T04:30:50.000Z',
        secondsToAnswer: 45,
        talkSeconds: 40,
        agentsTried: 2,
        recordingUrl: 'https://play.solutionsinfini.com/?id=RECF1b',
        location: 'BIHAR',
        provider: 'JIO',
      });
      expect(page.items.find((c) => c.id === 'I7')).toMatchObject({
        endTime: null,
        answeredByName: null,
        recordingUrl: null,
      });

      const p2 = await gql(
        server.url,
        CustomerCallsDocument,
        { range: day(DAY), page: 2, limit: 5 },
        admin,
      );
      expect(p2.data!.customerCalls).toMatchObject({ totalCount: 14, page: 2, hasNextPage: true });
      expect(p2.data!.customerCalls.items.map((c) => c.id)).toEqual(
        CALLS.slice(5, 10).map((c) => c.id),
      );
      const p3 = await gql(
        server.url,
        CustomerCallsDocument,
        { range: day(DAY), page: 3, limit: 5 },
        admin,
      );
      expect(p3.data!.customerCalls.hasNextPage).toBe(false);
      expect(p3.data!.customerCalls.items.map((c) => c.id)).toEqual(
        CALLS.slice(10).map((c) => c.id),
      );
      const past = await gql(
        server.url,
        CustomerCallsDocument,
        { range: day(DAY), page: 9, limit: 5 },
        admin,
      );
      expect(past.data!.customerCalls).toMatchObject({
        items: [],
        totalCount: 14,
        hasNextPage: false,
      });
    });

    it('filters customerCalls by outcome, answering agent and normalised customer number', async () => {
      const ids = async (filter: Record<string, string>) => {
        const res = await gql(
          server.url,
          CustomerCallsDocument,
          { range: day(DAY), filter },
          admin,
        );
        expect(res.errors).toBeUndefined();
        return [res.data!.customerCalls.totalCount, res.data!.customerCalls.items.map((c) => c.id)];
      };
      expect(await ids({ outcome: 'ANSWERED' })).toEqual([
        6,
        ['I13', 'I11', 'I9', 'I3', 'I2', 'I1'],
      ]);
      expect(await ids({ outcome: 'NOT_FORWARDED' })).toEqual([3, ['I12', 'I10', 'I6']]);
      expect(await ids({ outcome: 'CALLER_HUNG_UP' })).toEqual([1, ['I4']]);
      expect(await ids({ outcome: 'NO_ANSWER' })).toEqual([4, ['I14', 'I8', 'I7', 'I5']]);
      expect(await ids({ answeredBy: `+91 ${A1}` })).toEqual([3, ['I9', 'I3', 'I2']]);
      expect(await ids({ answeredBy: A2 })).toEqual([3, ['I13', 'I11', 'I1']]);
      expect(await ids({ answeredBy: A2, outcome: 'NO_ANSWER' })).toEqual([0, []]);
      expect(await ids({ customerNumber: '098100 00008' })).toEqual([2, ['I9', 'I8']]);
      expect(await ids({ customerNumber: '+919810000010', outcome: 'ANSWERED' })).toEqual([
        1,
        ['I11'],
      ]);
    });

    it('answers customerCall with its legs in order (Incoming first), and null for an unknown id', async () => {
      const legsOf = async (id: string) => {
        const res = await gql(server.url, CustomerCallDocument, { id }, admin);
        expect(res.errors).toBeUndefined();
        return res.data!.customerCall?.legs.map((l) => l.id) ?? null;
      };
      expect(await legsOf('I1')).toEqual(['I1', 'F1a', 'F1b']);
      expect(await legsOf('I7')).toEqual(['I7', 'F7', 'F7y']);
      expect(await legsOf('I9')).toEqual(['I9', 'F8']);
      expect(await legsOf('I11')).toEqual(['I11', 'F10']);
      expect(await legsOf('I12')).toEqual(['I12']);
      expect(await legsOf('I13')).toEqual(['I13', 'F13']);
      expect(await legsOf('F1a')).toBeNull(); // a CallForward leg is no customer call
      expect(await legsOf('nope')).toBeNull();
      const c = await gql(server.url, CustomerCallDocument, { id: 'I3' }, admin);
      expect(c.data!.customerCall).toMatchObject({
        answeredBy: A1,
        answeredByName: 'Asha',
        recordingUrl: 'https://play.solutionsinfini.com/?id=RECF3a',
        legs: [
          { id: 'I3', service: 'INCOMING', agentName: null },
          { id: 'F3a', service: 'CALL_FORWARD', status: 'ANSWER', agentName: 'Asha' },
          { id: 'F3b', service: 'CALL_FORWARD', status: 'ANSWER', agentName: 'Ravi' },
        ],
      });
    });

    it('fetches the legs and the agent names of a whole page in one query each', async () => {
      queries = [];
      const res = await gql(server.url, CustomerCallsWithLegsDocument, { range: day(DAY) }, admin);
      expect(res.errors).toBeUndefined();
      const items = res.data!.customerCalls.items;
      expect(items).toHaveLength(14);
      expect(items.flatMap((c) => c.legs).length).toBe(14 + 16); // 14 Incoming + 16 linked legs
      expect(new Set(items.flatMap((c) => c.legs.map((l) => l.agentName)))).toEqual(
        new Set([null, 'Asha', 'Ravi']),
      );
      // the page, its count, the legs of all 14 calls, the agents of all their legs
      expect(queries.filter((s) => /get_customer_call_legs/.test(s))).toHaveLength(1);
      expect(queries.filter((s) => /FROM agents/i.test(s))).toHaveLength(1);
      expect(queries).toHaveLength(4);
    });

    it("masks the customer's number for viewers (MASK_NUMBERS_FOR), agents' numbers stay", async () => {
      const res = await gql(server.url, CustomerCallDocument, { id: 'I1' }, viewer);
      expect(res.errors).toBeUndefined();
      expect(res.data!.customerCall).toMatchObject({
        customerNumber: '98XXXXXX01',
        did: '8000000100',
        answeredBy: A2,
        legs: [
          { id: 'I1', callFrom: '98XXXXXX01', callTo: '8000000100' },
          { id: 'F1a', callFrom: '98XXXXXX01', callTo: A1 },
          { id: 'F1b', callFrom: '98XXXXXX01', callTo: A2 },
        ],
      });
      const list = await gql(server.url, CustomerCallsDocument, { range: day(DAY) }, viewer);
      expect(
        list.data!.customerCalls.items.every((c) => /^98X{6}\d\d$/.test(c.customerNumber)),
      ).toBe(true);
      expect(list.raw).not.toMatch(/981000000\d/);
    });

    describe('bad input: BAD_USER_INPUT naming the argument, and no query runs', () => {
      const cases: [string, string, Record<string, unknown>, RegExp][] = [
        ['customerCalls limit 0', 'CustomerCalls', { limit: 0 }, /^limit/],
        ['customerCalls limit 201', 'CustomerCalls', { limit: 201 }, /^limit/],
        ['customerCalls page 0', 'CustomerCalls', { page: 0 }, /^page/],
        [
          'customerCalls bad number',
          'CustomerCalls',
          { filter: { customerNumber: '12345' } },
          /^filter\.customerNumber/,
        ],
        [
          'customerCalls bad agent',
          'CustomerCalls',
          { filter: { answeredBy: 'x' } },
          /^filter\.answeredBy/,
        ],
        [
          'customerCalls bad range',
          'CustomerCalls',
          { range: { preset: 'CUSTOM', startDate: DAY } },
          /^range\.endDate/,
        ],
        [
          'serviceLevel answerWithinSeconds 0',
          'ServiceLevel',
          { answerWithinSeconds: 0 },
          /^answerWithinSeconds/,
        ],
        [
          'serviceLevel answerWithinSeconds 3601',
          'ServiceLevel',
          { answerWithinSeconds: 3601 },
          /^answerWithinSeconds/,
        ],
        [
          'serviceLevel shortAbandonSeconds -1',
          'ServiceLevel',
          { shortAbandonSeconds: -1 },
          /^shortAbandonSeconds/,
        ],
        [
          'serviceLevel shortAbandonSeconds 601',
          'ServiceLevel',
          { shortAbandonSeconds: 601 },
          /^shortAbandonSeconds/,
        ],
        [
          'overview serviceLevel answerWithinSeconds 0',
          'Overview',
          { answerWithinSeconds: 0 },
          /^answerWithinSeconds/,
        ],
        [
          'overview serviceLevel shortAbandonSeconds 601',
          'Overview',
          { shortAbandonSeconds: 601 },
          /^shortAbandonSeconds/,
        ],
      ];
      const docs = {
        CustomerCalls: CustomerCallsDocument,
        ServiceLevel: ServiceLevelDocument,
        Overview: OverviewWithServiceLevelDocument,
      } as const;
      it.each(cases)('%s', async (_name, doc, variables, message) => {
        queries = [];
        const document = docs[doc as keyof typeof docs] as typeof CustomerCallsDocument;
        const res = await gql(server.url, document, variables as never, admin);
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.message).toMatch(message);
        expect(queries).toEqual([]);
      });

      it('accepts the bounds themselves', async () => {
        for (const [a, s] of [
          [1, 0],
          [3600, 600],
        ]) {
          const res = await gql(
            server.url,
            ServiceLevelDocument,
            { range: day(DAY), answerWithinSeconds: a, shortAbandonSeconds: s },
            admin,
          );
          expect(res.errors).toBeUndefined();
        }
        const inline = await rawGql(
          server.url,
          `{ dashboardOverview(range: { preset: CUSTOM, startDate: "${DAY}", endDate: "${DAY}" }) { serviceLevel(answerWithinSeconds: 3600, shortAbandonSeconds: 0) { answeredWithin shortAbandoned } } }`,
          undefined,
          admin,
        );
        expect(inline.errors).toBeUndefined();
        expect(inline.data).toEqual({
          dashboardOverview: { serviceLevel: { answeredWithin: 6, shortAbandoned: 0 } },
        });
      });
    });
  });

  it('leaves the tables exactly as a rebuild from the legs makes them', async () => {
    const snapshot = async () =>
      Promise.all([
        q('SELECT * FROM customer_calls ORDER BY id'),
        q('SELECT * FROM customer_call_legs ORDER BY id'),
        q('SELECT * FROM customer_call_rollup ORDER BY 1, 2'),
        q('SELECT * FROM customer_call_wait_rollup ORDER BY 1, 2, 3'),
        q('SELECT * FROM customer_call_agent_rollup ORDER BY 1, 2'),
      ]);
    const before = await snapshot();
    expect(await q('SELECT rebuild_customer_calls() AS n')).toEqual([{ n: 14 }]);
    expect(await snapshot()).toEqual(before);
  });
});
