import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KaleyraClient, callbackTemplate } from '../src/datasources/kaleyra/kaleyra.client';
import { parseCallLogRecord } from '../src/datasources/kaleyra/kaleyra.mappers';
import { istDateOf, parseIstDateTime } from '../src/domain/ist';
import {
  DEFAULT_AGENTS,
  DEFAULT_DID,
  generateTraffic,
  generateTrafficIter,
  type SimCallLogRecord,
} from '../src/simulator/generator';
import { NO_FAULTS } from '../src/simulator/simulator.faults';
import {
  startKaleyraSimulator,
  type KaleyraSimulator,
  type KaleyraSimulatorOptions,
} from '../src/simulator/simulator.server';
import { captureLogs } from './helpers/logs';

const KEY = 'ATESTSIMKEY00000000000000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A local HTTP server standing in for our webhook; records every GET it receives. */
async function startReceiver(): Promise<{
  url: string;
  hits: URL[];
  waitForHits: (n: number, timeoutMs?: number) => Promise<URL[]>;
  stop: () => Promise<void>;
}> {
  const hits: URL[] = [];
  const server = http.createServer((req, res) => {
    hits.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/kaleyra/callback`,
    hits,
    async waitForHits(n, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (hits.length < n && Date.now() < deadline) await sleep(10);
      return hits;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const started: { stop: () => Promise<void> }[] = [];
async function sim(options: Partial<KaleyraSimulatorOptions> = {}): Promise<KaleyraSimulator> {
  const s = await startKaleyraSimulator({ apiKey: KEY, callbackDelayMs: 10, ...options });
  started.push(s);
  return s;
}
async function receiver() {
  const r = await startReceiver();
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const client = (s: KaleyraSimulator) =>
  new KaleyraClient({
    baseUrl: s.url,
    apiKey: KEY,
    timeoutMs: 2_000,
    logger: captureLogs().logger,
  });

/** Posts raw parameters the way any HTTP client might, and returns the body. */
async function raw(
  s: KaleyraSimulator,
  params: Record<string, string>,
  init: {
    query?: Record<string, string>;
    headers?: Record<string, string>;
    multipart?: boolean;
    path?: string;
  } = {},
): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const url = new URL(init.path ?? s.url);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  let body: FormData | URLSearchParams | undefined;
  if (Object.keys(params).length > 0) {
    if (init.multipart) {
      body = new FormData();
      for (const [k, v] of Object.entries(params)) body.append(k, v);
    } else body = new URLSearchParams(params);
  }
  const res = await fetch(url, { method: body ? 'POST' : 'GET', body, headers: init.headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('simulator callbacks', () => {
  it('GETs the callback with every placeholder filled and logs the call for dial', async () => {
    const cb = await receiver();
    const s = await sim({ seed: 3 });
    const template = callbackTemplate(cb.url, { token: 'tok-123', ivr_call_id: 'ivr-9' });
    const { id } = await client(s).clickToCall({
      agentNumber: '9800000001',
      customerNumber: '9800000042',
      callbackUrl: template,
    });
    const [hit] = await cb.waitForHits(1);
    expect(hit).toBeDefined();
    const q = Object.fromEntries(hit!.searchParams);
    expect(hit!.pathname).toBe('/webhooks/kaleyra/callback');
    expect(q).toMatchObject({
      token: 'tok-123',
      ivr_call_id: 'ivr-9',
      caller: '9800000001',
      receiver: '9800000042',
      callerid: DEFAULT_DID,
      id,
    });
    expect(['ANSWER', 'NOANSWER', 'BUSY', 'FAILED', 'CANCEL']).toContain(q.status);
    expect(q.starttime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(q.endtime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Number(q.duration)).toBeGreaterThanOrEqual(Number(q.billsec));
    if (q.status === 'ANSWER')
      expect(q.recordpath).toMatch(/^\/\/play\.solutionsinfini\.com\/\?id=SIMREC/);
    else expect([q.billsec, q.recordpath]).toEqual(['0', '']);
    expect(hit!.search).not.toMatch(/\{|%7B/i);
    await s.idle();
    expect(s.callbacksSent).toEqual([expect.objectContaining({ status: 204 })]);

    const today = istDateOf(new Date());
    const logged = [];
    for await (const page of client(s).callLogs(today, today)) logged.push(...page.records);
    expect(logged).toEqual([
      expect.objectContaining({
        id,
        service: 'Click2Call',
        callfrom: '9800000001',
        callto: '9800000042',
        status: q.status,
        billsec: Number(q.billsec),
      }),
    ]);
  });

  it('fills {obdstatus} for voice.call and can send epoch times', async () => {
    const cb = await receiver();
    const s = await sim({ seed: 4, callbackTimeFormat: 'epoch' });
    const { id } = await client(s).outboundCall({
      customerNumber: '9800000043',
      play: '123.sound',
      callbackUrl: `${cb.url}?id={id}&obd={obdstatus}&status={status}&start={starttime}&end={endtime}`,
    });
    const [hit] = await cb.waitForHits(1);
    const q = Object.fromEntries(hit!.searchParams);
    expect(q.id).toBe(id);
    expect(['COMPLETED', 'NOANSWER', 'BUSY', 'CONGESTION', 'FAILED', 'DNDNUMB']).toContain(q.obd);
    expect(q.start).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(q.start) * 1000 - Date.now())).toBeLessThan(60_000);
    expect(Number(q.end)).toBeGreaterThanOrEqual(Number(q.start));
  });

  it('sends duplicates and a stale callback after the final one when asked to', async () => {
    const cb = await receiver();
    const s = await sim({
      seed: 8,
      faults: { duplicateCallbackRate: 1, outOfOrderCallbacks: true },
    });
    await client(s).clickToCall({
      agentNumber: '9800000002',
      customerNumber: '9800000044',
      callbackUrl: callbackTemplate(cb.url, { token: 't' }),
    });
    const hits = await cb.waitForHits(3);
    await s.idle();
    expect(hits).toHaveLength(3);
    const [first, second, third] = hits.map((h) => Object.fromEntries(h.searchParams));
    expect(second).toEqual(first);
    expect(third!.id).toBe(first!.id);
    expect(third!.status).not.toBe(first!.status);
    expect(['', 'NOANSWER_LEG1']).toContain(third!.status);
  });

  it('never calls a non-loopback callback host', async () => {
    const logs = captureLogs();
    const s = await sim({ logger: logs.logger });
    await client(s).clickToCall({
      agentNumber: '9800000001',
      customerNumber: '9800000045',
      callbackUrl: 'http://example.com/cb?id={id}',
    });
    await s.idle();
    expect(s.callbacksSent).toHaveLength(1);
    expect(s.callbacksSent[0]).toMatchObject({
      status: 0,
      error: expect.stringMatching(/loopback/),
    });
    // The call itself still happened and is listed.
    expect(s.records).toHaveLength(1);
  });

  it('is deterministic for a seed: same ids and outcomes for the same requests', async () => {
    const runs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const cb = await receiver();
      const s = await sim({ seed: 99 });
      const ids: string[] = [];
      for (let n = 0; n < 4; n++) {
        const r = await client(s).clickToCall({
          agentNumber: '9800000001',
          customerNumber: `980000005${n}`,
          callbackUrl: `${cb.url}?id={id}&status={status}&billsec={billsec}`,
        });
        ids.push(r.id);
      }
      await cb.waitForHits(4);
      runs.push([...ids, ...cb.hits.map((h) => h.search).sort()]);
    }
    expect(runs[0]).toEqual(runs[1]);
  });
});

describe('simulator protocol', () => {
  it('answers §9 error envelopes with HTTP 200', async () => {
    const s = await sim();
    const cases: [Record<string, string>, string, string][] = [
      [{ method: 'dial', format: 'json' }, '401', 'Invalid API key'],
      [{ method: 'dial', format: 'json', api_key: 'AWRONG' }, '401', 'Invalid API key'],
      [{ method: 'dial.nope', format: 'json', api_key: KEY }, '404', 'Invalid method'],
      [
        { method: 'dial.click2call', format: 'json', api_key: KEY, caller: '9800000001' },
        '400',
        'Missing parameter: receiver',
      ],
      [
        {
          method: 'dial.click2call',
          format: 'json',
          api_key: KEY,
          caller: '12345',
          receiver: '9800000002',
        },
        '400',
        'Invalid number: 12345',
      ],
      [
        {
          method: 'dial.click2call',
          format: 'json',
          api_key: KEY,
          caller: '9800000001',
          receiver: '919800000001',
        },
        '400',
        'Caller and receiver cannot be the same',
      ],
      [
        { method: 'voice.call', format: 'json', api_key: KEY, numbers: '9800000003' },
        '400',
        'Missing parameter: play',
      ],
      [{ method: 'dial', format: 'json', api_key: KEY }, '400', 'Missing parameter: fromdate'],
    ];
    for (const [params, status, message] of cases) {
      const res = await raw(s, params);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ status, message });
    }
  });

  it('takes GET query strings, multipart bodies, the x-api-key header and /v1 without slash', async () => {
    const s = await sim({
      records: generateTraffic({ seed: 1, fromDate: '2026-02-24', toDate: '2026-02-24' }),
    });
    const viaGet = await raw(
      s,
      {},
      {
        query: {
          method: 'dial',
          api_key: KEY,
          format: 'json',
          fromdate: '2026/02/24',
          todate: '2026/02/24',
          limit: '5',
        },
      },
    );
    expect((viaGet.json().data as unknown[]).length).toBe(5);
    const multipart = await raw(
      s,
      { method: 'dial', format: 'json', fromdate: '2026-02-24', limit: '7' },
      { multipart: true, headers: { 'x-api-key': KEY } },
    );
    expect((multipart.json().data as unknown[]).length).toBe(7);
    const bodyWins = await raw(
      s,
      { method: 'dial', api_key: KEY, format: 'json', fromdate: '2026/02/24', limit: '3' },
      { query: { limit: '9' }, path: s.url.replace(/\/$/, '') },
    );
    expect((bodyWins.json().data as unknown[]).length).toBe(3);
    expect(s.requests.at(-1)!.params).not.toHaveProperty('api_key');
    const c2c = await raw(s, {
      method: 'dial.click2call',
      api_key: KEY,
      format: 'json',
      caller: '9800000001',
      receiver: '9800000002',
      return: '1',
    });
    expect(c2c.json()).toEqual({
      status: '200',
      message: 'OK',
      data: { id: expect.stringMatching(UUID) },
    });
    const text = await raw(s, { method: 'dial', api_key: KEY, fromdate: '2026/02/24' });
    expect(() => JSON.parse(text.text)).toThrow();
  });

  it('pages deterministically by start_time then id; out-of-range pages are empty', async () => {
    const records = generateTraffic({ seed: 2, fromDate: '2026-02-23', toDate: '2026-02-25' });
    const s = await sim({ records: [...records].reverse() });
    const day = records
      .filter((r) => r.date === '2026-02-24')
      .sort((a, b) => (a.start_time + a.id < b.start_time + b.id ? -1 : 1));
    const page = async (n: number, limit: number) =>
      (
        await raw(s, {
          method: 'dial',
          api_key: KEY,
          format: 'json',
          fromdate: '2026/02/24',
          todate: '2026/02/24',
          page: String(n),
          limit: String(limit),
        })
      ).json().data as SimCallLogRecord[];
    const all = [
      ...(await page(1, 100)),
      ...(await page(2, 100)),
      ...(await page(3, 100)),
      ...(await page(4, 100)),
    ];
    expect(all.map((r) => r.id)).toEqual(day.map((r) => r.id));
    expect(await page(50, 100)).toEqual([]);
    expect((await page(1, 5000)).length).toBe(Math.min(1000, day.length));
  });

  it('applies the fault knobs deterministically and releases held requests on stop()', async () => {
    const s = await sim({ seed: 1 });
    s.setFaults({ burst429: { count: 1, retryAfterSeconds: 7 } });
    const limited = await fetch(s.url, {
      method: 'POST',
      body: new URLSearchParams({ method: 'dial' }),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    await limited.arrayBuffer();
    s.setFaults({ ...NO_FAULTS, errorRate5xx: 1 });
    expect([500, 502, 503]).toContain((await raw(s, { method: 'dial' })).status);
    s.setFaults({ ...NO_FAULTS, garbledRate: 1 });
    const garbled = await raw(s, {
      method: 'dial',
      api_key: KEY,
      format: 'json',
      fromdate: '2026/02/24',
    });
    expect(garbled.status).toBe(200);
    expect(() => JSON.parse(garbled.text)).toThrow();
    s.setFaults({ ...NO_FAULTS, latencyMs: 60 });
    const t0 = Date.now();
    await raw(s, { method: 'dial' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);

    s.setFaults({ ...NO_FAULTS, timeoutRate: 1 });
    const held = fetch(s.url, {
      method: 'POST',
      body: new URLSearchParams({ method: 'dial' }),
    }).then(
      () => 'answered',
      () => 'released',
    );
    await sleep(50);
    const stopped = Date.now();
    await s.stop();
    expect(await held).toBe('released');
    expect(Date.now() - stopped).toBeLessThan(20_000); // not the 130 s hold
  });

  it('draws the same fault pattern for the same seed', async () => {
    const pattern = async () => {
      const s = await sim({ seed: 1234, faults: { errorRate5xx: 0.3, garbledRate: 0.3 } });
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await raw(s, {
          method: 'dial',
          api_key: KEY,
          format: 'json',
          fromdate: '2026/02/24',
        });
        out.push(
          `${r.status}:${r.text.startsWith('{"status":"200","message":"OK","data":[]}') ? 'ok' : 'bad'}`,
        );
      }
      return out;
    };
    const a = await pattern();
    expect(await pattern()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });
});

describe('generateTraffic', () => {
  const week = { seed: 42, fromDate: '2026-02-16', toDate: '2026-02-22' };
  const records = generateTraffic(week);

  it('is deterministic for a seed and different for another seed', () => {
    expect(generateTraffic(week)).toEqual(records);
    const other = generateTraffic({ ...week, seed: 43 });
    expect(other.map((r) => r.id)).not.toEqual(records.map((r) => r.id));
    expect(other.map((r) => r.status)).not.toEqual(records.map((r) => r.status));
    expect([...generateTrafficIter(week)]).toEqual(records);
  });

  it('produces about 2088 legs a week with unique ids and well-formed wire fields', () => {
    expect(records.length).toBeGreaterThan(2088 * 0.93);
    expect(records.length).toBeLessThan(2088 * 1.07);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    for (const r of records) {
      expect(r.id).toMatch(UUID);
      expect(r.uniqid).toMatch(/^\d+_\d{10}\.\d+$/);
      expect(typeof r.duration).toBe('number');
      expect(r.billsec).toMatch(/^\d+$/);
      expect(Number(r.billsec)).toBeLessThanOrEqual(r.duration);
      expect(r.date).toBe(r.start_time.slice(0, 10));
      expect(r.date >= week.fromDate && r.date <= week.toDate).toBe(true);
      expect(parseCallLogRecord(r).ok).toBe(true);
    }
  });

  it('models inbound calls as an Incoming leg plus CallForward legs to agents, and Click2Call from agents', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const services = new Set(records.map((r) => r.service));
    expect(services).toEqual(new Set(['Incoming', 'CallForward', 'Click2Call']));
    const at = (r: SimCallLogRecord) => parseIstDateTime(r.start_time)!.getTime();
    const incoming = records.filter((r) => r.service === 'Incoming');
    const forwardsByCall = new Map<string, SimCallLogRecord[]>();
    let withParent = 0;
    let crossingMidnight = 0;
    for (const r of records) {
      if (r.service === 'Incoming') {
        expect(r.callto).toBe(DEFAULT_DID);
        expect(r.parent_id).toBe('');
        expect(r.recording).toBe('');
      } else if (r.service === 'CallForward') {
        // Its call: the Incoming leg it names, else the one from the same number whose time
        // window covers it (what linking infers).
        const call = r.parent_id
          ? byId.get(r.parent_id)
          : incoming
              .filter(
                (i) =>
                  i.callfrom === r.callfrom &&
                  at(i) <= at(r) &&
                  at(r) <= parseIstDateTime(i.end_time)!.getTime() + 5000,
              )
              .sort((x, y) => at(y) - at(x))[0];
        if (r.parent_id) withParent++;
        expect(call?.service).toBe('Incoming');
        expect(r.callfrom).toBe(call!.callfrom);
        expect(DEFAULT_AGENTS).toContain(r.callto);
        const lag = at(r) - at(call!);
        expect(lag).toBeGreaterThan(0);
        expect(lag).toBeLessThan(5 * 60_000);
        expect(r.recording !== '').toBe(r.status === 'ANSWER');
        if (r.date !== call!.date) crossingMidnight++;
        forwardsByCall.set(call!.id, [...(forwardsByCall.get(call!.id) ?? []), r]);
      } else {
        expect(DEFAULT_AGENTS).toContain(r.callfrom);
        expect(DEFAULT_AGENTS).not.toContain(r.callto);
      }
    }
    // Agents are tried in sequence until one answers or the caller hangs up: at most one ANSWER,
    // and an ANSWER or a CANCEL comes last.
    for (const legs of forwardsByCall.values()) {
      const answered = legs.filter((l) => l.status === 'ANSWER');
      expect(answered.length).toBeLessThanOrEqual(1);
      if (answered.length === 1) expect(legs.at(-1)!.status).toBe('ANSWER');
      expect(legs.slice(0, -1).some((l) => l.status === 'CANCEL')).toBe(false);
      expect(new Set(legs.map((l) => l.callto)).size).toBe(legs.length);
    }
    expect(forwardsByCall.size).toBeGreaterThan(500);
    // Most forward legs name their Incoming leg, not all; some calls are never forwarded, some
    // end with the caller hanging up on a ringing agent, some run past IST midnight.
    const forwards = records.filter((r) => r.service === 'CallForward').length;
    expect(withParent / forwards).toBeGreaterThan(0.8);
    expect(withParent / forwards).toBeLessThan(0.95);
    expect(incoming.filter((i) => !forwardsByCall.has(i.id)).length).toBeGreaterThan(20);
    const hungUp = [...forwardsByCall.values()].filter((legs) => legs.at(-1)!.status === 'CANCEL');
    expect(hungUp.length).toBeGreaterThan(10);
    expect(crossingMidnight).toBeGreaterThan(0);
  });

  it('matches the status mix of our sample week within a few points', () => {
    const share = (status: string) =>
      records.filter((r) => r.status === status).length / records.length;
    expect(Math.abs(share('ANSWER') - 0.59)).toBeLessThan(0.03);
    expect(Math.abs(share('NOANSWER') - 0.15)).toBeLessThan(0.025);
    expect(Math.abs(share('ANSWERED-B') - 0.09)).toBeLessThan(0.02);
    expect(Math.abs(share('FAILED') - 0.066)).toBeLessThan(0.02);
    expect(Math.abs(share('CANCEL') - 0.042)).toBeLessThan(0.015);
    const main = ['ANSWER', 'NOANSWER', 'ANSWERED-B', 'FAILED', 'CANCEL'];
    const rare = records.filter((r) => !main.includes(r.status));
    expect(rare.length / records.length).toBeGreaterThan(0.03);
    expect(rare.length / records.length).toBeLessThan(0.09);
    expect(new Set(rare.map((r) => r.status)).size).toBeGreaterThanOrEqual(6);
  });

  it('spreads calls over the day with a business-hours peak, some near midnight', () => {
    const hour = (r: SimCallLogRecord) => Number(r.start_time.slice(11, 13));
    const business = records.filter((r) => hour(r) >= 9 && hour(r) < 19).length;
    expect(business / records.length).toBeGreaterThan(0.65);
    expect(records.some((r) => hour(r) === 23 || hour(r) === 0)).toBe(true);
    expect(new Set(records.map((r) => r.location)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(records.map((r) => r.provider))).toEqual(
      new Set(['JIO', 'AIRTEL', 'IDEA', 'Vodafone', 'BSNL', 'Tata Teleservices']),
    );
  });

  it('scales to a requested total, streaming day by day', () => {
    let n = 0;
    const days = new Set<string>();
    for (const r of generateTrafficIter({
      seed: 5,
      fromDate: '2026-01-01',
      toDate: '2026-01-10',
      totalLegs: 50_000,
    })) {
      n++;
      days.add(r.date);
    }
    expect(n).toBeGreaterThan(47_500);
    expect(n).toBeLessThan(52_500);
    expect(days.size).toBe(10);
  });
});
