/**
 * Faults, with bounded loops on loopback only: a storm of callbacks, the database restarting under
 * traffic, SIGTERM under load, Kaleyra garbling a sync, and fuzzing of the record parser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KaleyraClient } from '../src/datasources/kaleyra/kaleyra.client';
import { parseCallLogRecord } from '../src/datasources/kaleyra/kaleyra.mappers';
import { PgStore } from '../src/datasources/database/pg.store';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded';
import { migrate, readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { createLogger } from '../src/logger';
import { generateTraffic } from '../src/simulator/generator';
import { startKaleyraSimulator } from '../src/simulator/simulator.server';
import { CallLogSync } from '../src/sync/call-log-sync';
import { CallStatusChangedDocument, DashboardOverviewDocument } from './generated/graphql';
import { TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql } from './helpers/graphql';
import { mulberry, pool } from './helpers/load';
import { spawnBuilt } from './helpers/process';
import { startTestServer } from './helpers/server';
import { subscribe } from './helpers/ws';

const TOKEN = 'fault-test-callback-token-000000000';
const silent = createLogger({ level: 'silent' });

const callbackQuery = (i: number) =>
  new URLSearchParams({
    token: TOKEN,
    id: `storm-${i}`,
    caller: '9800000001',
    receiver: `98${String(10_000_000 + i).slice(-8)}`,
    status: 'ANSWER',
    duration: String(10 + (i % 50)),
    billsec: String(i % 50),
  });

describe('a storm of callbacks', () => {
  it('stores exactly the valid distinct ones out of 5,000 at concurrency 50 (10% duplicates, 5% malformed)', async () => {
    const tdb = await createTestDatabase();
    const server = await startTestServer({
      database: tdb.open(),
      config: { kaleyraCallbackToken: TOKEN },
    });
    try {
      const rand = mulberry(2026);
      const plan = Array.from({ length: 5_000 }, (_, i) => {
        const r = rand();
        if (r < 0.05) return { kind: 'malformed' as const, i };
        if (r < 0.15 && i > 0) return { kind: 'duplicate' as const, i: Math.floor(rand() * i) };
        return { kind: 'valid' as const, i };
      });
      const malformed = (i: number) => {
        const q = callbackQuery(i);
        const variant = i % 3;
        if (variant === 0) q.delete('status');
        if (variant === 1) {
          q.delete('caller');
          q.delete('receiver');
        }
        if (variant === 2) q.set('ivr_call_id', 'not-a-uuid');
        return q;
      };
      const statuses = await pool(plan.length, 50, async (n) => {
        const p = plan[n]!;
        const q = p.kind === 'malformed' ? malformed(p.i) : callbackQuery(p.i);
        const res = await fetch(`${server.url}/webhooks/kaleyra/callback?${q}`);
        await res.arrayBuffer();
        return res.status;
      });
      const expected = new Set(
        plan.filter((p) => p.kind !== 'malformed').map((p) => `storm-${p.i}`),
      );
      // a duplicate of a malformed one is a valid delivery of that index: it counts as valid
      const { rows } = await tdb.pool.query<{
        kaleyra_call_id: string;
        billsec: number;
        duration: number;
      }>('SELECT kaleyra_call_id, billsec, duration FROM ivr_calls');
      expect(new Set(rows.map((r) => r.kaleyra_call_id))).toEqual(expected);
      expect(rows).toHaveLength(expected.size);
      for (const r of rows) {
        const i = Number(r.kaleyra_call_id.slice(6));
        expect(r).toMatchObject({ billsec: i % 50, duration: 10 + (i % 50) }); // whole rows only
      }
      plan.forEach((p, n) =>
        expect([p.kind, statuses[n]]).toEqual([p.kind, p.kind === 'malformed' ? 400 : 200]),
      );
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      console.info(
        `storm: ${plan.length} callbacks, ${plan.filter((p) => p.kind === 'duplicate').length} duplicates, ${plan.filter((p) => p.kind === 'malformed').length} malformed → ${rows.length} rows stored, 0 lost`,
      );
    } finally {
      await server.stop();
      await tdb.drop();
    }
  });
});

describe('the database restarts under traffic', () => {
  let dir: string;
  let pg: EmbeddedDatabase | undefined;
  afterEach(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no callback that was answered 200, answers 503 meanwhile, and recovers without a restart', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kcd-restart-'));
    const port = await freePort();
    pg = await startEmbeddedPostgres(dir, silent, { port });
    const dbPool = createPool({ connectionString: pg.connectionString }, silent);
    await migrate(dbPool, silent);
    const server = await startTestServer({
      database: {
        db: new PgStore(dbPool, readMigrations()),
        pool: dbPool,
        connectionString: pg.connectionString,
        close: () => dbPool.end(),
      },
      config: { kaleyraCallbackToken: TOKEN },
    });
    const sub = await subscribe(server.url, CallStatusChangedDocument, {});
    try {
      const outcomes: { i: number; status: number }[] = [];
      let restarted = false;
      const traffic = pool(600, 10, async (i) => {
        if (i === 150 && !restarted) {
          restarted = true;
          await pg!.stop();
          pg = undefined;
          await new Promise((r) => setTimeout(r, 300));
          pg = await startEmbeddedPostgres(dir, silent, { port });
        }
        let status: number;
        try {
          const res = await fetch(`${server.url}/webhooks/kaleyra/callback?${callbackQuery(i)}`);
          await res.arrayBuffer();
          status = res.status;
        } catch {
          status = -1;
        }
        outcomes.push({ i, status });
        await new Promise((r) => setTimeout(r, 2));
      });
      // Meanwhile: readiness must have said 503 at some point during the outage.
      let saw503 = false;
      const probe = (async () => {
        for (let k = 0; k < 400 && !saw503; k++) {
          if ((await fetch(`${server.url}/readyz`)).status === 503) saw503 = true;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await Promise.all([traffic, probe]);
      expect(saw503).toBe(true);

      const ok = outcomes.filter((o) => o.status === 200).map((o) => `storm-${o.i}`);
      const refused = outcomes.filter((o) => o.status !== 200);
      expect(refused.every((o) => o.status === 503)).toBe(true);
      const stored = new Set(
        (await dbPool.query<{ k: string }>('SELECT kaleyra_call_id AS k FROM ivr_calls')).rows.map(
          (r) => r.k,
        ),
      );
      expect(ok.filter((k) => !stored.has(k))).toEqual([]); // nothing answered 200 is lost
      console.info(
        `restart: ${outcomes.length} callbacks, ${ok.length} answered 200 (all stored), ${refused.length} answered 503 during the outage`,
      );

      // Recovered by itself: queries, readiness and the LISTEN feed.
      let ready = 0;
      for (let k = 0; k < 100 && ready !== 200; k++) {
        ready = (await fetch(`${server.url}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      expect((await gql(server.url, DashboardOverviewDocument, {})).errors).toBeUndefined();
      const before = sub.events.length;
      for (let k = 0; k < 50 && sub.events.length === before; k++) {
        await fetch(`${server.url}/webhooks/kaleyra/callback?${callbackQuery(100_000 + k)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sub.events.length).toBeGreaterThan(before);
    } finally {
      await sub.close();
      await server.stop();
    }
  });
});

describe('SIGTERM under load', () => {
  it('completes in-flight requests, writes no partial rows, and exits 0', async () => {
    const tdb: TestDatabase = await createTestDatabase();
    const port = await freePort();
    const proc = spawnBuilt('src/index.js', {
      DATABASE_URL: tdb.connectionString,
      PORT: String(port),
      KALEYRA_API_KEY: 'AFAKESIGTERMKEY0000000000000000000',
      KALEYRA_BASE_URL: 'http://127.0.0.1:9/v1/',
      KALEYRA_CALLBACK_TOKEN: TOKEN,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    try {
      await proc.waitFor(/server listening/);
      const url = `http://127.0.0.1:${port}`;
      let sent = 0;
      const results: { i: number; status: number }[] = [];
      const load = pool(3_000, 20, async (i) => {
        if (i === 300) proc.child.kill('SIGTERM');
        sent++;
        try {
          const res = await fetch(`${url}/webhooks/kaleyra/callback?${callbackQuery(i)}`);
          await res.arrayBuffer();
          results.push({ i, status: res.status });
        } catch {
          results.push({ i, status: -1 }); // refused: the server had stopped accepting
        }
      });
      await load;
      expect(await proc.exited).toBe(0);
      const ok = results.filter((r) => r.status === 200);
      // Requests already accepted before SIGTERM finish; ones still connecting may be refused.
      expect(ok.length).toBeGreaterThan(200);
      expect(results.every((r) => r.status === 200 || r.status === -1)).toBe(true);
      const { rows } = await tdb.pool.query<{
        kaleyra_call_id: string;
        billsec: number;
        duration: number;
        status: string;
      }>('SELECT kaleyra_call_id, billsec, duration, status FROM ivr_calls');
      const stored = new Map(rows.map((r) => [r.kaleyra_call_id, r]));
      for (const r of ok) expect(stored.has(`storm-${r.i}`)).toBe(true);
      for (const r of rows) {
        const i = Number(r.kaleyra_call_id.slice(6));
        expect(r).toMatchObject({ status: 'ANSWERED', billsec: i % 50, duration: 10 + (i % 50) });
      }
      expect(proc.output()).toMatch(/shutdown complete/);
      console.info(
        `sigterm: ${sent} sent, ${ok.length} answered 200 and stored, ${results.length - ok.length} refused after SIGTERM, 0 partial rows`,
      );
    } finally {
      await proc.stop();
      await tdb.drop();
    }
  });
});

describe('Kaleyra garbles every answer during a sync', () => {
  it('fails with an error naming the day window, writes nothing partial, and a re-run completes', async () => {
    const tdb = await createTestDatabase();
    const key = 'AFAKEGARBLEKEY00000000000000000000';
    const records = generateTraffic({ seed: 9, fromDate: '2026-02-20', toDate: '2026-02-21' });
    const sim = await startKaleyraSimulator({ apiKey: key, records, faults: { garbledRate: 1 } });
    const sync = () =>
      new CallLogSync({
        kaleyra: new KaleyraClient({
          baseUrl: sim.url,
          apiKey: key,
          timeoutMs: 1_000,
          logger: silent,
          retry: { limit: 2, baseDelayMs: 5, maxDelayMs: 10 },
        }),
        db: new PgStore(tdb.pool, readMigrations()),
        logger: silent,
        now: () => new Date('2026-02-22T06:00:00Z'),
      });
    try {
      await expect(
        sync().run({ fromDate: '2026-02-20', toDate: '2026-02-21' }),
      ).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        message: expect.stringMatching(
          /^sync of IST day 2026-02-20 failed: Kaleyra dial: .*resume from 2026-02-20/,
        ),
      });
      expect(
        (await tdb.pool.query('SELECT count(*)::int AS n FROM kaleyra_call_logs')).rows[0].n,
      ).toBe(0);
      sim.setFaults({ garbledRate: 0 });
      const done = await sync().run({ fromDate: '2026-02-20', toDate: '2026-02-21' });
      expect(done.upserted).toBe(records.length);
    } finally {
      await sim.stop();
      await tdb.drop();
    }
  });
});

describe('fuzzing the Kaleyra record parser', () => {
  it('never throws and never returns a half-parsed record (10,000 seeded cases)', () => {
    const rand = mulberry(77);
    const base = generateTraffic({
      seed: 1,
      fromDate: '2026-02-24',
      toDate: '2026-02-24',
    })[0]! as unknown as Record<string, unknown>;
    const junk = [
      null,
      undefined,
      '',
      ' ',
      '{x}',
      0,
      -1,
      1e308,
      NaN,
      'NaN',
      '12abc',
      [],
      {},
      ['1'],
      true,
      '2026-02-30 10:00:00',
      '9999-99-99 99:99:99',
      'x'.repeat(5000),
      '\u0000',
    ];
    for (let n = 0; n < 10_000; n++) {
      const r: Record<string, unknown> = { ...base };
      for (const k of Object.keys(base))
        if (rand() < 0.2) r[k] = junk[Math.floor(rand() * junk.length)];
      if (rand() < 0.05) r.extra = { deep: [1, { x: 2 }] };
      const out = parseCallLogRecord(rand() < 0.01 ? junk[Math.floor(rand() * junk.length)] : r);
      if (out.ok) {
        const rec = out.record;
        expect(typeof rec.id === 'string' && rec.id.length > 0).toBe(true);
        expect(
          typeof rec.callfrom === 'string' &&
            typeof rec.callto === 'string' &&
            typeof rec.status === 'string' &&
            typeof rec.service === 'string',
        ).toBe(true);
        expect(rec.startTime instanceof Date && !Number.isNaN(rec.startTime.getTime())).toBe(true);
        for (const v of [rec.duration, rec.billsec])
          expect(v === null || (Number.isInteger(v) && v >= 0 && v < 2 ** 31)).toBe(true);
      } else {
        expect(typeof out.reason).toBe('string');
      }
    }
  });
});
