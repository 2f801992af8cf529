/**
 * The CSV exports as streams, on real Postgres over real HTTP: a client that stops reading holds
 * Postgres back (backpressure reaches the backend, which waits on ClientWrite); a client that goes
 * away mid-file, or while the query still waits for a lock, cancels the query, and the pool is
 * whole afterwards with no backend left running it.
 *
 * The supabase-js adapter's export runs against a stubbed fetch: PostgREST cannot run on the
 * machines this project is tested on, so the stub asserts the exact RPC requests (function and
 * argument names) and answers each by running the same SQL function on the real test Postgres;
 * its file must be byte for byte the pg adapter's.
 */
import http from 'node:http';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { PgStore } from '../src/datasources/database/pg.store';
import { SupabaseJsStore } from '../src/datasources/database/supabase-js.store';
import type { ExportQuery } from '../src/datasources/database/export.rows';
import { readMigrations } from '../src/database/migrator';
import { MAX_RUNNING_EXPORTS } from '../src/exports/csv-export.handler';
import { daysRange } from '../src/domain/date-range';
import type { AppServer } from '../src/server';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';

const BIG_DAY = '2026-05-01';
const BIG_LEGS = 300_000;
const PAGED_DAY = '2026-05-02';
const PAGED_LEGS = 2_500;
const CALLS_DAY = '2026-05-03';
const CALLS = 1_200;

/** Polls `check` every 20 ms for at most `ms`; fails with `what` if it never holds. */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function copyBackends(pool: pg.Pool) {
  const { rows } = await pool.query<{ pid: number; state: string; wait: string | null }>(
    `SELECT pid, state, wait_event AS wait FROM pg_stat_activity
     WHERE datname = current_database() AND query LIKE 'COPY (SELECT%' AND state <> 'idle'
       AND pid <> pg_backend_pid()`,
  );
  return rows;
}

/** The pool's clients are all back and idle, nobody waits for one. */
const poolWhole = (pool: pg.Pool) =>
  pool.totalCount === pool.idleCount && pool.waitingCount === 0 && pool.totalCount > 0;

describe('CSV exports as streams', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  const logs = captureLogs();

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const client = await tdb.pool.connect();
    try {
      // Bulk legs without the rollup and customer-call triggers: only the legs are exported here.
      await client.query('SET session_replication_role = replica');
      await client.query(
        `INSERT INTO kaleyra_call_logs (id, uniqid, callfrom, callto, start_time, end_time, duration,
           billsec, status, location, provider, service, caller_id, recording)
         SELECT 'L' || lpad(g::text, 7, '0'), NULL, '98100' || lpad((g % 100000)::text, 5, '0'),
                '9800000001', $1::timestamptz + g * interval '250 ms', NULL, 30, 20, 'ANSWER',
                'BIHAR', 'JIO', 'CallForward', '8000000100', NULL
         FROM generate_series(1, $2::integer) g`,
        [`${BIG_DAY} 00:00:00+05:30`, BIG_LEGS],
      );
      // Keyset pages: several legs share a second, and ids are not in time order.
      await client.query(
        `INSERT INTO kaleyra_call_logs (id, uniqid, callfrom, callto, start_time, end_time, duration,
           billsec, status, location, provider, service, caller_id, recording)
         SELECT 'P' || md5(g::text), NULL, '98100' || lpad(g::text, 5, '0'), '9800000002',
                $1::timestamptz + (g / 3) * interval '1 s', NULL, g % 7, g % 5,
                CASE WHEN g % 2 = 0 THEN 'ANSWER' ELSE 'NOANSWER' END,
                CASE WHEN g % 11 = 0 THEN 'Pune, "MH"' END, '', 'CallForward', '8000000100',
                CASE WHEN g % 3 = 0 THEN '//rec.example/' || g END
         FROM generate_series(1, $2::integer) g`,
        [`${PAGED_DAY} 00:00:00+05:30`, PAGED_LEGS],
      );
      await client.query('RESET session_replication_role');
      // Customer calls, made by the triggers: Incoming legs, some answered by a linked leg.
      await client.query(
        `INSERT INTO kaleyra_call_logs (id, uniqid, callfrom, callto, start_time, end_time, duration,
           billsec, status, location, provider, service, caller_id, recording, parent_id)
         SELECT 'C' || lpad(g::text, 5, '0') || s.k, NULL, '98200' || lpad(g::text, 5, '0'),
                CASE s.k WHEN 'i' THEN '8000000100' ELSE '9800000002' END,
                $1::timestamptz + (g / 2) * interval '1 s' + CASE s.k WHEN 'i' THEN interval '0' ELSE interval '2 s' END,
                NULL, 40, 30, 'ANSWER', CASE WHEN g % 7 = 0 THEN '=BIHAR' END, 'JIO',
                CASE s.k WHEN 'i' THEN 'Incoming' ELSE 'CallForward' END, '8000000100',
                CASE s.k WHEN 'f' THEN 'https://rec.example/' || g END,
                CASE s.k WHEN 'f' THEN 'C' || lpad(g::text, 5, '0') || 'i' END
         FROM generate_series(1, $2::integer) g
         CROSS JOIN (VALUES ('i'), ('f')) s(k)
         WHERE s.k = 'i' OR g % 3 = 0`,
        [`${CALLS_DAY} 00:00:00+05:30`, CALLS],
      );
      await client.query(`INSERT INTO agents (agent_number, name) VALUES ('9800000002', '-Ravi')`);
    } finally {
      client.release();
    }
    server = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: { exportRateLimitPerMinute: 1_000 },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  /** Starts an export and resolves with the response once its first bytes have come. */
  function startExport(
    path: string,
  ): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${server.url}${path}`, (res) => {
        res.once('readable', () => resolve({ req, res }));
      });
      req.on('error', reject);
    });
  }

  it('a client that stops reading holds the query back; going away cancels it and the pool is whole', async () => {
    const { req, res } = await startExport(
      `/exports/call-logs.csv?startDate=${BIG_DAY}&endDate=${BIG_DAY}`,
    );
    expect(res.statusCode).toBe(200);
    res.pause();
    // Postgres itself waits until this side reads: backpressure all the way to the backend.
    let pid = 0;
    await until('the COPY backend waits on ClientWrite', async () => {
      pid = (await copyBackends(tdb.pool)).find((b) => b.wait === 'ClientWrite')?.pid ?? 0;
      return pid !== 0;
    });
    req.destroy();
    await until(
      'no backend runs the COPY and the pool is whole',
      async () => (await copyBackends(tdb.pool)).length === 0 && poolWhole(tdb.pool),
    );
    // Given back, not closed: the backend that ran it still serves the pool. (That the query is
    // cancelled, not drained to its end, is shown by the next test, where only a cancel helps.)
    const { rows } = await tdb.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    expect(rows).toHaveLength(1);
    expect(logs.text()).toContain('export abandoned by the client');
  });

  it('a client gone while the query waits for a lock cancels it (the backend would never notice)', async () => {
    const locker = await tdb.pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE agents IN ACCESS EXCLUSIVE MODE');
      const req = http.get(
        `${server.url}/exports/call-logs.csv?startDate=${BIG_DAY}&endDate=${BIG_DAY}`,
      );
      req.on('error', () => undefined);
      await until(
        'the COPY waits for the lock',
        async () =>
          (
            await tdb.pool.query(
              `SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%' AND wait_event_type = 'Lock'`,
            )
          ).rowCount === 1,
      );
      req.destroy();
      // Cancelled while the lock is still held: the backend stops waiting.
      await until('the COPY is cancelled', async () => (await copyBackends(tdb.pool)).length === 0);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    await until('the pool is whole', async () => poolWhole(tdb.pool));
  });

  it(`at most ${MAX_RUNNING_EXPORTS} exports run at once; the next is 429 until one ends`, async () => {
    const path = `/exports/call-logs.csv?startDate=${BIG_DAY}&endDate=${BIG_DAY}`;
    const slow = [];
    for (let i = 0; i < MAX_RUNNING_EXPORTS; i++) {
      const started = await startExport(path);
      started.res.pause();
      slow.push(started);
    }
    const refused = await fetch(`${server.url}${path}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    for (const { req } of slow) req.destroy();
    await until(
      'the abandoned exports are cancelled and the pool is whole',
      async () => (await copyBackends(tdb.pool)).length === 0 && poolWhole(tdb.pool),
    );
  });

  it('after abandoned exports, the pool connections still serve whole exports', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(
        `${server.url}/exports/call-logs.csv?startDate=${PAGED_DAY}&endDate=${PAGED_DAY}`,
      );
      expect(res.status).toBe(200);
      const rows = parse(await res.text(), { record_delimiter: '\r\n' }) as string[][];
      expect(rows.length).toBe(PAGED_LEGS + 1);
    }
    await until('the pool is whole', async () => poolWhole(tdb.pool));
  });

  describe('supabase-js adapter (stubbed PostgREST, real SQL)', () => {
    const ARGS: Record<string, string[]> = {
      export_call_logs: [
        'p_start',
        'p_end',
        'p_service',
        'p_agent',
        'p_status',
        'p_mask',
        'p_after_time',
        'p_after_id',
        'p_limit',
      ],
      export_customer_calls: [
        'p_start',
        'p_end',
        'p_outcome',
        'p_mask',
        'p_after_time',
        'p_after_id',
        'p_limit',
      ],
    };
    let calls: { fn: string; body: Record<string, unknown> }[];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      const fn = /^\/rest\/v1\/rpc\/(\w+)$/.exec(url.pathname)?.[1];
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      if (!fn || !ARGS[fn]) return Response.json({ code: 'PGRST202' }, { status: 404 });
      expect(Object.keys(body).sort()).toEqual([...ARGS[fn]].sort());
      calls.push({ fn, body });
      const keys = Object.keys(body);
      const { rows } = await tdb.pool.query(
        `SELECT * FROM ${fn}(${keys.map((k, i) => `${k} => $${i + 1}`).join(', ')})`,
        keys.map((k) => body[k]),
      );
      // PostgREST writes timestamptz as ISO text.
      return Response.json(
        rows.map((r) => ({ ...r, sort_time: (r.sort_time as Date).toISOString() })),
      );
    }) as typeof fetch;

    const text = async (stream: Readable) => {
      const parts: Buffer[] = [];
      for await (const chunk of stream) parts.push(Buffer.from(chunk));
      return Buffer.concat(parts).toString('utf8');
    };

    it.each<[string, ExportQuery]>([
      [
        'call logs, masked',
        {
          file: 'call-logs',
          range: daysRange(PAGED_DAY, PAGED_DAY),
          filter: { service: null, agentNumber: null, status: null },
          mask: true,
        },
      ],
      [
        'call logs of an agent, one status',
        {
          file: 'call-logs',
          range: daysRange(PAGED_DAY, PAGED_DAY),
          filter: { service: 'CallForward', agentNumber: '9800000002', status: 'ANSWER' },
          mask: false,
        },
      ],
      [
        'customer calls, masked',
        {
          file: 'customer-calls',
          range: daysRange(CALLS_DAY, CALLS_DAY),
          filter: { outcome: null },
          mask: true,
        },
      ],
    ])('%s: pages by keyset and writes the same bytes as the pg adapter', async (_label, query) => {
      calls = [];
      const supa = new SupabaseJsStore({
        url: 'http://127.0.0.1:54321',
        serviceRoleKey: 'fake-service-role-key-for-tests-only',
        logger: logs.logger,
        fetch: fakeFetch,
      });
      const viaRest = await text(await supa.exportCsv(query));
      const viaCopy = await text(await new PgStore(tdb.pool, readMigrations()).exportCsv(query));
      expect(viaRest).toBe(viaCopy);
      const rows = parse(viaRest, { record_delimiter: '\r\n' }) as string[][];
      const expected =
        query.file === 'customer-calls' ? CALLS : query.filter.status ? 1250 : PAGED_LEGS;
      expect(rows.length).toBe(expected);
      if (query.file === 'call-logs') expect(rows.some((r) => r[11] === 'Pune, "MH"')).toBe(true);
      else {
        expect(rows.filter((r) => r[4] === 'ANSWERED').length).toBe(CALLS / 3);
        expect(rows.some((r) => r[11] === "'=BIHAR")).toBe(true);
        expect(rows.every((r) => /^98X{6}\d\d$/.test(r[2]!))).toBe(true);
      }
      // 1,000 rows a page, then the empty page that ends it; each page starts after the last row.
      expect(calls.map((c) => c.body.p_limit)).toEqual(
        Array(Math.ceil(expected / 1000) + 1).fill(1000),
      );
      expect(calls[0]!.body.p_after_time).toBeNull();
      expect(calls[1]!.body.p_after_id).toBe(rows[999]![0]);
      await until('the pool is whole', async () => poolWhole(tdb.pool));
    });
  });
});
