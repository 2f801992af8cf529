import { PgStore } from '../src/datasources/database/pg.store';
import { readMigrations } from '../src/database/migrator';
import { daysRange } from '../src/domain/date-range';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { A1, DAY_24, DAYS_22_24, loadDashboardFixture } from './fixtures/dashboard-legs';

describe('dashboard SQL functions on real Postgres', () => {
  let tdb: TestDatabase;
  let ds: PgStore;
  const day24 = daysRange('2026-02-24', '2026-02-24');
  const days22to24 = daysRange('2026-02-22', '2026-02-24');

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await loadDashboardFixture(tdb.pool);
    ds = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(() => tdb.drop());

  it('resolves an IST day to [18:30Z the day before, 18:30Z)', () => {
    expect(day24.start.toISOString()).toBe(DAY_24.start);
    expect(day24.end.toISOString()).toBe(DAY_24.end);
  });

  it('counts legs by service on IST days, whatever the session TimeZone', async () => {
    for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const client = await tdb.pool.connect();
      try {
        await client.query(`SET TIME ZONE '${tz}'`);
        const { rows } = await client.query('SELECT * FROM get_kaleyra_daily_volume($1, $2)', [
          days22to24.start,
          days22to24.end,
        ]);
        expect(
          rows.map((r) => ({ date: r.day, incoming: r.incoming, forwarded: r.forwarded })),
        ).toEqual(DAYS_22_24.dailyVolume);
      } finally {
        await client.query('RESET TIME ZONE');
        client.release();
      }
    }
    expect(await ds.callVolume(day24)).toEqual(DAY_24.callVolume);
    expect(await ds.callVolume(days22to24)).toEqual(DAYS_22_24.callVolume);
  });

  it('computes agent stats over CallForward legs: ANSWER answered, any other status missed', async () => {
    expect(await ds.agentStats(day24)).toEqual(DAY_24.agentStats);
    expect(await ds.agentStats(days22to24)).toEqual(DAYS_22_24.agentStats);
  });

  it('zero-fills the daily series and keeps statuses verbatim', async () => {
    expect(await ds.dailyVolume(day24)).toEqual(DAY_24.dailyVolume);
    expect(await ds.dailyVolume(days22to24)).toEqual(DAYS_22_24.dailyVolume);
    expect(await ds.statusBreakdown(day24)).toEqual(DAY_24.statusBreakdown);
  });

  it('returns empty aggregates for a day without legs', async () => {
    const empty = daysRange('2026-01-01', '2026-01-02');
    expect(await ds.callVolume(empty)).toEqual({
      total: 0,
      incoming: 0,
      forwarded: 0,
      click2call: 0,
    });
    expect(await ds.agentStats(empty)).toEqual([]);
    expect(await ds.statusBreakdown(empty)).toEqual([]);
    expect(await ds.dailyVolume(empty)).toEqual([
      { date: '2026-01-01', incoming: 0, forwarded: 0 },
      { date: '2026-01-02', incoming: 0, forwarded: 0 },
    ]);
  });

  it('lists legs newest first with id as the tie-breaker, filtered and paged', async () => {
    const ids = async (filter: object, limit = 50, offset = 0) =>
      (await ds.callList(days22to24, filter, limit, offset)).map((r) => r.id);
    expect(await ids({})).toEqual(DAYS_22_24.newestFirst);
    expect(await ids({}, 5, 5)).toEqual(DAYS_22_24.newestFirst.slice(5, 10));
    expect(await ids({ agentNumber: A1 })).toEqual(DAYS_22_24.byAgentA1);
    expect(await ids({ service: 'CallForward', status: 'ANSWER' })).toEqual(
      DAYS_22_24.forwardedAnswered,
    );
    expect(await ids({ service: 'OTHER' })).toEqual(['L14']);
    expect(await ds.callCount(days22to24, {})).toBe(13);
    expect(await ds.callCount(days22to24, { agentNumber: A1 })).toBe(4);
  });
});
