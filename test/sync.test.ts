import { KaleyraClient } from '../src/datasources/kaleyra/kaleyra.client';
import { parseCallLogRecord } from '../src/datasources/kaleyra/kaleyra.mappers';
import { PgStore } from '../src/datasources/database/pg.store';
import { readMigrations } from '../src/database/migrator';
import { freePort } from '../src/database/embedded';
import { CallLogSync } from '../src/sync/call-log-sync';
import { generateTraffic, type SimCallLogRecord } from '../src/simulator/generator';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { SyncCallLogsDocument, SyncStatusDocument } from './generated/graphql';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';

const KEY = 'ATESTSYNCKEY0000000000000000000000';
const NOW = () => new Date('2026-02-25T06:00:00Z'); // 11:30 IST on 25 Feb: the week below is closed
const WEEK = { fromDate: '2026-02-18', toDate: '2026-02-24' };

async function tableRows(tdb: TestDatabase) {
  const { rows } = await tdb.pool.query(
    `SELECT id, uniqid, callfrom, callto, start_time, end_time, duration, billsec, status, location, provider, service, caller_id, recording, parent_id
     FROM kaleyra_call_logs ORDER BY id`,
  );
  return rows.map((r) => ({
    id: r.id,
    uniqid: r.uniqid,
    callfrom: r.callfrom,
    callto: r.callto,
    startTime: r.start_time.toISOString(),
    endTime: r.end_time?.toISOString() ?? null,
    duration: r.duration,
    billsec: r.billsec,
    status: r.status,
    location: r.location,
    provider: r.provider,
    service: r.service,
    callerId: r.caller_id,
    recording: r.recording,
    parentId: r.parent_id,
  }));
}

/** What the table must hold for these wire records, worked out independently of the sync. */
function expectedRows(records: SimCallLogRecord[]) {
  return records
    .map((raw) => {
      const parsed = parseCallLogRecord(raw);
      if (!parsed.ok) throw new Error(`fixture record does not parse: ${parsed.reason}`);
      const r = parsed.record;
      return {
        ...r,
        startTime: r.startTime.toISOString(),
        endTime: r.endTime?.toISOString() ?? null,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('syncCallLogs end to end (simulator over HTTP → real Postgres)', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  const records = generateTraffic({ seed: 7, ...WEEK });
  const logs = captureLogs([KEY]);

  const makeSync = (timeoutMs = 2_000) =>
    new CallLogSync({
      kaleyra: new KaleyraClient({
        baseUrl: sim.url,
        apiKey: KEY,
        timeoutMs,
        logger: logs.logger,
        retry: { limit: 6, baseDelayMs: 10, maxDelayMs: 50 },
      }),
      db: new PgStore(tdb.pool, readMigrations()),
      logger: logs.logger,
      now: NOW,
    });

  beforeEach(async () => {
    tdb = await createTestDatabase();
    sim = await startKaleyraSimulator({ apiKey: KEY, records, seed: 3 });
  });
  afterEach(async () => {
    await sim.stop();
    await tdb.drop();
  });

  it('fills kaleyra_call_logs with exactly the simulator records; a second run changes nothing', async () => {
    expect(records.length).toBeGreaterThan(1800);
    const first = await makeSync().run(WEEK);
    expect(first).toMatchObject({
      ...WEEK,
      fetched: records.length,
      upserted: records.length,
      skipped: 0,
      daysSkipped: 0,
    });
    expect(first.pages).toBeGreaterThanOrEqual(14); // ≥ 2 pages a day at 200 a page
    expect(await tableRows(tdb)).toEqual(expectedRows(records));

    const before = await tdb.pool.query(
      'SELECT id, xmin::text AS x, synced_at FROM kaleyra_call_logs ORDER BY id',
    );
    // Forget the page digests, so every page goes through the upsert again: it must write nothing.
    await tdb.pool.query('DELETE FROM kaleyra_sync_days');
    const again = await makeSync().run({ ...WEEK, force: true });
    expect(again).toMatchObject({
      fetched: records.length,
      upserted: 0,
      daysSkipped: 0,
      pagesUnchanged: 0,
    });
    const after = await tdb.pool.query(
      'SELECT id, xmin::text AS x, synced_at FROM kaleyra_call_logs ORDER BY id',
    );
    expect(after.rows).toEqual(before.rows); // same rows, not rewritten (same xmin, same synced_at)

    // A forced re-sync re-fetches every day but writes no page identical to the last one written.
    const forced = await makeSync().run({ ...WEEK, force: true });
    expect(forced).toMatchObject({
      fetched: records.length,
      upserted: 0,
      pagesUnchanged: forced.pages,
    });

    // Without force, closed days that were completed are settled and skipped; yesterday never is.
    const resumed = await makeSync().run(WEEK);
    const yesterday = records.filter((r) => r.start_time.startsWith('2026-02-24')).length;
    expect(resumed).toMatchObject({ daysSkipped: 6, fetched: yesterday, upserted: 0 });
    // ...and yesterday's pages are the ones its last sync wrote: none is written again.
    expect(resumed.pagesUnchanged).toBe(resumed.pages);
    expect(resumed.pages).toBe(Math.floor(yesterday / 200) + 1);
  });

  it('gets the same table through 10% 5xx, a garbled page and a timeout', async () => {
    sim.setFaults({ errorRate5xx: 0.1, garbledRate: 0.05, timeoutRate: 0.03 });
    const result = await makeSync(300).run(WEEK);
    expect(result).toMatchObject({ fetched: records.length, upserted: records.length, skipped: 0 });
    expect(await tableRows(tdb)).toEqual(expectedRows(records));
    const attempts = sim.requests.filter((r) => r.method === 'dial').length;
    expect(attempts).toBeGreaterThan(result.pages); // faults were really injected and retried
  });

  it('picks up changed statuses on a re-sync, rewriting only the changed rows', async () => {
    await makeSync().run(WEEK);
    const changed = records.map((r, i) =>
      i % 100 === 0 ? { ...r, status: 'CANCEL', billsec: '0' } : r,
    );
    const realChanges = records.filter(
      (r, i) => i % 100 === 0 && (r.status !== 'CANCEL' || r.billsec !== '0'),
    ).length;
    sim.setRecords(changed);
    const result = await makeSync().run({ ...WEEK, force: true });
    expect(result.upserted).toBe(realChanges);
    expect(await tableRows(tdb)).toEqual(expectedRows(changed));
  });

  it('skips unparsable records, counts and logs them with their page, and writes the rest', async () => {
    const junk = [
      { ...records[0]!, id: '' },
      { ...records[1]!, start_time: '2026-02-24 25:61:00' },
      { ...records[2]!, id: 'junk-3', callfrom: undefined },
    ];
    sim.setRecords([...records.slice(3), ...junk]);
    const result = await makeSync().run(WEEK);
    expect(result.skipped).toBe(3);
    expect(result.upserted).toBe(records.length - 3);
    expect(await tableRows(tdb)).toEqual(expectedRows(records.slice(3)));
    const skippedLines = logs.lines.filter((l) => /skipp/i.test(l) && /"page":\d+/.test(l));
    expect(skippedLines.length).toBeGreaterThanOrEqual(3);
  });

  it('names the failed day window, keeps the days before it, and a re-run resumes', async () => {
    // Kaleyra is unreachable (a closed port, real network error) for the 4th day's window only.
    const deadPort = await freePort();
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = await request.clone().text();
      if (body.includes('fromdate=2026%2F02%2F21'))
        return fetch(new Request(`http://127.0.0.1:${deadPort}/v1/`, request));
      return fetch(request);
    };
    const failing = new CallLogSync({
      kaleyra: new KaleyraClient({
        baseUrl: sim.url,
        apiKey: KEY,
        timeoutMs: 2_000,
        logger: logs.logger,
        fetch: flaky,
        retry: { limit: 2, baseDelayMs: 5, maxDelayMs: 10 },
      }),
      db: new PgStore(tdb.pool, readMigrations()),
      logger: logs.logger,
      now: NOW,
    });
    await expect(failing.run(WEEK)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringMatching(
        /^sync of IST day 2026-02-21 failed: .*dial.*run the sync again to resume from 2026-02-21/,
      ),
    });
    const savedDays = (
      await tdb.pool.query(
        "SELECT to_char(day, 'YYYY-MM-DD') AS d FROM kaleyra_sync_days ORDER BY day",
      )
    ).rows.map((r) => r.d);
    expect(savedDays).toEqual(['2026-02-18', '2026-02-19', '2026-02-20']);
    const saved = records.filter((r) => r.start_time < '2026-02-21');
    expect(await tableRows(tdb)).toEqual(expectedRows(saved));

    const resumed = await makeSync().run(WEEK);
    expect(resumed).toMatchObject({ daysSkipped: 3, upserted: records.length - saved.length });
    expect(await tableRows(tdb)).toEqual(expectedRows(records));
  });

  it("asks for the next day's first page while a day's last page is being written", async () => {
    // At a day boundary the pipeline must not stall: the next day's window opens as soon as the
    // current day's pages are all fetched, before its last page is written and the day marked.
    const events: string[] = [];
    const kaleyra = new KaleyraClient({
      baseUrl: sim.url,
      apiKey: KEY,
      timeoutMs: 2_000,
      logger: logs.logger,
    });
    const callLogs = kaleyra.callLogs.bind(kaleyra);
    kaleyra.callLogs = (from, to, options) => {
      events.push(`open ${from}`);
      return callLogs(from, to, options);
    };
    const db = new PgStore(tdb.pool, readMigrations());
    const upsert = db.upsertCallLogs.bind(db);
    db.upsertCallLogs = async (records) => {
      events.push('write start');
      try {
        return await upsert(records);
      } finally {
        events.push('write end');
      }
    };
    const mark = db.markSyncDay.bind(db);
    db.markSyncDay = (day, stats, digests) => {
      events.push(`mark ${day}`);
      return mark(day, stats, digests);
    };
    await new CallLogSync({ kaleyra, db, logger: logs.logger, now: NOW }).run({
      fromDate: '2026-02-20',
      toDate: '2026-02-22',
    });
    const opened = (day: string) => events.indexOf(`open ${day}`);
    for (const [day, next] of [
      ['2026-02-20', '2026-02-21'],
      ['2026-02-21', '2026-02-22'],
    ] as const) {
      const marked = events.indexOf(`mark ${day}`);
      const lastWriteEnd = events.lastIndexOf('write end', marked);
      const lastWriteStart = events.lastIndexOf('write start', lastWriteEnd);
      expect(opened(next)).toBeGreaterThan(lastWriteStart - 1);
      expect(opened(next)).toBeLessThan(lastWriteEnd);
    }
    expect(await tableRows(tdb)).toEqual(
      expectedRows(records.filter((r) => r.date >= '2026-02-20' && r.date <= '2026-02-22')),
    );
  });

  it('runs one sync at a time across instances: a concurrent one gets SYNC_IN_PROGRESS', async () => {
    sim.setFaults({ latencyMs: 30 });
    const first = makeSync().run(WEEK);
    // Wait until the first sync holds the lease (bounded), then try a second one.
    for (let i = 0; i < 200; i++) {
      const { rows } = await tdb.pool.query(
        'SELECT count(*)::int AS n FROM sync_leases WHERE expires_at > now()',
      );
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // A second sync, as another instance would run it: it tries to take the same lease.
    await expect(makeSync().run(WEEK)).rejects.toMatchObject({ code: 'SYNC_IN_PROGRESS' });
    await expect(first).resolves.toMatchObject({ upserted: records.length });
  });

  it('never writes the API key to a log line', () => {
    expect(logs.text()).not.toContain(KEY);
  });
});

describe('the syncCallLogs mutation', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    sim = await startKaleyraSimulator({
      apiKey: KEY,
      records: generateTraffic({ seed: 11, fromDate: '2026-02-24', toDate: '2026-02-25' }),
    });
  });
  afterAll(async () => {
    await sim.stop();
    await tdb.drop();
  });

  const mutation =
    'mutation ($input: SyncCallLogsInput) { syncCallLogs(input: $input) { fromDate toDate pages fetched upserted skipped daysSkipped durationMs } }';

  it('defaults both dates to today (IST) and returns the counts', async () => {
    const server = await startTestServer({
      database: tdb.open(),
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url },
      now: NOW,
    });
    try {
      const res = await rawGql<{ syncCallLogs: Record<string, unknown> }>(server.url, mutation, {});
      expect(res.errors).toBeUndefined();
      const expected = sim.records.filter((r) =>
        String((r as SimCallLogRecord).start_time).startsWith('2026-02-25'),
      ).length;
      expect(res.data!.syncCallLogs).toMatchObject({
        fromDate: '2026-02-25',
        toDate: '2026-02-25',
        fetched: expected,
        upserted: expected,
        skipped: 0,
      });
      const { rows } = await tdb.pool.query('SELECT count(*)::int AS n FROM kaleyra_call_logs');
      expect(rows[0].n).toBe(expected);
    } finally {
      await server.stop();
    }
  });

  it.each([
    [
      { fromDate: '2026-02-20', toDate: '2026-02-10' },
      /input\.toDate: must not be before fromDate/,
    ],
    [{ fromDate: '2025-01-01', toDate: '2026-02-24' }, /input\.toDate: the range covers 420 days/],
    [{ fromDate: '2026-02-24', toDate: '2026-03-01' }, /input\.toDate: must not be after today/],
    [{ fromDate: '2026-02-31' }, /fromDate|YYYY-MM-DD/],
  ])('rejects %j with BAD_USER_INPUT and syncs nothing', async (input, message) => {
    const server = await startTestServer({
      database: tdb.open(),
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url },
      now: NOW,
    });
    const before = sim.requests.length;
    try {
      const res = await rawGql(server.url, mutation, { input });
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(message);
      expect(sim.requests.length).toBe(before);
    } finally {
      await server.stop();
    }
  });
});

describe('the syncStatus query', () => {
  it('is null before the first sync, then names the day a sync completed last and when', async () => {
    const tdb = await createTestDatabase();
    const sim = await startKaleyraSimulator({
      apiKey: KEY,
      records: generateTraffic({ seed: 12, fromDate: '2026-02-23', toDate: '2026-02-24' }),
    });
    const server = await startTestServer({
      database: tdb.open(),
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url },
      now: NOW,
    });
    try {
      const before = await gql(server.url, SyncStatusDocument, {});
      expect(before.data!.syncStatus).toEqual({ lastCompletedAt: null, lastCompletedDay: null });
      const synced = await gql(server.url, SyncCallLogsDocument, {
        input: { fromDate: '2026-02-23', toDate: '2026-02-24' },
      });
      expect(synced.errors).toBeUndefined();
      const { rows } = await tdb.pool.query(
        'SELECT day::text AS day, completed_at FROM kaleyra_sync_days ORDER BY completed_at DESC, day DESC',
      );
      expect(rows.map((r) => r.day).sort()).toEqual(['2026-02-23', '2026-02-24']);
      const after = await gql(server.url, SyncStatusDocument, {});
      expect(after.data!.syncStatus).toEqual({
        lastCompletedAt: rows[0].completed_at.toISOString(),
        lastCompletedDay: rows[0].day,
      });
    } finally {
      await server.stop();
      await sim.stop();
      await tdb.drop();
    }
  });
});

describe('the scheduled sync (SYNC_INTERVAL_SECONDS)', () => {
  it('syncs today and yesterday on its own, catching late records', async () => {
    const tdb = await createTestDatabase();
    const fixedNow = () => new Date('2026-02-25T06:00:00Z');
    const early = generateTraffic({
      seed: 21,
      fromDate: '2026-02-24',
      toDate: '2026-02-25',
    }).filter((r) => r.start_time < '2026-02-25 11:30:00');
    const sim = await startKaleyraSimulator({ apiKey: KEY, records: early.slice(0, 200) });
    const server = await startTestServer({
      database: tdb.open(),
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url, syncIntervalSeconds: 0.2 },
      now: fixedNow,
    });
    const count = async () =>
      (await tdb.pool.query('SELECT count(*)::int AS n FROM kaleyra_call_logs')).rows[0]
        .n as number;
    const until = async (n: number) => {
      for (let i = 0; i < 100 && (await count()) !== n; i++)
        await new Promise((r) => setTimeout(r, 100));
      return count();
    };
    try {
      expect(await until(200)).toBe(200);
      sim.setRecords(early); // late records of yesterday (and today) show up at Kaleyra
      expect(await until(early.length)).toBe(early.length);
    } finally {
      await server.stop();
      await sim.stop();
      await tdb.drop();
    }
  });
});
