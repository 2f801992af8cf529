/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the real
 * server on a real Postgres, filled from the Kaleyra simulator by a real sync. Elements are found
 * by role and label, as a person finds them; the figures are compared with what the API answers
 * for the same range. Screenshots of every view go to test-results/ (not committed).
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../bench/lib/chromium';
import type { Config } from '../src/config';
import type { AppServer } from '../src/server';
import { generateTraffic, DEFAULT_AGENTS } from '../src/simulator/generator';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { readFile } from 'node:fs/promises';
import {
  CallBreakdownDocument,
  CallerSummaryDocument,
  CallHeatmapDocument,
  CustomerCallDocument,
  CustomerCallsByDayDocument,
  CustomerCallsDocument,
  DashboardOverviewDocument,
  MissedCallersDocument,
  RecoverySummaryDocument,
  ServiceLevelDocument,
  SyncCallLogsDocument,
  type DateRangeInput,
} from './generated/graphql';
import { signToken, TEST_JWT_SECRET, bearer } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { describeWithTools } from './helpers/external-tools';
import { gql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { ROOT } from './helpers/process';
import { startTestServer } from './helpers/server';

const KEY = 'ATESTWEBAPPKEY00000000000000000000';
const CALLBACK_TOKEN = 'test-web-app-callback-token-000000';
// 02:00 IST on Wed 25 Feb 2026 = 15:30 on Tue 24 Feb in New York: the IST day and the browser's
// local day differ, so a label computed in the browser's zone would show.
const NOW = new Date('2026-02-24T20:30:00Z');
const SHOTS = path.join(ROOT, 'test-results', 'web');

/** The same words the page uses, computed independently: IST day labels from YYYY-MM-DD. */
const dayLabel = (day: string) =>
  new Intl.DateTimeFormat('en-IN', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(`${day}T12:00:00Z`));
const count = (n: number) => n.toLocaleString('en-IN');
const percent = (p: number | null) =>
  p == null ? '–' : `${p.toLocaleString('en-IN', { maximumFractionDigits: 1 })}%`;
/** The outcomes in words, as a person reads them on the page. */
const OUTCOME_WORDS = {
  ANSWERED: 'Answered',
  NOT_FORWARDED: 'Not forwarded (left in the IVR)',
  CALLER_HUNG_UP: 'Caller hung up while ringing',
  NO_ANSWER: 'No agent answered',
} as const;
const duration = (seconds: number) => {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** The heatmap as the page shows it: weekday label, then the 24 hourly counts. */
async function heatmapRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', {
    name: 'Customer calls by weekday and hour (IST), with the share answered',
  });
  await table.waitFor();
  const rows = await table.locator('tbody tr').allInnerTexts();
  return rows.map((r) => r.split('\t').map((c) => c.trim()));
}
/** The API's 168 cells laid out as the page lays them out. */
const heatmapOf = (cells: { weekday: number; hour: number; offered: number }[]) =>
  WEEKDAYS.map((day, i) => [
    day,
    ...Array.from({ length: 24 }, (_, h) =>
      String(cells.find((c) => c.weekday === i + 1 && c.hour === h)?.offered ?? 0),
    ),
  ]);

describeWithTools(['chromium'], 'the dashboard in Chromium', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  let server: AppServer;
  let browser: Browser;
  let admin: string;
  let viewer: string;
  const logs = captureLogs([KEY, CALLBACK_TOKEN, TEST_JWT_SECRET]);
  const contexts: BrowserContext[] = [];

  const startServer = (port = 0, config: Partial<Config> = {}) =>
    startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      now: () => NOW,
      config: {
        port,
        authDisabled: false,
        authJwtSecret: TEST_JWT_SECRET,
        kaleyraApiKey: KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: CALLBACK_TOKEN,
        ...config,
      },
    });

  /** A page in its own context: IST clock pinned to NOW, in the given browser time zone. */
  async function openPage(timezoneId = 'Asia/Kolkata'): Promise<Page> {
    const context = await browser.newContext({
      timezoneId,
      viewport: { width: 1280, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text());
    });
    (page as Page & { cspViolations?: string[] }).cspViolations = csp;
    return page;
  }
  const cspViolations = (page: Page) => (page as Page & { cspViolations?: string[] }).cspViolations;

  async function expectAccessible(page: Page, view: string) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${view}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(', ')}`);
    expect(serious).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${view}.png`), fullPage: true });
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tdb = await createTestDatabase();
    await tdb.pool.query(
      `INSERT INTO agents (agent_number, name) SELECT n, 'Agent ' || right(n, 1) FROM unnest($1::text[]) AS n`,
      [DEFAULT_AGENTS],
    );
    const records = generateTraffic({
      seed: 15,
      fromDate: '2026-02-19',
      toDate: '2026-02-25',
    }).filter((r) => Date.parse(r.start_time.replace(' ', 'T') + '+05:30') <= NOW.getTime());
    // Seed 1: the simulator answers its first click-to-call (the missed-caller test, which makes
    // it, asserts that rather than assuming it); the traffic itself comes from seed 15 above.
    sim = await startKaleyraSimulator({ apiKey: KEY, records, seed: 1, callbackDelayMs: 100 });
    server = await startServer();
    admin = await signToken('admin');
    viewer = await signToken('viewer');
    const synced = await gql(
      server.url,
      SyncCallLogsDocument,
      { input: { fromDate: '2026-02-19', toDate: '2026-02-25' } },
      bearer(admin),
    );
    expect(synced.errors).toBeUndefined();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await sim?.stop();
    await tdb?.drop();
  });

  it('shows the overview figures the API answers for the same range, in a few requests', async () => {
    const api = await gql(
      server.url,
      DashboardOverviewDocument,
      { range: { preset: 'LAST_7_DAYS' } },
      bearer(admin),
    );
    const o = api.data!.dashboardOverview;
    expect(o.callVolume.total).toBeGreaterThan(500);
    const range: DateRangeInput = { preset: 'LAST_7_DAYS' };
    const sl = (await gql(server.url, ServiceLevelDocument, { range }, bearer(admin))).data!
      .serviceLevel;
    const byDay = (await gql(server.url, CustomerCallsByDayDocument, { range }, bearer(admin)))
      .data!.customerCallsByDay;
    // One customer call per Incoming leg; some answered, some not.
    expect(sl.offered).toBe(o.callVolume.incoming);
    expect(sl.answered).toBeGreaterThan(0);
    expect(sl.missed).toBeGreaterThan(0);
    const page = await openPage();
    const graphqlRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST')
        graphqlRequests.push(r.postData() ?? '');
    });
    await page.goto(`${server.url}/#token=${admin}`);
    // The token left the address bar at once.
    expect(page.url()).toBe(`${server.url}/`);
    const card = (name: string) => page.getByRole('group', { name, exact: true });
    await expect(card('Incoming calls').innerText()).resolves.toContain(
      count(o.callVolume.incoming),
    );
    const answered = o.agentStats.reduce((n, a) => n + a.callsAnswered, 0);
    const talk = o.agentStats.reduce((n, a) => n + a.totalTalkSeconds, 0);
    const expected: Record<string, string> = {
      'Customer calls': count(sl.offered),
      Answered: percent(sl.answerRatePercent),
      'Service level': percent(sl.serviceLevelPercent),
      'Average time to answer': duration(sl.averageSecondsToAnswer!),
      'Incoming calls': count(o.callVolume.incoming),
      'Forwarded legs': count(o.callVolume.forwarded),
      'Answered legs': count(answered),
      'Click-to-call legs': count(o.callVolume.click2call),
      'All legs': count(o.callVolume.total),
      'Talk time': duration(talk),
    };
    for (const [name, value] of Object.entries(expected)) {
      const text = await card(name).innerText();
      expect(text.split('\n').map((s) => s.trim())).toContain(value);
    }
    // The service level names its threshold.
    await expect(card('Service level').innerText()).resolves.toContain(
      `within ${sl.answerWithinSeconds} s`,
    );
    const outcomes = page.getByRole('table', { name: 'Customer calls by outcome' });
    const outcomeRows = await outcomes.getByRole('row').allInnerTexts();
    expect(outcomeRows.slice(1).map((r) => r.split('\t').slice(0, 2))).toEqual(
      sl.byOutcome.map((b) => [OUTCOME_WORDS[b.outcome], count(b.count)]),
    );
    const statuses = page.getByRole('table', { name: 'Legs by status' });
    for (const s of o.statusBreakdown) {
      const row = statuses.getByRole('row', { name: new RegExp(`^${s.status} `) });
      await expect(row.getByRole('cell').first().innerText()).resolves.toBe(count(s.count));
    }
    await page.getByText('Figures per day').click();
    const days = page.getByRole('table', { name: 'Calls per day (IST)' });
    const rows = await days.getByRole('row').allInnerTexts();
    // Customer calls answered and missed, then Kaleyra's legs, per IST day.
    expect(byDay.map((d) => d.date)).toEqual(o.dailyVolume.map((d) => d.date));
    expect(rows.slice(1).map((r) => r.split('\t').map((c) => c.trim()))).toEqual(
      o.dailyVolume.map((d, i) => [
        dayLabel(d.date),
        count(byDay[i]!.answered),
        count(byDay[i]!.missed),
        count(d.incoming),
        count(d.forwarded),
      ]),
    );
    // Missed callers, callers, the heatmap and the breakdowns: the issue-13 queries' answers.
    const recovery = (await gql(server.url, RecoverySummaryDocument, { range }, bearer(admin)))
      .data!.recoverySummary;
    const callers = (await gql(server.url, CallerSummaryDocument, { range }, bearer(admin))).data!
      .callerSummary;
    expect(recovery.open).toBeGreaterThan(0);
    await expect(card('Open missed callers').innerText()).resolves.toContain(count(recovery.open));
    const callersCard = await card('Callers').innerText();
    expect(callersCard).toContain(count(callers.uniqueCallers));
    expect(callersCard).toContain(`${count(callers.newCallers)} new`);
    const heatmap = (await gql(server.url, CallHeatmapDocument, { range }, bearer(admin))).data!
      .callHeatmap;
    const shown = await heatmapRows(page);
    expect(shown).toEqual(heatmapOf(heatmap));
    const cellsTotal = shown.flatMap((r) => r.slice(1)).reduce((n, c) => n + Number(c), 0);
    expect(cellsTotal).toBe(sl.offered);
    expect(cellsTotal).toBe(heatmap.reduce((n, c) => n + c.offered, 0));
    for (const [by, title] of [
      ['LOCATION', 'Customer calls by location'],
      ['PROVIDER', 'Customer calls by carrier'],
      ['DID', 'Customer calls by number dialled'],
    ] as const) {
      const api = (await gql(server.url, CallBreakdownDocument, { range, by }, bearer(admin))).data!
        .callBreakdown;
      expect(api.length).toBeGreaterThan(0);
      const rows = await page.getByRole('table', { name: title }).getByRole('row').allInnerTexts();
      expect(rows.slice(1).map((r) => r.split('\t').map((c) => c.trim()))).toEqual(
        api.map((b) => [
          b.key === 'UNKNOWN' ? 'Unknown' : b.key,
          count(b.offered),
          count(b.answered),
          percent(b.answerRatePercent),
        ]),
      );
    }
    // Settle (lazy chunks, the socket) before counting: the overview itself + the last sync.
    await page.waitForLoadState('networkidle');
    expect(graphqlRequests.length).toBeLessThanOrEqual(3);
    expect(graphqlRequests.some((b) => b.includes('KaleyraDashboard'))).toBe(true);
    await expect(page.getByRole('status', { name: 'Live updates' }).innerText()).resolves.toMatch(
      /Live/,
    );
    expect(cspViolations(page)).toEqual([]);
    await expectAccessible(page, 'overview');
  });

  it('labels days as IST days when the browser is in America/New_York', async () => {
    const page = await openPage('America/New_York');
    expect(await page.evaluate(() => new Date().toLocaleDateString('en-CA'))).toBe('2026-02-24');
    await page.goto(`${server.url}/?range=today#token=${admin}`);
    await page.getByRole('heading', { name: 'Overview: 25 Feb 2026 – 25 Feb 2026' }).waitFor();
    await expect(page.getByText('Today is 25 Feb 2026 (IST)').count()).resolves.toBe(1);
    await page.getByLabel('Range', { exact: true }).selectOption('7d');
    await page.getByText('Figures per day').click();
    const rows = await page
      .getByRole('table', { name: 'Calls per day (IST)' })
      .getByRole('rowheader')
      .allInnerTexts();
    expect(rows).toEqual(
      ['19', '20', '21', '22', '23', '24', '25'].map((d) => dayLabel(`2026-02-${d}`)),
    );
    expect(rows.at(-1)).toBe('Wed, 25 Feb');
    // The chart's axis uses the same labels.
    const svgText = page.locator('.chart svg text');
    await svgText.first().waitFor({ state: 'attached' });
    const ticks = (await svgText.allTextContents()).filter((t) => /^\w{3}, \d{1,2} \w{3}$/.test(t));
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(rows).toContain(t);
    // The heatmap's weekdays and hours are the server's IST ones, not New York's.
    const heatmap = (
      await gql(
        server.url,
        CallHeatmapDocument,
        { range: { preset: 'LAST_7_DAYS' } },
        bearer(admin),
      )
    ).data!.callHeatmap;
    expect(await heatmapRows(page)).toEqual(heatmapOf(heatmap));
    expect(page.url()).toBe(`${server.url}/`);
  });

  it('calls a missed caller back: the live status shows, then the row moves to recovered', async () => {
    const range: DateRangeInput = { preset: 'LAST_7_DAYS' };
    const worklist = async (state: 'OPEN' | 'RECOVERED') => {
      const res = await gql(
        server.url,
        MissedCallersDocument,
        { range, state, limit: 25 },
        bearer(admin),
      );
      expect(res.errors).toBeUndefined();
      return res.data!.missedCallers;
    };
    const open = await worklist('OPEN');
    const recoveredBefore = await worklist('RECOVERED');
    expect(open.totalCount).toBeGreaterThan(0);
    const page = await openPage();
    await page.goto(`${server.url}/missed-callers#token=${admin}`);
    const openTable = page.getByRole('table', {
      name: 'Missed callers not yet reached, newest first',
    });
    await openTable.waitFor();
    const numbers = (t: typeof openTable) =>
      t.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.children[0]?.textContent));
    // Open episodes first, as the API lists them; the recovered ones below.
    expect(await numbers(openTable)).toEqual(open.items.map((c) => c.customerNumber));
    await page.getByText(`To call back (${count(open.totalCount)})`).waitFor();
    await page.getByText(`Recovered (${count(recoveredBefore.totalCount)})`).waitFor();
    await expectAccessible(page, 'missed-callers');

    // Every status the row shows, however briefly, is recorded.
    // (A string: the test's TypeScript has no DOM types; this runs in the page.)
    await page.evaluate(`(() => {
      const seen = (window.seenStatuses = []);
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('main [role=status]'))
          if (el.textContent && seen.at(-1) !== el.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    const customer = open.items.find((c) => /^\d{10}$/.test(c.customerNumber))!.customerNumber;
    const row = openTable.getByRole('row').filter({ hasText: customer });
    await row.getByRole('button', { name: `Call back ${customer}` }).click();
    await row.getByLabel(`Agent to call ${customer} from`).selectOption('9800000002');
    await row.getByRole('button', { name: 'Call', exact: true }).click();
    // The simulator answers (seed 1), calls the server back, and the episode closes at once.
    const recoveredTable = page.getByRole('table', {
      name: 'Recovered missed callers, newest first',
    });
    const recoveredRow = recoveredTable.getByRole('row').filter({ hasText: customer });
    await recoveredRow.waitFor({ timeout: 20_000 });
    expect(await recoveredRow.innerText()).toContain('Called back by Agent 2');
    expect(await openTable.getByRole('row').filter({ hasText: customer }).count()).toBe(0);
    const seen = (await page.evaluate('window.seenStatuses')) as string[];
    expect(seen).toEqual(expect.arrayContaining(['Ringing…', 'Answered']));
    const { rows } = await tdb.pool.query<{ status: string }>(
      'SELECT status FROM ivr_calls WHERE customer_number = $1',
      [customer],
    );
    expect(rows).toEqual([{ status: 'ANSWERED' }]);
    // The API agrees: one fewer open, one more recovered, by this agent.
    expect((await worklist('OPEN')).totalCount).toBe(open.totalCount - 1);
    const after = await worklist('RECOVERED');
    expect(after.totalCount).toBe(recoveredBefore.totalCount + 1);
    expect(after.items.find((c) => c.customerNumber === customer)).toMatchObject({
      state: 'RECOVERED',
      recoveredBy: 'CALLED_BACK',
      recoveredByAgent: '9800000002',
    });
    await page.getByText(`To call back (${count(open.totalCount - 1)})`).waitFor();
  });

  it('shows a viewer no sync and no call buttons, where an admin has both', async () => {
    const asAdmin = await openPage();
    await asAdmin.goto(`${server.url}/calls?service=INCOMING#token=${admin}`);
    await asAdmin.getByRole('table', { name: 'Call legs, newest first' }).waitFor();
    expect(await asAdmin.getByRole('button', { name: 'Sync now' }).count()).toBe(1);
    expect(await asAdmin.getByRole('button', { name: /^Call back/ }).count()).toBeGreaterThan(0);

    const page = await openPage();
    await page.goto(`${server.url}/calls?service=INCOMING#token=${viewer}`);
    await page.getByRole('table', { name: 'Call legs, newest first' }).waitFor();
    await expect(page.getByText('Signed in as viewer').count()).resolves.toBe(1);
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /call/i }).count()).toBe(0);
    await page.goto(`${server.url}/`);
    await page.getByRole('group', { name: 'Incoming calls' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    // Nor on the customer calls, where an admin may call back the unanswered ones.
    await asAdmin.goto(`${server.url}/customer-calls?outcome=NO_ANSWER`);
    await asAdmin.getByRole('table', { name: 'Customer calls, newest first' }).waitFor();
    expect(await asAdmin.getByRole('button', { name: /^Call back/ }).count()).toBeGreaterThan(0);
    await page.goto(`${server.url}/customer-calls?outcome=NO_ANSWER`);
    await page.getByRole('table', { name: 'Customer calls, newest first' }).waitFor();
    expect(await page.getByRole('button', { name: /call back/i }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    // Nor on the missed callers' worklist.
    await asAdmin.goto(`${server.url}/missed-callers`);
    await asAdmin.getByRole('table', { name: /^Missed callers not yet reached/ }).waitFor();
    expect(await asAdmin.getByRole('button', { name: /^Call back/ }).count()).toBeGreaterThan(0);
    await page.goto(`${server.url}/missed-callers`);
    await page.getByRole('table', { name: /^Missed callers not yet reached/ }).waitFor();
    expect(await page.getByRole('button', { name: /call/i }).count()).toBe(0);
  });

  it('runs "Sync now" for an admin and shows its result', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/?range=today#token=${admin}`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    const result = page.getByText(/^Synced Wed, 25 Feb – Wed, 25 Feb: [\d,]+ legs fetched/);
    await result.waitFor();
    await expect(
      page.getByText(/^Last sync: \d{1,2} \w{3}, \d\d:\d\d:\d\d IST$/).count(),
    ).resolves.toBe(1);
  });

  it('filters and pages the call legs through the URL, opens an agent’s calls, and plays recordings', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/agents#token=${admin}`);
    const table = page.getByRole('table', { name: 'Agents, sortable by each column' });
    await table.waitFor();
    await expectAccessible(page, 'agents');
    await table.getByRole('button', { name: 'Name' }).click();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    await table.getByRole('link', { name: 'Agent 3' }).click();
    expect(new URL(page.url()).pathname).toBe('/calls');
    expect(new URL(page.url()).searchParams.get('agent')).toBe('9800000003');
    const calls = page.getByRole('table', { name: 'Call legs, newest first' });
    await calls.waitFor();
    await expect(page.getByLabel('Agent', { exact: true }).inputValue()).resolves.toBe(
      '9800000003',
    );
    const agentCells = await calls
      .getByRole('row')
      .evaluateAll((rows) => rows.slice(1).map((r) => r.children[4]?.textContent));
    expect(agentCells.length).toBeGreaterThan(0);
    expect(new Set(agentCells)).toEqual(new Set(['Agent 3']));
    const players = calls.getByRole('cell').locator('audio');
    expect(await players.count()).toBeGreaterThan(0);
    expect(await players.first().getAttribute('src')).toMatch(/^https:\/\//);
    await page.getByRole('link', { name: 'Next page' }).click();
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.getByText(/^Page 2 of /).waitFor();
    await expectAccessible(page, 'calls');
  });

  it('calls a customer back: the live status follows the events, and the live feed shows them', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/calls?service=INCOMING#token=${admin}`);
    const button = page.getByRole('button', { name: /^Call back \d{10}$/ }).first();
    const customer = (await button.innerText()).replace('Call back ', '');
    await button.click();
    await page.getByLabel(`Agent to call ${customer} from`).selectOption('9800000002');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    // The simulator rings, answers or not, and calls the server back; the event updates the cache.
    const final = page.getByRole('status').filter({
      hasText: /^(Answered|Not answered|Busy|Cancelled|Failed)/,
    });
    await final.waitFor({ timeout: 20_000 });
    const { rows } = await tdb.pool.query(
      'SELECT status FROM ivr_calls WHERE customer_number = $1',
      [customer],
    );
    const words = { ANSWERED: 'Answered', MISSED: 'Not answered', BUSY: 'Busy' } as Record<
      string,
      string
    >;
    expect(rows).toHaveLength(1);
    expect(await final.innerText()).toMatch(new RegExp(`^${words[rows[0].status] ?? ''}`));
    await page.getByRole('link', { name: 'Live' }).click();
    const feed = page.getByRole('table', { name: 'Call status changes, newest first' });
    await feed.waitFor();
    const texts = await feed.getByRole('row').allInnerTexts();
    expect(texts.some((t) => t.includes(customer) && t.includes('INITIATED'))).toBe(true);
    expect(texts.some((t) => t.includes(customer) && t.includes(rows[0].status))).toBe(true);
    await expectAccessible(page, 'live');
  });

  it('shows every agent figure the API answers, sortable by each column', async () => {
    const api = await gql(
      server.url,
      DashboardOverviewDocument,
      { range: { preset: 'LAST_7_DAYS' } },
      bearer(admin),
    );
    const agents = api.data!.dashboardOverview.agentStats;
    expect(agents.length).toBeGreaterThan(1);
    const page = await openPage();
    await page.goto(`${server.url}/agents?sort=lost&dir=desc#token=${admin}`);
    const table = page.getByRole('table', { name: 'Agents, sortable by each column' });
    await table.waitFor();
    const rows = (await table.getByRole('row').allInnerTexts()).slice(1);
    const byLost = [...agents].sort(
      (a, b) => b.missedCallsLost - a.missedCallsLost || b.agentNumber.localeCompare(a.agentNumber),
    );
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual(
      byLost.map((a) => [
        a.agentName ?? 'Unnamed agent',
        a.agentNumber,
        count(a.offered),
        count(a.callsAnswered),
        percent(a.answerRatePercent),
        count(a.missedCalls),
        count(a.missedCallsLost),
        duration(a.totalTalkSeconds),
        a.averageTalkSeconds == null ? '–' : duration(a.averageTalkSeconds),
      ]),
    );
    await table.getByRole('button', { name: 'Answer rate' }).click();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('rate');
    await expect(
      table.getByRole('columnheader', { name: 'Answer rate' }).getAttribute('aria-sort'),
    ).resolves.toBe('descending');
  });

  it('lists customer calls with an outcome filter, a number search and pages; a row opens its journey', async () => {
    const range: DateRangeInput = { preset: 'LAST_7_DAYS' };
    const calls = (filter: object, page = 1) =>
      gql(
        server.url,
        CustomerCallsDocument,
        { range, filter, page, limit: 25 },
        bearer(admin),
      ).then((r) => r.data!.customerCalls);
    const all = await calls({});
    const answered = await calls({ outcome: 'ANSWERED' });
    expect(all.totalCount).toBeGreaterThan(50);
    expect(answered.totalCount).toBeLessThan(all.totalCount);
    const page = await openPage();
    await page.goto(`${server.url}/customer-calls#token=${admin}`);
    const table = page.getByRole('table', { name: 'Customer calls, newest first' });
    await table.waitFor();
    const pages = Math.ceil(all.totalCount / 25);
    await page.getByText(`Page 1 of ${pages} (${count(all.totalCount)} calls)`).waitFor();
    const customerCells = () =>
      table
        .locator(':scope > tbody > tr:not(.journey-row)')
        .evaluateAll((rows) => rows.map((r) => r.children[1]?.textContent));
    expect(await customerCells()).toEqual(all.items.map((c) => c.customerNumber));

    await page.getByLabel('Outcome').selectOption('ANSWERED');
    expect(new URL(page.url()).searchParams.get('outcome')).toBe('ANSWERED');
    await page.getByText(`(${count(answered.totalCount)} calls)`).waitFor();
    expect(await customerCells()).toEqual(answered.items.map((c) => c.customerNumber));

    // The first answered call's journey: the Incoming leg, then each agent rung, in order.
    const first = answered.items[0]!;
    const journey = (await gql(server.url, CustomerCallDocument, { id: first.id }, bearer(admin)))
      .data!.customerCall!;
    await table
      .getByRole('button', { name: /^Journey of the call at / })
      .first()
      .click();
    const steps = page.getByRole('table', {
      name: `Journey of the call from ${first.customerNumber}`,
    });
    await steps.waitFor();
    const stepRows = (await steps.getByRole('row').allInnerTexts()).slice(1);
    expect(stepRows.map((r) => r.split('\t')[0]!.trim())).toEqual(
      journey.legs.map((l, i) => (i === 0 ? 'IVR' : `Try ${i}`)),
    );
    expect(stepRows.map((r) => r.split('\t')[3]!.trim())).toEqual(
      journey.legs.map((l) => l.status),
    );
    // Each answered agent leg has its recording (Kaleyra's protocol-relative URL, played as https).
    const answeredLegs = journey.legs.slice(1).filter((l) => l.status === 'ANSWER');
    expect(answeredLegs.length).toBeGreaterThan(0);
    const players = steps.locator('audio');
    expect(await players.count()).toBe(answeredLegs.length);
    for (const src of await players.evaluateAll((a) => a.map((x) => x.getAttribute('src'))))
      expect(src).toMatch(/^https:\/\//);
    await expectAccessible(page, 'customer-calls');

    // The number search (the server normalises +91), combined with the outcome.
    await page.getByLabel('Customer number').fill(`+91${first.customerNumber}`);
    await page.getByRole('button', { name: 'Search' }).click();
    const found = await calls({ outcome: 'ANSWERED', customerNumber: first.customerNumber });
    await page.getByText(`(${count(found.totalCount)} calls)`).waitFor();
    expect(new Set(await customerCells())).toEqual(new Set([first.customerNumber]));

    // Pages, without filters.
    await page.goto(`${server.url}/customer-calls`);
    await page.getByRole('link', { name: 'Next page' }).click();
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.getByText(`Page 2 of ${pages} (${count(all.totalCount)} calls)`).waitFor();
    expect(await customerCells()).toEqual((await calls({}, 2)).items.map((c) => c.customerNumber));
  });

  it('downloads the CSV files of the range shown, sending the Authorization header', async () => {
    // Yesterday and today (IST): the small hours of today alone have no unanswered call.
    const twoDays: DateRangeInput = {
      preset: 'CUSTOM',
      startDate: '2026-02-24',
      endDate: '2026-02-25',
    };
    const legs = (
      await gql(server.url, DashboardOverviewDocument, { range: twoDays }, bearer(admin))
    ).data!.dashboardOverview;
    const todayCalls = (
      await gql(
        server.url,
        CustomerCallsDocument,
        { range: twoDays, filter: { outcome: 'NO_ANSWER' }, limit: 1 },
        bearer(admin),
      )
    ).data!.customerCalls;
    expect(legs.callVolume.total).toBeGreaterThan(0);
    expect(todayCalls.totalCount).toBeGreaterThan(0);
    const page = await openPage();
    await page.goto(
      `${server.url}/export?range=custom&from=2026-02-24&to=2026-02-25#token=${admin}`,
    );
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    await page
      .getByText('CSV files of 24 Feb 2026 – 25 Feb 2026 (IST days)', { exact: false })
      .waitFor();
    await expectAccessible(page, 'export');
    for (const [button, file, extra, header, rows] of [
      [
        'Download call legs (CSV)',
        '/exports/call-logs.csv',
        {},
        'id,start_time_ist,end_time_ist,service,call_from,call_to,agent_number,agent_name,status,duration,billsec,location,provider,caller_id,recording_url',
        legs.callVolume.total,
      ],
      [
        'Download customer calls (CSV)',
        '/exports/customer-calls.csv',
        { outcome: 'NO_ANSWER' },
        'id,start_time_ist,customer_number,did,outcome,answered_by,answered_by_name,answered_at_ist,seconds_to_answer,talk_seconds,agents_tried,location,provider,recording_url',
        todayCalls.totalCount,
      ],
    ] as const) {
      if ('outcome' in extra) await page.getByLabel('Outcome').selectOption(extra.outcome);
      const request = page.waitForRequest((r) => new URL(r.url()).pathname === file);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const r = await request;
      expect(r.headers().authorization).toBe(`Bearer ${admin}`);
      expect(Object.fromEntries(new URL(r.url()).searchParams)).toEqual({
        startDate: '2026-02-24',
        endDate: '2026-02-25',
        ...extra,
      });
      const saved = await download;
      const name = file.replace('/exports/', '').replace('.csv', '');
      expect(saved.suggestedFilename()).toBe(`${name}_2026-02-24_2026-02-25.csv`);
      const text = await readFile(await saved.path(), 'utf8');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(header);
      // One line per leg (or per customer call with that outcome) of the day, and a final CRLF.
      expect(lines.at(-1)).toBe('');
      expect(lines.length - 2).toBe(rows);
      await page.getByText(`Saved ${saved.suggestedFilename()}.`).waitFor();
    }

    // A refusal shows the server's own message, read from its JSON error: a range over 366 days.
    const tooLong = new URLSearchParams({ startDate: '2024-01-01', endDate: '2026-02-25' });
    const refused = await fetch(`${server.url}/exports/call-logs.csv?${tooLong}`, {
      headers: bearer(admin),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toEqual(expect.any(String));
    expect(body.error.message.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/export?range=custom&from=2024-01-01&to=2026-02-25`);
    await page.getByRole('button', { name: 'Download call legs (CSV)' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toBe(body.error.message);
    expect(await page.getByText(/^Saved /).count()).toBe(0);
  });

  it("shows Kaleyra's refusal (UPSTREAM_ERROR) and the call budget (RATE_LIMITED) in the server's words", async () => {
    // A second server on the same data whose Kaleyra key the simulator refuses, one call a minute.
    const refusing = await startServer(0, {
      kaleyraApiKey: 'AWRONGWEBKEY000000000000000000000',
      callRateLimitPerMinute: 1,
    });
    try {
      const token = await signToken('admin', { sub: 'web-errors-admin' });
      const page = await openPage();
      await page.goto(`${refusing.url}/customer-calls?outcome=NO_ANSWER#token=${token}`);
      await page.getByRole('table', { name: 'Customer calls, newest first' }).waitFor();
      const callBack = async () => {
        const button = page.getByRole('button', { name: /^Call back \d{10}$/ }).first();
        const customer = (await button.innerText()).replace('Call back ', '');
        await button.click();
        const form = page.locator('form.call-back').filter({
          has: page.getByLabel(`Agent to call ${customer} from`),
        });
        await form.getByLabel(`Agent to call ${customer} from`).selectOption('9800000002');
        await form.getByRole('button', { name: 'Call', exact: true }).click();
        return form.getByRole('alert').innerText();
      };
      expect(await callBack()).toMatch(/Invalid API key/);
      expect(await callBack()).toBe('At most 1 calls a minute; try again shortly');
      // Kaleyra's message, never the key the server sent.
      expect(await page.content()).not.toContain('AWRONGWEBKEY');
    } finally {
      await refusing.stop();
    }
  });

  it('asks to sign in again for an expired token, and for one the server refuses', async () => {
    const expired = await signToken('admin', { expiresIn: Math.floor(NOW.getTime() / 1000) - 60 });
    const page = await openPage();
    await page.goto(`${server.url}/#token=${expired}`);
    await page.getByRole('heading', { name: 'Sign in to the call dashboard' }).waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'Your session has expired. Sign in again.',
    );
    expect(page.url()).toBe(`${server.url}/`);
    await expectAccessible(page, 'sign-in');

    const forged = await signToken('admin', { secret: 'another-secret-that-is-long-enough-0000' });
    await page.getByLabel('Access token').fill(forged);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to the call dashboard' }).waitFor();
    await page.getByText('The server did not accept your token. Sign in again.').waitFor();

    await page.getByLabel('Access token').fill(admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('group', { name: 'Incoming calls' }).waitFor();
  });

  it('survives a server restart: the banner shows, the socket reconnects, the figures refetch', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/?range=today#token=${admin}`);
    const incoming = page.getByRole('group', { name: 'Incoming calls' });
    await incoming.waitFor();
    const status = page.getByRole('status', { name: 'Live updates' });
    await status.filter({ hasText: 'Live' }).waitFor();
    const before = await gql(
      server.url,
      DashboardOverviewDocument,
      { range: { preset: 'TODAY' } },
      bearer(admin),
    );
    const port = Number(new URL(server.url).port);
    await server.stop();
    await page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).waitFor();
    await expect(status.innerText()).resolves.toMatch(/Reconnecting/);
    // While the server is down, a new Incoming leg lands in the database.
    await tdb.pool.query(
      `INSERT INTO kaleyra_call_logs (id, callfrom, callto, start_time, duration, billsec, status, service)
       VALUES ('web-restart-1', '9811111111', '8000000100', '2026-02-24T20:00:00Z', 30, 0, 'NOANSWER', 'Incoming')`,
    );
    server = await startServer(port);
    await status.filter({ hasText: /^\s*Live$/ }).waitFor({ timeout: 30_000 });
    const expected = count(before.data!.dashboardOverview.callVolume.incoming + 1);
    await page
      .getByRole('group', { name: 'Incoming calls' })
      .getByText(expected, { exact: true })
      .waitFor({ timeout: 10_000 });
    // The leg is a new (unanswered) customer call too: the same request refetched its figures.
    await page
      .getByRole('group', { name: 'Customer calls', exact: true })
      .getByText(expected, { exact: true })
      .waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'Connection' }).count()).toBe(0);
    // And the subscription works again: a callback's event reaches the live feed.
    await page.getByRole('link', { name: 'Live' }).click();
    const q = new URLSearchParams({
      token: CALLBACK_TOKEN,
      caller: '9800000001',
      receiver: '9822222222',
      status: 'ANSWER',
      id: 'k-web-restart',
    });
    expect((await fetch(`${server.url}/webhooks/kaleyra/callback?${q}`)).status).toBe(200);
    await page
      .getByRole('table', { name: 'Call status changes, newest first' })
      .getByRole('row')
      .filter({ hasText: '9822222222' })
      .waitFor();
  });
});
