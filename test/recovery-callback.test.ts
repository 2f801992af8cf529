/**
 * End to end: a missed caller closed by a click-to-call's ANSWER callback before any sync, and
 * still one episode, recovered once, after the sync brings the same call in as a Click2Call leg.
 * Kaleyra is the project's simulator over real HTTP (its callback comes back over real HTTP to
 * the callback route); GraphQL over real HTTP; real Postgres.
 */
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import type { AppServer } from '../src/server';
import { istDateOf } from '../src/domain/ist';
import {
  ClickToCallDocument,
  MissedCallersDocument,
  RecoverySummaryDocument,
} from './generated/graphql';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import { toWire } from './fixtures/customer-calls';

const KEY = 'ATESTRECOVERYKEY000000000000000000';
const TOKEN = 'test-callback-token-recovery00000';
const AGENT = '9800000001';
const CUSTOMER = '9810000555';

/** An instant as Kaleyra's IST "YYYY-MM-DD HH:MM:SS". */
const istText = (d: Date) =>
  new Date(d.getTime() + 5.5 * 3_600_000).toISOString().replace(/^(.{10})T(.{8}).*$/, '$1 $2');

describe('missed-call recovery by a click-to-call callback (simulator over HTTP)', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  let server: AppServer;
  const logs = captureLogs([KEY, TOKEN]);
  // Yesterday and today (IST): the missed call ten minutes ago may fall on either.
  const today = istDateOf(new Date());
  const yesterday = istDateOf(new Date(Date.now() - 86_400_000));
  const range = { preset: 'CUSTOM' as const, startDate: yesterday, endDate: today };
  const sync = async () => {
    const res = await rawGql(
      server.url,
      'mutation ($f: Date, $t: Date) { syncCallLogs(input: { fromDate: $f, toDate: $t }) { upserted } }',
      { f: yesterday, t: today },
    );
    expect(res.errors).toBeUndefined();
  };
  const missed = async (state?: 'OPEN' | 'RECOVERED') => {
    const res = await gql(server.url, MissedCallersDocument, { range, state });
    expect(res.errors).toBeUndefined();
    return res.data!.missedCallers;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await tdb.pool.query("INSERT INTO agents (agent_number, name) VALUES ($1, 'Asha')", [AGENT]);
    // Seed 1: the simulator's first click-to-call is answered (checked below, not assumed).
    sim = await startKaleyraSimulator({ apiKey: KEY, seed: 1, callbackDelayMs: 300 });
    server = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url, kaleyraCallbackToken: TOKEN },
    });
  });
  afterAll(async () => {
    await sim.stop();
    await server.stop();
    await tdb.drop();
  });

  it('closes the episode at the ANSWER callback, and the synced leg does not count it twice', async () => {
    // 1. A missed caller: an Incoming leg ten minutes ago that reached no agent, synced.
    const missedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 600_000);
    sim.addRecords([
      toWire(
        {
          id: 'IN-MISSED-1',
          service: 'Incoming',
          callfrom: `0${CUSTOMER}`,
          callto: '8000000100',
          start: istText(missedAt),
          end: istText(new Date(missedAt.getTime() + 20_000)),
          duration: 20,
          billsec: 0,
          status: 'ANSWER',
          parent: '',
        },
        1,
      ),
    ]);
    await sync();
    const open = await missed();
    expect(open.items).toEqual([
      expect.objectContaining({
        customerNumber: `0${CUSTOMER}`,
        missedCalls: 1,
        firstMissedAt: missedAt.toISOString(),
        state: 'OPEN',
        recoveredAt: null,
      }),
    ]);

    // 2-3. clickToCall to that customer; the simulator calls back with ANSWER.
    const res = await gql(server.url, ClickToCallDocument, {
      input: { agentNumber: AGENT, customerNumber: CUSTOMER },
    });
    expect(res.errors).toBeUndefined();
    const call = res.data!.clickToCall;
    await sim.idle();
    const [ivr] = (
      await tdb.pool.query('SELECT status, start_time FROM ivr_calls WHERE id = $1', [call.id])
    ).rows;
    expect(ivr.status).toBe('ANSWERED');
    expect(sim.callbacksSent.map((c) => c.status)).toContain(200);

    // 4. Before any sync: no Click2Call leg stored, yet the episode is recovered by the agent.
    expect(
      (
        await tdb.pool.query(
          `SELECT count(*)::int AS n FROM kaleyra_call_logs WHERE service = 'Click2Call'`,
        )
      ).rows,
    ).toEqual([{ n: 0 }]);
    const recovered = await missed('RECOVERED');
    const expected = {
      customerNumber: `0${CUSTOMER}`,
      missedCalls: 1,
      firstMissedAt: missedAt.toISOString(),
      lastMissedAt: missedAt.toISOString(),
      state: 'RECOVERED',
      recoveredAt: ivr.start_time.toISOString(),
      recoveredBy: 'CALLED_BACK',
      recoveredByAgent: AGENT,
      recoveredByAgentName: 'Asha',
      secondsToRecovery: Math.floor((ivr.start_time.getTime() - missedAt.getTime()) / 1000),
    };
    expect(recovered).toMatchObject({ totalCount: 1, items: [expected] });
    expect((await missed('OPEN')).totalCount).toBe(0);

    // 5. After a sync brings the same call in as a Click2Call leg: still one episode, recovered once.
    await sync();
    const legs = (
      await tdb.pool.query(
        `SELECT id, callto, status FROM kaleyra_call_logs WHERE service = 'Click2Call'`,
      )
    ).rows;
    expect(legs).toEqual([{ id: call.kaleyraCallId, callto: CUSTOMER, status: 'ANSWER' }]);
    expect(await missed()).toMatchObject({ totalCount: 1, items: [expected] });
    const summary = await gql(server.url, RecoverySummaryDocument, { range });
    expect(summary.data!.recoverySummary).toMatchObject({ episodes: 1, recovered: 1, open: 0 });
    expect(
      (await tdb.pool.query('SELECT count(*)::int AS n FROM customer_call_episodes')).rows,
    ).toEqual([{ n: 1 }]);
  });
});
