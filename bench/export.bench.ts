/**
 * npm run bench:export — the CSV exports (GET /exports/*.csv) on a throwaway embedded Postgres.
 *
 * Two databases in one cluster, loaded with the simulator's generator over the same 100 IST days:
 * 100k legs and 1M legs (`-- --legs=N` for another big size). The legs are written with every
 * trigger off (session_replication_role = replica, about 10× faster than the customer-call
 * triggers allow), then the rollups and customer calls are rebuilt from them by the same
 * functions `npm run links:rebuild` runs, as after any write that bypassed the triggers.
 *
 * Each export runs against a server in a fresh forked process (its RSS is the export's own) and is
 * read over real HTTP to the end. Figures, each a ratio of two things measured in this same run:
 *   1. peak RSS of the server during the call-logs export of 1M legs ÷ the same export of 100k;
 *   2. rows/s of the call-logs export of 1M legs ÷ rows/s of `psql -c "\copy (SELECT <the same
 *      columns> FROM export_call_logs(...)) to stdout csv"` of the same rows, alternated 3 times
 *      (medians). psql from Debian's postgresql-15; skipped with one line when missing.
 * The customer-calls export of 1M legs is timed for the record. Only loopback; loops bounded.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import type { Config } from '../src/config';
import { PgStore } from '../src/datasources/database/pg.store';
import { migrate, readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { addDays, istDayStart } from '../src/domain/ist';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';
import { forkSelf, serveParent } from './lib/child';
import { cleanupStack, startBenchDatabase } from './lib/database';
import { pages } from './lib/legs';
import { describeMachine, loadNote } from './lib/machine';
import { collectGarbage, startRssSampler } from './lib/memory';
import { median, verdict } from './lib/stats';

const FROM = '2026-01-01';
const TO = '2026-04-10'; // 100 IST days
const SMALL = 100_000;
const BIG = Number(
  /^--legs=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--legs=')) ?? '')?.[1] ?? 1_000_000,
);
const BIG_LABEL = BIG >= 1_000_000 ? `${BIG / 1_000_000}M` : `${BIG / 1_000}k`;
const ROUNDS = 3;
const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((p) => existsSync(p));
const EXPORT_COLUMNS =
  'id, start_time_ist, end_time_ist, service, call_from, call_to, agent_number, agent_name, status, duration, billsec, location, provider, caller_id, recording_url';

const log = (...parts: unknown[]) => console.log(...parts);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

// ---------------------------------------------------------------- child: the server

interface ServerStats {
  startRss: number;
  peakRss: number;
  kernelMaxRss: number;
}

function serverConfig(databaseUrl: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    nodeEnv: 'production',
    logLevel: 'warn',
    databaseMode: 'postgres',
    databaseUrl,
    dataDir: '/nonexistent',
    migrateOnStart: false,
    eventsTransport: 'poll',
    kaleyraApiKey: 'ABENCHFAKEKEY000000000000000000000',
    kaleyraBaseUrl: 'http://127.0.0.1:9/v1/',
    kaleyraTimeoutMs: 2_000,
    kaleyraCallbackUrl: 'https://bench.invalid/webhooks/kaleyra/callback',
    authDisabled: false,
    authJwtSecret: 'bench-export-jwt-secret-that-is-long-enough',
    corsOrigins: [],
    maskNumbersFor: [],
    callRateLimitPerMinute: 10,
    exportRateLimitPerMinute: 1_000,
    wsMaxSocketsPerUser: 20,
    httpRequestTimeoutMs: 30_000,
    httpHeadersTimeoutMs: 10_000,
  };
}

function runServerChild(): void {
  let sampler: ReturnType<typeof startRssSampler> | undefined;
  let stop: (() => Promise<void>) | undefined;
  serveParent({
    start: async (databaseUrl: string) => {
      const server = await createServer(serverConfig(databaseUrl), {
        logger: createLogger({ level: 'warn' }),
      });
      stop = () => server.stop();
      collectGarbage();
      sampler = startRssSampler();
      return server.url;
    },
    stats: async (): Promise<ServerStats> => {
      const s = sampler!.stop();
      await stop?.();
      return s;
    },
  });
}

// ---------------------------------------------------------------- parent

async function token(): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({ role: 'authenticated', app_metadata: { role: 'viewer' } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('bench-export')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(serverConfig('').authJwtSecret!));
}

/** Reads one export to its end; its bytes, CRLF count and time. */
async function download(
  url: string,
  bearer: string,
): Promise<{ ms: number; bytes: number; lines: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { ms: performance.now() - started, bytes, lines };
}

/** `psql \copy (select ...) to stdout csv` into nothing; its time. */
function psqlCopy(connectionString: string, select: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      PSQL!,
      ['-X', '-q', '-d', connectionString, '-c', `\\copy (${select}) to stdout csv`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`psql exited ${code}`)),
    );
  });
}

/** The legs with every trigger off, then the rollups and customer calls rebuilt from them. */
async function load(url: string, legs: number, label: string): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const started = performance.now();
  const replica = new pg.Pool({
    connectionString: url,
    max: 1,
    options: '-c session_replication_role=replica',
  });
  try {
    const db = new PgStore(replica, []);
    let writing: Promise<unknown> = Promise.resolve();
    for (const page of pages(1, FROM, TO, legs, 5_000)) {
      await writing;
      writing = db.upsertCallLogs(page);
    }
    await writing;
  } finally {
    await replica.end();
  }
  const loaded = performance.now();
  const pool = createPool({ connectionString: url, max: 1 }, logger);
  try {
    await pool.query('SELECT rebuild_kaleyra_call_rollup()');
    await pool.query('SELECT rebuild_customer_calls()');
    await pool.query('VACUUM ANALYZE');
    const { rows } = await pool.query<{ legs: number; calls: number }>(
      'SELECT (SELECT count(*) FROM kaleyra_call_logs)::int AS legs, (SELECT count(*) FROM customer_calls)::int AS calls',
    );
    log(
      `  ${label}: ${n(rows[0]!.legs)} legs in ${((loaded - started) / 1000).toFixed(1)} s (triggers off), ` +
        `rollups and ${n(rows[0]!.calls)} customer calls rebuilt + VACUUM ANALYZE in ${((performance.now() - loaded) / 1000).toFixed(1)} s`,
    );
  } finally {
    await pool.end();
  }
}

interface Measured {
  ms: number;
  bytes: number;
  lines: number;
  stats: ServerStats;
}

/** One export against a fresh server process. */
async function exportOnce(databaseUrl: string, path: string, bearer: string): Promise<Measured> {
  const child = forkSelf('server');
  try {
    const url = await child.rpc.call<string>('start', databaseUrl, 60_000);
    const got = await download(`${url}${path}`, bearer);
    const stats = await child.rpc.call<ServerStats>('stats', null, 60_000);
    return { ...got, stats };
  } finally {
    await child.stop();
  }
}

async function main(): Promise<void> {
  log(`# bench:export — ${describeMachine()}; ${loadNote()}`);
  log(
    `# ${BIG_LABEL} vs 100k legs over ${FROM}..${TO} (100 IST days); every export covers all of them`,
  );
  const logger = createLogger({ level: 'silent' });
  const cleanup = cleanupStack();
  try {
    const cluster = await startBenchDatabase(logger, 'export');
    cleanup.push(() => cluster.stop());
    const bigUrl = cluster.connectionString;
    await cluster.pool.query('CREATE DATABASE export_small');
    const smallUrl = bigUrl.replace(/\/postgres$/, '/export_small');
    const smallPool = createPool({ connectionString: smallUrl, max: 1 }, logger);
    await migrate(smallPool, logger, readMigrations());
    await smallPool.end();

    log('\n## Load');
    await load(smallUrl, SMALL, '100k');
    await load(bigUrl, BIG, BIG_LABEL);

    const bearer = await token();
    const path = `/exports/call-logs.csv?startDate=${FROM}&endDate=${TO}`;
    const start = istDayStart(FROM).toISOString();
    const end = istDayStart(addDays(TO, 1)).toISOString();
    const select = `SELECT ${EXPORT_COLUMNS} FROM export_call_logs('${start}', '${end}', NULL, NULL, NULL, false)`;

    log('\n## 1. Peak RSS of the server: call-logs export of the big table ÷ of 100k');
    const small = await exportOnce(smallUrl, path, bearer);
    const big = await exportOnce(bigUrl, path, bearer);
    for (const [label, m] of [
      ['100k', small],
      [BIG_LABEL, big],
    ] as const) {
      log(
        `  ${label}: ${n(m.lines - 1)} rows, ${mib(m.bytes)} in ${(m.ms / 1000).toFixed(2)} s (${n(((m.lines - 1) / m.ms) * 1000)} rows/s); ` +
          `server RSS ${mib(m.stats.startRss)} at start, peak ${mib(m.stats.peakRss)} (kernel max ${mib(m.stats.kernelMaxRss)})`,
      );
    }
    log(
      `  peak RSS ${BIG_LABEL} ÷ 100k: ${verdict(big.stats.peakRss / small.stats.peakRss, { max: 1.5 })}`,
    );

    log(
      `\n## 2. Rows/s: the export over HTTP ÷ psql \\copy of the same rows (${BIG_LABEL} legs, medians of ${ROUNDS})`,
    );
    if (!PSQL) {
      log('  skipped: psql not found (apt-get install -y postgresql-15)');
    } else {
      const exportMs: number[] = [big.ms];
      const psqlMs: number[] = [];
      const bareMs: number[] = [];
      const bare = `SELECT * FROM kaleyra_call_logs WHERE start_time >= '${start}' AND start_time < '${end}' ORDER BY start_time, id`;
      for (let round = 0; round < ROUNDS; round++) {
        psqlMs.push(await psqlCopy(bigUrl, select));
        bareMs.push(await psqlCopy(bigUrl, bare));
        if (round > 0) exportMs.push((await exportOnce(bigUrl, path, bearer)).ms);
      }
      const rows = big.lines - 1;
      const e = median(exportMs);
      const p = median(psqlMs);
      log(
        `  export: ${exportMs.map((x) => (x / 1000).toFixed(2)).join(', ')} s → ${n((rows / e) * 1000)} rows/s`,
      );
      log(
        `  psql \\copy: ${psqlMs.map((x) => (x / 1000).toFixed(2)).join(', ')} s → ${n((rows / p) * 1000)} rows/s`,
      );
      log(`  export ÷ psql rows/s: ${verdict(p / e, { min: 0.5 })}`);
      log(
        `  for the record, psql \\copy of the bare rows (SELECT * ... ORDER BY start_time, id, no cells made): ${bareMs.map((x) => (x / 1000).toFixed(2)).join(', ')} s → ${n((rows / median(bareMs)) * 1000)} rows/s`,
      );
    }

    log(`\n## For the record: customer-calls export of the ${BIG_LABEL}-leg table`);
    const calls = await exportOnce(
      bigUrl,
      `/exports/customer-calls.csv?startDate=${FROM}&endDate=${TO}`,
      bearer,
    );
    log(
      `  ${n(calls.lines - 1)} calls, ${mib(calls.bytes)} in ${(calls.ms / 1000).toFixed(2)} s (${n(((calls.lines - 1) / calls.ms) * 1000)} rows/s), server peak RSS ${mib(calls.stats.peakRss)}`,
    );
  } finally {
    await cleanup.run();
  }
}

if (process.argv[2] === 'server') runServerChild();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
