import {
  AgentStatsDocument,
  CallListDocument,
  DailyVolumeDocument,
  DashboardOverviewDocument,
  StatusBreakdownDocument,
  UpsertAgentDocument,
  AgentsDocument,
  type DateRangeInput,
} from './generated/graphql';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import type { AppServer } from '../src/server';
import { A1, A2, A3, DAY_24, DAYS_22_24, loadDashboardFixture } from './fixtures/dashboard-legs';

// "Now" is pinned to 2026-02-24 20:00 IST so that the presets land on the fixture's days.
const NOW = new Date('2026-02-24T14:30:00Z');

describe('dashboard queries over real HTTP on real Postgres', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  const logs = captureLogs();
  let queries: string[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await loadDashboardFixture(tdb.pool);
    // Count the SQL statements the server sends (to prove the DataLoader batches).
    const original = tdb.pool.query.bind(tdb.pool) as (...args: unknown[]) => unknown;
    (tdb.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const text = String(
        typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text,
      );
      // The live-event feed reads the outbox on a timer of its own: not a request's statement.
      if (!/call_status_outbox/.test(text)) queries.push(text);
      return original(...args);
    };
    server = await startTestServer({ database: tdb.open(), logger: logs.logger, now: () => NOW });
  });
  afterAll(async () => {
    await server.stop();
    await tdb.drop();
  });
  beforeEach(() => {
    queries = [];
  });

  it('answers dashboardOverview with hand-computed aggregates for an IST day', async () => {
    const res = await gql(server.url, DashboardOverviewDocument, {
      range: DAY_24.range as DateRangeInput,
    });
    expect(res.errors).toBeUndefined();
    const o = res.data!.dashboardOverview;
    expect(o.range).toEqual({
      start: DAY_24.start,
      end: DAY_24.end,
      startDate: '2026-02-24',
      endDate: '2026-02-24',
    });
    expect(o.callVolume).toEqual(DAY_24.callVolume);
    expect(o.agentStats).toEqual(
      DAY_24.agentStats.map((s) => ({
        ...s,
        agentName: s.agentNumber === A1 ? 'Asha' : s.agentNumber === A2 ? 'Ravi' : null,
      })),
    );
    expect(o.dailyVolume).toEqual(DAY_24.dailyVolume);
    expect(o.statusBreakdown).toEqual(DAY_24.statusBreakdown);
  });

  it('runs the four parts of dashboardOverview concurrently', async () => {
    const db = server.dataSources.db;
    let inFlight = 0;
    let maxInFlight = 0;
    const methods = ['callVolume', 'agentStats', 'dailyVolume', 'statusBreakdown'] as const;
    const originals = methods.map((m) => db[m]);
    methods.forEach((m, i) => {
      (db as unknown as Record<string, unknown>)[m] = async (...args: unknown[]) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await (originals[i] as (...a: unknown[]) => Promise<unknown>).apply(db, args);
        } finally {
          inFlight--;
        }
      };
    });
    try {
      const res = await gql(server.url, DashboardOverviewDocument, {
        range: DAYS_22_24.range as DateRangeInput,
      });
      expect(res.errors).toBeUndefined();
      expect(maxInFlight).toBe(4);
    } finally {
      methods.forEach((m, i) => ((db as unknown as Record<string, unknown>)[m] = originals[i]));
    }
  });

  it('uses LAST_7_DAYS = today and the 6 IST days before, zero-filled', async () => {
    const res = await gql(server.url, DailyVolumeDocument, { range: { preset: 'LAST_7_DAYS' } });
    const days = res.data!.dailyVolume;
    expect(days.map((d) => d.date)).toEqual([
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      '2026-02-24',
    ]);
    expect(days.slice(4)).toEqual(DAYS_22_24.dailyVolume);
    expect(days.slice(0, 4).every((d) => d.incoming === 0 && d.forwarded === 0)).toBe(true);
  });

  it('defaults to TODAY (IST) when no range is given', async () => {
    const res = await gql(server.url, StatusBreakdownDocument, {});
    expect(res.data!.statusBreakdown).toEqual(DAY_24.statusBreakdown);
    const stats = await gql(server.url, AgentStatsDocument, {
      range: DAYS_22_24.range as DateRangeInput,
    });
    expect(stats.data!.agentStats.map(({ agentName: _n, ...s }) => s)).toEqual(
      DAYS_22_24.agentStats,
    );
  });

  it('pages callList newest first with totalCount and hasNextPage', async () => {
    const range = DAYS_22_24.range as DateRangeInput;
    const p2 = await gql(server.url, CallListDocument, { range, page: 2, limit: 5 });
    expect(p2.data!.callList).toMatchObject({
      totalCount: 13,
      page: 2,
      limit: 5,
      hasNextPage: true,
    });
    expect(p2.data!.callList.items.map((i) => i.id)).toEqual(DAYS_22_24.newestFirst.slice(5, 10));
    const p3 = await gql(server.url, CallListDocument, { range, page: 3, limit: 5 });
    expect(p3.data!.callList.hasNextPage).toBe(false);
    expect(p3.data!.callList.items.map((i) => i.id)).toEqual(DAYS_22_24.newestFirst.slice(10));

    const byAgent = await gql(server.url, CallListDocument, {
      range,
      filter: { agentNumber: `+91 ${A1}` },
    });
    expect(byAgent.data!.callList.items.map((i) => i.id)).toEqual(DAYS_22_24.byAgentA1);
    const answered = await gql(server.url, CallListDocument, {
      range,
      filter: { service: 'CALL_FORWARD', status: 'ANSWER' },
    });
    expect(answered.data!.callList.items.map((i) => i.id)).toEqual(DAYS_22_24.forwardedAnswered);
    const other = await gql(server.url, CallListDocument, { range, filter: { service: 'OTHER' } });
    expect(other.data!.callList.items).toMatchObject([
      { id: 'L14', service: 'OTHER', serviceName: 'OBD', agentNumber: null },
    ]);
  });

  it('maps a leg to the contract: DateTime strings, https recording, agent by name', async () => {
    const res = await gql(server.url, CallListDocument, {
      range: DAY_24.range as DateRangeInput,
      filter: { agentNumber: A1, status: 'ANSWER', service: 'CALL_FORWARD' },
    });
    expect(res.data!.callList.items).toEqual([
      expect.objectContaining({
        id: 'L11',
        callFrom: '9800000015',
        callTo: A1,
        startTime: '2026-02-24T18:29:59.000Z',
        endTime: '2026-02-24T18:30:59.000Z',
        billsec: 45,
        service: 'CALL_FORWARD',
        recordingUrl: 'https://play.solutionsinfini.com/?id=RECL11',
        agentNumber: A1,
        agentName: 'Asha',
      }),
    ]);
  });

  it('looks up agent names for a page of 200 legs in one query', async () => {
    // 200 more legs spread over all three agents on 2026-02-20.
    const values: string[] = [];
    for (let i = 0; i < 200; i++) {
      const agent = [A1, A2, A3][i % 3];
      values.push(
        `('B${String(i).padStart(3, '0')}', '98111${String(i).padStart(5, '0')}', '${agent}', '2026-02-20T06:00:00Z'::timestamptz + ${i} * interval '1 second', 'ANSWER', 'CallForward')`,
      );
    }
    await tdb.pool.query(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, status, service) VALUES ${values.join(',')}`,
    );
    queries = [];
    const res = await gql(server.url, CallListDocument, {
      range: { preset: 'CUSTOM', startDate: '2026-02-20', endDate: '2026-02-20' },
      limit: 200,
    });
    expect(res.data!.callList.items).toHaveLength(200);
    expect(new Set(res.data!.callList.items.map((i) => i.agentName))).toEqual(
      new Set(['Asha', 'Ravi', null]),
    );
    const agentQueries = queries.filter((q) => /FROM agents/i.test(q));
    expect(agentQueries).toHaveLength(1);
    // the page, its count, and the one agent lookup
    expect(queries).toHaveLength(3);
  });

  it('manages agents with upsertAgent and lists them with agents', async () => {
    const up = await gql(server.url, UpsertAgentDocument, {
      input: { agentNumber: `0${A3}`, name: '  Meena ', active: false },
    });
    expect(up.errors).toBeUndefined();
    expect(up.data!.upsertAgent).toMatchObject({ agentNumber: A3, name: 'Meena', active: false });
    const all = await gql(server.url, AgentsDocument, {});
    expect(all.data!.agents.map((a) => a.name)).toEqual(['Asha', 'Meena', 'Ravi']);
    const active = await gql(server.url, AgentsDocument, { activeOnly: true });
    expect(active.data!.agents.map((a) => a.name)).toEqual(['Asha', 'Ravi']);
    const bad = await gql(server.url, UpsertAgentDocument, {
      input: { agentNumber: '12345', name: 'X' },
    });
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toMatch(/input\.agentNumber/);
  });

  describe('bad input: BAD_USER_INPUT naming the argument, and no query runs', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['CUSTOM without dates', { range: { preset: 'CUSTOM' } }, /range\.startDate/],
      [
        'CUSTOM without endDate',
        { range: { preset: 'CUSTOM', startDate: '2026-02-01' } },
        /range\.endDate/,
      ],
      [
        'end before start',
        { range: { preset: 'CUSTOM', startDate: '2026-02-10', endDate: '2026-02-01' } },
        /range\.endDate.*before/,
      ],
      [
        'over 366 days',
        { range: { preset: 'CUSTOM', startDate: '2025-01-01', endDate: '2026-01-02' } },
        /367 days/,
      ],
      [
        'malformed Date',
        { range: { preset: 'CUSTOM', startDate: '2026-02-30', endDate: '2026-03-01' } },
        /range.*startDate|YYYY-MM-DD/,
      ],
      ['page < 1', { page: 0 }, /^page/],
      ['limit > 200', { limit: 201 }, /^limit/],
      ['limit < 1', { limit: 0 }, /^limit/],
    ];
    it.each(cases)('%s', async (_name, variables, message) => {
      queries = [];
      const res = await gql(server.url, CallListDocument, variables as never);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(message);
      expect(queries).toEqual([]);
    });

    it('rejects a malformed Date literal written inline', async () => {
      const res = await rawGql(
        server.url,
        '{ dailyVolume(range: { preset: CUSTOM, startDate: "24-02-2026", endDate: "2026-02-24" }) { date } }',
      );
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/24-02-2026/);
    });
  });

  it('masks unexpected database errors for the client and logs them in full', async () => {
    await tdb.pool.query(
      'ALTER FUNCTION get_kaleyra_status_breakdown(timestamptz, timestamptz) RENAME TO get_kaleyra_status_breakdown_gone',
    );
    try {
      const res = await gql(server.url, StatusBreakdownDocument, {});
      expect(res.errors![0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(res.raw).not.toMatch(/get_kaleyra_status_breakdown/);
      expect(logs.text()).toMatch(/function get_kaleyra_status_breakdown\(.*\) does not exist/);
    } finally {
      await tdb.pool.query(
        'ALTER FUNCTION get_kaleyra_status_breakdown_gone(timestamptz, timestamptz) RENAME TO get_kaleyra_status_breakdown',
      );
    }
  });
});
