/**
 * Regression tests for the adversarial probe of issue 11, the HTTP side: the Kaleyra callback
 * route, recording URLs, request bodies Express cannot parse (in a production process) and slow
 * connections. Real servers on loopback; every loop is bounded. GraphQL and graphql-ws items:
 * security-probe.test.ts.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AppServer } from '../src/server';
import { freePort } from '../src/database/embedded';
import { generateTraffic } from '../src/simulator/generator';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { rawGql } from './helpers/graphql';
import { spawnBuilt } from './helpers/process';
import { startTestServer } from './helpers/server';

const KEY = 'AHTTPPROBESENTINELKEY0000000000000';
const TOKEN = 'http-probe-callback-token-00000000000';
const DAY = '2026-02-24';

let tdb: TestDatabase;
let sim: KaleyraSimulator;
let server: AppServer;
let admin: Record<string, string>;

const records = generateTraffic({ seed: 11, fromDate: DAY, toDate: DAY, legsPerDay: 40 });
// Two synced legs carry recordings a browser must never be handed as a link.
const unsafe = records.filter((r) => r.recording).slice(0, 2);
unsafe[0]!.recording = 'javascript:alert(document.cookie)';
unsafe[1]!.recording = 'data:text/html,<script>alert(1)</script>';
const safe = records.find((r) => r.recording && !unsafe.includes(r))!;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sim = await startKaleyraSimulator({ apiKey: KEY, records });
  server = await startTestServer({
    database: tdb.open(),
    config: {
      authDisabled: false,
      authJwtSecret: TEST_JWT_SECRET,
      kaleyraApiKey: KEY,
      kaleyraBaseUrl: sim.url,
      kaleyraCallbackToken: TOKEN,
      httpRequestTimeoutMs: 1_500,
      httpHeadersTimeoutMs: 1_000,
    },
  });
  admin = bearer(await signToken('admin'));
});
afterAll(async () => {
  await server?.stop();
  await sim?.stop();
  await tdb?.drop();
});

const callback = (params: Record<string, string>) =>
  fetch(
    `${server.url}/webhooks/kaleyra/callback?${new URLSearchParams({ token: TOKEN, ...params })}`,
  );
const valid = (id: string): Record<string, string> => ({
  id,
  status: 'ANSWER',
  caller: '9800000001',
  receiver: '9800000077',
  duration: '40',
  billsec: '33',
  recordpath: `//play.solutionsinfini.com/?id=${id}`,
});
const stored = async (pattern: string) =>
  (
    await tdb.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ivr_calls WHERE kaleyra_call_id LIKE $1',
      [pattern],
    )
  ).rows[0]!.n;
const allCalls = async () =>
  (await tdb.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ivr_calls')).rows[0]!.n;

describe('defect 4: one poisoned callback among valid ones', () => {
  it.each(['id', 'status', 'caller', 'recordpath'])(
    'answers a NUL in %s with 400 while the 20 valid callbacks sent at the same moment get 200 and are stored',
    async (field) => {
      const prefix = `POISON-${field}-`;
      const poisoned = { ...valid(`${prefix}bad`), [field]: `${valid('x')[field]}\u0000` };
      const answers = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => callback(valid(`${prefix}${i}`))),
        callback(poisoned),
      ]);
      const statuses = answers.map((r) => r.status);
      expect(statuses).toEqual([...Array<number>(20).fill(200), 400]);
      expect(await answers[20]!.json()).toEqual({
        error: `malformed parameter: ${field} (control characters)`,
      });
      expect(await stored(`${prefix}%`)).toBe(20);
    },
  );

  it('refuses other control characters too', async () => {
    const before = await allCalls();
    for (const c of ['\u0001', '\u001b', '\u007f', 'a\nb']) {
      const res = await callback({ ...valid('CTRL'), caller: `98000${c}00001` });
      expect(res.status).toBe(400);
    }
    expect(await allCalls()).toBe(before);
  });
});

describe('defect 5: oversized parameters', () => {
  it('answers 400 for a 600-character ivr_call_id (or any parameter over 512) and writes nothing', async () => {
    const before = await allCalls();
    const cases: [string, string][] = [
      ['ivr_call_id', 'a'.repeat(600)],
      ['id', 'K'.repeat(600)],
      ['caller', '9'.repeat(600)],
      ['status', 'A'.repeat(600)],
      ['recordpath', `https://play.solutionsinfini.com/${'r'.repeat(600)}`],
    ];
    for (const [field, value] of cases) {
      const res = await callback({ ...valid('OVERSIZED'), [field]: value });
      expect({ field, status: res.status, body: await res.json() }).toEqual({
        field,
        status: 400,
        body: { error: `malformed parameter: ${field} (over 512 characters)` },
      });
    }
    expect(await allCalls()).toBe(before);
  });
});

describe('risk: unsafe recording URLs', () => {
  it('stores and serves only http(s) and protocol-relative recordings from callbacks', async () => {
    const cases: [string, string | null][] = [
      ['javascript:alert(1)', null],
      ['JaVaScRiPt:alert(1)', null],
      ['data:text/html,<script>alert(1)</script>', null],
      ['vbscript:msgbox(1)', null],
      ['/recordings/relative.mp3', null],
      ['https:evil.example', null],
      ['//play.solutionsinfini.com/?id=R1', 'https://play.solutionsinfini.com/?id=R1'],
      ['https://play.solutionsinfini.com/r2.mp3', 'https://play.solutionsinfini.com/r2.mp3'],
      ['http://recordings.kaleyra.example/r3.mp3', 'http://recordings.kaleyra.example/r3.mp3'],
    ];
    for (const [i, [recordpath, expected]] of cases.entries()) {
      const res = await callback({ ...valid(`REC-${i}`), recordpath });
      // The outcome is stored either way: only the link is dropped.
      expect(res.status).toBe(200);
      const { ivrCallId } = (await res.json()) as { ivrCallId: string };
      const served = await rawGql<{ ivrCall: { recordingUrl: string | null } }>(
        server.url,
        `{ ivrCall(id: "${ivrCallId}") { recordingUrl status } }`,
        undefined,
        admin,
      );
      expect({ recordpath, url: served.data!.ivrCall.recordingUrl }).toEqual({
        recordpath,
        url: expected,
      });
    }
  });

  it('keeps unsafe recordings of synced records out of the table and the API', async () => {
    const sync = await rawGql(
      server.url,
      `mutation { syncCallLogs(input: { fromDate: "${DAY}", toDate: "${DAY}" }) { upserted } }`,
      undefined,
      admin,
    );
    expect(sync.errors).toBeUndefined();
    const { rows } = await tdb.pool.query<{ id: string; recording: string | null }>(
      'SELECT id, recording FROM kaleyra_call_logs WHERE id = ANY($1)',
      [[...unsafe, safe].map((r) => r.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r.recording]));
    expect(unsafe.map((r) => byId.get(r.id))).toEqual([null, null]);
    expect(byId.get(safe.id)).toBe(safe.recording);
    // A row stored before this check (or by another writer) is still never served as a link.
    await tdb.pool.query('UPDATE kaleyra_call_logs SET recording = $2 WHERE id = $1', [
      safe.id,
      'javascript:alert(2)',
    ]);
    const list = await rawGql<{
      callList: { items: { id: string; recordingUrl: string | null }[] };
    }>(
      server.url,
      `{ callList(range: { preset: CUSTOM, startDate: "${DAY}", endDate: "${DAY}" }, limit: 200) { items { id recordingUrl } } }`,
      undefined,
      admin,
    );
    const urls = list.data!.callList.items.filter((i) => i.recordingUrl !== null);
    expect(urls.length).toBeGreaterThan(0);
    for (const { recordingUrl } of urls) expect(recordingUrl).toMatch(/^https?:\/\//);
    expect(list.data!.callList.items.find((i) => i.id === safe.id)!.recordingUrl).toBeNull();
  });
});

describe('risk: connections held open by slow clients', () => {
  /** A raw TCP client that sends `head` and then nothing; resolves with what came back when the server closes. */
  const stall = (head: string, maxWaitMs: number) =>
    new Promise<{ closedByServer: boolean; answer: string }>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
      let answer = '';
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ closedByServer: false, answer });
      }, maxWaitMs);
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ closedByServer: true, answer });
      });
      socket.write(head);
    });

  it('cuts off a request whose body never arrives, and one whose headers never end (408)', async () => {
    // Node's defaults held such connections for 300 s (body) and 60 s (headers).
    const [body, headers] = await Promise.all([
      stall(
        'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":',
        15_000,
      ),
      stall('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n', 15_000),
    ]);
    expect(body.closedByServer).toBe(true);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.closedByServer).toBe(true);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('keeps an idle keep-alive connection past those timeouts, so a load balancer closes it first', async () => {
    // nginx and cloud balancers keep idle upstream connections 60 s; a server that closes one
    // sooner races the balancer's next request on it (a 502). Node's default was 5 s.
    expect(server.httpServer.keepAliveTimeout).toBe(65_000);
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    let answer = '';
    let closed = false;
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => (closed = true));
    const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n';
    const answered = async (n: number) => {
      for (let i = 0; i < 100 && (answer.match(/HTTP\/1\.1 200/g) ?? []).length < n; i++)
        await new Promise((r) => setTimeout(r, 50));
      return (answer.match(/HTTP\/1\.1 200/g) ?? []).length;
    };
    try {
      socket.write(request);
      expect(await answered(1)).toBe(1);
      // Idle past the headers (1 s) and request (1.5 s) timeouts and Node's 5 s keep-alive default.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(closed).toBe(false);
      socket.write(request);
      expect(await answered(2)).toBe(2);
    } finally {
      socket.destroy();
    }
  });
});

describe('risk: raw request bodies on stderr', () => {
  it('answers a malformed JSON body with 400 JSON and one scrubbed line, never the body, in production', async () => {
    const port = await freePort();
    const proc = spawnBuilt('src/index.js', {
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: tdb.connectionString,
      MIGRATE_ON_START: 'false',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      KALEYRA_API_KEY: KEY,
      KALEYRA_BASE_URL: 'http://127.0.0.1:9/v1/',
      KALEYRA_CALLBACK_URL: 'https://dash.example.test/webhooks/kaleyra/callback',
      KALEYRA_CALLBACK_TOKEN: TOKEN,
    });
    try {
      await proc.waitFor(/server listening/);
      const before = proc.output().length;
      const planted = `planted-${randomBytes(12).toString('hex')}`;
      const url = `http://127.0.0.1:${port}/graphql`;
      const malformed = `{"query": "{ agents { name } }", "token": "${planted}", ${'x'.repeat(10_000)}`;
      const answers: [number, string][] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...admin },
          body: malformed,
        });
        answers.push([res.status, await res.text()]);
      }
      const big = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin },
        body: JSON.stringify({ query: `{ agents { name } } # ${planted} ${'y'.repeat(200_000)}` }),
      });
      answers.push([big.status, await big.text()]);
      // The lines are written asynchronously: wait for the sixth (bounded).
      for (let i = 0; i < 50 && (proc.output().match(/request refused/g) ?? []).length < 6; i++)
        await new Promise((r) => setTimeout(r, 50));
      const written = proc.output().slice(before);
      expect(written).not.toContain(planted);
      expect(written).not.toContain('xxxxxxxxxx');
      expect(written.match(/request refused/g)).toHaveLength(6);
      // One short line per request, not the body (the probe saw 11 KB a request).
      expect(written.length).toBeLessThan(6 * 400);
      const parseError = JSON.stringify({
        errors: [
          { message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
        ],
      });
      const tooLarge = JSON.stringify({
        errors: [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }],
      });
      expect(answers).toEqual([...Array(5).fill([400, parseError]), [413, tooLarge]]);
    } finally {
      expect(await proc.stop('SIGTERM')).toBe(0);
    }
  });
});
