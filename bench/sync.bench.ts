/**
 * npm run bench:sync — the call-log sync against the simulator and a real (embedded) Postgres.
 *
 * 100k legs over 30 IST days, at 0 ms and 100 ms of simulated per-page latency. Every figure that
 * matters is a ratio of two things measured in this same run (the box is shared and noisy):
 *   - sync wall time ÷ fetching the same pages without writing (the sync prefetches page N+1
 *     while page N is written, so writes should hide behind fetches);
 *   - upsert rows/s ÷ COPY rows/s of the same 200-row batches into a table of the same shape;
 *   - upsert rows/s with customer-call maintenance ÷ without it, beside two yardsticks: a floor
 *     (derived rows copied, nothing computed) and a prototype of the other design
 *     (bench/sql/link-column-prototype.sql);
 *   - first load ÷ re-sync of unchanged data, with zero table growth;
 *   - peak RSS of a sync of 100k legs ÷ one of 10k legs.
 * The simulator (which holds its whole data set in memory) runs in this process; every fetch and
 * sync runs in a fresh forked child, so its RSS is the sync's own; children inherit this process's
 * node flags, and `npm run bench:sync` passes `--max-semi-space-size=16` as `npm run sync` and
 * `npm start` do (without it V8 grows its young generation with the machine's memory).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { KaleyraClient } from '../src/datasources/kaleyra/kaleyra.client';
import { parseCallLogRecord } from '../src/datasources/kaleyra/kaleyra.mappers';
import type { KaleyraCallLog } from '../src/datasources/kaleyra/kaleyra.types';
import { PgStore } from '../src/datasources/database/pg.store';
import { CALL_LOG_COLUMNS, toDbCallLogJson } from '../src/datasources/database/call-log.rows';
import { readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { addDays, daysBetween, istDateOf } from '../src/domain/ist';
import { createLogger, type Logger } from '../src/logger';
import { projectRoot } from '../src/paths';
import { generateTraffic } from '../src/simulator/generator';
import { startKaleyraSimulator } from '../src/simulator/simulator.server';
import { CallLogSync, type SyncOutcome } from '../src/sync/call-log-sync';
import { forkSelf, serveParent } from './lib/child';
import { cleanupStack, startBenchDatabase, type BenchDatabase } from './lib/database';
import { describeMachine, loadNote } from './lib/machine';
import { collectGarbage, startRssSampler } from './lib/memory';
import { fmt, median, verdict } from './lib/stats';

const API_KEY = 'ABENCHFAKEKEY000000000000000000000';
const DAYS = 30;
const BIG = 100_000;
const SMALL = 10_000;
const BATCH = 200;
const COPY_ROUNDS = 4;

// ---------------------------------------------------------------- child: one fetch or sync

interface Job {
  op: 'fetch' | 'sync';
  simUrl: string;
  connectionString: string;
  fromDate: string;
  toDate: string;
  force: boolean;
}

interface JobResult {
  ms: number;
  pages: number;
  records: number;
  outcome?: SyncOutcome;
  startRss: number;
  peakRss: number;
  kernelMaxRss: number;
}

async function runJob(job: Job): Promise<JobResult> {
  const logger = createLogger({ level: 'warn' });
  const kaleyra = new KaleyraClient({
    baseUrl: job.simUrl,
    apiKey: API_KEY,
    timeoutMs: 10_000,
    logger,
  });
  const pool =
    job.op === 'sync' ? createPool({ connectionString: job.connectionString }, logger) : undefined;
  try {
    if (pool) await pool.query('SELECT 1'); // connect before the clock starts, as a server would be
    collectGarbage();
    const rss = startRssSampler();
    const started = performance.now();
    let pages = 0;
    let records = 0;
    let outcome: SyncOutcome | undefined;
    if (job.op === 'fetch') {
      // What the sync does minus the writes: the same day windows, the same pages, parsed.
      for (let i = 0; i <= daysBetween(job.fromDate, job.toDate); i++) {
        const day = addDays(job.fromDate, i);
        for await (const page of kaleyra.callLogs(day, day)) {
          pages++;
          records += page.rawCount;
        }
      }
    } else {
      const sync = new CallLogSync({
        kaleyra,
        db: new PgStore(pool!, readMigrations()),
        logger,
      });
      outcome = await sync.run({ fromDate: job.fromDate, toDate: job.toDate, force: job.force });
      pages = outcome.pages;
      records = outcome.fetched;
    }
    const ms = performance.now() - started;
    return { ms, pages, records, outcome, ...rss.stop() };
  } finally {
    await pool?.end();
  }
}

/** Each measurement in a fresh process: nothing left over from the one before. */
async function inChild(job: Job): Promise<JobResult> {
  const child = forkSelf('worker');
  try {
    return await child.rpc.call<JobResult>('job', job, 15 * 60_000);
  } finally {
    await child.stop();
  }
}

// ---------------------------------------------------------------- parent helpers

interface TableState {
  rows: number;
  totalBytes: number;
  deadTuples: number;
  inserts: number;
  updates: number;
  /** md5 over (id, xmin, xmax): changes if any row was rewritten or even row-locked. */
  versions: string;
  walLsn: string;
}

async function tableState(pool: pg.Pool): Promise<TableState> {
  // Stats of a backend are flushed when it exits: the child's connections have just closed.
  await new Promise((r) => setTimeout(r, 1_500));
  const { rows } = await pool.query<{
    rows: number;
    total_bytes: number;
    dead: number;
    ins: number;
    upd: number;
    versions: string;
    lsn: string;
  }>(`
    SELECT (SELECT count(*) FROM kaleyra_call_logs)::int AS rows,
           pg_total_relation_size('kaleyra_call_logs')::bigint AS total_bytes,
           s.n_dead_tup::bigint AS dead, s.n_tup_ins::bigint AS ins, s.n_tup_upd::bigint AS upd,
           (SELECT md5(string_agg(id || ':' || xmin::text || ':' || xmax::text, ',' ORDER BY id)) FROM kaleyra_call_logs) AS versions,
           pg_current_wal_lsn()::text AS lsn
    FROM pg_stat_user_tables s WHERE s.relname = 'kaleyra_call_logs'`);
  const r = rows[0]!;
  return {
    rows: r.rows,
    totalBytes: Number(r.total_bytes),
    deadTuples: Number(r.dead),
    inserts: Number(r.ins),
    updates: Number(r.upd),
    versions: r.versions,
    walLsn: r.lsn,
  };
}

async function emptyTables(db: BenchDatabase): Promise<void> {
  await db.pool.query('TRUNCATE kaleyra_call_logs, kaleyra_sync_days');
}

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function copyText(batch: readonly KaleyraCallLog[]): string {
  let out = '';
  for (const r of batch) {
    const row = toDbCallLogJson(r);
    out += CALL_LOG_COLUMNS.map((c) => copyValue(row[c])).join('\t') + '\n';
  }
  return out;
}

interface WriteRound {
  /** The production upsert (PgStore.upsertCallLogs) into an empty kaleyra_call_logs. */
  upsertMs: number;
  /** The same batches again: every row already there and unchanged. */
  unchangedMs: number;
  /** COPY of the same batches into an empty table of the same shape (no triggers). */
  copyMs: number;
  /** WAL written by the unchanged pass. */
  unchangedWalBytes: number;
  /** The upsert as first shipped (jsonb, migration 20261121000005), for comparison. */
  previousMs: number;
  previousUnchangedMs: number;
  previousUnchangedWalBytes: number;
  /** Only when kaleyra_call_logs has triggers: the upsert with them disabled, and COPY into it. */
  upsertNoTriggersMs?: number;
  copyWithTriggersMs?: number;
  /**
   * Only when the customer-call triggers exist: the production upsert of the same batches into an
   * empty table with them (customer calls kept) and with just them disabled, in separate passes.
   */
  upsertLinksMs?: number;
  upsertNoLinksMs?: number;
  /**
   * The floor for any design that keeps a derived row per leg at write time: customer-call
   * maintenance off, and instead a statement trigger that only copies each Incoming leg into a
   * table shaped like customer_calls and each CallForward leg into one like customer_call_legs
   * (same indexes), no lookup, lock, rollup or episode.
   */
  upsertDerivedCopyMs?: number;
  /**
   * The alternative design's prototype (bench/sql/link-column-prototype.sql): customer-call
   * maintenance off; links, facts and the deltas of two rollups computed inside the upsert's own
   * statement, no derived row per leg. A lower bound on that design's cost: it leaves out most of
   * what a correct version must do.
   */
  upsertLinkColumnMs?: number;
}

/**
 * The floor pass's tables and trigger (see WriteRound.upsertDerivedCopyMs): created for the pass and
 * dropped after it (the other passes' ENABLE TRIGGER USER would switch a standing one back on).
 */
const DERIVED_COPY_SQL = `
  CREATE TABLE bench_floor_calls (LIKE customer_calls INCLUDING ALL);
  CREATE TABLE bench_floor_legs (LIKE customer_call_legs INCLUDING ALL);
  CREATE FUNCTION bench_floor_copy() RETURNS trigger LANGUAGE plpgsql AS $f$
  BEGIN
    INSERT INTO bench_floor_calls (id, caller, customer_number, did, start_time, end_time, duration,
                                   location, provider, window_end)
    SELECT n.id, n.callfrom, n.callfrom, n.callto, n.start_time, n.end_time, n.duration,
           n.location, n.provider, n.start_time
    FROM new_legs n WHERE n.service = 'Incoming';
    INSERT INTO bench_floor_legs (id, call_id, caller, parent_id, start_time, agent, status, duration, billsec)
    SELECT n.id, nullif(n.parent_id, ''), n.callfrom, nullif(n.parent_id, ''), n.start_time, n.callto,
           n.status, n.duration, n.billsec
    FROM new_legs n WHERE n.service = 'CallForward';
    RETURN NULL;
  END
  $f$;
  CREATE TRIGGER bench_floor_copy AFTER INSERT ON kaleyra_call_logs
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION bench_floor_copy();`;
/** What link-column-prototype.sql adds, taken away after its pass (as the floor's, for the same reason). */
const DROP_LINK_COLUMN_SQL = `
  DROP FUNCTION IF EXISTS bench_link_column_upsert(text[], text[], text[], text[], timestamptz[],
    timestamptz[], integer[], integer[], text[], text[], text[], text[], text[], text[], text[]);
  ALTER TABLE kaleyra_call_logs
    DROP COLUMN IF EXISTS bench_call_id, DROP COLUMN IF EXISTS bench_caller,
    DROP COLUMN IF EXISTS bench_outcome, DROP COLUMN IF EXISTS bench_answered_by,
    DROP COLUMN IF EXISTS bench_answered_at, DROP COLUMN IF EXISTS bench_first_leg_start,
    DROP COLUMN IF EXISTS bench_leg_count, DROP COLUMN IF EXISTS bench_talk_seconds;
  DROP TABLE IF EXISTS bench_link_column_rollup, bench_link_column_wait_rollup;`;
/**
 * Digests of every CallForward leg's link, every customer call's outcome, answering agent and
 * answeredAt, and the two rollups' non-zero rows: production's (from its derived tables) and the
 * prototype's (from its columns and tables), so a prototype that skipped work would fail the run
 * rather than look fast.
 */
const rollupDigests = (calls: string, waits: string) => `
  (SELECT md5(string_agg(concat_ws(':', day, outcome, calls, seconds_sum, talk_sum), ',' ORDER BY day, outcome))
     FROM ${calls} WHERE calls <> 0 OR seconds_sum <> 0 OR talk_sum <> 0) AS rollup,
  (SELECT md5(string_agg(concat_ws(':', day, kind, seconds, calls), ',' ORDER BY day, kind, seconds))
     FROM ${waits} WHERE calls <> 0) AS waits`;
const PRODUCTION_LINKS_SQL = `
  SELECT (SELECT md5(string_agg(l.id || ':' || coalesce(l.call_id, ''), ',' ORDER BY l.id)) FROM customer_call_legs l) AS links,
         (SELECT md5(string_agg(c.id || ':' || c.outcome || ':' || coalesce(c.answered_by, '') || ':' ||
                                coalesce(c.answered_at::text, ''), ',' ORDER BY c.id)) FROM customer_calls c) AS outcomes,
         ${rollupDigests('customer_call_rollup', 'customer_call_wait_rollup')}`;
const PROTOTYPE_LINKS_SQL = `
  SELECT (SELECT md5(string_agg(k.id || ':' || coalesce(k.bench_call_id, ''), ',' ORDER BY k.id))
            FROM kaleyra_call_logs k WHERE k.service = 'CallForward') AS links,
         (SELECT md5(string_agg(k.id || ':' || k.bench_outcome || ':' || coalesce(k.bench_answered_by, '') || ':' ||
                                coalesce(k.bench_answered_at::text, ''), ',' ORDER BY k.id))
            FROM kaleyra_call_logs k WHERE k.service = 'Incoming') AS outcomes,
         ${rollupDigests('bench_link_column_rollup', 'bench_link_column_wait_rollup')}`;
interface Digests {
  links: string;
  outcomes: string;
  rollup: string;
  waits: string;
}
const DROP_DERIVED_COPY_SQL = `
  DROP TRIGGER IF EXISTS bench_floor_copy ON kaleyra_call_logs;
  DROP FUNCTION IF EXISTS bench_floor_copy();
  DROP TABLE IF EXISTS bench_floor_calls, bench_floor_legs;`;

/**
 * The write side alone, no HTTP: the sync's upsert vs COPY, the same 200-row batches, each into
 * an empty table, batch by batch in alternating order; then the same upserts again over unchanged rows.
 */
async function writeSide(
  db: BenchDatabase,
  logger: Logger,
  legs: readonly KaleyraCallLog[],
  triggers: string[],
): Promise<WriteRound[]> {
  const batches: KaleyraCallLog[][] = [];
  for (let i = 0; i < legs.length; i += BATCH) batches.push(legs.slice(i, i + BATCH));
  await db.pool.query('DROP TABLE IF EXISTS bench_copy_call_logs');
  // Same columns, defaults, primary key and indexes; LIKE copies no triggers.
  await db.pool.query('CREATE TABLE bench_copy_call_logs (LIKE kaleyra_call_logs INCLUDING ALL)');
  const pool = createPool(
    { connectionString: db.connectionString, max: 2, applicationName: 'bench-writes' },
    logger,
  );
  const ds = new PgStore(pool, readMigrations());
  // The previous function body, as migration 20261121000005 created it, under another name.
  const shipped = readFileSync(
    path.join(projectRoot(), 'db', 'migrations', '20261121000005_call_log_sync.sql'),
    'utf8',
  );
  const previousSql = /CREATE OR REPLACE FUNCTION upsert_kaleyra_call_logs[\s\S]*?\n\$\$;/.exec(
    shipped,
  )?.[0];
  if (!previousSql)
    throw new Error(
      'could not find the shipped upsert_kaleyra_call_logs in migration 20261121000005',
    );
  await db.pool.query(
    previousSql.replace('FUNCTION upsert_kaleyra_call_logs', 'FUNCTION bench_previous_upsert'),
  );
  const previous = async (b: readonly KaleyraCallLog[]) =>
    (
      await pool.query<{ inserted: number; updated: number }>(
        'SELECT * FROM bench_previous_upsert($1::jsonb)',
        [JSON.stringify(b.map(toDbCallLogJson))],
      )
    ).rows[0]!;
  // The prototype's template, with production's `input` and `changed` CTEs spliced in.
  const upsertSource = readFileSync(
    path.join(projectRoot(), 'db', 'functions', 'call_log_upsert.sql'),
    'utf8',
  );
  const inputAndChanged =
    /WITH (input AS \([\s\S]*?\n {2}\), changed AS \([\s\S]*?\n {2}\)), written AS \(/.exec(
      upsertSource,
    )?.[1];
  if (!inputAndChanged)
    throw new Error(
      'could not find the input and changed CTEs in db/functions/call_log_upsert.sql',
    );
  const template = readFileSync(
    path.join(projectRoot(), 'bench', 'sql', 'link-column-prototype.sql'),
    'utf8',
  );
  if (!template.includes('__UPSERT_INPUT_AND_CHANGED__'))
    throw new Error(
      'bench/sql/link-column-prototype.sql lost its __UPSERT_INPUT_AND_CHANGED__ marker',
    );
  const linkColumnSql = template.replace('__UPSERT_INPUT_AND_CHANGED__', () => inputAndChanged);
  const linkColumn = async (b: readonly KaleyraCallLog[]) => {
    const rows = b.map(toDbCallLogJson);
    const { rows: out } = await pool.query<{ inserted: number; updated: number }>(
      `SELECT * FROM bench_link_column_upsert($1::text[], $2::text[], $3::text[], $4::text[],
         $5::timestamptz[], $6::timestamptz[], $7::integer[], $8::integer[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])`,
      CALL_LOG_COLUMNS.map((column) => rows.map((r) => r[column])),
    );
    return out[0]!;
  };
  const digests = async (sql: string) => (await db.pool.query<Digests>(sql)).rows[0]!;
  const walNow = async () =>
    (await db.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  const walSince = async (lsn: string) =>
    Number(
      (
        await db.pool.query<{ b: string }>(
          'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::bigint AS b',
          [lsn],
        )
      ).rows[0]!.b,
    );
  const upsert = async (
    expected: number,
    write: (b: readonly KaleyraCallLog[]) => Promise<{ inserted: number; updated: number }> = (b) =>
      ds.upsertCallLogs(b),
  ) => {
    const t = performance.now();
    let written = 0;
    for (const b of batches) {
      const c = await write(b);
      written += c.inserted + c.updated;
    }
    const ms = performance.now() - t;
    if (written !== expected) throw new Error(`upsert wrote ${written} rows, expected ${expected}`);
    return ms;
  };
  const copy = async (table: string) => {
    const client = await pool.connect();
    try {
      const t = performance.now();
      for (const b of batches) {
        const stream = client.query(
          copyFrom(`COPY ${table} (${CALL_LOG_COLUMNS.join(', ')}) FROM STDIN`),
        );
        stream.end(copyText(b));
        await finished(stream);
      }
      const ms = performance.now() - t;
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (rows[0]!.n !== legs.length)
        throw new Error(`COPY stored ${rows[0]!.n} of ${legs.length} rows`);
      return ms;
    } finally {
      client.release();
    }
  };
  // The same batches upserted and COPYed one after the other, alternating which goes first: both
  // see the same disk, cache and checkpoint conditions (whole runs one after the other drifted by
  // ±20% against each other on this box).
  const interleaved = async () => {
    const client = await pool.connect();
    let upsertMs = 0;
    let copyMs = 0;
    let written = 0;
    try {
      for (const [i, b] of batches.entries()) {
        const doUpsert = async () => {
          const t = performance.now();
          const c = await ds.upsertCallLogs(b);
          upsertMs += performance.now() - t;
          written += c.inserted + c.updated;
        };
        const doCopy = async () => {
          const t = performance.now();
          const stream = client.query(
            copyFrom(`COPY bench_copy_call_logs (${CALL_LOG_COLUMNS.join(', ')}) FROM STDIN`),
          );
          stream.end(copyText(b));
          await finished(stream);
          copyMs += performance.now() - t;
        };
        if (i % 2 === 0) {
          await doUpsert();
          await doCopy();
        } else {
          await doCopy();
          await doUpsert();
        }
      }
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bench_copy_call_logs',
      );
      if (written !== legs.length || rows[0]!.n !== legs.length)
        throw new Error(`upsert wrote ${written}, COPY ${rows[0]!.n} of ${legs.length} rows`);
    } finally {
      client.release();
    }
    return { upsertMs, copyMs };
  };
  const truncate = () => db.pool.query('TRUNCATE kaleyra_call_logs, bench_copy_call_logs');
  const rounds: WriteRound[] = [];
  try {
    for (let round = 0; round < COPY_ROUNDS; round++) {
      await truncate();
      const { upsertMs, copyMs } = await interleaved();
      // VACUUM first, as before the re-sync above: reading freshly written rows sets their hint
      // bits, which (with data checksums) is WAL-logged and would be counted against the upsert.
      await db.pool.query('VACUUM kaleyra_call_logs');
      let lsn = await walNow();
      const unchangedMs = await upsert(0);
      const unchangedWalBytes = await walSince(lsn);
      await truncate();
      const previousMs = await upsert(legs.length, previous);
      await db.pool.query('VACUUM kaleyra_call_logs');
      lsn = await walNow();
      const previousUnchangedMs = await upsert(0, previous);
      const previousUnchangedWalBytes = await walSince(lsn);
      const r: WriteRound = {
        upsertMs,
        unchangedMs,
        copyMs,
        unchangedWalBytes,
        previousMs,
        previousUnchangedMs,
        previousUnchangedWalBytes,
      };
      if (triggers.length > 0) {
        await truncate();
        await db.pool.query('ALTER TABLE kaleyra_call_logs DISABLE TRIGGER USER');
        try {
          r.upsertNoTriggersMs = await upsert(legs.length);
        } finally {
          await db.pool.query('ALTER TABLE kaleyra_call_logs ENABLE TRIGGER USER');
        }
        await truncate();
        r.copyWithTriggersMs = await copy('kaleyra_call_logs');
      }
      // Customer-call maintenance on and off, whole passes, alternating which goes first.
      const linkTriggers = triggers.filter(
        (t) =>
          (t.startsWith('kaleyra_call_logs_customer_calls_') ||
            t.startsWith('kaleyra_call_logs_episodes_')) &&
          !t.endsWith('_truncate'),
      );
      if (linkTriggers.length > 0) {
        let production: Digests | undefined;
        let prototype: Digests | undefined;
        const withLinks = async () => {
          await truncate();
          r.upsertLinksMs = await upsert(legs.length);
          production = await digests(PRODUCTION_LINKS_SQL);
        };
        const withoutLinks = async () => {
          await truncate();
          for (const t of linkTriggers)
            await db.pool.query(`ALTER TABLE kaleyra_call_logs DISABLE TRIGGER ${t}`);
          try {
            r.upsertNoLinksMs = await upsert(legs.length);
          } finally {
            for (const t of linkTriggers)
              await db.pool.query(`ALTER TABLE kaleyra_call_logs ENABLE TRIGGER ${t}`);
          }
        };
        const derivedCopy = async () => {
          await truncate();
          for (const t of linkTriggers)
            await db.pool.query(`ALTER TABLE kaleyra_call_logs DISABLE TRIGGER ${t}`);
          await db.pool.query(DERIVED_COPY_SQL);
          try {
            r.upsertDerivedCopyMs = await upsert(legs.length);
          } finally {
            await db.pool.query(DROP_DERIVED_COPY_SQL);
            for (const t of linkTriggers)
              await db.pool.query(`ALTER TABLE kaleyra_call_logs ENABLE TRIGGER ${t}`);
          }
        };
        const linkColumnPrototype = async () => {
          await truncate();
          for (const t of linkTriggers)
            await db.pool.query(`ALTER TABLE kaleyra_call_logs DISABLE TRIGGER ${t}`);
          await db.pool.query(linkColumnSql);
          try {
            r.upsertLinkColumnMs = await upsert(legs.length, linkColumn);
            prototype = await digests(PROTOTYPE_LINKS_SQL);
          } finally {
            await db.pool.query(DROP_LINK_COLUMN_SQL);
            for (const t of linkTriggers)
              await db.pool.query(`ALTER TABLE kaleyra_call_logs ENABLE TRIGGER ${t}`);
          }
        };
        // Each round starts with a different pass of the four.
        const passes = [withLinks, withoutLinks, derivedCopy, linkColumnPrototype];
        for (let i = 0; i < passes.length; i++) await passes[(round + i) % passes.length]!();
        const differ = (['links', 'outcomes', 'rollup', 'waits'] as const).filter(
          (k) => !production || !prototype || production[k] !== prototype[k],
        );
        if (differ.length > 0)
          throw new Error(
            `the link-column prototype disagrees with production (${differ.join(', ')}): its figure would mean nothing`,
          );
      }
      rounds.push(r);
      const rate = (ms: number) => `${fmt.int(legs.length / (ms / 1000))} rows/s`;
      console.log(
        `  round ${round + 1}: upsert ${rate(upsertMs)}, COPY ${rate(copyMs)} → ratio ${fmt.ratio(copyMs / upsertMs)}; ` +
          `upsert of unchanged rows ${rate(unchangedMs)} → new ÷ unchanged time ${fmt.ratio(upsertMs / unchangedMs)}` +
          (r.upsertNoTriggersMs !== undefined
            ? `; with triggers off: upsert ${rate(r.upsertNoTriggersMs)} (ratio ${fmt.ratio(copyMs / r.upsertNoTriggersMs)}); ` +
              `COPY into kaleyra_call_logs with its triggers ${rate(r.copyWithTriggersMs!)} (upsert ratio ${fmt.ratio(r.copyWithTriggersMs! / upsertMs)})`
            : '') +
          (r.upsertLinksMs !== undefined
            ? `; customer calls kept ${rate(r.upsertLinksMs)}, not kept ${rate(r.upsertNoLinksMs!)} → ratio ${fmt.ratio(r.upsertNoLinksMs! / r.upsertLinksMs)}` +
              `; derived rows copied, nothing computed ${rate(r.upsertDerivedCopyMs!)} → ratio ${fmt.ratio(r.upsertNoLinksMs! / r.upsertDerivedCopyMs!)}` +
              `; link-column prototype ${rate(r.upsertLinkColumnMs!)} → ratio ${fmt.ratio(r.upsertNoLinksMs! / r.upsertLinkColumnMs!)}`
            : ''),
      );
      console.log(
        `    previous upsert (jsonb): ${rate(previousMs)}, unchanged ${rate(previousUnchangedMs)} writing ${fmt.int(previousUnchangedWalBytes / 1024)} KiB of WAL ` +
          `(now: ${fmt.int(unchangedWalBytes / 1024)} KiB)`,
      );
    }
  } finally {
    await pool.end();
    await db.pool.query('TRUNCATE kaleyra_call_logs');
    await db.pool.query('DROP TABLE IF EXISTS bench_copy_call_logs');
    await db.pool.query('DROP FUNCTION IF EXISTS bench_previous_upsert(jsonb)');
    await db.pool.query(DROP_DERIVED_COPY_SQL);
    await db.pool.query(DROP_LINK_COLUMN_SQL);
  }
  return rounds;
}

// ---------------------------------------------------------------- parent

function parsed(raw: ReturnType<typeof generateTraffic>): KaleyraCallLog[] {
  return raw.map((r) => {
    const p = parseCallLogRecord(r);
    if (!p.ok) throw new Error(`generated record does not parse: ${p.reason}`);
    return p.record;
  });
}

/** Upsert rows/s with customer-call maintenance ÷ the same upsert without it (its triggers off). */
function logLinkRatio(rounds: WriteRound[]): void {
  const linked = rounds.filter((r) => r.upsertLinksMs !== undefined);
  if (linked.length === 0) return;
  console.log(
    `  upsert with customer-call maintenance ÷ without (rows/s): ${verdict(median(linked.map((r) => r.upsertNoLinksMs! / r.upsertLinksMs!)), { min: 0.8 })} ` +
      `(median of ${linked.length} rounds: ${linked.map((r) => fmt.ratio(r.upsertNoLinksMs! / r.upsertLinksMs!)).join(', ')})`,
  );
  // What no computation can beat: the derived rows' own writes (WriteRound.upsertDerivedCopyMs).
  console.log(
    `    floor: the same upsert ÷ one that only copies each Incoming/CallForward leg into a derived row (nothing computed): ` +
      `${fmt.ratio(median(linked.map((r) => r.upsertNoLinksMs! / r.upsertDerivedCopyMs!)))} ` +
      `(${linked.map((r) => fmt.ratio(r.upsertNoLinksMs! / r.upsertDerivedCopyMs!)).join(', ')})`,
  );
  // The other design's best case (WriteRound.upsertLinkColumnMs), checked equal to production.
  console.log(
    `    link-column prototype: the same upsert ÷ one computing links and facts in its own statement, no derived row per leg, ` +
      `two of the rollups, no episode or caller table (a lower bound on that design's cost): ` +
      `${fmt.ratio(median(linked.map((r) => r.upsertNoLinksMs! / r.upsertLinkColumnMs!)))} ` +
      `(${linked.map((r) => fmt.ratio(r.upsertNoLinksMs! / r.upsertLinkColumnMs!)).join(', ')})`,
  );
}

async function main(): Promise<void> {
  // --only writes: the write side alone (upsert vs COPY), about 40 s. --only rss: peak RSS alone.
  const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
  const only = args.only;
  const wallStart = performance.now();
  const logger = createLogger({ level: 'warn' });
  const cleanup = cleanupStack();
  console.log(`bench:sync on ${describeMachine()}; ${loadNote()}`);
  try {
    const db = await startBenchDatabase(logger, 'sync');
    cleanup.push(() => db.stop());
    const triggers = await db.pool.query<{ tgname: string }>(
      "SELECT tgname FROM pg_trigger WHERE tgrelid = 'kaleyra_call_logs'::regclass AND NOT tgisinternal ORDER BY tgname",
    );
    const sim = await startKaleyraSimulator({ apiKey: API_KEY, seed: 11 });
    cleanup.push(() => sim.stop());

    // A closed 30-day window well in the past (the sync refuses days after today).
    const toDate = addDays(istDateOf(new Date()), -40);
    const fromDate = addDays(toDate, -(DAYS - 1));
    const big = generateTraffic({ seed: 42, fromDate, toDate, totalLegs: BIG });
    const small = generateTraffic({ seed: 43, fromDate, toDate, totalLegs: SMALL });
    console.log(
      `data: ${fmt.int(big.length)} and ${fmt.int(small.length)} legs over ${fromDate}..${toDate} (${DAYS} IST days), 200 a page`,
    );
    if (triggers.rows.length > 0)
      console.log(
        `note: triggers on kaleyra_call_logs: ${triggers.rows.map((r) => r.tgname).join(', ')}`,
      );
    const job = (op: Job['op'], force = false): Job => ({
      op,
      simUrl: sim.url,
      connectionString: db.connectionString,
      fromDate,
      toDate,
      force,
    });

    if (only === 'writes') {
      console.log('\nwrite side only: upsert vs COPY, the same 200-row batches, into empty tables');
      const rounds = await writeSide(
        db,
        logger,
        parsed(big),
        triggers.rows.map((r) => r.tgname),
      );
      console.log(
        `\n  upsert rows/s ÷ COPY rows/s: ${verdict(median(rounds.map((r) => r.copyMs / r.upsertMs)), { min: 0.8 })} (median of ${rounds.length} rounds)`,
      );
      logLinkRatio(rounds);
      return;
    }

    if (only === 'rss') {
      // --only rss: the peak-RSS pair alone (first-load syncs of 100k and 10k legs at 0 ms), each
      // with customer-call maintenance on and off.
      const links = triggers.rows
        .map((r) => r.tgname)
        .filter(
          (t) =>
            (t.startsWith('kaleyra_call_logs_customer_calls_') ||
              t.startsWith('kaleyra_call_logs_episodes_')) &&
            !t.endsWith('_truncate'),
        );
      for (const on of [true, false]) {
        for (const t of links)
          await db.pool.query(
            `ALTER TABLE kaleyra_call_logs ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`,
          );
        const peaks: string[] = [];
        for (const [label, records] of [
          ['100k', big],
          ['10k', small],
        ] as const) {
          sim.setRecords(records);
          await emptyTables(db);
          const r = await inChild(job('sync'));
          peaks.push(`${label} ${fmt.mib(r.peakRss)} in ${fmt.s(r.ms)}`);
        }
        console.log(`  customer calls ${on ? 'kept' : 'not kept'}: peak RSS ${peaks.join(', ')}`);
      }
      return;
    }

    // ---- 0 ms latency: two fetch/sync pairs, a re-sync of unchanged data, then 10k for RSS.
    sim.setRecords(big);
    sim.setFaults({ latencyMs: 0 });
    console.log('\n0 ms per page');
    const pairs0: { fetch: JobResult; sync: JobResult }[] = [];
    for (let i = 0; i < 2; i++) {
      await emptyTables(db);
      const fetch = await inChild(job('fetch'));
      const sync = await inChild(job('sync'));
      if (sync.outcome!.upserted !== big.length)
        throw new Error(`first load upserted ${sync.outcome!.upserted} of ${big.length}`);
      pairs0.push({ fetch, sync });
      console.log(
        `  pair ${i + 1}: fetch only ${fmt.s(fetch.ms)} (${fetch.pages} pages, ${fmt.int(fetch.records / (fetch.ms / 1000))} rec/s); ` +
          `first-load sync ${fmt.s(sync.ms)} (${fmt.int(sync.records / (sync.ms / 1000))} rec/s); ratio ${fmt.ratio(sync.ms / fetch.ms)}`,
      );
    }
    // VACUUM first so that autovacuum's own visibility-map/free-space forks are not counted as growth.
    await db.pool.query('VACUUM (ANALYZE) kaleyra_call_logs');
    const resyncs: JobResult[] = [];
    const before = await tableState(db.pool);
    for (let i = 0; i < 2; i++) resyncs.push(await inChild(job('sync', true)));
    const after = await tableState(db.pool);
    const walBytes = Number(
      (
        await db.pool.query<{ b: string }>('SELECT pg_wal_lsn_diff($1, $2)::bigint AS b', [
          after.walLsn,
          before.walLsn,
        ])
      ).rows[0]!.b,
    );
    const upsertedAgain = resyncs.reduce((n, r) => n + r.outcome!.upserted, 0);
    console.log(
      `  2 re-syncs of unchanged data: ${resyncs.map((r) => fmt.s(r.ms)).join(', ')} ` +
        `(${resyncs.map((r) => fmt.int(r.records / (r.ms / 1000))).join(', ')} rec/s), upserted ${upsertedAgain}; ` +
        `rows ${before.rows} → ${after.rows}, size ${before.totalBytes} → ${after.totalBytes} B, ` +
        `dead tuples ${before.deadTuples} → ${after.deadTuples}, updates ${before.updates} → ${after.updates}, ` +
        `row versions (xmin, xmax) ${before.versions === after.versions ? 'unchanged' : 'CHANGED'}, ` +
        `WAL written ${fmt.int(walBytes / 1024)} KiB (both runs, sync bookkeeping included)`,
    );

    sim.setRecords(small);
    await emptyTables(db);
    const small0 = await inChild(job('sync'));
    const firstLoad0 = pairs0[pairs0.length - 1]!.sync; // the 100k run for the RSS ratio
    console.log(
      `  10k first-load sync: ${fmt.s(small0.ms)}, peak RSS ${fmt.mib(small0.peakRss)} (100k: ${fmt.mib(firstLoad0.peakRss)})`,
    );

    // ---- 100 ms latency: fetch only, then the sync, each over the same 100k.
    sim.setRecords(big);
    sim.setFaults({ latencyMs: 100 });
    console.log('\n100 ms per page');
    await emptyTables(db);
    const fetch100 = await inChild(job('fetch'));
    const sync100 = await inChild(job('sync'));
    console.log(
      `  fetch only ${fmt.s(fetch100.ms)} (${fetch100.pages} pages, ${fmt.int(fetch100.records / (fetch100.ms / 1000))} rec/s); ` +
        `first-load sync ${fmt.s(sync100.ms)} (${fmt.int(sync100.records / (sync100.ms / 1000))} rec/s); ratio ${fmt.ratio(sync100.ms / fetch100.ms)}`,
    );
    sim.setFaults({ latencyMs: 0 });

    // ---- upsert vs COPY, the same 200-row batches.
    console.log('\nwrite side only: upsert vs COPY, the same 200-row batches, into empty tables');
    const copyRounds = await writeSide(
      db,
      logger,
      parsed(big),
      triggers.rows.map((r) => r.tgname),
    );

    // ---- summary
    const ratio0 = median(pairs0.map((p) => p.sync.ms / p.fetch.ms));
    const ratio100 = sync100.ms / fetch100.ms;
    const copyRatio = median(copyRounds.map((r) => r.copyMs / r.upsertMs));
    const firstMs = median(pairs0.map((p) => p.sync.ms));
    const fetchMs = median(pairs0.map((p) => p.fetch.ms));
    const resyncMs = median(resyncs.map((r) => r.ms));
    const resyncRatio = firstMs / resyncMs;
    const writeResyncRatio = median(copyRounds.map((r) => r.upsertMs / r.unchangedMs));
    const grew =
      after.rows !== before.rows ||
      after.totalBytes !== before.totalBytes ||
      after.deadTuples !== before.deadTuples ||
      after.versions !== before.versions;
    const rssRatio = firstLoad0.peakRss / small0.peakRss;
    const rate = (r: JobResult) => fmt.int(r.records / (r.ms / 1000));
    console.log(`\nsummary (${loadNote()}, whole bench ${fmt.s(performance.now() - wallStart)})`);
    console.log(
      `  records/s: first load ${rate(firstLoad0)} at 0 ms/page, ${rate(sync100)} at 100 ms/page; re-sync ${rate(resyncs[0]!)} at 0 ms/page`,
    );
    console.log(`  sync ÷ fetch only, 100 ms/page: ${verdict(ratio100, { max: 1.1 })}`);
    // The floor for any write path: the same rows COPYed (no upsert, no rollup), perfectly overlapped with the fetch.
    const copyFloor =
      median(copyRounds.map((r) => r.copyMs)) / median(pairs0.map((p) => p.fetch.ms));
    const noTriggers = copyRounds.filter((r) => r.upsertNoTriggersMs !== undefined);
    console.log(
      `  sync ÷ fetch only,   0 ms/page: ${verdict(ratio0, { max: 1.1 })} (median of ${pairs0.length} pairs); ` +
        `floor on this machine: COPY alone of the same rows takes ${fmt.ratio(copyFloor)}× the fetch time`,
    );
    console.log(
      `  upsert rows/s ÷ COPY rows/s: ${verdict(copyRatio, { min: 0.8 })} (median of ${copyRounds.length} rounds)` +
        (noTriggers.length > 0
          ? `; with the rollup triggers off: ${fmt.ratio(median(noTriggers.map((r) => r.copyMs / r.upsertNoTriggersMs!)))}`
          : ''),
    );
    logLinkRatio(copyRounds);
    console.log(
      `  first load ÷ re-sync of unchanged data, whole sync at 0 ms/page: ${verdict(resyncRatio, { min: 3 })} ` +
        `(a re-sync fetches every page again: first load ÷ fetch only is ${fmt.ratio(firstMs / fetchMs)}, the most this can be)`,
    );
    console.log(
      `  first load ÷ re-sync of unchanged data, write side only: ${verdict(writeResyncRatio, { min: 3 })} (median of ${copyRounds.length} rounds)`,
    );
    console.log(
      `  this run's upsert vs the previous (jsonb) one: first load ${fmt.ratio(median(copyRounds.map((r) => r.previousMs / r.upsertMs)))}× as fast, ` +
        `unchanged rows ${fmt.ratio(median(copyRounds.map((r) => r.previousUnchangedMs / r.unchangedMs)))}× as fast`,
    );
    console.log(
      `  table growth on re-sync: ${grew ? 'YES' : 'none'} (rows, total size, dead tuples, row versions; WAL ${fmt.int(walBytes / 1024)} KiB)`,
    );
    console.log(
      `  peak RSS 100k ÷ 10k: ${verdict(rssRatio, { max: 1.5 })} (${fmt.mib(firstLoad0.peakRss)} ÷ ${fmt.mib(small0.peakRss)}; kernel max ${fmt.mib(firstLoad0.kernelMaxRss)} ÷ ${fmt.mib(small0.kernelMaxRss)})`,
    );
  } finally {
    await cleanup.run();
  }
}

if (process.argv[2] === 'worker') {
  serveParent({ job: (j: Job) => runJob(j) });
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
