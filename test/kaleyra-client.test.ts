import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KaleyraClient, callbackTemplate } from '../src/datasources/kaleyra/kaleyra.client';
import { KaleyraAbortedError } from '../src/datasources/kaleyra/errors/kaleyra-aborted-error';
import { KaleyraApiError } from '../src/datasources/kaleyra/errors/kaleyra-api-error';
import { KaleyraError } from '../src/datasources/kaleyra/errors/kaleyra-error';
import { KaleyraHttpError } from '../src/datasources/kaleyra/errors/kaleyra-http-error';
import { KaleyraNetworkError } from '../src/datasources/kaleyra/errors/kaleyra-network-error';
import { KaleyraParseError } from '../src/datasources/kaleyra/errors/kaleyra-parse-error';
import { KaleyraTimeoutError } from '../src/datasources/kaleyra/errors/kaleyra-timeout-error';
import type { CallLogPage, KaleyraRetryPolicy } from '../src/datasources/kaleyra/kaleyra.types';
import type { Logger } from '../src/logger';
import { generateTraffic } from '../src/simulator/generator';
import { NO_FAULTS } from '../src/simulator/simulator.faults';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { captureLogs } from './helpers/logs';

// Obviously fake; the sentinel test checks it never reaches a log line or an error.
const KEY = 'ATESTSENTINELKEY000000000000000000';
const FAST_RETRY: KaleyraRetryPolicy = { limit: 3, baseDelayMs: 10, maxDelayMs: 200 };

let sim: KaleyraSimulator;
const records = generateTraffic({ seed: 11, fromDate: '2026-02-16', toDate: '2026-02-22' });

beforeAll(async () => {
  sim = await startKaleyraSimulator({ apiKey: KEY, seed: 5, records, callbackDelayMs: 10 });
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.setFaults(NO_FAULTS);
  sim.setRecords(records);
});

function makeClient(
  overrides: {
    logger?: Logger;
    timeoutMs?: number;
    retry?: KaleyraRetryPolicy;
    baseUrl?: string;
    apiKey?: string;
  } = {},
): KaleyraClient {
  return new KaleyraClient({
    baseUrl: overrides.baseUrl ?? sim.url,
    apiKey: overrides.apiKey ?? KEY,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    logger: overrides.logger ?? captureLogs().logger,
    retry: overrides.retry ?? FAST_RETRY,
  });
}

async function collect(iter: AsyncIterable<CallLogPage>): Promise<CallLogPage[]> {
  const pages: CallLogPage[] = [];
  for await (const page of iter) pages.push(page);
  return pages;
}

async function failureOf(work: Promise<unknown> | (() => Promise<unknown>)): Promise<KaleyraError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (err instanceof KaleyraError) return err;
    throw err;
  }
  throw new Error('expected a KaleyraError');
}

const requestsSince = (n: number) => sim.requests.slice(n);
const onDay = (date: string) => records.filter((r) => r.start_time.startsWith(date));

/** A throwaway local HTTP server answering every request with `reply`. */
async function startStub(
  reply: (body: string) => { status?: number; body: string },
): Promise<{ url: string; hits: string[]; stop: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push(body);
      const r = reply(body);
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json' }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/`;
}

describe('KaleyraClient.callLogs', () => {
  it('pages through a day and stops after the short page', async () => {
    const expected = onDay('2026-02-18');
    const limit = 70;
    expect(expected.length).toBeGreaterThan(limit * 2);
    const start = sim.requests.length;

    const pages = await collect(makeClient().callLogs('2026-02-18', '2026-02-18', { limit }));

    expect(pages.length).toBe(Math.floor(expected.length / limit) + 1);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    expect(pages.slice(0, -1).every((p) => p.rawCount === limit)).toBe(true);
    expect(pages.at(-1)!.rawCount).toBeLessThan(limit);
    const ids = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(ids).size).toBe(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((r) => r.id)));
    expect(pages.every((p) => p.skipped.length === 0)).toBe(true);
    expect(requestsSince(start)).toHaveLength(pages.length);
  });

  it('sends method=dial with fromdate/todate as YYYY/MM/DD, 1-based page and the limit', async () => {
    const start = sim.requests.length;
    const pages = await collect(makeClient().callLogs('2026-02-21', '2026-02-22'));
    const sent = requestsSince(start);
    expect(sent[0]).toMatchObject({
      method: 'dial',
      httpMethod: 'POST',
      params: {
        method: 'dial',
        format: 'json',
        fromdate: '2026/02/21',
        todate: '2026/02/22',
        page: '1',
        limit: '200',
      },
    });
    expect(sent.map((r) => r.params.page)).toEqual(pages.map((p) => String(p.page)));
    expect(sent.every((r) => !('api_key' in r.params))).toBe(true);
    const total = pages.reduce((n, p) => n + p.records.length, 0);
    expect(total).toBe(onDay('2026-02-21').length + onDay('2026-02-22').length);
    // Parsed records carry real instants: every start falls inside the two IST days.
    const first = Date.parse('2026-02-21T00:00:00+05:30');
    const end = Date.parse('2026-02-23T00:00:00+05:30');
    for (const p of pages) {
      for (const r of p.records) {
        expect(r.startTime.getTime()).toBeGreaterThanOrEqual(first);
        expect(r.startTime.getTime()).toBeLessThan(end);
      }
    }
  });

  it('yields one empty page for a day without calls', async () => {
    const pages = await collect(makeClient().callLogs('2030-01-01', '2030-01-01'));
    expect(pages).toEqual([{ page: 1, records: [], skipped: [], rawCount: 0 }]);
  });

  it('skips malformed records with a logged reason and keeps the rest', async () => {
    const good = records
      .slice(0, 3)
      .map((r) => ({ ...r, start_time: `2026-03-01${r.start_time.slice(10)}` }));
    sim.setRecords([
      ...good,
      { ...good[0], id: 'bad-status', status: '', start_time: '2026-03-01 10:00:00' },
      { ...good[0], id: 'bad-service', service: undefined, start_time: '2026-03-01 10:00:01' },
      { ...good[0], id: 'bad-time', start_time: '2026-03-01 25:61:00' },
    ]);
    const logs = captureLogs();
    const pages = await collect(
      makeClient({ logger: logs.logger }).callLogs('2026-03-01', '2026-03-01'),
    );
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.rawCount).toBe(6);
    expect(page.records.map((r) => r.id).sort()).toEqual(good.map((r) => r.id).sort());
    expect(page.skipped.map((s) => s.id).sort()).toEqual(['bad-service', 'bad-status', 'bad-time']);
    expect(page.skipped.every((s) => s.reason.length > 0)).toBe(true);
    const warnings = logs.lines.filter((l) => l.includes('skipped malformed'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('"page":1');
    expect(warnings.join('')).toMatch(/missing status/);
  });

  it('treats a successful envelope without a data array as an empty page', async () => {
    for (const body of [
      '{"status":"200","message":"OK"}',
      '{"status":"200","message":"OK","data":{}}',
    ]) {
      const stub = await startStub(() => ({ body }));
      try {
        const pages = await collect(
          makeClient({ baseUrl: stub.url }).callLogs('2026-02-24', '2026-02-24'),
        );
        expect(pages).toEqual([{ page: 1, records: [], skipped: [], rawCount: 0 }]);
        expect(stub.hits[0]).toContain('method=dial');
        expect(stub.hits[0]).toContain('fromdate=2026%2F02%2F24');
      } finally {
        await stub.stop();
      }
    }
  });

  it('stops when the API ignores page and repeats the same rows', async () => {
    const rows = records.slice(0, 5);
    const stub = await startStub(() => ({
      body: JSON.stringify({ status: '200', message: 'OK', data: rows }),
    }));
    try {
      const pages = await collect(
        makeClient({ baseUrl: stub.url }).callLogs('2026-02-16', '2026-02-16', { limit: 5 }),
      );
      expect(pages).toHaveLength(1);
      expect(stub.hits).toHaveLength(2);
    } finally {
      await stub.stop();
    }
  });
});

describe('KaleyraClient initiate calls', () => {
  it('clickToCall sends caller=agent, receiver=customer, return=1 and the callback template', async () => {
    const start = sim.requests.length;
    const callbackUrl = callbackTemplate('http://127.0.0.1:9/webhooks/kaleyra/callback', {
      token: 'tok',
      ivr_call_id: 'c1',
    });
    const result = await makeClient().clickToCall({
      agentNumber: '+91 98000 00001',
      customerNumber: '919800000022',
      callbackUrl,
    });
    expect(result.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const sent = requestsSince(start);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toEqual({
      method: 'dial.click2call',
      format: 'json',
      caller: '9800000001',
      receiver: '9800000022',
      return: '1',
      callback: callbackUrl,
    });
    expect(sent[0]!.params.callback).toContain('&caller={caller}&');
  });

  it('outboundCall sends numbers, play, campaign, return=1 and the callback', async () => {
    const start = sim.requests.length;
    const result = await makeClient().outboundCall({
      customerNumber: '9800000033',
      play: '123.sound',
      campaign: 'demo-campaign',
      callbackUrl: 'http://127.0.0.1:9/cb?id={id}&obd={obdstatus}',
    });
    expect(result.id.length).toBeGreaterThan(8);
    expect(requestsSince(start).map((r) => r.params)).toEqual([
      {
        method: 'voice.call',
        format: 'json',
        numbers: '9800000033',
        play: '123.sound',
        campaign: 'demo-campaign',
        return: '1',
        callback: 'http://127.0.0.1:9/cb?id={id}&obd={obdstatus}',
      },
    ]);
  });

  it('surfaces an envelope error as KaleyraApiError with Kaleyra message and the method', async () => {
    const err = await failureOf(
      makeClient().clickToCall({ agentNumber: '9800000001', customerNumber: '9800000001' }),
    );
    expect(err).toBeInstanceOf(KaleyraApiError);
    expect(err.method).toBe('dial.click2call');
    expect((err as KaleyraApiError).kaleyraMessage).toBe('Caller and receiver cannot be the same');
    expect(err.message).toBe(
      'Kaleyra dial.click2call: Caller and receiver cannot be the same (status 400)',
    );

    const badKey = await failureOf(
      collect(makeClient({ apiKey: 'AWRONGKEY' }).callLogs('2026-02-16', '2026-02-16')),
    );
    expect(badKey).toBeInstanceOf(KaleyraApiError);
    expect(badKey).toMatchObject({
      method: 'dial',
      status: 401,
      kaleyraMessage: 'Invalid API key',
    });
  });

  it('never retries clickToCall on HTTP 500: exactly one request', async () => {
    sim.setFaults({ burst5xx: { count: 1 } });
    const start = sim.requests.length;
    const err = await failureOf(
      makeClient().clickToCall({ agentNumber: '9800000001', customerNumber: '9800000044' }),
    );
    expect(err).toBeInstanceOf(KaleyraHttpError);
    expect(err).toMatchObject({ method: 'dial.click2call', status: 500 });
    expect(requestsSince(start)).toHaveLength(1);
  });

  it('never retries outboundCall on a timeout', async () => {
    sim.setFaults({ timeoutRate: 1 });
    const start = sim.requests.length;
    const err = await failureOf(
      makeClient({ timeoutMs: 200 }).outboundCall({
        customerNumber: '9800000055',
        play: '1.sound',
      }),
    );
    expect(err).toBeInstanceOf(KaleyraTimeoutError);
    expect(err.method).toBe('voice.call');
    expect(requestsSince(start)).toHaveLength(1);
  });
});

describe('KaleyraClient retries (dial only)', () => {
  it('retries HTTP 5xx for dial and succeeds', async () => {
    sim.setFaults({ burst5xx: { count: 2, status: 502 } });
    const start = sim.requests.length;
    const pages = await collect(makeClient().callLogs('2026-02-16', '2026-02-16'));
    expect(pages.reduce((n, p) => n + p.records.length, 0)).toBe(onDay('2026-02-16').length);
    expect(requestsSince(start).length).toBe(pages.length + 2);
  });

  it('gives up after the retry limit with KaleyraHttpError', async () => {
    sim.setFaults({ errorRate5xx: 1 });
    const start = sim.requests.length;
    const err = await failureOf(collect(makeClient().callLogs('2026-02-16', '2026-02-16')));
    expect(err).toBeInstanceOf(KaleyraHttpError);
    expect(err.method).toBe('dial');
    expect([500, 502, 503]).toContain(err.status);
    expect(requestsSince(start)).toHaveLength(FAST_RETRY.limit + 1);
  });

  it('honours Retry-After on 429', async () => {
    sim.setFaults({ burst429: { count: 1, retryAfterSeconds: 1 } });
    const start = sim.requests.length;
    const t0 = Date.now();
    const client = makeClient({ retry: { limit: 2, baseDelayMs: 10, maxDelayMs: 5_000 } });
    await collect(client.callLogs('2030-01-01', '2030-01-01'));
    const sent = requestsSince(start);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at.getTime() - sent[0]!.at.getTime()).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('caps a long Retry-After at maxDelayMs', async () => {
    sim.setFaults({ burst429: { count: 2, retryAfterSeconds: 60 } });
    const t0 = Date.now();
    const pages = await collect(
      makeClient({ retry: { limit: 3, baseDelayMs: 10, maxDelayMs: 100 } }).callLogs(
        '2030-01-01',
        '2030-01-01',
      ),
    );
    expect(pages).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(20_000); // not 2 x 60 s: the cap applied
  });

  it('retries garbled 200 bodies for dial', async () => {
    sim.setFaults({ garbledRate: 0.5 });
    const start = sim.requests.length;
    const pages = await collect(
      makeClient({ retry: { limit: 8, baseDelayMs: 5, maxDelayMs: 50 } }).callLogs(
        '2026-02-16',
        '2026-02-19',
        { limit: 100 },
      ),
    );
    const expected = ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'].flatMap(onDay);
    expect(pages.reduce((n, p) => n + p.records.length, 0)).toBe(expected.length);
    // Some requests were garbled and repeated.
    expect(requestsSince(start).length).toBeGreaterThan(pages.length);
  });

  it('reports a garbled body as KaleyraParseError once retries run out', async () => {
    sim.setFaults({ garbledRate: 1 });
    const err = await failureOf(
      collect(
        makeClient({ retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 5 } }).callLogs(
          '2026-02-16',
          '2026-02-16',
        ),
      ),
    );
    expect(err).toBeInstanceOf(KaleyraParseError);
    expect(err.method).toBe('dial');
  });

  it('survives a mix of faults over a whole week without losing a record', async () => {
    sim.setFaults({ errorRate5xx: 0.2, garbledRate: 0.1, latencyMs: 2 });
    const pages = await collect(
      makeClient({ retry: { limit: 8, baseDelayMs: 2, maxDelayMs: 20 } }).callLogs(
        '2026-02-16',
        '2026-02-22',
      ),
    );
    const ids = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(ids).toHaveLength(records.length);
    expect(new Set(ids).size).toBe(records.length);
  });

  it('times out a held request with KaleyraTimeoutError', async () => {
    sim.setFaults({ timeoutRate: 1 });
    const start = sim.requests.length;
    const t0 = Date.now();
    const err = await failureOf(
      collect(
        makeClient({ timeoutMs: 150, retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 5 } }).callLogs(
          '2026-02-16',
          '2026-02-16',
        ),
      ),
    );
    expect(err).toBeInstanceOf(KaleyraTimeoutError);
    expect(err).toMatchObject({ method: 'dial', code: 'ETIMEDOUT' });
    expect(requestsSince(start)).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(20_000); // not the simulator's 130 s hold
  });

  it('maps a refused connection to KaleyraNetworkError', async () => {
    const baseUrl = await closedPortUrl();
    const err = await failureOf(
      collect(
        makeClient({ baseUrl, retry: { limit: 2, baseDelayMs: 5, maxDelayMs: 5 } }).callLogs(
          '2026-02-16',
          '2026-02-16',
        ),
      ),
    );
    expect(err).toBeInstanceOf(KaleyraNetworkError);
    expect(err).toMatchObject({ method: 'dial', code: 'ECONNREFUSED' });
    const c2c = await failureOf(
      makeClient({ baseUrl }).clickToCall({
        agentNumber: '9800000001',
        customerNumber: '9800000066',
      }),
    );
    expect(c2c).toBeInstanceOf(KaleyraNetworkError);
    expect(c2c.message).toContain('dial.click2call');
  });

  it('stops retrying when the caller aborts', async () => {
    sim.setFaults({ timeoutRate: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failureOf(
      collect(
        makeClient({ timeoutMs: 5_000 }).callLogs('2026-02-16', '2026-02-16', {
          signal: controller.signal,
        }),
      ),
    );
    expect(err).toBeInstanceOf(KaleyraAbortedError);
  });
});

describe('API key secrecy', () => {
  it('never writes the key to a log line or an error, whatever fails', async () => {
    // No scrubbing secrets passed to the logger: the client itself must keep the key out.
    const logs = captureLogs([], 'debug');
    const errors: KaleyraError[] = [];
    const client = (extra: Parameters<typeof makeClient>[0] = {}) =>
      makeClient({
        logger: logs.logger,
        timeoutMs: 150,
        retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 20 },
        ...extra,
      });

    sim.setFaults({ errorRate5xx: 1 });
    errors.push(await failureOf(collect(client().callLogs('2026-02-16', '2026-02-16'))));
    sim.setFaults({ ...NO_FAULTS, garbledRate: 1 });
    errors.push(await failureOf(collect(client().callLogs('2026-02-16', '2026-02-16'))));
    sim.setFaults({ ...NO_FAULTS, timeoutRate: 1 });
    errors.push(await failureOf(collect(client().callLogs('2026-02-16', '2026-02-16'))));
    errors.push(
      await failureOf(
        client().clickToCall({ agentNumber: '9800000001', customerNumber: '9800000077' }),
      ),
    );
    sim.setFaults({ ...NO_FAULTS, burst429: { count: 5, retryAfterSeconds: 0 } });
    errors.push(await failureOf(collect(client().callLogs('2026-02-16', '2026-02-16'))));
    sim.setFaults(NO_FAULTS);
    errors.push(
      await failureOf(
        client().clickToCall({ agentNumber: '9800000001', customerNumber: '9800000001' }),
      ),
    );
    errors.push(
      await failureOf(client().outboundCall({ customerNumber: 'not-a-number', play: '1.sound' })),
    );
    errors.push(
      await failureOf(
        collect(client({ baseUrl: await closedPortUrl() }).callLogs('2026-02-16', '2026-02-16')),
      ),
    );
    const echo = await startStub(() => ({
      body: JSON.stringify({ status: '401', message: `Invalid API key ${KEY}` }),
    }));
    try {
      errors.push(
        await failureOf(
          collect(client({ baseUrl: echo.url }).callLogs('2026-02-16', '2026-02-16')),
        ),
      );
      // The key did travel, in the POST body, where Kaleyra expects it.
      expect(echo.hits[0]).toContain(`api_key=${KEY}`);
    } finally {
      await echo.stop();
    }

    expect(errors.map((e) => e.name)).toEqual([
      'KaleyraHttpError',
      'KaleyraParseError',
      'KaleyraTimeoutError',
      'KaleyraTimeoutError',
      'KaleyraHttpError',
      'KaleyraApiError',
      'KaleyraApiError',
      'KaleyraNetworkError',
      'KaleyraApiError',
    ]);
    expect(logs.lines.length).toBeGreaterThanOrEqual(errors.length);
    for (const line of logs.lines) expect(line).not.toContain('ATESTSENTINEL');
    for (const err of errors) {
      expect(err.message).not.toContain('ATESTSENTINEL');
      expect(String(err.stack)).not.toContain('ATESTSENTINEL');
      expect(JSON.stringify(err)).not.toContain('ATESTSENTINEL');
      expect(err.cause).toBeUndefined();
    }
    expect(errors.at(-1)!.message).toContain('[REDACTED]');
  });
});
