/**
 * npm run bench:dashboard — the dashboard read path on the rollup (db/migrations/2026112100100x)
 * against the raw-scan SQL it replaced, on a throwaway embedded Postgres.
 *
 * Two databases in one cluster, loaded with the simulator's generator over the same 100 IST days:
 * 100k legs and 1M legs (`-- --legs=10000000` for 10M; the small one stays 100k). Every figure
 * that matters is a ratio of two things measured in this same run, interleaved sample by sample
 * (the box is shared and noisy):
 *   1. dashboardOverview over 30 days, p50, at 1M ÷ at 100k (GraphQL over HTTP; SQL alone too);
 *   2. the old raw-scan SQL (20261121000004) ÷ the rollup SQL, at 1M;
 *   3. GraphQL over HTTP ÷ the same SQL straight through pg;
 *   4. callList page 2,000 ÷ page 1 with a filter;
 *   5. upsert with rollup maintenance ÷ without (the same kind of 200-row pages with the triggers
 *      off via session_replication_role), and maintenance inside the upsert function instead;
 *   6. customer calls (issue 12): serviceLevel, customerCalls page 1 and page 2,000, and
 *      dashboardOverview with serviceLevel and the new AgentStats fields, p50 at 1M ÷ at 100k,
 *      and customerCalls page 2,000 ÷ page 1 at 1M;
 *   7. missed-call recovery and breakdowns (issue 13): callHeatmap, callBreakdown, recoverySummary,
 *      missedCallers page 1 and callerSummary, p50 at 1M ÷ at 100k.
 * Only loopback; every loop is bounded.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../src/config';
import type { KaleyraCallLog } from '../src/datasources/kaleyra/kaleyra.types';
import { PgStore } from '../src/datasources/database/pg.store';
import { toDbCallLogJson } from '../src/datasources/database/call-log.rows';
import { migrate, readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { addDays, istDayStart } from '../src/domain/ist';
import { createLogger } from '../src/logger';
import { createServer, type AppServer } from '../src/server';
import { mulberry32, pick } from '../src/simulator/generator';
import { cleanupStack, startBenchDatabase } from './lib/database';
import { pages } from './lib/legs';
import { loadReferenceSql } from '../test/helpers/reference-sql';
import { describeMachine, loadNote } from './lib/machine';
import { median, verdict } from './lib/stats';

const FROM = '2026-01-01';
const TO = '2026-04-10'; // 100 IST days
const WINDOW = { preset: 'CUSTOM', startDate: addDays(TO, -29), endDate: TO }; // the last 30 days
const SMALL = 100_000;
const BIG = Number(
  /^--legs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--legs=')) ?? '')?.[1] ?? 1_000_000,
);
const BIG_LABEL = BIG >= 1_000_000 ? `${BIG / 1_000_000}M` : `${BIG / 1_000}k`;
const LOAD_BATCH = 2_000; // bulk load only; the upsert comparison uses the sync's 200-row pages
const SYNC_BATCH = 200;
const UPSERT_BATCHES = 480; // 120 per variant, new legs; then the same again as re-syncs
const PAGE_FILTER = { service: 'CALL_FORWARD' };
const DEEP_PAGE = 2_000;
const LIMIT = 50;

// The raw-scan SQL of 20261121000004, kept verbatim as the baseline.
const RAW = {
  volume: `SELECT count(*)::integer, (count(*) FILTER (WHERE service = 'Incoming'))::integer,
             (count(*) FILTER (WHERE service = 'CallForward'))::integer, (count(*) FILTER (WHERE service = 'Click2Call'))::integer
           FROM kaleyra_call_logs WHERE start_time >= $1 AND start_time < $2`,
  agents: `SELECT callto, (count(*) FILTER (WHERE status = 'ANSWER'))::integer,
             (coalesce(sum(billsec) FILTER (WHERE status = 'ANSWER'), 0))::integer, (count(*) FILTER (WHERE status <> 'ANSWER'))::integer
           FROM kaleyra_call_logs WHERE service = 'CallForward' AND start_time >= $1 AND start_time < $2
           GROUP BY callto ORDER BY 2 DESC, 1`,
  daily: `WITH days AS (
            SELECT d::date AS day FROM generate_series(($1::timestamptz AT TIME ZONE 'Asia/Kolkata')::date,
              (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Kolkata')::date, interval '1 day') AS d
          ), counts AS (
            SELECT (start_time AT TIME ZONE 'Asia/Kolkata')::date AS day, count(*) FILTER (WHERE service = 'Incoming') AS incoming,
                   count(*) FILTER (WHERE service = 'CallForward') AS forwarded
            FROM kaleyra_call_logs WHERE start_time >= $1 AND start_time < $2 GROUP BY 1
          )
          SELECT to_char(days.day, 'YYYY-MM-DD'), coalesce(counts.incoming, 0)::integer, coalesce(counts.forwarded, 0)::integer
          FROM days LEFT JOIN counts USING (day) ORDER BY days.day`,
  status: `SELECT l.status, count(*)::integer FROM kaleyra_call_logs l
           WHERE l.start_time >= $1 AND l.start_time < $2 GROUP BY l.status ORDER BY 2 DESC, 1`,
  list: `SELECT l.* FROM kaleyra_call_logs l
         WHERE l.start_time >= $1 AND l.start_time < $2 AND kaleyra_call_matches(l, $3, $4, $5)
         ORDER BY l.start_time DESC, l.id DESC LIMIT $6 OFFSET $7`,
  count: `SELECT count(*)::integer FROM kaleyra_call_logs l
          WHERE l.start_time >= $1 AND l.start_time < $2 AND kaleyra_call_matches(l, $3, $4, $5)`,
};

// What the pg adapter sends (src/datasources/database/pg.store.ts). (Agent stats also carry the
// customer-call columns since issue 12; the raw comparison below is on the four it had.)
const ROLLUP = {
  volume: 'SELECT * FROM get_kaleyra_call_volume($1, $2)',
  agents: 'SELECT * FROM get_kaleyra_agent_stats($1, $2)',
  daily: 'SELECT day AS date, incoming, forwarded FROM get_kaleyra_daily_volume($1, $2)',
  status: 'SELECT * FROM get_kaleyra_status_breakdown($1, $2)',
  list: 'SELECT * FROM get_kaleyra_call_list($1, $2, $3, $4, $5, $6, $7)',
  count: 'SELECT get_kaleyra_call_count($1, $2, $3, $4, $5) AS n',
};

const OVERVIEW_QUERY = `query Overview($range: DateRangeInput) {
  dashboardOverview(range: $range) {
    callVolume { total incoming forwarded click2call }
    agentStats { agentNumber callsAnswered totalTalkSeconds missedCalls }
    dailyVolume { date incoming forwarded }
    statusBreakdown { status count }
  }
}`;
const OVERVIEW_V2_QUERY = `query OverviewV2($range: DateRangeInput) {
  dashboardOverview(range: $range) {
    callVolume { total incoming forwarded click2call }
    agentStats { agentNumber callsAnswered totalTalkSeconds missedCalls offered answerRatePercent averageTalkSeconds missedCallsLost }
    dailyVolume { date incoming forwarded }
    statusBreakdown { status count }
    serviceLevel { offered answered answeredWithin missed shortAbandoned serviceLevelPercent answerRatePercent averageSecondsToAnswer averageTalkSeconds byOutcome { outcome count } unlinkedForwardLegs }
  }
}`;
const SERVICE_LEVEL_QUERY = `query ServiceLevel($range: DateRangeInput) {
  serviceLevel(range: $range) {
    offered answered answeredWithin missed shortAbandoned serviceLevelPercent answerRatePercent
    averageSecondsToAnswer averageTalkSeconds byOutcome { outcome count } unlinkedForwardLegs formula
  }
}`;
const CUSTOMER_CALLS_QUERY = `query CustomerCalls($range: DateRangeInput, $page: Int!, $limit: Int!) {
  customerCalls(range: $range, page: $page, limit: $limit) {
    totalCount page limit hasNextPage
    items {
      id customerNumber did startTime endTime outcome answeredBy answeredByName answeredAt
      secondsToAnswer talkSeconds agentsTried recordingUrl location provider
      legs { id service callFrom callTo startTime status billsec agentName }
    }
  }
}`;
const MISSED_CALLERS_QUERY = `query MissedCallers($range: DateRangeInput) {
  missedCallers(range: $range, page: 1, limit: 50) {
    totalCount page limit hasNextPage
    items { customerNumber missedCalls firstMissedAt lastMissedAt state recoveredAt recoveredBy recoveredByAgent recoveredByAgentName secondsToRecovery }
  }
}`;
const RECOVERY_SUMMARY_QUERY = `query RecoverySummary($range: DateRangeInput) {
  recoverySummary(range: $range) { episodes recovered recoveredWithin open recoveryRatePercent medianSecondsToRecovery }
}`;
const HEATMAP_QUERY = `query CallHeatmap($range: DateRangeInput) {
  callHeatmap(range: $range) { weekday hour offered answered }
}`;
const BREAKDOWN_QUERY = `query CallBreakdown($range: DateRangeInput) {
  callBreakdown(range: $range, by: LOCATION) { key offered answered answerRatePercent }
}`;
const CALLER_SUMMARY_QUERY = `query CallerSummary($range: DateRangeInput) {
  callerSummary(range: $range) { uniqueCallers newCallers repeatCallers }
}`;
const CALL_LIST_QUERY = `query CallList($range: DateRangeInput, $filter: CallListFilter, $page: Int!, $limit: Int!) {
  callList(range: $range, filter: $filter, page: $page, limit: $limit) {
    totalCount page limit hasNextPage
    items { id uniqid callFrom callTo startTime endTime duration billsec status location provider service serviceName callerId recordingUrl syncedAt agentNumber }
  }
}`;

/*
 * Rollup maintenance inside the upsert instead of triggers, for the comparison only: the jsonb
 * upsert of 20261121000005 plus the old versions of updated legs (read and locked first) turned
 * into the same deltas. Not used by the app: it misses writes that bypass the function, and a leg
 * inserted by a concurrent sync between the read and the upsert would lose its old version.
 */
const INLINE_UPSERT = `
CREATE OR REPLACE FUNCTION bench_upsert_with_inline_rollup(p_rows jsonb)
RETURNS TABLE (inserted integer, updated integer)
LANGUAGE sql VOLATILE
AS $$
  WITH input AS (
    SELECT DISTINCT ON (r.id) r.*
    FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(value, ord),
         jsonb_to_record(e.value) AS r(
           id text, uniqid text, callfrom text, callto text, start_time timestamptz, end_time timestamptz,
           duration integer, billsec integer, status text, location text, provider text, service text,
           caller_id text, recording text)
    ORDER BY r.id, e.ord DESC
  ), old AS (
    SELECT t.id, t.start_time, t.service, t.status, t.callfrom, t.callto, t.billsec
    FROM kaleyra_call_logs t JOIN input i ON i.id = t.id
    FOR UPDATE OF t
  ), written AS (
    INSERT INTO kaleyra_call_logs AS t
      (id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
       provider, service, caller_id, recording, synced_at)
    SELECT id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location,
           provider, service, caller_id, recording, now()
    FROM input
    ON CONFLICT (id) DO UPDATE SET
      uniqid = EXCLUDED.uniqid, callfrom = EXCLUDED.callfrom, callto = EXCLUDED.callto,
      start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, duration = EXCLUDED.duration,
      billsec = EXCLUDED.billsec, status = EXCLUDED.status, location = EXCLUDED.location,
      provider = EXCLUDED.provider, service = EXCLUDED.service, caller_id = EXCLUDED.caller_id,
      recording = EXCLUDED.recording, synced_at = EXCLUDED.synced_at
    WHERE (t.uniqid, t.callfrom, t.callto, t.start_time, t.end_time, t.duration, t.billsec, t.status,
           t.location, t.provider, t.service, t.caller_id, t.recording)
      IS DISTINCT FROM
          (EXCLUDED.uniqid, EXCLUDED.callfrom, EXCLUDED.callto, EXCLUDED.start_time, EXCLUDED.end_time,
           EXCLUDED.duration, EXCLUDED.billsec, EXCLUDED.status, EXCLUDED.location, EXCLUDED.provider,
           EXCLUDED.service, EXCLUDED.caller_id, EXCLUDED.recording)
    RETURNING t.id, t.start_time, t.service, t.status, t.callfrom, t.callto, t.billsec, (xmax = 0) AS is_insert
  ), deltas AS (
    SELECT kaleyra_ist_day(c.start_time) AS day, c.service, c.status,
           kaleyra_call_agent(c.service, c.callfrom, c.callto) AS agent,
           sum(c.sign) AS legs, sum(c.sign * coalesce(c.billsec, 0)) AS billsec
    FROM (
      SELECT w.start_time, w.service, w.status, w.callfrom, w.callto, w.billsec, 1 AS sign FROM written w
      UNION ALL
      SELECT o.start_time, o.service, o.status, o.callfrom, o.callto, o.billsec, -1
      FROM old o JOIN written w ON w.id = o.id AND NOT w.is_insert
    ) c
    GROUP BY 1, 2, 3, 4
    HAVING sum(c.sign) <> 0 OR sum(c.sign * coalesce(c.billsec, 0)) <> 0
  ), applied AS (
    SELECT kaleyra_call_rollup_add(ARRAY(
      SELECT ROW(d.day, d.service, d.status, d.agent, d.legs, d.billsec)::kaleyra_call_rollup_delta FROM deltas d)) AS done
  )
  SELECT (count(*) FILTER (WHERE w.is_insert))::integer, (count(*) FILTER (WHERE NOT w.is_insert))::integer
  FROM written w CROSS JOIN applied;
$$;`;

const ms3 = (n: number) => `${n.toFixed(3)} ms`;
const ratio = (a: number, b: number) => a / b;
const log = (...parts: unknown[]) => console.log(...parts);

/**
 * Runs each named operation `samples` times, round-robin (a, b, a, b, ...) after `warmup` rounds,
 * so that drift in the machine's load hits every variant alike. Returns each one's timings.
 */
async function interleaved(
  ops: Record<string, () => Promise<unknown>>,
  samples: number,
  warmup: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(ops);
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + samples; round++) {
    // Alternate the order too: the first of a pair can pay for the second's cold cache.
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const t0 = performance.now();
      await ops[name]!();
      if (round >= warmup) out[name]!.push(performance.now() - t0);
    }
  }
  return out;
}

function benchConfig(dataDir: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    nodeEnv: 'development',
    logLevel: 'silent',
    databaseMode: 'postgres',
    dataDir,
    migrateOnStart: false,
    eventsTransport: 'auto',
    // An obviously fake key: with none, the server would start its demo simulator.
    kaleyraApiKey: 'ABENCHFAKEKEY000000000000000000000',
    kaleyraBaseUrl: 'http://127.0.0.1:9/v1/',
    kaleyraTimeoutMs: 2_000,
    authDisabled: true,
    corsOrigins: [],
    maskNumbersFor: [],
    callRateLimitPerMinute: 1_000,
    wsMaxSocketsPerUser: 20,
    httpRequestTimeoutMs: 30_000,
    httpHeadersTimeoutMs: 10_000,
  };
}

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (!res.ok || body.errors)
    throw new Error(`GraphQL failed (${res.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Bulk load through the app's upsert (triggers on); the next page is built while one is written. */
async function load(db: PgStore, seed: number, totalLegs: number, label: string): Promise<void> {
  const started = performance.now();
  let legs = 0;
  let nextReport = 200_000;
  let writing: Promise<unknown> = Promise.resolve();
  for (const page of pages(seed, FROM, TO, totalLegs, LOAD_BATCH)) {
    await writing;
    writing = db.upsertCallLogs(page);
    legs += page.length;
    if (legs >= nextReport) {
      log(
        `  ${label}: ${legs.toLocaleString('en-US')} legs, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      nextReport += 200_000;
    }
  }
  await writing;
  const s = (performance.now() - started) / 1000;
  log(
    `  ${label}: ${legs.toLocaleString('en-US')} legs in ${s.toFixed(1)} s (${Math.round(legs / s).toLocaleString('en-US')} legs/s, rollup maintained)`,
  );
}

async function rollupMatchesLegs(pool: pg.Pool): Promise<boolean> {
  const grouped = `SELECT kaleyra_ist_day(start_time), service, status, kaleyra_call_agent(service, callfrom, callto), count(*), coalesce(sum(billsec), 0)
                   FROM kaleyra_call_logs GROUP BY 1, 2, 3, 4`;
  const stored = 'SELECT day, service, status, agent, legs, billsec FROM kaleyra_call_rollup';
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ((${stored} EXCEPT ALL ${grouped}) UNION ALL (${grouped} EXCEPT ALL ${stored})) x`,
  );
  return rows[0]!.n === 0;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  log(`# bench:dashboard — ${describeMachine()}; ${loadNote()}`);
  log(
    `# ${BIG.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} legs over ${FROM}..${TO} (100 IST days); reads over ${WINDOW.startDate}..${WINDOW.endDate} (30 days)`,
  );
  const logger = createLogger({ level: 'silent' });
  const cleanup = cleanupStack();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kcd-bench-dashboard-server-'));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  try {
    const cluster = await startBenchDatabase(logger, 'dashboard');
    cleanup.push(() => cluster.stop());
    const bigUrl = cluster.connectionString;
    await cluster.pool.query('CREATE DATABASE dashboard_small');
    const smallUrl = bigUrl.replace(/\/postgres$/, '/dashboard_small');
    const bigPool = createPool(
      { connectionString: bigUrl, max: 10, applicationName: 'bench-server-1m' },
      logger,
    );
    const smallPool = createPool(
      { connectionString: smallUrl, max: 10, applicationName: 'bench-server-100k' },
      logger,
    );
    cleanup.push(() => Promise.all([bigPool.end(), smallPool.end()]));
    await migrate(smallPool, logger, readMigrations());
    await loadReferenceSql(smallPool);
    const big = new PgStore(bigPool, readMigrations());
    const small = new PgStore(smallPool, readMigrations());

    log("\n## Load (the app's upsert, 2,000-leg pages, rollup kept by the triggers)");
    await load(small, 1, SMALL, '100k');
    await load(big, 1, BIG, BIG_LABEL);
    const vacuumStarted = performance.now();
    // What autovacuum does after a bulk load; without it index-only scans visit the heap.
    for (const pool of [smallPool, bigPool])
      await pool.query(
        'VACUUM ANALYZE kaleyra_call_logs, kaleyra_call_rollup, customer_calls, customer_call_legs, customer_call_rollup, customer_call_wait_rollup, customer_call_agent_rollup, customer_call_episodes',
      );
    log(`  VACUUM ANALYZE: ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const sizes = await bigPool.query<{
      legs: number;
      buckets: number;
      heap: string;
      idx: string;
      rollup: string;
    }>(`
      SELECT (SELECT count(*) FROM kaleyra_call_logs)::int AS legs, (SELECT count(*) FROM kaleyra_call_rollup)::int AS buckets,
             pg_size_pretty(pg_table_size('kaleyra_call_logs')) AS heap, pg_size_pretty(pg_indexes_size('kaleyra_call_logs')) AS idx,
             pg_size_pretty(pg_total_relation_size('kaleyra_call_rollup')) AS rollup`);
    const sz = sizes.rows[0]!;
    log(
      `  big: ${sz.legs.toLocaleString('en-US')} legs (heap ${sz.heap}, indexes ${sz.idx}); rollup ${sz.buckets.toLocaleString('en-US')} buckets (${sz.rollup})`,
    );
    for (const [name, pool] of [
      ['100k', smallPool],
      ['big', bigPool],
    ] as const) {
      if (!(await rollupMatchesLegs(pool)))
        throw new Error(`${name}: rollup differs from the legs after the load`);
    }
    log('  rollup = GROUP BY over the legs: checked on both databases');

    const range = {
      start: istDayStart(WINDOW.startDate),
      end: istDayStart(addDays(WINDOW.endDate, 1)),
    };
    const rangeArgs = [range.start, range.end];
    const sqlPools = {
      big: createPool(
        { connectionString: bigUrl, max: 10, applicationName: 'bench-sql-1m' },
        logger,
      ),
      small: createPool(
        { connectionString: smallUrl, max: 10, applicationName: 'bench-sql-100k' },
        logger,
      ),
    };
    cleanup.push(() => Promise.all([sqlPools.big.end(), sqlPools.small.end()]));
    // The four dashboard queries, concurrently, as the resolvers send them.
    const overviewSql = (pool: pg.Pool) => () =>
      Promise.all(
        [ROLLUP.volume, ROLLUP.agents, ROLLUP.daily, ROLLUP.status].map((sql) =>
          pool.query(sql, rangeArgs),
        ),
      );

    const servers: AppServer[] = [];
    const startServer = async (pool: pg.Pool, db: PgStore, url: string) => {
      const server = await createServer(benchConfig(dataDir), {
        logger,
        database: { db, pool, connectionString: url, close: async () => undefined },
      });
      servers.push(server);
      cleanup.push(() => server.stop());
      return server;
    };
    const bigServer = await startServer(bigPool, big, bigUrl);
    const smallServer = await startServer(smallPool, small, smallUrl);
    // The GraphQL layer's own cost: the same server, its data source answering with the rows the
    // SQL returned (no database work at all).
    const canned = {
      callVolume: await big.callVolume(range),
      agentStats: await big.agentStats(range),
      dailyVolume: await big.dailyVolume(range),
      statusBreakdown: await big.statusBreakdown(range),
    };
    const cannedDb = new Proxy(big, {
      get: (target, key) =>
        key in canned ? async () => canned[key as keyof typeof canned] : Reflect.get(target, key),
    });
    const cannedServer = await startServer(bigPool, cannedDb, bigUrl);
    const overviewGql = (server: AppServer) => () =>
      graphql(server.url, OVERVIEW_QUERY, { range: WINDOW });

    // ---------------------------------------------------------------- 1 + 3: overview
    log(
      `\n## 1. dashboardOverview, 30 days: ${BIG_LABEL} ÷ 100k legs, and 3. GraphQL over HTTP ÷ the same SQL through pg`,
    );
    const ov = await interleaved(
      {
        gqlBig: overviewGql(bigServer),
        gqlSmall: overviewGql(smallServer),
        gqlCanned: overviewGql(cannedServer),
        sqlBig: overviewSql(sqlPools.big),
        sqlSmall: overviewSql(sqlPools.small),
      },
      300,
      30,
    );
    const p = Object.fromEntries(Object.entries(ov).map(([k, v]) => [k, median(v)])) as Record<
      keyof typeof ov,
      number
    >;
    log(
      `  GraphQL p50: ${ms3(p.gqlBig!)} at ${BIG.toLocaleString('en-US')}, ${ms3(p.gqlSmall!)} at 100k`,
    );
    log(
      `  SQL p50 (4 functions, concurrently): ${ms3(p.sqlBig!)} at ${BIG.toLocaleString('en-US')}, ${ms3(p.sqlSmall!)} at 100k`,
    );
    const overviewRatio = ratio(p.gqlBig!, p.gqlSmall!);
    log(`  ratio ${BIG_LABEL} ÷ 100k, GraphQL: ${verdict(overviewRatio, { max: 1.2 })}`);
    log(`  ratio ${BIG_LABEL} ÷ 100k, SQL alone: ${ratio(p.sqlBig!, p.sqlSmall!).toFixed(2)}`);
    const gqlRatio = ratio(p.gqlBig!, p.sqlBig!);
    log(`  GraphQL p50 with canned rows (the GraphQL layer alone, no SQL): ${ms3(p.gqlCanned!)}`);
    log(
      `  GraphQL ÷ SQL at ${BIG_LABEL}: ${verdict(gqlRatio, { max: 1.3 })}; difference ${ms3(p.gqlBig! - p.sqlBig!)} (target ≤ 1.3 or within 1.5 ms: ${gqlRatio <= 1.3 || p.gqlBig! - p.sqlBig! <= 1.5 ? 'met' : 'NOT met'})`,
    );

    // ---------------------------------------------------------------- 2: raw scan vs rollup
    log(
      `\n## 2. the old raw-scan SQL ÷ the rollup SQL, 30 days at ${BIG_LABEL} (one connection, one query after another)`,
    );
    const conn = await sqlPools.big.connect();
    try {
      const names = ['volume', 'agents', 'daily', 'status'] as const;
      const results: Record<string, unknown> = {};
      const ops: Record<string, () => Promise<unknown>> = {};
      for (const n of names) {
        ops[`raw ${n}`] = async () =>
          (results[`raw ${n}`] = (
            await conn.query({ text: RAW[n], values: rangeArgs, rowMode: 'array' })
          ).rows);
        ops[`rollup ${n}`] = async () =>
          (results[`rollup ${n}`] = (
            await conn.query({ text: ROLLUP[n], values: rangeArgs, rowMode: 'array' })
          ).rows.map((row: unknown[]) => (n === 'agents' ? row.slice(0, 4) : row)));
      }
      const t = await interleaved(ops, 9, 1);
      let rawSum = 0;
      let rollupSum = 0;
      for (const n of names) {
        const [raw, rollup] = [median(t[`raw ${n}`]!), median(t[`rollup ${n}`]!)];
        rawSum += raw;
        rollupSum += rollup;
        const same = JSON.stringify(results[`raw ${n}`]) === JSON.stringify(results[`rollup ${n}`]);
        if (!same) throw new Error(`${n}: the rollup function and the raw SQL disagree`);
        log(
          `  ${n.padEnd(7)} raw p50 ${ms3(raw).padStart(12)}   rollup p50 ${ms3(rollup).padStart(10)}   ratio ${(raw / rollup).toFixed(1)}   (same rows)`,
        );
      }
      log(
        `  all four: raw ${ms3(rawSum)}, rollup ${ms3(rollupSum)}: ratio ${verdict(rawSum / rollupSum, { min: 20 })}`,
      );
    } finally {
      conn.release();
    }

    // ---------------------------------------------------------------- 4: deep page
    log(
      `\n## 4. callList page ${DEEP_PAGE.toLocaleString('en-US')} ÷ page 1, filter ${JSON.stringify(PAGE_FILTER)}, limit ${LIMIT}, 30 days at ${BIG_LABEL}`,
    );
    const listVars = (page: number) => ({ range: WINDOW, filter: PAGE_FILTER, page, limit: LIMIT });
    const deep = (await graphql(bigServer.url, CALL_LIST_QUERY, listVars(DEEP_PAGE))) as {
      callList: { totalCount: number; items: unknown[] };
    };
    if (deep.callList.items.length !== LIMIT)
      throw new Error(`page ${DEEP_PAGE} is not full (totalCount ${deep.callList.totalCount})`);
    const sqlList = (page: number) => () =>
      Promise.all([
        sqlPools.big.query(ROLLUP.list, [
          ...rangeArgs,
          'CallForward',
          null,
          null,
          LIMIT,
          (page - 1) * LIMIT,
        ]),
        sqlPools.big.query(ROLLUP.count, [...rangeArgs, 'CallForward', null, null]),
      ]);
    const lt = await interleaved(
      {
        gql1: () => graphql(bigServer.url, CALL_LIST_QUERY, listVars(1)),
        gqlDeep: () => graphql(bigServer.url, CALL_LIST_QUERY, listVars(DEEP_PAGE)),
        sql1: sqlList(1),
        sqlDeep: sqlList(DEEP_PAGE),
        fn1: () =>
          sqlPools.big.query(ROLLUP.list, [...rangeArgs, 'CallForward', null, null, LIMIT, 0]),
        fnDeep: () =>
          sqlPools.big.query(ROLLUP.list, [
            ...rangeArgs,
            'CallForward',
            null,
            null,
            LIMIT,
            (DEEP_PAGE - 1) * LIMIT,
          ]),
      },
      200,
      20,
    );
    const lp = Object.fromEntries(Object.entries(lt).map(([k, v]) => [k, median(v)])) as Record<
      string,
      number
    >;
    log(
      `  totalCount ${deep.callList.totalCount.toLocaleString('en-US')}; page ${DEEP_PAGE} starts at offset ${((DEEP_PAGE - 1) * LIMIT).toLocaleString('en-US')}`,
    );
    log(
      `  GraphQL p50: page 1 ${ms3(lp.gql1!)}, page ${DEEP_PAGE} ${ms3(lp.gqlDeep!)}: ratio ${verdict(lp.gqlDeep! / lp.gql1!, { max: 1.5 })}`,
    );
    log(
      `  SQL p50 (page + count, concurrently): page 1 ${ms3(lp.sql1!)}, page ${DEEP_PAGE} ${ms3(lp.sqlDeep!)}: ratio ${(lp.sqlDeep! / lp.sql1!).toFixed(2)}`,
    );
    log(
      `  get_kaleyra_call_list alone p50: page 1 ${ms3(lp.fn1!)}, page ${DEEP_PAGE} ${ms3(lp.fnDeep!)}: ratio ${(lp.fnDeep! / lp.fn1!).toFixed(2)} (+${ms3(lp.fnDeep! - lp.fn1!)})`,
    );
    const rawDeep = await interleaved(
      {
        rawList: () =>
          sqlPools.big.query(RAW.list, [
            ...rangeArgs,
            'CallForward',
            null,
            null,
            LIMIT,
            (DEEP_PAGE - 1) * LIMIT,
          ]),
        rawCount: () => sqlPools.big.query(RAW.count, [...rangeArgs, 'CallForward', null, null]),
      },
      5,
      1,
    );
    log(
      `  for reference, the old raw SQL: page ${DEEP_PAGE} ${ms3(median(rawDeep.rawList!))}, count ${ms3(median(rawDeep.rawCount!))}`,
    );

    // ---------------------------------------------------------------- 6: customer calls
    log(
      `\n## 6. customer calls, 30 days: ${BIG_LABEL} ÷ 100k legs (GraphQL over HTTP), and customerCalls page ${DEEP_PAGE.toLocaleString('en-US')} ÷ page 1`,
    );
    const calls = await bigPool.query<{ calls: number; legs: number }>(
      'SELECT (SELECT count(*) FROM customer_calls)::int AS calls, (SELECT count(*) FROM customer_call_legs)::int AS legs',
    );
    log(
      `  big: ${calls.rows[0]!.calls.toLocaleString('en-US')} customer calls, ${calls.rows[0]!.legs.toLocaleString('en-US')} CallForward legs linked or not`,
    );
    const ccVars = (page: number) => ({ range: WINDOW, page, limit: LIMIT });
    const deepCalls = (await graphql(bigServer.url, CUSTOMER_CALLS_QUERY, ccVars(DEEP_PAGE))) as {
      customerCalls: { totalCount: number; items: unknown[] };
    };
    if (deepCalls.customerCalls.items.length !== LIMIT)
      throw new Error(
        `customerCalls page ${DEEP_PAGE} is not full (totalCount ${deepCalls.customerCalls.totalCount})`,
      );
    const cc = await interleaved(
      {
        slBig: () => graphql(bigServer.url, SERVICE_LEVEL_QUERY, { range: WINDOW }),
        slSmall: () => graphql(smallServer.url, SERVICE_LEVEL_QUERY, { range: WINDOW }),
        ovBig: () => graphql(bigServer.url, OVERVIEW_V2_QUERY, { range: WINDOW }),
        ovSmall: () => graphql(smallServer.url, OVERVIEW_V2_QUERY, { range: WINDOW }),
        p1Big: () => graphql(bigServer.url, CUSTOMER_CALLS_QUERY, ccVars(1)),
        p1Small: () => graphql(smallServer.url, CUSTOMER_CALLS_QUERY, ccVars(1)),
        deepBig: () => graphql(bigServer.url, CUSTOMER_CALLS_QUERY, ccVars(DEEP_PAGE)),
        deepSmall: () => graphql(smallServer.url, CUSTOMER_CALLS_QUERY, ccVars(DEEP_PAGE)),
      },
      200,
      20,
    );
    const cp = Object.fromEntries(Object.entries(cc).map(([k, v]) => [k, median(v)])) as Record<
      string,
      number
    >;
    const pair = (name: string, big: number, small: number) =>
      log(
        `  ${name.padEnd(34)} p50 ${ms3(big).padStart(10)} at ${BIG_LABEL}, ${ms3(small).padStart(10)} at 100k: ratio ${verdict(big / small, { max: 1.2 })}`,
      );
    pair('serviceLevel', cp.slBig!, cp.slSmall!);
    pair('dashboardOverview (v2 fields)', cp.ovBig!, cp.ovSmall!);
    pair('customerCalls page 1 (legs, names)', cp.p1Big!, cp.p1Small!);
    log(
      `  customerCalls page ${DEEP_PAGE} p50 ${ms3(cp.deepBig!)} at ${BIG_LABEL} (offset ${((DEEP_PAGE - 1) * LIMIT).toLocaleString('en-US')} of ${deepCalls.customerCalls.totalCount.toLocaleString('en-US')}), ` +
        `${ms3(cp.deepSmall!)} at 100k (past the last page there, so not a like-for-like ratio: ${(cp.deepBig! / cp.deepSmall!).toFixed(2)})`,
    );
    log(
      `  customerCalls page ${DEEP_PAGE} ÷ page 1 at ${BIG_LABEL}: ${verdict(cp.deepBig! / cp.p1Big!, { max: 1.5 })}`,
    );

    // ---------------------------------------------------------------- 7: recovery, breakdowns
    log(
      `\n## 7. missed-call recovery and breakdowns (issue 13), 30 days: ${BIG_LABEL} ÷ 100k legs (GraphQL over HTTP)`,
    );
    const eps = await bigPool.query<{ episodes: number; callers: number }>(
      'SELECT (SELECT count(*) FROM customer_call_episodes)::int AS episodes, (SELECT count(DISTINCT caller) FROM customer_calls)::int AS callers',
    );
    log(
      `  big: ${eps.rows[0]!.episodes.toLocaleString('en-US')} recovery episodes, ${eps.rows[0]!.callers.toLocaleString('en-US')} distinct callers`,
    );
    const rv = { range: WINDOW };
    const rec = await interleaved(
      {
        heatBig: () => graphql(bigServer.url, HEATMAP_QUERY, rv),
        heatSmall: () => graphql(smallServer.url, HEATMAP_QUERY, rv),
        breakBig: () => graphql(bigServer.url, BREAKDOWN_QUERY, rv),
        breakSmall: () => graphql(smallServer.url, BREAKDOWN_QUERY, rv),
        sumBig: () => graphql(bigServer.url, RECOVERY_SUMMARY_QUERY, rv),
        sumSmall: () => graphql(smallServer.url, RECOVERY_SUMMARY_QUERY, rv),
        missedBig: () => graphql(bigServer.url, MISSED_CALLERS_QUERY, rv),
        missedSmall: () => graphql(smallServer.url, MISSED_CALLERS_QUERY, rv),
        callersBig: () => graphql(bigServer.url, CALLER_SUMMARY_QUERY, rv),
        callersSmall: () => graphql(smallServer.url, CALLER_SUMMARY_QUERY, rv),
      },
      100,
      10,
    );
    const rp = Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, median(v)])) as Record<
      string,
      number
    >;
    const pairMax = (name: string, big: number, small: number, max: number) =>
      log(
        `  ${name.padEnd(34)} p50 ${ms3(big).padStart(10)} at ${BIG_LABEL}, ${ms3(small).padStart(10)} at 100k: ratio ${verdict(big / small, { max })}`,
      );
    pairMax('callHeatmap', rp.heatBig!, rp.heatSmall!, 1.2);
    pairMax('callBreakdown (LOCATION)', rp.breakBig!, rp.breakSmall!, 1.2);
    pairMax('recoverySummary', rp.sumBig!, rp.sumSmall!, 1.2);
    pairMax('missedCallers page 1', rp.missedBig!, rp.missedSmall!, 3);
    pairMax('callerSummary', rp.callersBig!, rp.callersSmall!, 3);

    for (const server of servers.splice(0)) await server.stop();

    // ---------------------------------------------------------------- 5: upsert cost
    log(
      `\n## 5. upsert of ${SYNC_BATCH}-leg pages: with rollup (and customer-call) maintenance ÷ without (${BIG_LABEL}-leg table)`,
    );
    await bigPool.query(INLINE_UPSERT);
    // Triggers off for a whole session: what a replica apply does; no DDL between samples.
    const replica = (name: string) =>
      new pg.Pool({
        connectionString: bigUrl,
        max: 1,
        application_name: name,
        options: '-c session_replication_role=replica',
      });
    const variants = {
      triggers: new PgStore(
        new pg.Pool({
          connectionString: bigUrl,
          max: 1,
          application_name: 'bench-upsert-triggers',
        }),
        [],
      ),
      none: new PgStore(replica('bench-upsert-none'), []),
    };
    const jsonbNone = replica('bench-upsert-jsonb-none');
    const inline = replica('bench-upsert-inline');
    cleanup.push(() =>
      Promise.all([
        variants.triggers.pool.end(),
        variants.none.pool.end(),
        jsonbNone.end(),
        inline.end(),
      ]),
    );
    const runs: Record<string, (rows: KaleyraCallLog[]) => Promise<unknown>> = {
      triggers: (rows) => variants.triggers.upsertCallLogs(rows),
      none: (rows) => variants.none.upsertCallLogs(rows),
      'jsonb none': (rows) =>
        jsonbNone.query('SELECT * FROM upsert_kaleyra_call_logs($1::jsonb)', [
          JSON.stringify(rows.map(toDbCallLogJson)),
        ]),
      'jsonb inline': (rows) =>
        inline.query('SELECT * FROM bench_upsert_with_inline_rollup($1::jsonb)', [
          JSON.stringify(rows.map(toDbCallLogJson)),
        ]),
    };
    const names = Object.keys(runs);
    for (const pool of [variants.triggers.pool, variants.none.pool, jsonbNone, inline])
      await pool.query('SELECT 1');
    // New days after the loaded range, as tomorrow's sync would bring them.
    // Two passes over fresh days: the customer-call triggers off (the rollup's own cost, as
    // measured before customer calls), then every trigger on (rollup and customer calls). "none"
    // has every trigger off in both (session_replication_role = replica).
    const linkTriggers = (
      await bigPool.query<{ tgname: string }>(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = 'kaleyra_call_logs'::regclass AND NOT tgisinternal
           AND (tgname LIKE 'kaleyra_call_logs_customer_calls_%' OR tgname LIKE 'kaleyra_call_logs_episodes_%')
           AND tgname NOT LIKE '%_truncate'`,
      )
    ).rows.map((r) => r.tgname);
    const extraFrom = addDays(TO, 1);
    let extraTo = extraFrom;
    for (const [pass, offset] of [
      ['rollup only', 0],
      ['rollup and customer calls', 8],
    ] as const) {
      const passFrom = addDays(TO, 1 + offset);
      extraTo = addDays(passFrom, 7);
      const linksOn = pass !== 'rollup only';
      for (const t of linkTriggers)
        await bigPool.query(
          `ALTER TABLE kaleyra_call_logs ${linksOn ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`,
        );
      for (const pool of [variants.triggers.pool, variants.none.pool, jsonbNone, inline])
        await pool.query('DISCARD PLANS');
      const batches = [
        ...pages(3 + offset, passFrom, extraTo, UPSERT_BATCHES * SYNC_BATCH, SYNC_BATCH),
      ].slice(0, UPSERT_BATCHES);
      const rand = mulberry32(11);
      const statuses = ['ANSWER', 'NOANSWER', 'BUSY', 'FAILED'];
      // The same pages again, a third of their legs changed (status, billsec) as a re-sync finds them.
      const resyncs = batches.map((b) =>
        b.map((leg) =>
          rand() < 0.33
            ? { ...leg, status: pick(rand, statuses), billsec: Math.floor(rand() * 300) }
            : leg,
        ),
      );
      const timed: Record<string, { insert: number[]; resync: number[] }> = Object.fromEntries(
        names.map((n) => [n, { insert: [], resync: [] }]),
      );
      for (const [phase, list] of [
        ['insert', batches],
        ['resync', resyncs],
      ] as const) {
        for (let i = 0; i < list.length; i++) {
          // Rotating assignment: every variant gets every fourth page, in every position.
          const name = names[(i + Math.floor(i / names.length)) % names.length]!;
          const t0 = performance.now();
          await runs[name]!(list[i]!);
          timed[name]![phase].push(performance.now() - t0);
        }
      }
      log(`  ${pass} (the "triggers" variant):`);
      for (const name of names) {
        log(
          `    ${name.padEnd(12)} p50 per page: new legs ${ms3(median(timed[name]!.insert))}, re-sync ${ms3(median(timed[name]!.resync))}`,
        );
      }
      const insRatio = median(timed.triggers!.insert) / median(timed.none!.insert);
      const resRatio = median(timed.triggers!.resync) / median(timed.none!.resync);
      log(
        linksOn
          ? `    triggers ÷ none (the app's upsert, rollup and customer calls kept): new legs ${insRatio.toFixed(2)}; re-sync ${resRatio.toFixed(2)}`
          : `    triggers ÷ none (the app's upsert, rollup kept): new legs ${verdict(insRatio, { max: 1.25 })}; re-sync ${verdict(resRatio, { max: 1.25 })}`,
      );
      if (!linksOn)
        log(
          `    in-function ÷ none (jsonb upsert, for the trigger-vs-function choice): new legs ${(median(timed['jsonb inline']!.insert) / median(timed['jsonb none']!.insert)).toFixed(2)}; ` +
            `re-sync ${(median(timed['jsonb inline']!.resync) / median(timed['jsonb none']!.resync)).toFixed(2)}`,
        );
    }
    for (const t of linkTriggers)
      await bigPool.query(`ALTER TABLE kaleyra_call_logs ENABLE TRIGGER ${t}`);
    // (The customer calls of these days are stale too; the database is thrown away.)
    // The pages written with the triggers off left the rollup short: recount those days.
    await bigPool.query('SELECT rebuild_kaleyra_call_rollup($1, $2)', [extraFrom, extraTo]);
    if (!(await rollupMatchesLegs(bigPool)))
      throw new Error('rollup differs from the legs after the upsert runs');
    log(
      '  rollup = GROUP BY over the legs again after rebuild_kaleyra_call_rollup of the bypassed days: checked',
    );

    log(`\n# done in ${((performance.now() - benchStarted) / 1000).toFixed(0)} s; ${loadNote()}`);
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
