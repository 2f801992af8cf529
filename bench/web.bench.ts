/**
 * npm run bench:web — the web app's overview in Debian's Chromium, against the server on a
 * throwaway embedded Postgres filled by a real sync from the simulator (30 IST days, as the demo).
 *
 *   1. the JS + CSS the overview downloads, gzipped as the server sends it (budget 300 kB);
 *   2. the GraphQL requests the overview makes (budget 3);
 *   3. the median time from navigation to the stat cards showing, over 10 loads in a fresh
 *      browser context (nothing cached) and 10 reloads (assets cached), beside the median time of
 *      the overview's own GraphQL request sent from Node in the same run.
 * Only loopback; every loop is bounded.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { print } from 'graphql';
import type { Config } from '../src/config';
import { PgStore } from '../src/datasources/database/pg.store';
import { readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { addDays, istDateOf } from '../src/domain/ist';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';
import { generateTraffic } from '../src/simulator/generator';
import { startKaleyraSimulator } from '../src/simulator/simulator.server';
import { KaleyraDashboardDocument } from '../web/src/generated/graphql';
import { CHROMIUM, launchChromium } from './lib/chromium';
import { cleanupStack, startBenchDatabase } from './lib/database';
import { describeMachine, loadNote } from './lib/machine';
import { median } from './lib/stats';

const LOADS = 10;
const BUDGET_BYTES = 300 * 1024; // issue #15; the build prints the same figure from its manifest
const SECRET = 'bench-web-secret-that-is-long-enough-0000';
const KEY = 'ABENCHWEBKEY0000000000000000000000';

/** Bytes of a response body as sent, with gzip asked for (what a browser downloads). */
function gzippedSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => (n += d.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

/** Milliseconds from navigation start to the "Incoming calls" card holding a number. */
async function timeToStatCards(page: Page): Promise<number> {
  await page
    .getByRole('group', { name: 'Incoming calls', exact: true })
    .filter({ hasText: /\d/ })
    .waitFor();
  return page.evaluate(() => performance.now());
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(`bench:web needs ${CHROMIUM}: apt-get install -y chromium`);
    process.exit(2);
  }
  const logger = createLogger({ level: 'warn' });
  const cleanup = cleanupStack();
  let browser: Browser | undefined;
  try {
    const db = await startBenchDatabase(logger, 'web');
    cleanup.push(() => db.stop());
    const now = new Date();
    const toDate = istDateOf(now);
    const fromDate = addDays(toDate, -29);
    const records = generateTraffic({ seed: 20260224, fromDate, toDate }).filter(
      (r) => Date.parse(r.start_time.replace(' ', 'T') + '+05:30') <= now.getTime(),
    );
    const sim = await startKaleyraSimulator({ apiKey: KEY, records });
    cleanup.push(() => sim.stop());
    const pool = createPool({ connectionString: db.connectionString, max: 10 }, logger);
    const config: Config = {
      port: 0,
      host: '127.0.0.1',
      nodeEnv: 'production',
      logLevel: 'warn',
      databaseMode: 'postgres',
      eventsTransport: 'auto',
      dataDir: '/nonexistent',
      migrateOnStart: false,
      kaleyraApiKey: KEY,
      kaleyraBaseUrl: sim.url,
      kaleyraTimeoutMs: 10_000,
      authDisabled: false,
      authJwtSecret: SECRET,
      corsOrigins: [],
      maskNumbersFor: [],
      callRateLimitPerMinute: 10,
      wsMaxSocketsPerUser: 20,
      httpRequestTimeoutMs: 30_000,
      httpHeadersTimeoutMs: 10_000,
    };
    const server = await createServer(config, {
      logger,
      database: {
        db: new PgStore(pool, readMigrations()),
        pool,
        connectionString: db.connectionString,
        close: () => pool.end(),
      },
    });
    cleanup.push(() => server.stop());
    const token = await new SignJWT({ app_metadata: { role: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bench')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const sync = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        query: `mutation { syncCallLogs(input: { fromDate: "${fromDate}", toDate: "${toDate}" }) { fetched } }`,
      }),
    });
    const fetched = ((await sync.json()) as { data: { syncCallLogs: { fetched: number } } }).data
      .syncCallLogs.fetched;

    browser = await launchChromium();

    // 1 and 2: one load, recording what it asks for.
    const context = await browser.newContext();
    const page = await context.newPage();
    const assets = new Set<string>();
    const graphql: string[] = [];
    page.on('request', (r) => {
      const type = r.resourceType();
      if (type === 'script' || type === 'stylesheet') assets.add(r.url());
      if (new URL(r.url()).pathname === '/graphql' && r.method() === 'POST')
        graphql.push(JSON.parse(r.postData() ?? '{}').operationName ?? '?');
    });
    await page.goto(`${server.url}/#token=${token}`);
    await timeToStatCards(page);
    await page.waitForLoadState('networkidle');
    let bytes = 0;
    for (const url of assets) bytes += await gzippedSize(url);
    await context.close();

    // 3: cold loads (fresh context each), warm reloads (one context), and the query from Node.
    const cold: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const c = await browser.newContext();
      const p = await c.newPage();
      await p.goto(`${server.url}/#token=${token}`);
      cold.push(await timeToStatCards(p));
      await c.close();
    }
    const warmContext = await browser.newContext();
    const warmPage = await warmContext.newPage();
    await warmPage.goto(`${server.url}/#token=${token}`);
    await timeToStatCards(warmPage);
    const warm: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      // sessionStorage keeps the token across reloads, as it does for a person.
      await warmPage.reload();
      warm.push(await timeToStatCards(warmPage));
    }
    await warmContext.close();
    const body = JSON.stringify({
      operationName: 'KaleyraDashboard',
      query: print(KaleyraDashboardDocument),
      variables: { range: { preset: 'LAST_7_DAYS' } },
    });
    const node: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: auth, body });
      await res.json();
      node.push(performance.now() - t0);
    }
    // Where the request's time goes: each part of the overview alone, interleaved, same range.
    const PARTS: Record<string, string> = {
      'leg figures (callVolume, dailyVolume, statusBreakdown, agentStats)':
        '{ dashboardOverview(range: { preset: LAST_7_DAYS }) { callVolume { total } dailyVolume { date } statusBreakdown { status } agentStats { agentNumber missedCallsLost } } }',
      serviceLevel:
        '{ dashboardOverview(range: { preset: LAST_7_DAYS }) { serviceLevel { offered answeredWithin } } }',
      customerCallsByDay:
        '{ dashboardOverview(range: { preset: LAST_7_DAYS }) { customerCallsByDay { date answered } } }',
      'recoverySummary + callerSummary':
        '{ recoverySummary(range: { preset: LAST_7_DAYS }) { open recovered } callerSummary(range: { preset: LAST_7_DAYS }) { uniqueCallers newCallers } }',
      'callHeatmap + 3 × callBreakdown':
        '{ callHeatmap(range: { preset: LAST_7_DAYS }) { offered } l: callBreakdown(range: { preset: LAST_7_DAYS }, by: LOCATION) { key } p: callBreakdown(range: { preset: LAST_7_DAYS }, by: PROVIDER) { key } d: callBreakdown(range: { preset: LAST_7_DAYS }, by: DID) { key } }',
    };
    const parts = Object.fromEntries(Object.keys(PARTS).map((k) => [k, [] as number[]]));
    for (let i = 0; i < LOADS; i++) {
      for (const [name, query] of Object.entries(PARTS)) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ query }),
        });
        await res.json();
        parts[name]!.push(performance.now() - t0);
      }
    }

    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const lines = [
      `bench:web on ${describeMachine()} (${loadNote()}); ${fetched.toLocaleString('en-IN')} legs over 30 IST days; overview = Last 7 days`,
      `| Measure | Result | Target |`,
      `|---|---|---|`,
      `| overview JS + CSS, gzipped as sent (${assets.size} files) | ${(bytes / 1024).toFixed(1)} kB | ≤ 300 kB: ${met(bytes <= BUDGET_BYTES)} |`,
      `| GraphQL requests of one overview load | ${graphql.length} (${graphql.join(', ')}) | ≤ 3: ${met(graphql.length <= 3)} |`,
      `| navigation → stat cards, p50 of ${LOADS}, fresh context | ${ms(median(cold))} (min ${ms(Math.min(...cold))}, max ${ms(Math.max(...cold))}) | – |`,
      `| navigation → stat cards, p50 of ${LOADS}, reload (assets cached) | ${ms(median(warm))} (min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}) | – |`,
      `| the same KaleyraDashboard request from Node, p50 of ${LOADS} | ${ms(median(node))} | – |`,
      `| fresh load ÷ Node request | ${(median(cold) / median(node)).toFixed(1)} | – |`,
      ...Object.entries(parts).map(
        ([name, t]) =>
          `| its part ${name} alone from Node, p50 of ${LOADS} | ${ms(median(t))} | – |`,
      ),
    ];
    console.log(lines.join('\n'));
  } finally {
    await browser?.close();
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
