/**
 * npm run bench:live [-- --subscribers 1000 --rate 200 --seconds 30]
 *
 * Kaleyra callbacks → webhook → Postgres (apply_kaleyra_callback + its outbox row) → NOTIFY →
 * LISTEN → outbox read → PubSub → graphql-ws subscribers, against a real server (createServer on 127.0.0.1, embedded Postgres).
 * The server runs in this process; the subscribers and the load generator run in one forked child
 * (same clock for "sent" and "received", and the server keeps its own core as far as 2 cores allow).
 *
 *   1. live: N unfiltered subscribers; R callbacks a second for S seconds, each a new call (distinct
 *      Kaleyra id), so every subscriber must receive every event exactly once. Latency is from just
 *      before the GET to receipt on each subscriber.
 *   2. raw ws: the same payload broadcast by a bare `ws` server to N bare sockets at the same rate:
 *      the ceiling for deliveries/s on this box.
 *   3. webhook throughput: callbacks as fast as C concurrent clients get answers, vs the same INSERT
 *      (and the same SQL function call) straight through pg at the same concurrency.
 */
import 'reflect-metadata';
import { createClient, type Client } from 'graphql-ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import type { Config } from '../src/config';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';
import { startKaleyraSimulator } from '../src/simulator/simulator.server';
import { forkSelf, serveParent } from './lib/child';
import { coreShare, cpuWindow, type CpuWindow } from './lib/cpu';
import { createGetter } from './lib/http';
import { cleanupStack, startBenchDatabase } from './lib/database';
import { describeMachine, loadNote } from './lib/machine';
import { startRssSampler } from './lib/memory';
import { fmt, LatencyHistogram, median, verdict } from './lib/stats';

const API_KEY = 'ABENCHFAKEKEY000000000000000000000';
const TOKEN = 'bench-callback-token-000000000000';
const AGENT = '9800000001';
const CUSTOMER_BASE = 9_800_100_000;
const WARMUP_EVENTS = 3;
const CONNECT_BATCH = 50;
const THROUGHPUT_REQUESTS = 3_000;
const THROUGHPUT_ROUNDS = 2;
/** Stop waiting for deliveries this long after the last callback was sent. */
const CUTOFF_MS = 30_000;
const LIGHT_RATE = 5;
const LIGHT_SECONDS = 10;
const AGENTS = 100;

const SUBSCRIPTION = /* GraphQL */ `
  subscription BenchCallStatusChanged($agentNumber: String) {
    callStatusChanged(agentNumber: $agentNumber) {
      ivrCallId
      kaleyraCallId
      caller
      receiver
      agentName
      status
      kaleyraStatus
      duration
      billsec
      startTime
      endTime
      recordingUrl
      receivedAt
    }
  }
`;

/** A time both processes agree on (ms): the wall clock at process start plus the monotonic clock. */
const sharedNow = () => performance.timeOrigin + performance.now();

/** The k-th agent of the per-agent scenario (10-digit mobile numbers, clear of the customers). */
const agentOf = (k: number) => String(9_801_000_000 + k);

function callbackQuery(id: string, n: number, agent = AGENT): string {
  return new URLSearchParams({
    token: TOKEN,
    id,
    caller: agent,
    receiver: String(CUSTOMER_BASE + (n % 90_000)),
    status: 'ANSWER',
    duration: String(30 + (n % 600)),
    billsec: String(20 + (n % 580)),
    starttime: '2026-11-21 10:00:00',
    endtime: '2026-11-21 10:05:00',
    recordpath: `//play.solutionsinfini.com/?id=BENCH${n}`,
  }).toString();
}

// ---------------------------------------------------------------- child: subscribers and load

interface LiveResult {
  subscribers: number;
  events: number;
  expected: number;
  /** Delivered to a subscriber whose filter excludes it. */
  misrouted: number;
  /** Stopped waiting cutoffMs after the last send, with deliveries still missing. */
  cutOff: boolean;
  sent: number;
  httpErrors: Record<string, number>;
  delivered: number;
  lost: number;
  duplicated: number;
  latency: ReturnType<LatencyHistogram['toJSON']>;
  httpLatency: ReturnType<LatencyHistogram['toJSON']>;
  firstSendAt: number;
  lastSendAt: number;
  lastReceiptAt: number;
  drained: boolean;
  clientCpu: CpuWindow;
  wallMs: number;
  /** A delivered message as the server framed it, with __ID__ for the Kaleyra id (for the raw run). */
  template: string;
  subscriberErrors: string[];
}

interface RawResult {
  delivered: number;
  lost: number;
  duplicated: number;
  latency: ReturnType<LatencyHistogram['toJSON']>;
  lastReceiptAt: number;
  drained: boolean;
  clientCpu: CpuWindow;
}

type ThroughputKind = 'webhook' | 'bare' | 'insert' | 'function';

interface ThroughputResult {
  ms: number;
  errors: number;
  clientCpu: CpuWindow;
}

class ClientSide {
  private gql: { client: Client; dispose: () => void }[] = [];
  private raw: WebSocket[] = [];
  private onEvent: (sub: number, kaleyraCallId: string) => void = () => undefined;
  private sample: unknown;
  private readonly errors: string[] = [];
  private readonly http = createGetter(64);
  private pool: pg.Pool | undefined;
  /** 0: every subscriber unfiltered; n: subscriber s watches agentOf(s % n). */
  private agents = 0;
  private runs = 0;

  async connectGql({
    url,
    subscribers,
    agents,
  }: {
    url: string;
    subscribers: number;
    agents: number;
  }): Promise<number> {
    this.agents = agents;
    const wsUrl = url.replace(/^http/, 'ws') + '/graphql';
    for (let start = 0; start < subscribers; start += CONNECT_BATCH) {
      const batch: Promise<void>[] = [];
      for (let s = start; s < Math.min(subscribers, start + CONNECT_BATCH); s++) {
        batch.push(
          new Promise<void>((resolve, reject) => {
            const client = createClient({
              url: wsUrl,
              webSocketImpl: WebSocket,
              retryAttempts: 0,
              lazy: false,
              on: {
                connected: () => resolve(),
                closed: (e) => reject(new Error(`subscriber ${s} closed: ${JSON.stringify(e)}`)),
              },
            });
            const dispose = client.subscribe<{
              callStatusChanged: { kaleyraCallId: string | null };
            }>(
              {
                query: SUBSCRIPTION,
                variables: agents > 0 ? { agentNumber: agentOf(s % agents) } : {},
              },
              {
                next: (value) => {
                  const id = value.data?.callStatusChanged.kaleyraCallId;
                  if (id) this.onEvent(s, id);
                  if (value.errors && this.errors.length < 5)
                    this.errors.push(JSON.stringify(value.errors));
                  if (this.sample === undefined && id?.startsWith('live')) this.sample = value;
                },
                error: (err) => {
                  if (this.errors.length < 5)
                    this.errors.push(String((err as Error)?.message ?? JSON.stringify(err)));
                },
                complete: () => undefined,
              },
            );
            this.gql.push({ client, dispose });
          }),
        );
      }
      await Promise.all(batch);
    }
    return this.gql.length;
  }

  /** Events that prove every subscription is registered on the server before the clock starts. */
  async warmUp({ url }: { url: string }): Promise<void> {
    const seen = new Uint8Array(this.gql.length);
    let complete = 0;
    this.onEvent = (s, id) => {
      if (!id.startsWith('warm-')) return;
      if (++seen[s]! === WARMUP_EVENTS) complete++;
    };
    const tag = Date.now().toString(36);
    for (let a = 0; a < Math.max(1, this.agents); a++) {
      for (let k = 0; k < WARMUP_EVENTS; k++) {
        const agent = this.agents > 0 ? agentOf(a) : AGENT;
        const status = await this.http.get(
          `${url}/webhooks/kaleyra/callback?${callbackQuery(`warm-${tag}-${a}-${k}`, k, agent)}`,
        );
        if (status !== 200) throw new Error(`warm-up callback answered ${status}`);
      }
    }
    const deadline = Date.now() + 60_000;
    while (complete < this.gql.length) {
      if (Date.now() > deadline)
        throw new Error(
          `only ${complete} of ${this.gql.length} subscribers got the warm-up events; errors: ${this.errors.join('; ')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async live({
    url,
    rate,
    seconds,
    drainMs,
    cutoffMs,
  }: {
    url: string;
    rate: number;
    seconds: number;
    drainMs: number;
    cutoffMs: number;
  }): Promise<LiveResult> {
    const subscribers = this.gql.length;
    const agents = this.agents;
    const events = Math.round(rate * seconds);
    // Event i goes to everyone, or (per agent) to the subscribers watching agentOf(i % agents).
    const wants = (s: number, i: number) => agents === 0 || i % agents === s % agents;
    let expected = 0;
    for (let s = 0; s < subscribers; s++) {
      const r = s % Math.max(1, agents);
      expected +=
        agents === 0 ? events : r < events ? Math.floor((events - 1 - r) / agents) + 1 : 0;
    }
    let misrouted = 0;
    // Fresh Kaleyra ids every run: a repeated one is a duplicate delivery, which changes nothing.
    const prefix = `live${++this.runs}-`;
    const sentAt = new Float64Array(events);
    const counts = new Uint8Array(subscribers * events);
    const latency = new LatencyHistogram();
    const httpLatency = new LatencyHistogram();
    const httpErrors: Record<string, number> = {};
    let delivered = 0;
    let duplicated = 0;
    let lastReceiptAt = 0;
    this.onEvent = (s, id) => {
      if (!id.startsWith(prefix)) return;
      const i = Number(id.slice(prefix.length));
      const now = performance.now();
      if (!wants(s, i)) {
        misrouted++;
        return;
      }
      const k = s * events + i;
      if (counts[k]! > 0) duplicated++;
      else delivered++;
      counts[k]!++;
      latency.record(now - sentAt[i]!);
      lastReceiptAt = now;
    };
    const cpu = cpuWindow();
    const started = performance.now();
    let sent = 0;
    let inFlight = 0;
    const send = (i: number) => {
      inFlight++;
      sentAt[i] = performance.now();
      this.http
        .get(
          `${url}/webhooks/kaleyra/callback?${callbackQuery(`${prefix}${i}`, i, agents > 0 ? agentOf(i % agents) : AGENT)}`,
        )
        .then((status) => {
          httpLatency.record(performance.now() - sentAt[i]!);
          if (status !== 200) httpErrors[status] = (httpErrors[status] ?? 0) + 1;
        })
        .catch((err: unknown) => {
          const key = String((err as Error)?.message ?? err);
          httpErrors[key] = (httpErrors[key] ?? 0) + 1;
        })
        .finally(() => inFlight--);
    };
    // Open loop: the schedule does not wait for answers, so a slow server does not slow the load.
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(events, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
        while (sent < due) send(sent++);
        if (sent >= events) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    const lastSendAt = sentAt[events - 1]!;
    // Drain: until every delivery is in, nothing has arrived for drainMs, or cutoffMs have passed
    // since the last send (an overloaded server would otherwise keep this running for minutes).
    let drained = false;
    let cutOff = false;
    for (;;) {
      if (delivered >= expected && inFlight === 0) {
        drained = true;
        break;
      }
      const now = performance.now();
      if (now - Math.max(lastReceiptAt, lastSendAt) > drainMs && inFlight === 0) break;
      if (now - lastSendAt > cutoffMs) {
        cutOff = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const wallMs = performance.now() - started;
    const clientCpu = cpu.stop();
    // A little longer, to catch duplicates that would arrive late.
    await new Promise((r) => setTimeout(r, 500));
    this.onEvent = () => undefined;
    const template = this.template();
    return {
      subscribers,
      events,
      expected,
      misrouted,
      cutOff,
      sent,
      httpErrors,
      delivered,
      lost: expected - delivered,
      duplicated,
      latency: latency.toJSON(),
      httpLatency: httpLatency.toJSON(),
      firstSendAt: sentAt[0]!,
      lastSendAt,
      lastReceiptAt,
      drained,
      clientCpu,
      wallMs,
      template,
      subscriberErrors: this.errors,
    };
  }

  private template(): string {
    if (this.sample === undefined) return '';
    const copy = JSON.parse(JSON.stringify(this.sample)) as {
      data: { callStatusChanged: { kaleyraCallId: string } };
    };
    copy.data.callStatusChanged.kaleyraCallId = '__ID__';
    // graphql-ws frames a result as {"id","type":"next","payload"}; its ids are UUIDs.
    return JSON.stringify({
      id: '2f1c3b7e-9d4a-4e61-8a3f-6b0c5d2e7f18',
      type: 'next',
      payload: copy,
    });
  }

  async closeGql(): Promise<void> {
    for (const g of this.gql) g.dispose();
    await Promise.all(this.gql.map((g) => g.client.dispose()));
    this.gql = [];
  }

  async connectRaw({ url, sockets }: { url: string; sockets: number }): Promise<number> {
    for (let start = 0; start < sockets; start += CONNECT_BATCH) {
      const batch: Promise<void>[] = [];
      for (let s = start; s < Math.min(sockets, start + CONNECT_BATCH); s++) {
        batch.push(
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(url);
            ws.once('open', () => resolve());
            ws.once('error', reject);
            // Decoded like a graphql-ws client decodes a message: JSON.parse, then read the payload.
            ws.on('message', (data) => {
              const msg = JSON.parse(String(data)) as {
                payload: { data: { callStatusChanged: { kaleyraCallId: string } } };
              };
              this.onEvent(s, msg.payload.data.callStatusChanged.kaleyraCallId);
            });
            this.raw.push(ws);
          }),
        );
      }
      await Promise.all(batch);
    }
    return this.raw.length;
  }

  /** Counts the raw broadcast; resolves once all of it is in or it has gone quiet for drainMs. */
  async rawCollect({ events, drainMs }: { events: number; drainMs: number }): Promise<RawResult> {
    const sockets = this.raw.length;
    const counts = new Uint8Array(sockets * events);
    const latency = new LatencyHistogram();
    let delivered = 0;
    let duplicated = 0;
    let lastReceiptAt = 0;
    this.onEvent = (s, id) => {
      // raw-<i>-<sent at, shared clock>
      const dash = id.indexOf('-', 4);
      const i = Number(id.slice(4, dash));
      const now = sharedNow();
      latency.record(now - Number(id.slice(dash + 1)));
      const k = s * events + i;
      if (counts[k]! > 0) duplicated++;
      else delivered++;
      counts[k]!++;
      lastReceiptAt = now;
    };
    const cpu = cpuWindow();
    const expected = sockets * events;
    const started = sharedNow();
    let drained = false;
    for (;;) {
      if (delivered >= expected) {
        drained = true;
        break;
      }
      if (sharedNow() - Math.max(lastReceiptAt, started) > drainMs) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const clientCpu = cpu.stop();
    this.onEvent = () => undefined;
    return {
      delivered,
      lost: expected - delivered,
      duplicated,
      latency: latency.toJSON(),
      lastReceiptAt,
      drained,
      clientCpu,
    };
  }

  async closeRaw(): Promise<void> {
    await Promise.all(
      this.raw.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.close();
          }),
      ),
    );
    this.raw = [];
  }

  /** C workers each doing one request after another, until `requests` are done: the wall time. */
  private async concurrently(
    concurrency: number,
    requests: number,
    one: (i: number) => Promise<void>,
  ): Promise<number> {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) await one(next++);
      }),
    );
    return performance.now() - started;
  }

  async openPool({
    connectionString,
    concurrency,
  }: {
    connectionString: string;
    concurrency: number;
  }): Promise<void> {
    this.pool = new pg.Pool({
      connectionString,
      max: concurrency,
      application_name: 'bench-baseline',
    });
    // Open every connection first: the server's pool is warm too.
    await Promise.all(Array.from({ length: concurrency }, () => this.pool!.query('SELECT 1')));
  }

  async closePool(): Promise<void> {
    await this.pool?.end();
    this.pool = undefined;
  }

  async throughput({
    kind,
    url,
    concurrency,
    requests,
    round,
  }: {
    kind: ThroughputKind;
    url: string;
    concurrency: number;
    requests: number;
    round: number;
  }): Promise<ThroughputResult> {
    const pool = this.pool!;
    const getter = createGetter(concurrency);
    let errors = 0;
    const at = [new Date('2026-11-21T04:30:00Z'), new Date('2026-11-21T04:35:00Z')];
    const one: Record<ThroughputKind, (i: number) => Promise<void>> = {
      webhook: async (i) => {
        const status = await getter.get(
          `${url}/webhooks/kaleyra/callback?${callbackQuery(`tput-${round}-w-${i}`, i)}`,
        );
        if (status !== 200) errors++;
      },
      // The same GET answered by a bare node:http server doing no work: the HTTP ceiling here.
      bare: async (i) => {
        const status = await getter.get(
          `${url}/webhooks/kaleyra/callback?${callbackQuery(`tput-${round}-b-${i}`, i)}`,
        );
        if (status !== 200) errors++;
      },
      // The row the webhook creates for a call it did not start, as one plain INSERT.
      insert: async (i) => {
        await pool.query(
          `INSERT INTO ivr_calls (kaleyra_call_id, kind, customer_number, agent_number, status, kaleyra_status,
                                  duration, billsec, recording_url, start_time, end_time)
           VALUES ($1, 'click2call', $2, $3, 'ANSWERED', 'ANSWER', $4, $5, $6, $7, $8)`,
          [
            `tput-${round}-i-${i}`,
            String(CUSTOMER_BASE + (i % 90_000)),
            AGENT,
            30 + (i % 600),
            20 + (i % 580),
            `https://play.solutionsinfini.com/?id=BENCH${i}`,
            at[0],
            at[1],
          ],
        );
      },
      // The webhook's write one callback per transaction (the webhook batches callbacks that arrive together).
      function: async (i) => {
        await pool.query(
          'SELECT apply_kaleyra_callback($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
          [
            null,
            `tput-${round}-f-${i}`,
            AGENT,
            String(CUSTOMER_BASE + (i % 90_000)),
            'ANSWERED',
            'ANSWER',
            30 + (i % 600),
            20 + (i % 580),
            `https://play.solutionsinfini.com/?id=BENCH${i}`,
            at[0],
            at[1],
            new Date(),
          ],
        );
      },
    };
    try {
      const cpu = cpuWindow();
      const ms = await this.concurrently(concurrency, requests, one[kind]);
      return { ms, errors, clientCpu: cpu.stop() };
    } finally {
      getter.close();
    }
  }
}

function childMain(): void {
  const side = new ClientSide();
  serveParent({
    connectGql: (p: { url: string; subscribers: number; agents: number }) => side.connectGql(p),
    warmUp: (p: { url: string }) => side.warmUp(p),
    live: (p: { url: string; rate: number; seconds: number; drainMs: number; cutoffMs: number }) =>
      side.live(p),
    closeGql: () => side.closeGql(),
    connectRaw: (p: { url: string; sockets: number }) => side.connectRaw(p),
    rawCollect: (p: { events: number; drainMs: number }) => side.rawCollect(p),
    closeRaw: () => side.closeRaw(),
    openPool: (p: { connectionString: string; concurrency: number }) => side.openPool(p),
    closePool: () => side.closePool(),
    throughput: (p: {
      kind: ThroughputKind;
      url: string;
      concurrency: number;
      requests: number;
      round: number;
    }) => side.throughput(p),
  });
}

// ---------------------------------------------------------------- parent: server and raw ws

interface Scenario {
  title: string;
  rate: number;
  busyAfterMs?: number;
  live: LiveResult;
  latency: LatencyHistogram;
  deliveriesPerSecond: number;
}

/** Percentile over every expected delivery, the missing ones counted as slower than any. */
function pctOf(h: LatencyHistogram, expected: number, p: number): number {
  const rank = Math.ceil((p / 100) * expected);
  return rank > h.count ? Infinity : h.percentile((rank / h.count) * 100);
}

function latencyLine(h: LatencyHistogram, expected: number): string {
  const show = (p: number) => {
    const v = pctOf(h, expected, p);
    return `p${p} ${Number.isFinite(v) ? fmt.ms(v) : 'never (missing)'}`;
  };
  return `${show(50)}, ${show(95)}, ${show(99)}, max ${fmt.ms(h.max)}`;
}

/**
 * Resolves once this process (the server) has used under 10% of a core for a whole second, or
 * after maxMs: an overloaded server goes on working through its backlog after the clients leave.
 */
async function waitForIdleServer(maxMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const cpu = cpuWindow();
    await new Promise((r) => setTimeout(r, 1_000));
    const w = cpu.stop();
    if (w.processMs / w.wallMs < 0.1 || performance.now() - started > maxMs)
      return performance.now() - started;
  }
}

/** A bare `ws` server broadcasting a pre-serialised message: what a fan-out cannot beat. */
/** Answers every request with the webhook's 200 body shape and does nothing else. */
async function startBareHttpServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const body = JSON.stringify({
    ok: true,
    ivrCallId: '00000000-0000-4000-8000-000000000000',
    status: 'ANSWERED',
    changed: true,
  });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startRawServer(): Promise<{
  url: string;
  wss: WebSocketServer;
  stop(): Promise<void>;
}> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    wss,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

async function broadcast(
  wss: WebSocketServer,
  template: string,
  rate: number,
  seconds: number,
): Promise<{ events: number; firstSendAt: number }> {
  const events = Math.round(rate * seconds);
  const [head, tail] = template.split('__ID__') as [string, string];
  const clients = [...wss.clients];
  const started = performance.now();
  let sent = 0;
  let firstSendAt = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(events, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      while (sent < due) {
        const at = sharedNow();
        if (sent === 0) firstSendAt = at;
        const text = `${head}raw-${sent}-${at.toFixed(3)}${tail}`;
        for (const c of clients) c.send(text);
        sent++;
      }
      if (sent >= events) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  return { events, firstSendAt };
}

/** "server process 85% of a core, client process 60% of a core, machine 95% busy" */
function cpuLine(server: CpuWindow, client: CpuWindow): string {
  const machine = Number.isNaN(client.machineBusy)
    ? ''
    : `, whole machine ${Math.round(client.machineBusy * 100)}% busy`;
  return `CPU: server process ${coreShare(server.processMs, server.wallMs)}, client process ${coreShare(client.processMs, client.wallMs)}${machine}`;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      concurrency: { type: 'string', default: '10' },
      // Run a part alone while working on it: fanout (scenarios 1 and 2) or throughput (3).
      only: { type: 'string' },
    },
  });
  const subscribers = Number(args.subscribers);
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  const concurrency = Number(args.concurrency);
  const runs = (part: 'fanout' | 'throughput') => args.only === undefined || args.only === part;
  const wallStart = performance.now();
  const logger = createLogger({ level: 'warn' });
  const cleanup = cleanupStack();
  console.log(`bench:live on ${describeMachine()}; ${loadNote()}`);
  console.log(
    `${subscribers} subscribers, ${rate} callbacks/s for ${seconds} s; webhook throughput at ${concurrency} concurrent clients`,
  );
  try {
    const db = await startBenchDatabase(logger, 'live');
    cleanup.push(() => db.stop());
    const sim = await startKaleyraSimulator({ apiKey: API_KEY, seed: 4 });
    cleanup.push(() => sim.stop());
    const config: Config = {
      port: 0,
      host: '127.0.0.1',
      nodeEnv: 'development',
      logLevel: 'warn',
      databaseMode: 'postgres',
      databaseUrl: db.connectionString,
      dataDir: '/nonexistent',
      migrateOnStart: false,
      eventsTransport: 'auto',
      kaleyraApiKey: API_KEY,
      kaleyraBaseUrl: sim.url,
      kaleyraCallbackToken: TOKEN,
      // Not used (the bench starts no calls); set so the server does not warn about it.
      kaleyraCallbackUrl: 'http://127.0.0.1:9/webhooks/kaleyra/callback',
      kaleyraTimeoutMs: 10_000,
      authDisabled: true,
      corsOrigins: [],
      maskNumbersFor: [],
      callRateLimitPerMinute: 10,
      // Every subscriber is the one AUTH_DISABLED user here.
      wsMaxSocketsPerUser: 100_000,
      httpRequestTimeoutMs: 30_000,
      httpHeadersTimeoutMs: 10_000,
    };
    const server = await createServer(config, { logger });
    cleanup.push(() => server.stop());
    const raw = await startRawServer();
    cleanup.push(() => raw.stop());
    const bare = await startBareHttpServer();
    cleanup.push(() => bare.stop());
    const child = forkSelf('clients');
    cleanup.push(() => child.stop());
    const call = <T>(op: string, payload: unknown, timeoutMs = 600_000) =>
      child.rpc.call<T>(op, payload, timeoutMs);

    // ---- 1. live scenarios
    const scenario = async (
      title: string,
      o: { agents: number; rate: number; seconds: number },
    ): Promise<Scenario> => {
      const t0 = performance.now();
      await call('connectGql', { url: server.url, subscribers, agents: o.agents });
      console.log(
        `\n${title}: ${subscribers} graphql-ws subscribers connected in ${fmt.s(performance.now() - t0)}; ${o.rate} callbacks/s for ${o.seconds} s`,
      );
      await call('warmUp', { url: server.url });
      const serverCpu = cpuWindow();
      const rss = startRssSampler(50);
      const live = await call<LiveResult>('live', {
        url: server.url,
        rate: o.rate,
        seconds: o.seconds,
        drainMs: 10_000,
        cutoffMs: CUTOFF_MS,
      });
      const cpu = serverCpu.stop();
      const mem = rss.stop();
      const latency = LatencyHistogram.fromJSON(live.latency);
      const http = LatencyHistogram.fromJSON(live.httpLatency);
      const spanMs = live.lastReceiptAt - live.firstSendAt;
      const result: Scenario = {
        title,
        rate: o.rate,
        live,
        latency,
        deliveriesPerSecond: live.delivered / (spanMs / 1000),
      };
      const failed = Object.values(live.httpErrors).reduce((a, b) => a + b, 0);
      console.log(
        `  sent ${live.sent} callbacks, ${failed} not answered 200 ${failed ? JSON.stringify(live.httpErrors) : ''}; webhook answered in p50 ${fmt.ms(http.percentile(50))}, p95 ${fmt.ms(http.percentile(95))}, p99 ${fmt.ms(http.percentile(99))}`,
      );
      console.log(
        `  delivered ${fmt.int(live.delivered)} of ${fmt.int(live.expected)}: missing ${fmt.int(live.lost)}, duplicated ${fmt.int(live.duplicated)}, misrouted ${fmt.int(live.misrouted)}` +
          (live.cutOff
            ? ` (stopped waiting ${fmt.s(CUTOFF_MS)} after the last send)`
            : live.drained
              ? ''
              : ' (stopped waiting: nothing arrived for 10 s)'),
      );
      console.log(
        `  webhook → subscriber latency ${latencyLine(latency, live.expected)}; ${fmt.int(result.deliveriesPerSecond)} deliveries/s; ` +
          `last receipt ${fmt.s(live.lastReceiptAt - live.lastSendAt)} after the last send`,
      );
      console.log(`  ${cpuLine(cpu, live.clientCpu)}`);
      if (live.subscriberErrors.length > 0)
        console.log(`  subscriber errors: ${live.subscriberErrors.join('; ')}`);
      await call('closeGql', null);
      const busy = await waitForIdleServer(180_000);
      result.busyAfterMs = busy;
      console.log(
        `  server: peak RSS ${fmt.mib(mem.peakRss)}; busy for ${fmt.s(busy)} more after the subscribers disconnected`,
      );
      return result;
    };
    let fanout:
      { all: Scenario; allLight: Scenario; perAgent: Scenario; rawRate: number } | undefined;
    if (runs('fanout')) {
      const all = await scenario("all calls (unfiltered, the brief's scenario)", {
        agents: 0,
        rate,
        seconds,
      });
      const allLight = await scenario('all calls at a light load', {
        agents: 0,
        rate: LIGHT_RATE,
        seconds: LIGHT_SECONDS,
      });
      const perAgent = await scenario(
        `per agent (${AGENTS} agents, ${subscribers / AGENTS} subscribers each)`,
        { agents: AGENTS, rate, seconds },
      );
      const template = all.live.template || allLight.live.template;
      if (!template)
        throw new Error('no live event was delivered: nothing to compare the raw broadcast with');

      // ---- 2. raw ws, the same payload and schedule
      const t = performance.now();
      await call('connectRaw', { url: raw.url, sockets: subscribers });
      console.log(
        `\nraw ws: ${subscribers} sockets connected in ${fmt.s(performance.now() - t)}; payload ${Buffer.byteLength(template)} bytes, ${rate}/s for ${seconds} s`,
      );
      const rawCpu = cpuWindow();
      const collected = call<RawResult>('rawCollect', {
        events: Math.round(rate * seconds),
        drainMs: 10_000,
      });
      const sentRaw = await broadcast(raw.wss, template, rate, seconds);
      const rawResult = await collected;
      const rawServerCpu = rawCpu.stop();
      const rawLatency = LatencyHistogram.fromJSON(rawResult.latency);
      const rawSpanMs = rawResult.lastReceiptAt - sentRaw.firstSendAt;
      const rawRate = rawResult.delivered / (rawSpanMs / 1000);
      console.log(
        `  delivered ${fmt.int(rawResult.delivered)}: lost ${fmt.int(rawResult.lost)}, duplicated ${rawResult.duplicated}; latency p50 ${fmt.ms(rawLatency.percentile(50))}, p95 ${fmt.ms(rawLatency.percentile(95))}, p99 ${fmt.ms(rawLatency.percentile(99))}`,
      );
      console.log(
        `  ${fmt.int(rawRate)} deliveries/s (first send → last receipt ${fmt.s(rawSpanMs)}); ${cpuLine(rawServerCpu, rawResult.clientCpu)}`,
      );
      await call('closeRaw', null);
      fanout = { all, allLight, perAgent, rawRate };
    }

    const rounds: Record<ThroughputKind, ThroughputResult>[] = [];
    if (runs('throughput')) {
      // ---- 3. webhook throughput vs pg
      console.log(
        `\nwebhook throughput, no subscribers, ${concurrency} concurrent clients, ${fmt.int(THROUGHPUT_REQUESTS)} requests each`,
      );
      await call('openPool', { connectionString: db.connectionString, concurrency });
      // Warm every path first (JIT, the server's pool connections, plpgsql caches), results discarded.
      for (const kind of ['webhook', 'bare', 'insert', 'function'] as const) {
        await call('throughput', {
          kind,
          url: kind === 'bare' ? bare.url : server.url,
          concurrency,
          requests: 500,
          round: -1,
        });
      }
      for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
        // Alternate the order, so that neither always runs on the warmer database.
        const order: ThroughputKind[] =
          round % 2 === 0
            ? ['webhook', 'bare', 'insert', 'function']
            : ['function', 'insert', 'bare', 'webhook'];
        const r = {} as Record<ThroughputKind, ThroughputResult>;
        let webhookServerCpu: CpuWindow | undefined;
        for (const kind of order) {
          const cpu = cpuWindow();
          r[kind] = await call<ThroughputResult>('throughput', {
            kind,
            url: kind === 'bare' ? bare.url : server.url,
            concurrency,
            requests: THROUGHPUT_REQUESTS,
            round,
          });
          if (kind === 'webhook') webhookServerCpu = cpu.stop();
        }
        rounds.push(r);
        const rps = (x: ThroughputResult) => `${fmt.int(THROUGHPUT_REQUESTS / (x.ms / 1000))}/s`;
        console.log(
          `  round ${round + 1}: webhook ${rps(r.webhook)} (${r.webhook.errors} errors), bare node:http ${rps(r.bare)}, INSERT via pg ${rps(r.insert)}, ` +
            `apply_kaleyra_callback one per transaction via pg ${rps(r.function)}; webhook ÷ INSERT ${fmt.ratio(r.insert.ms / r.webhook.ms)}, ` +
            `bare node:http ÷ INSERT ${fmt.ratio(r.insert.ms / r.bare.ms)}, webhook ÷ function ${fmt.ratio(r.function.ms / r.webhook.ms)}`,
        );
        console.log(
          `    during the webhook run: ${cpuLine(webhookServerCpu!, r.webhook.clientCpu)}`,
        );
      }
      await call('closePool', null);
    }

    // ---- summary
    console.log(`\nsummary (${loadNote()}, whole bench ${fmt.s(performance.now() - wallStart)})`);
    if (fanout) {
      const { all, allLight, perAgent, rawRate } = fanout;
      for (const sc of [all, allLight, perAgent]) {
        const p95 = pctOf(sc.latency, sc.live.expected, 95);
        const failed = Object.values(sc.live.httpErrors).reduce((a, b) => a + b, 0);
        console.log(`  ${sc.title}, ${sc.rate} callbacks/s:`);
        console.log(
          `    latency ${latencyLine(sc.latency, sc.live.expected)} (p95 target ≤ 100 ms: ${p95 <= 100 ? 'met' : 'NOT met'})`,
        );
        console.log(
          `    missing ${fmt.int(sc.live.lost)}, duplicated ${fmt.int(sc.live.duplicated)}, misrouted ${fmt.int(sc.live.misrouted)}, callbacks refused ${failed} ` +
            `(target 0: ${sc.live.lost + sc.live.duplicated + sc.live.misrouted + failed === 0 ? 'met' : 'NOT met'}); ${fmt.int(sc.deliveriesPerSecond)} deliveries/s`,
        );
      }
      console.log(
        `  deliveries/s ÷ raw ws broadcast (all calls, ${rate}/s): ${verdict(all.deliveriesPerSecond / rawRate, { min: 0.5 })} (${fmt.int(all.deliveriesPerSecond)} ÷ ${fmt.int(rawRate)})`,
      );
    }
    if (rounds.length > 0) {
      const webhookVsInsert = median(rounds.map((r) => r.insert.ms / r.webhook.ms));
      const webhookVsFunction = median(rounds.map((r) => r.function.ms / r.webhook.ms));
      const bareVsInsert = median(rounds.map((r) => r.insert.ms / r.bare.ms));
      console.log(
        `  webhook requests/s ÷ the same INSERT via pg: ${verdict(webhookVsInsert, { min: 0.8 })} (median of ${rounds.length}); ` +
          `÷ its write one per transaction via pg: ${fmt.ratio(webhookVsFunction)}; ceiling: a bare node:http server doing nothing ÷ INSERT ${fmt.ratio(bareVsInsert)}`,
      );
    }
  } finally {
    await cleanup.run();
  }
}

if (process.argv[2] === 'clients') {
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
