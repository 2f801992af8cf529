/**
 * A local stand-in for Kaleyra's legacy voice API (`/v1/`, action chosen by `method`), faithful to
 * shared/kaleyra-voice-api.md: HTTP 200 on application errors, call-log paging, initiate calls that
 * later fire the callback GET, plus fault knobs (latency, 5xx, 429 bursts, timeouts, garbled bodies,
 * duplicate and out-of-order callbacks). Random behaviour is seeded, so runs are reproducible.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { addDays, formatIstDateTime, isIsoDate } from '../domain/ist';
import type { Logger } from '../logger';
import {
  DEFAULT_DID,
  LOCATIONS,
  PROVIDERS,
  mulberry32,
  uuidFrom,
  weighted,
  type SimCallLogRecord,
} from './generator';

export interface Faults {
  /** Added before every answer. */
  latencyMs: number;
  /** Share (0..1) of requests answered HTTP 500/502/503. */
  errorRate5xx: number;
  /** Share of requests held unanswered until the client gives up (or stop()). */
  timeoutRate: number;
  /** Share of requests answered HTTP 200 with a non-JSON or truncated body. */
  garbledRate: number;
  /** The next `count` requests get HTTP 429 with Retry-After. */
  burst429: { count: number; retryAfterSeconds: number } | null;
  /** The next `count` requests get HTTP `status` (500 by default): a deterministic errorRate5xx. */
  burst5xx: { count: number; status?: 500 | 502 | 503 } | null;
  /** Share of calls whose callback is delivered twice. */
  duplicateCallbackRate: number;
  /** After the final callback, also send a stale one (older status or blank fields). */
  outOfOrderCallbacks: boolean;
  /**
   * Initiate calls that carry a callback URL are refused with an error that quotes the URL, as
   * APIs that validate a parameter often do (and as Kaleyra's messages may).
   */
  refuseCallbackUrl: boolean;
}

/** A record as served by `dial`; anything object-shaped is accepted so tests can serve junk. */
export type SimRecordInput = SimCallLogRecord | Record<string, unknown>;

export interface KaleyraSimulatorOptions {
  apiKey: string;
  /** Loopback by default. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  records?: readonly SimRecordInput[];
  faults?: Partial<Faults>;
  /** Delay between an initiate call and its outcome (callback + call-log record); 50 ms by default. */
  callbackDelayMs?: number;
  /** {starttime}/{endtime} as call-log datetimes (default) or Unix epoch seconds. */
  callbackTimeFormat?: 'ist' | 'epoch';
  seed?: number;
  /** The DID reported as caller_id/{callerid}. */
  did?: string;
  logger?: Logger;
}

export interface SimRequestLogEntry {
  /** The `method` parameter. */
  method: string | undefined;
  /** Merged query and body parameters, without api_key. */
  params: Record<string, string>;
  httpMethod: string;
  at: Date;
}

export interface SimCallbackLogEntry {
  url: string;
  /** HTTP status of the callback GET; 0 when it was not delivered (see error). */
  status: number;
  at: Date;
  error?: string;
}

export interface KaleyraSimulator {
  /** Base URL with trailing slash, e.g. http://127.0.0.1:PORT/v1/ */
  readonly url: string;
  /** The current data set, sorted as `dial` pages it. */
  readonly records: readonly SimRecordInput[];
  readonly requests: readonly SimRequestLogEntry[];
  readonly callbacksSent: readonly SimCallbackLogEntry[];
  setFaults(faults: Partial<Faults>): void;
  setRecords(records: readonly SimRecordInput[]): void;
  addRecords(records: readonly SimRecordInput[]): void;
  /** Resolves once no call outcome or callback is pending (bounded by timeoutMs). */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Every knob off; `setFaults(NO_FAULTS)` resets a simulator between tests. */
export const NO_FAULTS: Readonly<Faults> = {
  latencyMs: 0,
  errorRate5xx: 0,
  timeoutRate: 0,
  garbledRate: 0,
  burst429: null,
  burst5xx: null,
  duplicateCallbackRate: 0,
  outOfOrderCallbacks: false,
  refuseCallbackUrl: false,
};

type Envelope = { status: string; message: string; data?: unknown };
type Reply = { kind: 'envelope'; envelope: Envelope; format: string | undefined };

const ok = (data?: unknown): Envelope =>
  data === undefined ? { status: '200', message: 'OK' } : { status: '200', message: 'OK', data };
const fail = (status: string, message: string): Envelope => ({ status, message });

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_LOG_ENTRIES = 50_000;
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;
// Longer than any client timeout we allow (KALEYRA_TIMEOUT_MS caps at 120 s); stop() ends it sooner.
const HOLD_MS = 130_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const KNOWN_METHODS = new Set(['dial', 'dial.c2cstatus', 'dial.click2call', 'voice.call']);

interface PendingCall {
  id: string;
  service: 'Click2Call' | 'OBD';
  callfrom: string;
  callto: string;
  startedAt: number;
  outcome: Outcome;
  location: string;
  provider: string;
  custom: string;
  template: string | undefined;
  duplicate: boolean;
  staleKind: 'older' | 'blank';
}

interface Outcome {
  status: string;
  status1: string;
  status2: string;
  obdstatus: string;
  duration: number;
  billsec: number;
  recording: string;
}

/** Starts the simulator on 127.0.0.1 (port 0 by default). Always call stop(). */
export async function startKaleyraSimulator(
  options: KaleyraSimulatorOptions,
): Promise<KaleyraSimulator> {
  const sim = new Simulator(options);
  await sim.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return sim;
}

class Simulator implements KaleyraSimulator {
  url = '';
  readonly requests: SimRequestLogEntry[] = [];
  readonly callbacksSent: SimCallbackLogEntry[] = [];

  private readonly server: http.Server;
  private readonly apiKey: string;
  private readonly did: string;
  private readonly callbackDelayMs: number;
  private readonly timeFormat: 'ist' | 'epoch';
  private readonly logger: Logger;
  // Separate streams: fault draws depend only on the request sequence, call outcomes only on the
  // sequence of initiate calls.
  private readonly faultRand: () => number;
  private readonly callRand: () => number;
  private faults: Faults;
  private burst429Left = 0;
  private burst5xxLeft = 0;
  private sorted: SimRecordInput[] = [];
  private keys: string[] = [];
  private idCounter = 0;
  private seq = 20_000_001;
  private recordings = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly held = new Set<ServerResponse>();
  private readonly stopping = new AbortController();
  private stopped = false;

  constructor(options: KaleyraSimulatorOptions) {
    this.apiKey = options.apiKey;
    this.did = options.did ?? DEFAULT_DID;
    this.callbackDelayMs = options.callbackDelayMs ?? 50;
    this.timeFormat = options.callbackTimeFormat ?? 'ist';
    this.logger = options.logger ?? pino({ enabled: false });
    const seed = options.seed ?? 1;
    this.faultRand = mulberry32(seed);
    this.callRand = mulberry32(seed ^ 0x2545f491);
    this.faults = { ...NO_FAULTS };
    this.setFaults(options.faults ?? {});
    this.setRecords(options.records ?? []);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.logger.error({ err }, 'simulator handler failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('simulator error');
      });
    });
  }

  get records(): readonly SimRecordInput[] {
    return this.sorted;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const h = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${h}:${address.port}/v1/`;
  }

  setFaults(partial: Partial<Faults>): void {
    this.faults = { ...this.faults, ...partial };
    if (partial.burst429 !== undefined) this.burst429Left = partial.burst429?.count ?? 0;
    if (partial.burst5xx !== undefined) this.burst5xxLeft = partial.burst5xx?.count ?? 0;
  }

  setRecords(records: readonly SimRecordInput[]): void {
    this.sorted = [...records].sort(compareRecords);
    this.keys = this.sorted.map(sortKey);
  }

  addRecords(records: readonly SimRecordInput[]): void {
    if (records.length > 64) {
      this.setRecords([...this.sorted, ...records]);
      return;
    }
    for (const r of records) {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRecords(this.sorted[mid] as SimRecordInput, r) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.sorted.splice(lo, 0, r);
      this.keys.splice(lo, 0, sortKey(r));
    }
  }

  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.timers.size > 0 || this.inflight.size > 0) && Date.now() < deadline) {
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stopping.abort();
    for (const res of this.held) res.destroy();
    this.held.clear();
    await Promise.allSettled([...this.inflight]);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (url.pathname !== '/v1/' && url.pathname !== '/v1') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res
        .writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain' })
        .end('Method Not Allowed');
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'text/plain' }).end('Payload Too Large');
      return;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    Object.assign(params, await bodyParams(req.headers['content-type'], body));

    const { api_key: _key, ...logged } = params;
    this.requests.push({
      method: params.method,
      params: logged,
      httpMethod: req.method,
      at: new Date(),
    });
    if (this.requests.length > MAX_LOG_ENTRIES)
      this.requests.splice(0, this.requests.length - MAX_LOG_ENTRIES);

    // Draw the same number of values per request whatever the knobs, so the fault sequence is a
    // function of the seed and the request count only.
    const [rTimeout, r5xx, rGarbled, rVariant] = [
      this.faultRand(),
      this.faultRand(),
      this.faultRand(),
      this.faultRand(),
    ];
    const f = this.faults;
    if (f.latencyMs > 0) {
      try {
        await sleep(f.latencyMs, undefined, { signal: this.stopping.signal });
      } catch {
        res.destroy();
        return;
      }
    }
    if (this.burst429Left > 0 && f.burst429) {
      this.burst429Left--;
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(f.burst429.retryAfterSeconds),
        })
        .end(JSON.stringify(fail('429', 'Too Many Requests')));
      return;
    }
    if (this.burst5xxLeft > 0 && f.burst5xx) {
      this.burst5xxLeft--;
      const status = f.burst5xx.status ?? 500;
      sendServerError(res, status === 500 ? 0 : status === 502 ? 0.5 : 0.9);
      return;
    }
    if (rTimeout < f.timeoutRate) {
      this.hold(res);
      return;
    }
    if (r5xx < f.errorRate5xx) {
      sendServerError(res, rVariant);
      return;
    }
    if (rGarbled < f.garbledRate) {
      sendGarbled(res, rVariant);
      return;
    }

    const reply = this.dispatch(params, req.headers['x-api-key']);
    sendEnvelope(res, reply);
  }

  private hold(res: ServerResponse): void {
    this.held.add(res);
    const timer = setTimeout(() => res.destroy(), HOLD_MS);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      this.held.delete(res);
    });
  }

  private dispatch(
    params: Record<string, string>,
    headerKey: string | string[] | undefined,
  ): Reply {
    const format = params.format;
    const reply = (envelope: Envelope): Reply => ({ kind: 'envelope', envelope, format });
    const key = params.api_key || (typeof headerKey === 'string' ? headerKey : undefined);
    if (key === undefined || key !== this.apiKey) return reply(fail('401', 'Invalid API key'));
    const method = params.method;
    if (method === undefined || method === '')
      return reply(fail('400', 'Missing parameter: method'));
    if (!KNOWN_METHODS.has(method)) return reply(fail('404', 'Invalid method'));
    if (this.faults.refuseCallbackUrl && params.callback && method !== 'dial')
      return reply(fail('400', `Invalid callback URL: ${params.callback}`));
    switch (method) {
      case 'dial':
        return reply(this.dial(params));
      case 'dial.c2cstatus':
        return reply(this.c2cStatus(params));
      case 'dial.click2call':
        return reply(this.clickToCall(params));
      default:
        return reply(this.voiceCall(params));
    }
  }

  // ---- methods ----

  private dial(params: Record<string, string>): Envelope {
    const range = this.dateRange(params);
    if ('status' in range) return range;
    const page = positiveInt(params.page, 1);
    const limit = Math.min(positiveInt(params.limit, DEFAULT_LIMIT), MAX_LIMIT);
    const start = range.lo + (page - 1) * limit;
    const end = Math.min(start + limit, range.hi);
    return ok(start < end ? this.sorted.slice(start, end) : []);
  }

  // Not used by our client; served so ad-hoc checks of an initiated call work. [SIM]: newest first.
  private c2cStatus(params: Record<string, string>): Envelope {
    if (params.id) return ok(this.sorted.filter((r) => r.id === params.id));
    const range = this.dateRange(params);
    if ('status' in range) return range;
    return ok(
      this.sorted
        .slice(range.lo, range.hi)
        .filter((r) => r.service === 'Click2Call' && (!params.callto || r.callto === params.callto))
        .reverse(),
    );
  }

  private dateRange(params: Record<string, string>): Envelope | { lo: number; hi: number } {
    if (!params.fromdate) return fail('400', 'Missing parameter: fromdate');
    const from = requestDate(params.fromdate);
    if (from === null) return fail('400', `Invalid date: ${params.fromdate}`);
    const to = params.todate ? requestDate(params.todate) : from;
    if (to === null) return fail('400', `Invalid date: ${params.todate}`);
    const lo = lowerBound(this.keys, from);
    const hi = Math.max(lo, lowerBound(this.keys, addDays(to, 1)));
    return { lo, hi };
  }

  private clickToCall(params: Record<string, string>): Envelope {
    if (!params.caller) return fail('400', 'Missing parameter: caller');
    if (!params.receiver) return fail('400', 'Missing parameter: receiver');
    const callers: string[] = [];
    for (const raw of params.caller.split('-')) {
      const n = normalizeNumber(raw);
      if (n === null) return fail('400', `Invalid number: ${raw}`);
      callers.push(n);
    }
    const receivers: string[] = [];
    if (/^ivr:\w+$/i.test(params.receiver.trim())) receivers.push(params.receiver.trim());
    else {
      for (const raw of params.receiver.split('^')) {
        const n = normalizeNumber(raw);
        if (n === null) return fail('400', `Invalid number: ${raw}`);
        receivers.push(n);
      }
    }
    if (callers.some((c) => receivers.includes(c))) {
      return fail('400', 'Caller and receiver cannot be the same');
    }
    const id = this.newId();
    this.schedule(
      this.newCall(id, 'Click2Call', callers[0] as string, receivers[0] as string, params),
    );
    // [INFER] without return=1 the id is not returned.
    return params.return === '1' ? ok({ id }) : ok();
  }

  private voiceCall(params: Record<string, string>): Envelope {
    if (!params.numbers) return fail('400', 'Missing parameter: numbers');
    if (!params.play && !params.message) return fail('400', 'Missing parameter: play');
    const numbers: string[] = [];
    for (const raw of params.numbers.split(',')) {
      const n = normalizeNumber(raw);
      if (n === null) return fail('400', `Invalid number: ${raw}`);
      numbers.push(n);
    }
    const id = this.newId();
    numbers.forEach((n, i) => {
      this.schedule(this.newCall(i === 0 ? id : this.newId(), 'OBD', this.did, n, params));
    });
    return params.return === '1' ? ok({ id }) : ok();
  }

  // ---- call outcomes and callbacks ----

  private newId(): string {
    return uuidFrom(this.callRand, ++this.idCounter);
  }

  private newCall(
    id: string,
    service: PendingCall['service'],
    callfrom: string,
    callto: string,
    params: Record<string, string>,
  ): PendingCall {
    const rand = this.callRand;
    return {
      id,
      service,
      callfrom,
      callto,
      startedAt: Date.now(),
      outcome: service === 'OBD' ? this.obdOutcome() : this.bridgeOutcome(),
      location: weighted(rand, LOCATIONS),
      provider: weighted(rand, PROVIDERS),
      custom: params.custom ?? '',
      template: params.callback || undefined,
      duplicate: rand() < this.faults.duplicateCallbackRate,
      staleKind: rand() < 0.5 ? 'older' : 'blank',
    };
  }

  private bridgeOutcome(): Outcome {
    const rand = this.callRand;
    const kind = weighted(rand, [
      ['ANSWER', 70],
      ['NOANSWER', 12],
      ['BUSY', 6],
      ['FAILED', 6],
      ['CANCEL', 6],
    ] as const);
    const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    switch (kind) {
      case 'ANSWER': {
        const billsec = between(20, 400);
        return {
          status: 'ANSWER',
          status1: 'ANSWER',
          status2: 'ANSWER',
          obdstatus: '',
          duration: billsec + between(8, 25),
          billsec,
          recording: this.newRecording(),
        };
      }
      case 'FAILED':
        // Leg 1 (the agent) never connected, so leg 2 was never dialled.
        return { ...unanswered('FAILED', between(0, 5)), status1: 'FAILED', status2: '' };
      case 'NOANSWER':
        return unanswered('NOANSWER', between(30, 45));
      default:
        return unanswered(kind, between(5, 20));
    }
  }

  private obdOutcome(): Outcome {
    const rand = this.callRand;
    const obd = weighted(rand, [
      ['COMPLETED', 70],
      ['NOANSWER', 12],
      ['BUSY', 6],
      ['CONGESTION', 3],
      ['FAILED', 6],
      ['DNDNUMB', 3],
    ] as const);
    if (obd === 'COMPLETED') {
      const billsec = 10 + Math.floor(rand() * 90);
      return {
        status: 'ANSWER',
        status1: 'ANSWER',
        status2: '',
        obdstatus: obd,
        duration: billsec + 5,
        billsec,
        recording: '',
      };
    }
    const duration = obd === 'NOANSWER' ? 30 + Math.floor(rand() * 15) : Math.floor(rand() * 6);
    return {
      ...unanswered(obd === 'DNDNUMB' ? 'DND' : obd, duration),
      status2: '',
      obdstatus: obd,
    };
  }

  private newRecording(): string {
    return `//play.solutionsinfini.com/?id=SIMREC9${String(++this.recordings).padStart(11, '0')}`;
  }

  private schedule(call: PendingCall): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.complete(call);
    }, this.callbackDelayMs);
    this.timers.add(timer);
  }

  private complete(call: PendingCall): void {
    const o = call.outcome;
    const start = new Date(call.startedAt);
    const end = new Date(call.startedAt + o.duration * 1000);
    const startTime = formatIstDateTime(start);
    const record: SimCallLogRecord = {
      id: call.id,
      uniqid: `${1 + (this.seq % 20)}_${Math.floor(call.startedAt / 1000)}.${this.seq++}`,
      parent_id: '',
      callfrom: call.callfrom,
      callto: call.callto,
      start_time: startTime,
      end_time: formatIstDateTime(end),
      duration: o.duration,
      billsec: String(o.billsec),
      status: o.status,
      location: call.location,
      provider: call.provider,
      service: call.service,
      caller_id: this.did,
      recording: o.recording,
      notes: '',
      custom: call.custom,
      credits: String(Math.max(1, Math.ceil(o.duration / 60))),
      date: startTime.slice(0, 10),
    };
    this.addRecords([record]);
    if (call.template === undefined) return;

    const time = (d: Date) =>
      this.timeFormat === 'epoch' ? String(Math.floor(d.getTime() / 1000)) : formatIstDateTime(d);
    const final: Record<string, string> = {
      caller: call.callfrom,
      receiver: call.callto,
      status: o.status,
      status1: o.status1,
      status2: o.status2,
      obdstatus: o.obdstatus,
      duration: String(o.duration),
      billsec: String(o.billsec),
      starttime: time(start),
      endtime: time(end),
      recordpath: o.recording,
      callerid: this.did,
      id: call.id,
    };
    const stale: Record<string, string> =
      call.staleKind === 'blank'
        ? {
            ...final,
            status: '',
            status1: '',
            status2: '',
            obdstatus: '',
            duration: '',
            billsec: '',
            starttime: '',
            endtime: '',
            recordpath: '',
          }
        : {
            ...final,
            status: 'NOANSWER_LEG1',
            status1: 'NOANSWER',
            status2: '',
            obdstatus: 'NOANSWER',
            duration: '0',
            billsec: '0',
            endtime: time(start),
            recordpath: '',
          };
    const sends = [fillTemplate(call.template, final)];
    if (call.duplicate) sends.push(fillTemplate(call.template, final));
    if (this.faults.outOfOrderCallbacks) sends.push(fillTemplate(call.template, stale));
    this.track(this.deliverInOrder(sends));
  }

  private track(work: Promise<void>): void {
    const p = work.finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async deliverInOrder(urls: string[]): Promise<void> {
    for (const url of urls) {
      if (this.stopped) return;
      await this.deliver(url);
    }
  }

  private async deliver(url: string): Promise<void> {
    const at = new Date();
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      this.callbacksSent.push({ url, status: 0, at, error: 'invalid callback URL' });
      return;
    }
    // Never call out of the machine: the simulator only ever talks to local test servers.
    if (!LOOPBACK_HOSTS.has(target.hostname) || !/^https?:$/.test(target.protocol)) {
      this.logger.warn({ host: target.hostname }, 'simulator refused a non-loopback callback');
      this.callbacksSent.push({ url, status: 0, at, error: 'refused: not a loopback host' });
      return;
    }
    try {
      const res = await fetch(target, {
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(5_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      this.callbacksSent.push({ url, status: res.status, at });
    } catch (err) {
      this.callbacksSent.push({
        url,
        status: 0,
        at,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

// ---- helpers ----

function sortKey(r: SimRecordInput): string {
  return typeof r.start_time === 'string' ? r.start_time : '';
}

function compareRecords(a: SimRecordInput, b: SimRecordInput): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ia = String(a.id ?? '');
  const ib = String(b.id ?? '');
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** fromdate/todate as YYYY/MM/DD (what Kaleyra documents) or YYYY-MM-DD, to YYYY-MM-DD. */
function requestDate(raw: string): string | null {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(date) ? date : null;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return fallback;
  const n = Number(raw);
  return n >= 1 ? n : fallback;
}

/** 10-digit Indian number, also accepted with a 91/+91/0 prefix; null when malformed. */
function normalizeNumber(raw: string): string | null {
  const m = /^(?:\+?91|0)?(\d{10})$/.exec(raw.trim().replace(/[\s-]/g, ''));
  return m ? (m[1] as string) : null;
}

function unanswered(status: string, duration: number): Outcome {
  return {
    status,
    status1: 'ANSWER',
    status2: status,
    obdstatus: '',
    duration,
    billsec: 0,
    recording: '',
  };
}

/** Replaces `{name}` (or an encoded `%7Bname%7D`) with the URL-encoded value; unknown names stay. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}|%7B(\w+)%7D/gi, (match, a?: string, b?: string) => {
    const name = (a ?? b) as string;
    const value = values[name];
    return value === undefined ? match : encodeURIComponent(value);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function bodyParams(
  contentType: string | undefined,
  body: Buffer,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (body.length === 0) return out;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (type === 'multipart/form-data') {
      const form = await new Response(body, {
        headers: { 'content-type': contentType ?? '' },
      }).formData();
      for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
    } else if (type === 'application/json') {
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        for (const [k, v] of Object.entries(json)) {
          out[k] = typeof v === 'string' ? v : JSON.stringify(v);
        }
      }
    } else {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
    }
  } catch {
    // A body we cannot read contributes no parameters; the envelope then names what is missing.
  }
  return out;
}

function sendEnvelope(res: ServerResponse, reply: Reply): void {
  const { envelope, format } = reply;
  // Application errors come back with HTTP 200, like the real API.
  if (format === 'json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(envelope));
    return;
  }
  // [SIM] The text form is undocumented; this one just makes a forgotten format=json obvious.
  const data = envelope.data as { id?: string } | unknown[] | undefined;
  const lines = [`status=${envelope.status}`, `message=${envelope.message}`];
  if (Array.isArray(data)) lines.push(`count=${data.length}`);
  else if (data?.id) lines.push(`id=${data.id}`);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(lines.join('\n'));
}

function sendServerError(res: ServerResponse, variant: number): void {
  if (variant < 1 / 3) {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
  } else if (variant < 2 / 3) {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    );
  } else {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>503 Service Temporarily Unavailable</title></head><body></body></html>',
    );
  }
}

function sendGarbled(res: ServerResponse, variant: number): void {
  if (variant < 1 / 3) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"200","message":"OK","data":[{"id":"5d0c1c3e-00');
  } else if (variant < 2 / 3) {
    // The legacy stack is PHP: a warning printed before the JSON is a plausible failure.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<br />\n<b>Warning</b>:  mysqli_connect(): (HY000/2002): Connection refused in ' +
        '<b>/var/www/api/v1/index.php</b> on line <b>12</b><br />\n{"status":"200","message":"OK","data":[]}',
    );
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Service is under maintenance</body></html>');
  }
}
