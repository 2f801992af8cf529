/**
 * A local stand-in for Kaleyra's legacy voice API (`/v1/`, action chosen by `method`), faithful to
 * what docs/kaleyra-api.md records (§7 lists its own conventions): HTTP 200 on application errors
 * (§2.3), call-log paging (§4), initiate calls that later fire the callback GET (§3, §6), plus
 * fault knobs (latency, 5xx, 429 bursts, timeouts, garbled bodies, duplicate and out-of-order
 * callbacks). Random behaviour is seeded, so runs are reproducible. This file wires the parts: the record store, the API methods, call outcomes,
 * faults, callback delivery and the HTTP plumbing each live in their own simulator.*.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { Logger } from '../logger';
import { DEFAULT_DID } from './generator';
import { CallbackDelivery, type SimCallbackLogEntry } from './simulator.callbacks';
import { FaultInjector, type Faults } from './simulator.faults';
import { readApiRequest, sendEnvelope } from './simulator.http';
import { dispatch, type MethodContext } from './simulator.methods';
import { CallOutcomes, type PendingCall } from './simulator.outcomes';
import { RecordStore, type SimRecordInput } from './simulator.records';

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

const MAX_LOG_ENTRIES = 50_000;

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

  private readonly server: http.Server;
  private readonly callbackDelayMs: number;
  private readonly timeFormat: 'ist' | 'epoch';
  private readonly logger: Logger;
  private readonly store = new RecordStore();
  private readonly faults: FaultInjector;
  private readonly outcomes: CallOutcomes;
  private readonly callbacks: CallbackDelivery;
  private readonly methods: MethodContext;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stopping = new AbortController();
  private stopped = false;

  constructor(options: KaleyraSimulatorOptions) {
    this.callbackDelayMs = options.callbackDelayMs ?? 50;
    this.timeFormat = options.callbackTimeFormat ?? 'ist';
    this.logger = options.logger ?? pino({ enabled: false });
    const seed = options.seed ?? 1;
    this.faults = new FaultInjector(seed);
    this.outcomes = new CallOutcomes(seed ^ 0x2545f491, options.did ?? DEFAULT_DID);
    this.callbacks = new CallbackDelivery(this.logger, this.stopping.signal);
    this.methods = {
      apiKey: options.apiKey,
      did: this.outcomes.did,
      records: this.store,
      newId: () => this.outcomes.newId(),
      startCall: (id, service, callfrom, callto, params) =>
        this.schedule(
          this.outcomes.newCall(
            id,
            service,
            callfrom,
            callto,
            params,
            this.faults.current.duplicateCallbackRate,
          ),
        ),
    };
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
    return this.store.all;
  }

  get callbacksSent(): readonly SimCallbackLogEntry[] {
    return this.callbacks.sent;
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
    this.faults.set(partial);
  }

  setRecords(records: readonly SimRecordInput[]): void {
    this.store.set(records);
  }

  addRecords(records: readonly SimRecordInput[]): void {
    this.store.add(records);
  }

  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.timers.size > 0 || this.callbacks.pending > 0) && Date.now() < deadline) {
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.stopping.abort();
    this.faults.releaseHeld();
    await this.callbacks.settled();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = await readApiRequest(req, res);
    if (params === null) return;
    const { api_key: _key, ...logged } = params;
    this.requests.push({
      method: params.method,
      params: logged,
      httpMethod: req.method ?? '',
      at: new Date(),
    });
    if (this.requests.length > MAX_LOG_ENTRIES)
      this.requests.splice(0, this.requests.length - MAX_LOG_ENTRIES);

    const draw = this.faults.draw();
    if (draw.faults.latencyMs > 0) {
      try {
        await sleep(draw.faults.latencyMs, undefined, { signal: this.stopping.signal });
      } catch {
        res.destroy();
        return;
      }
    }
    if (this.faults.serve(draw, res)) return;
    sendEnvelope(
      res,
      dispatch(this.methods, params, req.headers['x-api-key'], draw.faults),
      params.format,
    );
  }

  private schedule(call: PendingCall): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.complete(call);
    }, this.callbackDelayMs);
    this.timers.add(timer);
  }

  /** The call is over: its leg joins the call log, and its callbacks go out. */
  private complete(call: PendingCall): void {
    this.store.add([this.outcomes.record(call)]);
    if (call.template === undefined) return;
    const { final, stale } = this.outcomes.callbackValues(call, this.timeFormat);
    const sends = [final];
    if (call.duplicate) sends.push(final);
    if (this.faults.current.outOfOrderCallbacks) sends.push(stale);
    this.callbacks.send(call.template, sends);
  }
}
