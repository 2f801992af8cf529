/**
 * The server through a real transaction-mode pooler (Debian's pgbouncer 1.18, started here in
 * front of the test PostgreSQL), the way Supabase's pooler on port 6543 treats connections: each
 * transaction may run on a different server connection, so nothing may rely on session state.
 * Migrations, sync, dashboard queries, callbacks and subscriptions go through it, with and without
 * DATABASE_DIRECT_URL.
 */
import pg from 'pg';
import { PgStore } from '../src/datasources/database/pg.store';
import { migrate, readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { SYNC_LEASE } from '../src/datasources/database/sync-lease';
import { createLogger } from '../src/logger';
import type { AppServer } from '../src/server';
import { createServer } from '../src/server';
import { generateTraffic } from '../src/simulator/generator';
import { NO_FAULTS } from '../src/simulator/simulator.faults';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import {
  CallListDocument,
  CallStatusChangedDocument,
  ClickToCallDocument,
  DashboardOverviewDocument,
  type DateRangeInput,
} from './generated/graphql';
import { testConfig } from './helpers/config';
import { startPgbouncer, type Pgbouncer } from './helpers/daemons';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { describeWithTools } from './helpers/external-tools';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { subscribe, type Subscription } from './helpers/ws';

const KEY = 'APOOLERTESTKEY00000000000000000000';
const TOKEN = 'pooler-test-callback-token-00000';
const NOW = () => new Date('2026-02-25T06:00:00Z');
const WEEK = { fromDate: '2026-02-18', toDate: '2026-02-24' };
const RANGE = {
  preset: 'CUSTOM',
  startDate: WEEK.fromDate,
  endDate: WEEK.toDate,
} as DateRangeInput;
const AGENT = '9800000001';
const SYNC =
  'mutation ($input: SyncCallLogsInput) { syncCallLogs(input: $input) { fetched upserted } }';

describeWithTools(['pgbouncer'], 'through pgbouncer in transaction mode', () => {
  let bouncer: Pgbouncer;
  const silent = createLogger({ level: 'silent' });
  beforeAll(async () => {
    bouncer = await startPgbouncer(process.env.TEST_ADMIN_DATABASE_URL!);
  });
  afterAll(() => bouncer?.stop());

  it('applies each migration once when two instances migrate at once', async () => {
    const tdb = await createTestDatabase({ migrated: false });
    const pools = [0, 1].map(() =>
      createPool({ connectionString: bouncer.url(tdb.connectionString), max: 3 }, silent),
    );
    try {
      const files = readMigrations();
      const [a, b] = await Promise.all(pools.map((p) => migrate(p, silent, files)));
      expect(a!.applied.filter((v) => b!.applied.includes(v))).toEqual([]);
      expect(a!.applied.length + b!.applied.length).toBe(files.length);
      const { rows } = await tdb.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schema_migrations',
      );
      expect(rows[0]!.n).toBe(files.length);
      expect(await new PgStore(pools[0]!, files).readiness()).toMatchObject({ ok: true });
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await tdb.drop();
    }
  });

  describe('two instances, one with DATABASE_DIRECT_URL', () => {
    let tdb: TestDatabase;
    let sim: KaleyraSimulator;
    let a: AppServer; // DATABASE_URL = the pooler, nothing else
    let b: AppServer; // DATABASE_URL = the pooler, DATABASE_DIRECT_URL = the database itself
    const logsA = captureLogs([], 'info');
    const logsB = captureLogs([], 'info');
    const records = generateTraffic({ seed: 5, ...WEEK });

    beforeAll(async () => {
      tdb = await createTestDatabase({ migrated: false });
      sim = await startKaleyraSimulator({ apiKey: KEY, records, callbackDelayMs: 20 });
      const config = {
        databaseUrl: bouncer.url(tdb.connectionString),
        migrateOnStart: true,
        kaleyraApiKey: KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
      };
      // A migrates the empty database through the pooler as it starts.
      a = await createServer(testConfig(config), { logger: logsA.logger, now: NOW });
      b = await createServer(testConfig({ ...config, databaseDirectUrl: tdb.connectionString }), {
        logger: logsB.logger,
        now: NOW,
      });
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await sim?.stop();
      await tdb?.drop();
    });

    it('says on one line which event transport each uses, and why', () => {
      const line = (text: string) => text.split('\n').filter((l) => l.includes('"events: '));
      expect(line(logsA.text())).toHaveLength(1);
      expect(line(logsA.text())[0]).toMatch(
        /events: outbox polled every 250 ms \(transaction pooler without DATABASE_DIRECT_URL: LISTEN on DATABASE_URL heard no test NOTIFY within 1000 ms; set DATABASE_DIRECT_URL/,
      );
      expect(line(logsB.text())).toHaveLength(1);
      expect(line(logsB.text())[0]).toMatch(
        /events: outbox, woken by LISTEN on DATABASE_DIRECT_URL \(a test NOTIFY reached it\)/,
      );
      expect(logsA.text()).toMatch(/"applied":\d+.*"via":"DATABASE_URL".*migrations up to date/);
      expect(logsB.text()).toMatch(
        /"applied":0.*"via":"DATABASE_DIRECT_URL".*migrations up to date/,
      );
    });

    it('syncs and answers dashboard queries through the pooler', async () => {
      const res = await rawGql<{ syncCallLogs: { fetched: number; upserted: number } }>(
        a.url,
        SYNC,
        { input: WEEK },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.syncCallLogs.upserted).toBe(records.length);
      for (const server of [a, b]) {
        const overview = await gql(server.url, DashboardOverviewDocument, { range: RANGE });
        expect(overview.errors).toBeUndefined();
        expect(overview.data!.dashboardOverview.callVolume.total).toBe(records.length);
        const list = await gql(server.url, CallListDocument, { range: RANGE, limit: 5 });
        expect(list.errors).toBeUndefined();
        expect(list.data!.callList.totalCount).toBe(records.length);
        expect(list.data!.callList.items).toHaveLength(5);
      }
    });

    it('delivers each callback taken by either instance to subscribers of both, once', async () => {
      const subs: Subscription<unknown>[] = [];
      try {
        for (const server of [a, b, a, b])
          subs.push(await subscribe(server.url, CallStatusChangedDocument, {}));
        const n = 30;
        const statuses = await Promise.all(
          Array.from({ length: n }, async (_, i) => {
            const q = new URLSearchParams({
              token: TOKEN,
              id: `pooled-${i}`,
              caller: AGENT,
              receiver: `98000${String(10_000 + i)}`,
              status: 'ANSWER',
              duration: '30',
              billsec: '25',
            });
            const res = await fetch(`${(i % 2 ? a : b).url}/webhooks/kaleyra/callback?${q}`);
            return res.status;
          }),
        );
        expect(statuses.every((s) => s === 200)).toBe(true);
        for (const sub of subs) await sub.waitFor(n);
        await new Promise((r) => setTimeout(r, 600)); // longer than a poll: nothing more comes
        for (const sub of subs) {
          const ids = sub.events.map(
            (e) =>
              (e as { callStatusChanged: { kaleyraCallId: string } }).callStatusChanged
                .kaleyraCallId,
          );
          expect(ids.sort()).toEqual(Array.from({ length: n }, (_, i) => `pooled-${i}`).sort());
        }
      } finally {
        await Promise.all(subs.map((s) => s.close()));
      }
    });

    it('starts a call through the pooler and both instances see it start and end', async () => {
      const subs = [
        await subscribe(a.url, CallStatusChangedDocument, { agentNumber: AGENT }),
        await subscribe(b.url, CallStatusChangedDocument, { agentNumber: AGENT }),
      ];
      try {
        const res = await gql(a.url, ClickToCallDocument, {
          input: { agentNumber: AGENT, customerNumber: '9800000077' },
        });
        expect(res.errors).toBeUndefined();
        const id = res.data!.clickToCall.id;
        for (const sub of subs) {
          const [first, second] = (await sub.waitFor(2)) as {
            callStatusChanged: { ivrCallId: string; status: string };
          }[];
          expect(first!.callStatusChanged).toMatchObject({ ivrCallId: id, status: 'INITIATED' });
          expect(second!.callStatusChanged.ivrCallId).toBe(id);
          expect(second!.callStatusChanged.status).not.toBe('INITIATED');
        }
      } finally {
        await Promise.all(subs.map((s) => s.close()));
      }
    });

    it('lets exactly one of two concurrent syncs run, and frees the lease after one fails', async () => {
      sim.setFaults({ ...NO_FAULTS, latencyMs: 40 });
      const input = { ...WEEK, force: true };
      const results = await Promise.all([a, b].map((s) => rawGql(s.url, SYNC, { input })));
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
      expect(codes.sort()).toEqual(['SYNC_IN_PROGRESS', 'ok']);

      sim.setFaults({ ...NO_FAULTS, garbledRate: 1 });
      const failed = await rawGql(b.url, SYNC, { input });
      expect(failed.errors?.[0]?.extensions?.code).not.toBe('SYNC_IN_PROGRESS');
      expect(failed.errors).toBeDefined();
      sim.setFaults(NO_FAULTS);
      const again = await rawGql(a.url, SYNC, { input });
      expect(again.errors).toBeUndefined();
    });
  });

  it("keeps a long sync's lease past its lifetime, and lets a dead holder's lease expire", async () => {
    const tdb = await createTestDatabase();
    const pool = createPool({ connectionString: bouncer.url(tdb.connectionString) }, silent);
    const ds = () => new PgStore(pool, readMigrations(), { syncLeaseSeconds: 1 });
    try {
      const during: unknown[] = [];
      await ds().withSyncLock(async () => {
        for (const wait of [600, 900]) {
          await new Promise((r) => setTimeout(r, wait));
          during.push(
            await ds()
              .withSyncLock(async () => 'ran')
              .catch((e) => e.code),
          );
        }
      });
      expect(during).toEqual(['SYNC_IN_PROGRESS', 'SYNC_IN_PROGRESS']); // 1.5 s into a 1 s lease
      expect(await ds().withSyncLock(async () => 'ran')).toBe('ran');

      // An instance that died holding the lease never renews nor releases it.
      await pool.query('SELECT try_acquire_sync_lease($1, $2, 1)', [SYNC_LEASE, 'dead-instance']);
      await expect(ds().withSyncLock(async () => 'ran')).rejects.toMatchObject({
        code: 'SYNC_IN_PROGRESS',
      });
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await ds().withSyncLock(async () => 'ran')).toBe('ran');
    } finally {
      await pool.end();
      await tdb.drop();
    }
  });

  it('is really in transaction mode: a named prepared statement breaks through it', async () => {
    // So the suite above, which passes through it, shows the server relies on no session state
    // (pg's parameterised queries use the unnamed statement, which lives within one transaction).
    const tdb = await createTestDatabase();
    const client = new pg.Pool({ connectionString: bouncer.url(tdb.connectionString), max: 20 });
    try {
      const named = Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          client.query({ name: 'named-statement', text: 'SELECT $1::int AS n', values: [i] }),
        ),
      );
      // Named statements are prepared on one server connection and missing on the others.
      await expect(named).rejects.toThrow(/prepared statement .* does not exist|already exists/);
    } finally {
      await client.end();
      await tdb.drop();
    }
  });
});
