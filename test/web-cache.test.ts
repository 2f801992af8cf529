/**
 * The web app's cache identities (web/src/lib/apollo-cache.ts) against the real server: Apollo
 * Client 4 in Node, with the app's own cache and typed documents, over real HTTP. Two watched
 * queries asking for different parts of the same range's overview (or of its service level) must
 * cost one request each and then stay quiet: without an identity, each answer replaces the other's
 * object, Apollo warns "Cache data may be lost", and both refetch.
 */
import { ApolloClient, HttpLink, type DocumentNode, type OperationVariables } from '@apollo/client';
import { gql as graphql } from '@apollo/client';
import {
  AgentStatsForRangeDocument,
  CustomerCallJourneyDocument,
  CustomerCallsDocument,
  KaleyraDashboardDocument,
} from '../web/src/generated/graphql';
import { createCache } from '../web/src/lib/apollo-cache';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import type { AppServer } from '../src/server';
import { loadDashboardFixture } from './fixtures/dashboard-legs';

// "Now" is pinned to 2026-02-24 20:00 IST so that the presets land on the fixture's days.
const NOW = new Date('2026-02-24T14:30:00Z');
const range = { preset: 'LAST_7_DAYS' as const };

// Two queries on the same dashboardOverview.serviceLevel, each asking for other figures.
const SERVICE_LEVEL_A = graphql`
  query ServiceLevelPartA($range: DateRangeInput) {
    dashboardOverview(range: $range) {
      range {
        startDate
        endDate
      }
      serviceLevel {
        range {
          startDate
          endDate
        }
        answerWithinSeconds
        shortAbandonSeconds
        offered
        answered
      }
    }
  }
`;
const SERVICE_LEVEL_B = graphql`
  query ServiceLevelPartB($range: DateRangeInput) {
    dashboardOverview(range: $range) {
      range {
        startDate
        endDate
      }
      serviceLevel {
        range {
          startDate
          endDate
        }
        answerWithinSeconds
        shortAbandonSeconds
        missed
        formula
      }
    }
  }
`;

// Other parts of the overview's recovery and caller summaries, as another view might ask.
const RECOVERY_AND_CALLERS = graphql`
  query RecoveryAndCallersPart($range: DateRangeInput) {
    recoverySummary(range: $range, withinHours: 24) {
      range {
        startDate
        endDate
      }
      withinHours
      medianSecondsToRecovery
    }
    callerSummary(range: $range) {
      range {
        startDate
        endDate
      }
      newCallers
    }
  }
`;

describe("the web app's Apollo cache against the real server", () => {
  let tdb: TestDatabase;
  let server: AppServer;
  const logs = captureLogs();
  let requests: string[];
  let warnings: string[];
  let warn: jest.SpyInstance;

  const client = () =>
    new ApolloClient({
      cache: createCache(),
      link: new HttpLink({
        uri: `${server.url}/graphql`,
        fetch: async (input, init) => {
          requests.push(String(JSON.parse(String(init?.body)).operationName));
          return fetch(input, init);
        },
      }),
    });

  /** Watches each query until each has data, then waits for any refetch a clash would start. */
  async function watchAll(
    apollo: ApolloClient,
    queries: { query: DocumentNode; variables: OperationVariables }[],
  ) {
    const latest: unknown[] = [];
    const subs = queries.map(({ query, variables }, i) =>
      apollo.watchQuery({ query, variables }).subscribe((r) => {
        if (r.data) latest[i] = r.data;
      }),
    );
    const deadline = Date.now() + 10_000;
    while (latest.filter(Boolean).length < queries.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    subs.forEach((s) => s.unsubscribe());
    return latest;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await loadDashboardFixture(tdb.pool);
    server = await startTestServer({ database: tdb.open(), logger: logs.logger, now: () => NOW });
  });
  afterAll(async () => {
    await server.stop();
    await tdb.drop();
  });
  beforeEach(() => {
    requests = [];
    warnings = [];
    warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
  });
  afterEach(() => warn.mockRestore());

  it('serves the agents view from the overview of the same range: one request', async () => {
    const apollo = client();
    const [overview] = await watchAll(apollo, [
      { query: KaleyraDashboardDocument, variables: { range } },
    ]);
    const [agents] = await watchAll(apollo, [
      { query: AgentStatsForRangeDocument, variables: { range } },
    ]);
    expect(requests).toEqual(['KaleyraDashboard']);
    expect(
      (agents as { dashboardOverview: { agentStats: unknown } }).dashboardOverview.agentStats,
    ).toEqual(
      (overview as { dashboardOverview: { agentStats: unknown } }).dashboardOverview.agentStats,
    );
    expect(warnings).toEqual([]);
  });

  it('keeps two watched queries on different parts of one overview to one request each', async () => {
    const data = await watchAll(client(), [
      { query: KaleyraDashboardDocument, variables: { range } },
      { query: SERVICE_LEVEL_B, variables: { range } },
    ]);
    expect(data).toHaveLength(2);
    expect([...requests].sort()).toEqual(['KaleyraDashboard', 'ServiceLevelPartB']);
    expect(warnings).toEqual([]);
  });

  it('keeps two watched queries on different parts of one service level to one request each', async () => {
    const [a, b] = (await watchAll(client(), [
      { query: SERVICE_LEVEL_A, variables: { range } },
      { query: SERVICE_LEVEL_B, variables: { range } },
    ])) as { dashboardOverview: { serviceLevel: Record<string, unknown> } }[];
    expect([...requests].sort()).toEqual(['ServiceLevelPartA', 'ServiceLevelPartB']);
    expect(a!.dashboardOverview.serviceLevel.offered).toBe(4);
    expect(b!.dashboardOverview.serviceLevel.missed).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('makes an opened journey and its row in the page one CustomerCall', async () => {
    const apollo = client();
    const [page] = (await watchAll(apollo, [
      {
        query: CustomerCallsDocument,
        variables: { range, filter: {}, page: 1, limit: 25 },
      },
    ])) as { customerCalls: { items: { id: string; outcome: string }[] } }[];
    const first = page!.customerCalls.items[0]!;
    await watchAll(apollo, [{ query: CustomerCallJourneyDocument, variables: { id: first.id } }]);
    expect(requests).toEqual(['CustomerCalls', 'CustomerCallJourney']);
    const id = apollo.cache.identify({ __typename: 'CustomerCall', id: first.id });
    expect(id).toBe(`CustomerCall:${first.id}`);
    const stored = (apollo.cache.extract() as Record<string, Record<string, unknown>>)[id!]!;
    // One object: the page's fields and the journey's legs together.
    expect(stored.outcome).toBe(first.outcome);
    expect(Array.isArray(stored.legs)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('keeps the overview and another view of its recovery and caller summaries to one request each', async () => {
    const apollo = client();
    const [overview, part] = (await watchAll(apollo, [
      { query: KaleyraDashboardDocument, variables: { range } },
      { query: RECOVERY_AND_CALLERS, variables: { range } },
    ])) as {
      recoverySummary: { range: { startDate: string; endDate: string }; open?: number };
      callerSummary: { newCallers: number };
    }[];
    expect([...requests].sort()).toEqual(['KaleyraDashboard', 'RecoveryAndCallersPart']);
    expect(warnings).toEqual([]);
    // One object per summary, keyed by what it is a function of, holding both queries' fields.
    const { startDate, endDate } = overview!.recoverySummary.range;
    const stored = apollo.cache.extract() as Record<string, Record<string, unknown>>;
    const recoveryId = `RecoverySummary:{"range":{"startDate":"${startDate}","endDate":"${endDate}"},"withinHours":24}`;
    expect(stored[recoveryId]?.open).toBe(overview!.recoverySummary.open);
    expect(Object.keys(stored[recoveryId] ?? {})).toContain('medianSecondsToRecovery');
    const callersId = `CallerSummary:{"range":{"startDate":"${startDate}","endDate":"${endDate}"}}`;
    expect(stored[callersId]?.newCallers).toBe(part!.callerSummary.newCallers);
    expect(stored[callersId]?.uniqueCallers).toBeGreaterThan(0);
  });
});
