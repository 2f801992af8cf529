/**
 * callHeatmap is ISO weekday x IST hour whatever the time zones around it: this file runs the
 * built server (dist/, made by `npm run build` before jest) as a child process with
 * TZ=America/New_York, and every Postgres session of the test database in TimeZone
 * Pacific/Kiritimati (UTC+14, where Sunday 23:30 IST is already Monday 08:00). The fixture's
 * Sunday 23:30 IST call must still land in weekday 7, hour 23, and every other cell where
 * test/fixtures/recovery.ts puts it. The in-process server of test/recovery.test.ts covers the
 * jest worker's own zone.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { CallHeatmapDocument } from './generated/graphql';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql } from './helpers/graphql';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { freePort } from '../src/database/embedded';
import { spawnBuilt, type Spawned } from './helpers/process';
import { expectedHeatmap, insertRecoveryLegs, ist, LEGS, RANGE } from './fixtures/recovery';

describe('callHeatmap with TZ=America/New_York and a Postgres session TimeZone far from IST', () => {
  let tdb: TestDatabase;
  let proc: Spawned;
  let url: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Before the pool opens its first session: every session of this database starts in UTC+14.
    const c = new pg.Client({ connectionString: tdb.connectionString });
    await c.connect();
    await c.query(`ALTER DATABASE ${tdb.name} SET TimeZone = 'Pacific/Kiritimati'`);
    await c.end();
    await insertRecoveryLegs(tdb.pool, LEGS);
    const port = await freePort();
    proc = spawnBuilt('src/index.js', {
      DATABASE_URL: tdb.connectionString,
      PORT: String(port),
      TZ: 'America/New_York',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      KALEYRA_API_KEY: 'AFAKEHEATMAPKEY0000000000000000000',
      KALEYRA_BASE_URL: 'http://127.0.0.1:9/v1/',
    });
    await proc.waitFor(/server listening/);
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await proc?.stop();
    await tdb.drop();
  });

  it('really runs node in New York time and the database sessions in UTC+14', async () => {
    // What the server process sees: Sunday 14:00 on the 15th, UTC-4 (daylight time from the 8th).
    const seen = execFileSync(
      process.execPath,
      [
        '-e',
        `const d = new Date('2026-03-15T18:00:00Z'); console.log(d.getTimezoneOffset(), d.getDay(), d.getHours())`,
      ],
      { env: { PATH: process.env.PATH ?? '', TZ: 'America/New_York' } },
    );
    expect(String(seen).trim()).toBe('240 0 14');
    const { rows } = await tdb.pool.query(
      `SELECT current_setting('TimeZone') AS tz, extract(isodow FROM $1::timestamptz)::int AS dow`,
      [ist('2026-03-15 23:30:00')],
    );
    expect(rows).toEqual([{ tz: 'Pacific/Kiritimati', dow: 1 }]); // Monday 08:00 there
  });

  it('puts Sunday 23:30 IST in weekday 7 hour 23, over HTTP and in SQL', async () => {
    const admin = bearer(await signToken('admin'));
    const res = await gql(url, CallHeatmapDocument, { range: RANGE }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.callHeatmap).toEqual(expectedHeatmap());
    expect(res.data!.callHeatmap.find((c) => c.weekday === 7 && c.hour === 23)).toEqual({
      weekday: 7,
      hour: 23,
      offered: 1,
      answered: 0,
    });
    const { rows } = await tdb.pool.query('SELECT * FROM get_call_heatmap($1, $2)', [
      ist('2026-03-10 00:00:00'),
      ist('2026-03-16 00:00:00'),
    ]);
    expect(rows).toEqual(expectedHeatmap());
  });
});
