/**
 * npm run bench:soak [-- --minutes 10 --callbacks 40 --queries 10]
 *
 * Two server instances (each a forked child with its own pool, behind nginx when installed, else
 * alternated by the client) on one embedded PostgreSQL, under mixed traffic for --minutes:
 *   - Kaleyra callbacks (each a new call, 5% repeats) at --callbacks per second;
 *   - dashboard queries (dashboardOverview, callList) at --queries per second;
 *   - 20 subscribers connected for the whole run (half through the balancer, five straight to
 *     each instance), which must each receive every event exactly once;
 *   - subscribers connecting and leaving (one a second, each staying 5 to 15 s);
 *   - a forced sync of yesterday and today every 60 s from alternating instances.
 * The children inherit this process's node flags: `npm run bench:soak` passes those of `npm start`
 * (--max-semi-space-size=16, see BENCHMARKS.md). Each instance runs one sync before the clock
 * starts (warm-up). Reports, per instance, RSS and
 * open file descriptors over time (RSS growth from minute 2 to the end; target ≤ 10%) with the V8
 * heap beside it, pool waits (connection acquisitions that had to queue), p95 latencies, and
 * events lost (target 0). Everything on loopback; it stops by itself.
 */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import type pg from 'pg';
import WebSocket from 'ws';
import type { Config } from '../src/config';
import { freePort } from '../src/database/embedded';
import { openDatabase, type OpenDatabase } from '../src/database/open-database';
import { addDays, istDateOf } from '../src/domain/ist';
import { createLogger } from '../src/logger';
import { createServer, type AppServer } from '../src/server';
import { generateTraffic } from '../src/simulator/generator';
import { startKaleyraSimulator } from '../src/simulator/simulator.server';
import { startNginx } from '../test/helpers/daemons';
import { toolPath } from '../test/helpers/tools';
import { forkSelf, serveParent, type ForkedChild } from './lib/child';
import { cleanupStack, startBenchDatabase } from './lib/database';
import { createGetter } from './lib/http';
import { describeMachine, loadNote } from './lib/machine';
import { collectGarbage } from './lib/memory';
import { fmt, LatencyHistogram } from './lib/stats';

const API_KEY = 'ABENCHFAKEKEY000000000000000000000';
const TOKEN = 'soak-bench-callback-token-0000000';
const SAMPLE_MS = 10_000;
const STABLE_SUBSCRIBERS = 20;
const SYNC_EVERY_MS = 60_000;
const DRAIN_MS = 15_000;
const RSS_TARGET = 0.1;

const SUBSCRIPTION = /* GraphQL */ `
  subscription SoakCallStatusChanged {
    callStatusChanged {
      kaleyraCallId
      status
    }
  }
`;
const OVERVIEW = `{ dashboardOverview(range: { preset: LAST_7_DAYS }) { callVolume { total } agentStats { agentNumber callsAnswered } dailyVolume { date incoming } statusBreakdown { status count } } }`;
const CALL_LIST = `{ callList(range: { preset: LAST_7_DAYS }, page: 1, limit: 50) { totalCount items { id status agentName } } }`;
const SYNC = `mutation ($input: SyncCallLogsInput) { syncCallLogs(input: $input) { fetched upserted } }`;

// ---------------------------------------------------------------- child: one server instance

interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  /** V8's committed heap (all spaces) and its young generation; Buffers outside the heap. */
  heapTotal: number;
  newSpace: number;
  external: number;
  fds: number;
  poolTotal: number;
  poolWaitingMax: number;
  /** Connection acquisitions since the last sample, and how many of them queued (> 1 ms). */
  acquisitions: number;
  waited: number;
  waitP95: number;
  waitMax: number;
}

function childMain(): void {
  let database: OpenDatabase | undefined;
  let server: AppServer | undefined;
  let waits = new LatencyHistogram(60_000);
  let waited = 0;
  let waitingMax = 0;
  let watcher: NodeJS.Timeout | undefined;
  const watchPool = (pool: pg.Pool) => {
    // Times every checkout (pool.query checks out through pool.connect as well).
    const connect = pool.connect.bind(pool) as (cb?: unknown) => unknown;
    (pool as unknown as { connect: unknown }).connect = (cb?: (...a: unknown[]) => void) => {
      const t0 = performance.now();
      const done = () => {
        const ms = performance.now() - t0;
        waits.record(ms);
        if (ms > 1) waited++;
      };
      if (typeof cb === 'function')
        return connect((...a: unknown[]) => {
          done();
          cb(...a);
        });
      return (connect() as Promise<pg.PoolClient>).then((c) => {
        done();
        return c;
      });
    };
    watcher = setInterval(() => (waitingMax = Math.max(waitingMax, pool.waitingCount)), 50);
    watcher.unref();
  };
  serveParent({
    start: async (config: Config) => {
      const logger = createLogger({ level: config.logLevel });
      database = await openDatabase(config, logger);
      watchPool(database.pool!);
      server = await createServer(config, { database, logger });
      return server.url;
    },
    sample: (): Sample => {
      collectGarbage();
      const pool = database!.pool!;
      const mem = process.memoryUsage();
      const s: Sample = {
        at: Date.now(),
        rss: process.memoryUsage.rss(),
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        newSpace: v8
          .getHeapSpaceStatistics()
          .filter((sp) => sp.space_name === 'new_space')
          .reduce((a, sp) => a + sp.space_size, 0),
        external: mem.external,
        fds: readdirSync('/proc/self/fd').length,
        poolTotal: pool.totalCount,
        poolWaitingMax: waitingMax,
        acquisitions: waits.count,
        waited,
        waitP95: waits.percentile(95),
        waitMax: waits.max,
      };
      waits = new LatencyHistogram(60_000);
      waited = 0;
      waitingMax = 0;
      return s;
    },
    stop: async () => {
      clearInterval(watcher);
      await server?.stop();
    },
  });
}

// ---------------------------------------------------------------- parent: traffic and report

interface Subscriber {
  client: Client;
  ids: Map<string, number>;
  connectedAt: number;
  done: Promise<void>;
}

function subscribeTo(url: string, onEvent: (id: string) => void): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const ids = new Map<string, number>();
    const client = createClient({
      url: url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: reject,
      on: { connected: () => setTimeout(() => resolve(sub), 50) },
    });
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const sub: Subscriber = { client, ids, connectedAt: Date.now(), done };
    client.subscribe<{ callStatusChanged: { kaleyraCallId: string } }>(
      { query: SUBSCRIPTION },
      {
        next: (v) => {
          const id = v.data?.callStatusChanged.kaleyraCallId;
          if (!id) return;
          ids.set(id, (ids.get(id) ?? 0) + 1);
          onEvent(id);
        },
        error: () => finish(),
        complete: () => finish(),
      },
    );
  });
}

async function postJson(url: string, query: string, variables?: unknown): Promise<boolean> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  if (body.errors?.[0]?.extensions?.code === 'SYNC_IN_PROGRESS') return false;
  if (!res.ok || body.errors) throw new Error(`${res.status} ${JSON.stringify(body.errors)}`);
  return true;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      callbacks: { type: 'string', default: '40' },
      queries: { type: 'string', default: '10' },
    },
  });
  const minutes = Number(values.minutes);
  const callbackRate = Number(values.callbacks);
  const queryRate = Number(values.queries);
  if (!(minutes > 0 && minutes <= 60 && callbackRate > 0 && queryRate >= 0))
    throw new Error('--minutes must be in (0, 60], --callbacks > 0, --queries >= 0');
  const durationMs = minutes * 60_000;
  const markMs = Math.min(120_000, durationMs / 5); // "minute 2" (a fifth of shorter runs)

  console.log(`bench:soak on ${describeMachine()}; ${loadNote()}`);
  console.log(
    `  ${minutes} min: ${callbackRate} callbacks/s, ${queryRate} queries/s, ${STABLE_SUBSCRIBERS} steady subscribers + 1 joining a second, a sync every ${SYNC_EVERY_MS / 1000} s`,
  );
  const cleanup = cleanupStack();
  const logger = createLogger({ level: 'warn' });
  try {
    const db = await startBenchDatabase(logger, 'soak');
    cleanup.push(() => db.stop());
    const today = istDateOf(new Date());
    const sim = await startKaleyraSimulator({
      apiKey: API_KEY,
      seed: 9,
      records: generateTraffic({ seed: 9, fromDate: addDays(today, -1), toDate: today }),
    });
    cleanup.push(() => sim.stop());

    const ports = [await freePort(), await freePort()];
    const children: ForkedChild[] = [];
    const urls: string[] = [];
    for (const port of ports) {
      const child = forkSelf('server');
      children.push(child);
      cleanup.push(async () => {
        await child.rpc.call('stop', null, 30_000).catch(() => undefined);
        await child.stop();
      });
      const config: Config = {
        port,
        host: '127.0.0.1',
        nodeEnv: 'development',
        logLevel: 'warn',
        databaseMode: 'postgres',
        databaseUrl: db.connectionString,
        eventsTransport: 'auto',
        dataDir: '/nonexistent',
        migrateOnStart: false,
        kaleyraApiKey: API_KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
        kaleyraCallbackUrl: 'http://127.0.0.1:9/webhooks/kaleyra/callback',
        kaleyraTimeoutMs: 10_000,
        authDisabled: true,
        corsOrigins: [],
        maskNumbersFor: [],
        callRateLimitPerMinute: 10,
        // Every subscriber is the one dev user (auth disabled): steady ones plus those joining.
        wsMaxSocketsPerUser: 100,
        httpRequestTimeoutMs: 30_000,
        httpHeadersTimeoutMs: 10_000,
      };
      urls.push(await child.rpc.call<string>('start', config, 60_000));
    }
    let balancer: string[];
    if (toolPath('nginx')) {
      const nginx = await startNginx(ports);
      cleanup.push(() => nginx.stop());
      balancer = [nginx.url];
      console.log(`  instances ${urls.join(', ')} behind nginx at ${nginx.url}`);
    } else {
      balancer = urls; // the client alternates
      console.log(`  instances ${urls.join(', ')}; nginx not installed: the client alternates`);
    }
    let turn = 0;
    const base = () => balancer[turn++ % balancer.length]!;
    // Warm-up: one sync on each instance before the clock starts. A process's first request to
    // Kaleyra sets up fetch's HTTP parser (WebAssembly, off the JS heap: about 18 MiB of RSS
    // once), which would otherwise land in the middle of the measured minutes.
    const warmInput = { input: { fromDate: addDays(today, -1), toDate: today, force: true } };
    for (const url of urls) await postJson(url, SYNC, warmInput);

    // Latencies and counters.
    const lat = {
      callback: new LatencyHistogram(),
      overview: new LatencyHistogram(),
      callList: new LatencyHistogram(),
      event: new LatencyHistogram(),
      sync: new LatencyHistogram(600_000),
    };
    const failures: Record<string, number> = {};
    const fail = (what: string) => (failures[what] = (failures[what] ?? 0) + 1);
    const sentAt = new Map<string, number>();
    const firstSeen = new Set<string>();
    const onEvent = (id: string) => {
      if (firstSeen.has(id)) return;
      firstSeen.add(id);
      const t = sentAt.get(id);
      if (t !== undefined) lat.event.record(performance.now() - t);
    };

    const stable: Subscriber[] = [];
    for (let i = 0; i < STABLE_SUBSCRIBERS; i++) {
      const url = i < STABLE_SUBSCRIBERS / 2 ? base() : urls[i % 2]!;
      stable.push(await subscribeTo(url, onEvent));
    }
    cleanup.push(async () => void (await Promise.all(stable.map((s) => s.client.dispose()))));

    const getter = createGetter(64);
    cleanup.push(async () => getter.close());
    const started = performance.now();
    const deadline = started + durationMs;
    const valid = new Set<string>();
    let sent = 0;
    let inFlight = 0;
    let churned = 0;
    const churners = new Set<Client>();
    const samples: Sample[][] = children.map(() => []);
    const syncs = { ran: 0, busy: 0 };

    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      cleanup.push(async () => clearInterval(timer));
      return timer;
    };
    const timers = [
      // Callbacks: a batch every 100 ms; at most 200 in flight (a stalled server is not piled on).
      every(100, () => {
        for (let k = 0; k < callbackRate / 10 && inFlight < 200; k++) {
          const n = sent++;
          const repeat = n > 10 && n % 20 === 7;
          const id = repeat ? `soak-${n - 5}` : `soak-${n}`;
          const q = new URLSearchParams({
            token: TOKEN,
            id,
            caller: '9800000001',
            receiver: `98${String(40_000_000 + (n % 1_000_000)).slice(-8)}`,
            status: 'ANSWER',
            duration: '30',
            billsec: '25',
          });
          const t0 = performance.now();
          if (!repeat) sentAt.set(id, t0);
          inFlight++;
          getter
            .get(`${base()}/webhooks/kaleyra/callback?${q}`)
            .then((status) => {
              lat.callback.record(performance.now() - t0);
              if (status === 200) valid.add(id);
              else fail(`callback ${status}`);
            })
            .catch(() => fail('callback network'))
            .finally(() => inFlight--);
        }
      }),
      every(1_000 / Math.max(queryRate, 0.001), () => {
        if (queryRate === 0) return;
        const which = turn % 2 === 0 ? 'overview' : 'callList';
        const t0 = performance.now();
        postJson(base(), which === 'overview' ? OVERVIEW : CALL_LIST)
          .then(() => lat[which].record(performance.now() - t0))
          .catch(() => fail(which));
      }),
      every(1_000, () => {
        subscribeTo(base(), onEvent)
          .then((s) => {
            churned++;
            churners.add(s.client);
            setTimeout(
              () => {
                churners.delete(s.client);
                void s.client.dispose();
              },
              5_000 + Math.random() * 10_000,
            );
          })
          .catch(() => fail('subscribe'));
      }),
      every(SYNC_EVERY_MS, () => {
        const t0 = performance.now();
        postJson(base(), SYNC, {
          input: { fromDate: addDays(today, -1), toDate: today, force: true },
        })
          .then((ran) => {
            if (ran) {
              syncs.ran++;
              lat.sync.record(performance.now() - t0);
            } else syncs.busy++;
          })
          .catch(() => fail('sync'));
      }),
      every(SAMPLE_MS, () => {
        children.forEach((c, i) =>
          c.rpc
            .call<Sample>('sample', null, 30_000)
            .then((s) => samples[i]!.push(s))
            .catch(() => fail('sample')),
        );
      }),
    ];
    const progress = every(60_000, () => {
      const m = Math.round((performance.now() - started) / 60_000);
      const rss = samples.map((s) => fmt.mib(s.at(-1)?.rss ?? 0)).join(' / ');
      console.log(
        `  minute ${m}: ${fmt.int(sent)} callbacks sent, ${fmt.int(firstSeen.size)} events seen, RSS ${rss}; ${loadNote()}`,
      );
    });
    // One sample at the start, so growth has a baseline even in a short run.
    children.forEach((c, i) =>
      c.rpc.call<Sample>('sample', null, 30_000).then((s) => samples[i]!.push(s)),
    );

    while (performance.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    for (const t of [...timers, progress]) clearInterval(t);
    // Let callbacks in flight finish and their events arrive.
    for (let i = 0; i < DRAIN_MS / 100 && inFlight > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < DRAIN_MS / 100; i++) {
      if (stable.every((s) => [...valid].every((id) => s.ids.has(id)))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_500)); // a safety poll: anything more would show
    const final = await Promise.all(
      children.map((c) => c.rpc.call<Sample>('sample', null, 30_000)),
    );
    final.forEach((s, i) => samples[i]!.push(s));
    await Promise.all([...churners].map((c) => c.dispose()));

    // ---- report
    const endLoad = loadNote();
    console.log(`\nsummary (${minutes} min; ${endLoad})`);
    let worstGrowth = 0;
    samples.forEach((series, i) => {
      const t0 = series[0]!.at;
      const atMark = series.find((s) => s.at - t0 >= markMs) ?? series[0]!;
      const last = series.at(-1)!;
      const growth = last.rss / atMark.rss - 1;
      worstGrowth = Math.max(worstGrowth, growth);
      const acq = series.reduce((a, s) => a + s.acquisitions, 0);
      const waited = series.reduce((a, s) => a + s.waited, 0);
      console.log(
        `  instance ${i + 1}: RSS ${fmt.mib(series[0]!.rss)} at start, ${fmt.mib(atMark.rss)} at ${fmt.s(atMark.at - t0)}, ${fmt.mib(last.rss)} at the end (growth ${(growth * 100).toFixed(1)}% from the mark); ` +
          `heap ${fmt.mib(atMark.heapUsed)} → ${fmt.mib(last.heapUsed)}; fds ${series[0]!.fds} → ${atMark.fds} → ${last.fds} (max ${Math.max(...series.map((s) => s.fds))}); ` +
          `pool: ${fmt.int(acq)} checkouts, ${fmt.int(waited)} queued > 1 ms, worst sample p95 ${fmt.ms(Math.max(...series.map((s) => s.waitP95 || 0)))}, max wait ${fmt.ms(Math.max(...series.map((s) => s.waitMax)))}, max queue ${Math.max(...series.map((s) => s.poolWaitingMax))}`,
      );
      const mib = (pick: (s: Sample) => number) =>
        series.map((s) => (pick(s) / 2 ** 20).toFixed(0)).join(' ');
      console.log(`    RSS per sample (MiB): ${mib((s) => s.rss)}`);
      console.log(`    V8 heap committed: ${mib((s) => s.heapTotal)}`);
      console.log(`    of which young generation: ${mib((s) => s.newSpace)}`);
      console.log(`    external (Buffers): ${mib((s) => s.external)}`);
      console.log(`    RSS outside the V8 heap: ${mib((s) => s.rss - s.heapTotal)}`);
      // A leak shows as live JS objects growing (heap used after a full GC) or native memory
      // growing; V8 enlarging its young generation under load (32 -> 64 MiB) is neither.
      const outside = (x: Sample) => x.rss - x.heapTotal;
      const lastLoaded = series.at(-2) ?? last; // the final sample is taken after traffic stopped
      console.log(
        `    from the mark to the end: heap used after GC ${((last.heapUsed / atMark.heapUsed - 1) * 100).toFixed(1)}%, RSS outside the V8 heap ${((outside(lastLoaded) / outside(atMark) - 1) * 100).toFixed(1)}%`,
      );
    });
    const line = (name: string, h: LatencyHistogram) =>
      `${name} n=${fmt.int(h.count)} p50 ${fmt.ms(h.percentile(50))} p95 ${fmt.ms(h.percentile(95))} max ${fmt.ms(h.max)}`;
    console.log(`  latency: ${line('callback', lat.callback)}`);
    console.log(`           ${line('dashboardOverview', lat.overview)}`);
    console.log(`           ${line('callList', lat.callList)}`);
    console.log(`           ${line('event (callback sent → first subscriber)', lat.event)}`);
    console.log(
      `           ${line('sync', lat.sync)} (${syncs.ran} ran, ${syncs.busy} SYNC_IN_PROGRESS)`,
    );
    let lost = 0;
    let repeated = 0;
    for (const s of stable) {
      for (const id of valid) if (!s.ids.has(id)) lost++;
      for (const n of s.ids.values()) if (n > 1) repeated += n - 1;
    }
    console.log(
      `  events: ${fmt.int(sent)} callbacks sent, ${fmt.int(valid.size)} distinct calls stored, ${STABLE_SUBSCRIBERS} steady subscribers: ${lost} lost, ${repeated} repeated (target 0: ${lost + repeated === 0 ? 'met' : 'NOT met'}); ${fmt.int(churned)} subscribers joined and left`,
    );
    console.log(
      `  failures: ${Object.keys(failures).length === 0 ? 'none' : JSON.stringify(failures)}`,
    );
    console.log(
      `  RSS growth from ${fmt.s(markMs)} to the end, worst instance: ${(worstGrowth * 100).toFixed(1)}% (target ≤ ${RSS_TARGET * 100}%: ${worstGrowth <= RSS_TARGET ? 'met' : 'NOT met'})`,
    );
  } finally {
    await cleanup.run();
  }
}

if (process.argv[2] === 'server') {
  childMain();
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
