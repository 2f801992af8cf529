import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import type { AppServer } from '../src/server';
import { freePort } from '../src/database/embedded';
import { istDateOf } from '../src/domain/ist';
import {
  CallStatusChangedDocument,
  CallStatusChangedWithCallDocument,
  ClickToCallDocument,
  IvrCallDocument,
  OutboundCallDocument,
} from './generated/graphql';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { spawnBuilt, type Spawned } from './helpers/process';
import { startTestServer } from './helpers/server';
import { subscribe } from './helpers/ws';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const KEY = 'ATESTLIVECALLSKEY00000000000000000';
const TOKEN = 'test-callback-token-0000000000000';
const AGENT = '9800000001';
const CUSTOMER = '9800000077';

async function ivrRows(tdb: TestDatabase) {
  return (await tdb.pool.query('SELECT * FROM ivr_calls ORDER BY created_at')).rows;
}

describe('live calls end to end (simulator calls back over real HTTP)', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  let server: AppServer;
  const logs = captureLogs([KEY, TOKEN]);

  beforeEach(async () => {
    tdb = await createTestDatabase();
    await tdb.pool.query("INSERT INTO agents (agent_number, name) VALUES ($1, 'Asha')", [AGENT]);
    // Long enough that clickToCall has answered before the callback lands, even on a busy box
    // (the test reads the mutation's INITIATED answer, then the callback's event).
    sim = await startKaleyraSimulator({ apiKey: KEY, seed: 5, callbackDelayMs: 300 });
    server = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: { kaleyraApiKey: KEY, kaleyraBaseUrl: sim.url, kaleyraCallbackToken: TOKEN },
    });
  });
  afterEach(async () => {
    await sim.stop();
    await server.stop();
    await tdb.drop();
  });

  const callbackUrl = (query: Record<string, string>) =>
    `${server.url}/webhooks/kaleyra/callback?${new URLSearchParams(query)}`;

  it('clickToCall → Kaleyra calls back → a filtered subscriber sees INITIATED then the outcome', async () => {
    const sub = await subscribe(server.url, CallStatusChangedDocument, {
      agentNumber: `+91 ${AGENT}`,
    });
    const other = await subscribe(server.url, CallStatusChangedDocument, {
      customerNumber: '9800000099',
    });
    try {
      const res = await gql(server.url, ClickToCallDocument, {
        input: { agentNumber: `0${AGENT}`, customerNumber: `+91-98000-00077` },
      });
      expect(res.errors).toBeUndefined();
      const call = res.data!.clickToCall;
      expect(call).toMatchObject({
        kind: 'click2call',
        agentNumber: AGENT,
        customerNumber: CUSTOMER,
        agentName: 'Asha',
        status: 'INITIATED',
      });
      expect(call.kaleyraCallId).toMatch(/^[0-9a-f-]{36}$/);

      // The request Kaleyra got: agent rings first, our callback template with the token and our id.
      const req = sim.requests.find((r) => r.method === 'dial.click2call')!;
      expect(req.params).toMatchObject({
        caller: AGENT,
        receiver: CUSTOMER,
        return: '1',
        format: 'json',
      });
      expect(req.params.callback).toContain(`ivr_call_id=${call.id}`);
      expect(req.params.callback).toContain('status={status}');

      const [initiated, final] = await sub.waitFor(2);
      expect(initiated!.callStatusChanged).toMatchObject({
        ivrCallId: call.id,
        status: 'INITIATED',
        caller: AGENT,
        receiver: CUSTOMER,
        agentName: 'Asha',
      });
      await sim.idle();
      const row = (await ivrRows(tdb))[0];
      expect(final!.callStatusChanged).toMatchObject({
        ivrCallId: call.id,
        kaleyraCallId: call.kaleyraCallId,
        status: row.status,
        kaleyraStatus: row.kaleyra_status,
        duration: row.duration,
        billsec: row.billsec,
      });
      expect(row.status).not.toBe('INITIATED');
      expect(other.events).toEqual([]);

      const read = await gql(server.url, IvrCallDocument, { id: call.id });
      expect(read.data!.ivrCall).toMatchObject({
        status: row.status,
        kaleyraCallId: call.kaleyraCallId,
      });
    } finally {
      await sub.close();
      await other.close();
    }
  });

  it('carries the stored call in each event (ivrCall), so a normalising cache updates IvrCall:<id>', async () => {
    const sub = await subscribe(server.url, CallStatusChangedWithCallDocument, {});
    try {
      const res = await gql(server.url, ClickToCallDocument, {
        input: { agentNumber: AGENT, customerNumber: CUSTOMER },
      });
      const call = res.data!.clickToCall;
      const [, final] = await sub.waitFor(2);
      await sim.idle();
      const row = (await ivrRows(tdb))[0];
      expect(final!.callStatusChanged.ivrCallId).toBe(call.id);
      expect(final!.callStatusChanged.ivrCall).toEqual({
        id: call.id,
        status: row.status,
        kaleyraStatus: row.kaleyra_status,
        customerNumber: CUSTOMER,
        agentNumber: AGENT,
        billsec: row.billsec,
        updatedAt: row.updated_at.toISOString(),
      });
      expect(final!.callStatusChanged.ivrCall!.status).toBe(final!.callStatusChanged.status);
    } finally {
      await sub.close();
    }
  });

  it('stores duplicate and out-of-order deliveries once: the first outcome stands, one event', async () => {
    sim.setFaults({ duplicateCallbackRate: 1, outOfOrderCallbacks: true });
    const sub = await subscribe(server.url, CallStatusChangedDocument, {});
    try {
      const res = await gql(server.url, ClickToCallDocument, {
        input: { agentNumber: AGENT, customerNumber: CUSTOMER },
      });
      const id = res.data!.clickToCall.id;
      await sim.idle();
      const delivered = sim.callbacksSent.filter((c) => c.url.includes(id));
      expect(delivered.length).toBeGreaterThanOrEqual(3); // final, its duplicate, a stale one
      expect(delivered.every((c) => c.status === 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      const finals = sub.events.filter((e) => e.callStatusChanged.status !== 'INITIATED');
      expect(finals).toHaveLength(1);
      const [row] = await ivrRows(tdb);
      expect(row.status).toBe(finals[0]!.callStatusChanged.status);
      expect(row.duration).toBe(finals[0]!.callStatusChanged.duration);
    } finally {
      await sub.close();
    }
  });

  it('never moves a final status back, and blank fields never wipe filled ones', async () => {
    const res = await gql(server.url, ClickToCallDocument, {
      input: { agentNumber: AGENT, customerNumber: CUSTOMER },
    });
    const id = res.data!.clickToCall.id;
    await sim.idle();
    const base = { token: TOKEN, ivr_call_id: id, caller: AGENT, receiver: CUSTOMER };
    const answer = await fetch(
      callbackUrl({
        ...base,
        status: 'ANSWER',
        duration: '95',
        billsec: '81',
        recordpath: '//play.solutionsinfini.com/?id=R1',
        starttime: '2026-02-24 16:10:05',
        endtime: '2026-02-24 16:11:40',
      }),
    );
    expect(answer.status).toBe(200);
    const stale = await fetch(
      callbackUrl({
        ...base,
        status: 'NOANSWER_LEG1',
        duration: '{duration}',
        billsec: '',
        recordpath: '{recordpath}',
      }),
    );
    expect(stale.status).toBe(200);
    const blank = await fetch(
      callbackUrl({
        ...base,
        status: 'ANSWER',
        duration: '',
        billsec: '{billsec}',
        recordpath: '',
      }),
    );
    expect(((await blank.json()) as { changed: boolean }).changed).toBe(false);
    const [row] = await ivrRows(tdb);
    expect(row).toMatchObject({
      status: 'ANSWERED',
      kaleyra_status: 'ANSWER',
      duration: 95,
      billsec: 81,
      recording_url: 'https://play.solutionsinfini.com/?id=R1',
    });
  });

  it('answers 401 to a missing or wrong token and writes nothing', async () => {
    const before = await ivrRows(tdb);
    const q = { caller: AGENT, receiver: CUSTOMER, status: 'ANSWER', id: 'k-1' };
    expect((await fetch(callbackUrl(q))).status).toBe(401);
    expect(
      (await fetch(callbackUrl({ ...q, token: 'wrong-token-wrong-token-wrong' }))).status,
    ).toBe(401);
    expect((await fetch(callbackUrl({ ...q, token: TOKEN.slice(0, -1) }))).status).toBe(401);
    expect(await ivrRows(tdb)).toEqual(before);
  });

  it('answers 400 with a message to malformed query strings and writes nothing', async () => {
    const cases: Record<string, string>[] = [
      { token: TOKEN, caller: AGENT, receiver: CUSTOMER },
      { token: TOKEN, status: 'ANSWER' },
      { token: TOKEN, status: '{status}', caller: AGENT },
      { token: TOKEN, status: 'ANSWER', caller: AGENT, ivr_call_id: "1' OR '1'='1" },
    ];
    for (const q of cases) {
      const res = await fetch(callbackUrl(q));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/missing|malformed/);
    }
    const raw = await fetch(
      `${server.url}/webhooks/kaleyra/callback?token=${TOKEN}&status=%E0%A4%A&caller[]=1`,
    );
    expect(raw.status).toBe(400);
    expect(await ivrRows(tdb)).toEqual([]);
  });

  it('answers 405 to other methods on the callback route, and serves the route with a trailing slash', async () => {
    const q = new URLSearchParams({
      token: TOKEN,
      caller: AGENT,
      receiver: CUSTOMER,
      status: 'ANSWER',
      id: 'k-slash',
    });
    for (const method of ['POST', 'HEAD']) {
      const res = await fetch(callbackUrl(Object.fromEntries(q)), { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
    }
    expect(await ivrRows(tdb)).toEqual([]);
    const slash = await fetch(`${server.url}/webhooks/kaleyra/callback/?${q}`);
    expect(slash.status).toBe(200);
    expect(slash.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await slash.json()).toMatchObject({ ok: true, status: 'ANSWERED', changed: true });
  });

  it('creates a row for a callback of a call it did not start, and stores an unknown status raw as FAILED', async () => {
    const res = await fetch(
      callbackUrl({
        token: TOKEN,
        id: 'foreign-1',
        caller: AGENT,
        receiver: CUSTOMER,
        status: 'WEIRD_NEW_STATUS',
        duration: '12',
      }),
    );
    expect(res.status).toBe(200);
    const [row] = await ivrRows(tdb);
    expect(row).toMatchObject({
      kaleyra_call_id: 'foreign-1',
      status: 'FAILED',
      kaleyra_status: 'WEIRD_NEW_STATUS',
      agent_number: AGENT,
      customer_number: CUSTOMER,
      duration: 12,
    });
    expect(logs.text()).toMatch(
      /"kaleyraStatus":"WEIRD_NEW_STATUS".*unknown Kaleyra status in callback/,
    );
  });

  it('rejects bad numbers with BAD_USER_INPUT and writes nothing', async () => {
    const bad = [
      { agentNumber: '12345', customerNumber: CUSTOMER },
      { agentNumber: AGENT, customerNumber: `+91${AGENT}` },
      { agentNumber: AGENT, customerNumber: 'call me' },
    ];
    for (const input of bad) {
      const res = await gql(server.url, ClickToCallDocument, { input });
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/input\.(agentNumber|customerNumber)/);
    }
    const out = await gql(server.url, OutboundCallDocument, {
      input: { customerNumber: CUSTOMER, play: 'http://evil' },
    });
    expect(out.errors![0]!.message).toMatch(/input\.play/);
    expect(await ivrRows(tdb)).toEqual([]);
    expect(sim.requests.filter((r) => r.method !== 'dial')).toEqual([]);
  });

  it("marks the call FAILED and answers UPSTREAM_ERROR with Kaleyra's message (never the key)", async () => {
    const wrongKey = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: {
        kaleyraApiKey: 'AWRONGKEY00000000000000000000000000',
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
      },
    });
    try {
      const res = await gql(wrongKey.url, ClickToCallDocument, {
        input: { agentNumber: AGENT, customerNumber: CUSTOMER },
      });
      expect(res.errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
      expect(res.errors![0]!.message).toMatch(/Invalid API key/);
      expect(res.raw).not.toContain('AWRONGKEY');
      const [row] = await ivrRows(tdb);
      expect(row).toMatchObject({
        status: 'FAILED',
        failure_reason: expect.stringMatching(/Invalid API key/),
      });
    } finally {
      await wrongKey.stop();
    }
  });

  it('marks the call FAILED and answers UPSTREAM_UNAVAILABLE when Kaleyra does not answer in time, as a sync would', async () => {
    // The same failure gets the same code in a call and in a sync (errors/from-kaleyra-error.ts);
    // a timed-out clickToCall used to answer UPSTREAM_ERROR.
    const slow = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: {
        kaleyraApiKey: KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
        kaleyraTimeoutMs: 300,
      },
    });
    sim.setFaults({ timeoutRate: 1 });
    try {
      const res = await gql(slow.url, ClickToCallDocument, {
        input: { agentNumber: AGENT, customerNumber: CUSTOMER },
      });
      expect(res.errors![0]).toMatchObject({
        message:
          'Kaleyra did not start the call: Kaleyra dial.click2call: no response within 300 ms',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', ivrCallId: expect.any(String) },
      });
      const [row] = await ivrRows(tdb);
      expect(row).toMatchObject({
        status: 'FAILED',
        failure_reason: 'Kaleyra dial.click2call: no response within 300 ms',
      });
      // Never retried: a request that timed out may still have dialled.
      expect(sim.requests.filter((r) => r.method === 'dial.click2call')).toHaveLength(1);
    } finally {
      sim.setFaults({ timeoutRate: 0 });
      await slow.stop();
    }
  });

  it('starts an outbound call with numbers, play and campaign', async () => {
    const res = await gql(server.url, OutboundCallDocument, {
      input: { customerNumber: `91${CUSTOMER}`, play: '123.sound', campaign: 'renewals' },
    });
    expect(res.data!.outboundCall).toMatchObject({
      kind: 'outbound',
      customerNumber: CUSTOMER,
      status: 'INITIATED',
    });
    const req = sim.requests.find((r) => r.method === 'voice.call')!;
    expect(req.params).toMatchObject({
      numbers: CUSTOMER,
      play: '123.sound',
      campaign: 'renewals',
    });
    await sim.idle();
    const [row] = await ivrRows(tdb);
    expect(row.status).not.toBe('INITIATED');
  });

  it('completes a call whose callback was lost from the synced call log, and publishes it', async () => {
    // Kaleyra cannot reach us: callbacks go to a closed port.
    const deadPort = await freePort();
    const lost = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: {
        kaleyraApiKey: KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
        kaleyraCallbackUrl: `http://127.0.0.1:${deadPort}/webhooks/kaleyra/callback`,
      },
    });
    const sub = await subscribe(lost.url, CallStatusChangedDocument, {});
    try {
      const res = await gql(lost.url, ClickToCallDocument, {
        input: { agentNumber: AGENT, customerNumber: CUSTOMER },
      });
      await sim.idle();
      expect(sim.callbacksSent.every((c) => c.status === 0)).toBe(true);
      expect((await ivrRows(tdb))[0].status).toBe('INITIATED');

      const today = istDateOf(new Date());
      const sync = await rawGql(
        lost.url,
        'mutation ($d: Date) { syncCallLogs(input: { fromDate: $d, toDate: $d }) { upserted } }',
        { d: today },
      );
      expect(sync.errors).toBeUndefined();
      const leg = (sim.records as Record<string, string>[]).find(
        (r) => r.id === res.data!.clickToCall.kaleyraCallId,
      )!;
      const events = await sub.waitFor(2);
      expect(events[1]!.callStatusChanged).toMatchObject({
        ivrCallId: res.data!.clickToCall.id,
        kaleyraStatus: leg.status,
      });
      const [row] = await ivrRows(tdb);
      expect(row.kaleyra_status).toBe(leg.status);
      expect(row.status).not.toBe('INITIATED');
    } finally {
      await sub.close();
      await lost.stop();
    }
  });

  it('rejects a subscription filter that is not a phone number', async () => {
    const sub = await subscribe(server.url, CallStatusChangedDocument, { agentNumber: 'abc' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(JSON.stringify(sub.errors)).toMatch(/BAD_USER_INPUT/);
    } finally {
      await sub.close();
    }
  });

  it('names the refused subscription argument in the message and in extensions.argument', async () => {
    for (const variables of [{ agentNumber: '12345' }, { customerNumber: 'call me' }]) {
      const sub = await subscribe(server.url, CallStatusChangedDocument, variables);
      try {
        for (let i = 0; i < 100 && sub.errors.length === 0; i++) await sleep(20);
        const [name, raw] = Object.entries(variables)[0]!;
        expect(sub.errors).toEqual([
          [
            expect.objectContaining({
              message: `${name}: "${raw}" is not a 10-digit Indian mobile number`,
              extensions: { code: 'BAD_USER_INPUT', argument: name },
            }),
          ],
        ]);
      } finally {
        await sub.close();
      }
    }
  });

  it('never puts the API key or the callback token in a log line', () => {
    expect(logs.text()).not.toContain(KEY);
    expect(logs.text()).not.toContain(TOKEN);
  });
});

describe('two server processes on one database', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  const procs: Spawned[] = [];
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await sim?.stop();
    await tdb?.drop();
  });

  it('delivers a callback received by one instance to a subscriber of the other, exactly once', async () => {
    tdb = await createTestDatabase();
    sim = await startKaleyraSimulator({ apiKey: KEY });
    const env = (port: number) => ({
      DATABASE_URL: tdb.connectionString,
      PORT: String(port),
      KALEYRA_API_KEY: KEY,
      KALEYRA_BASE_URL: sim.url,
      KALEYRA_CALLBACK_TOKEN: TOKEN,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
    });
    const [portA, portB] = [await freePort(), await freePort()];
    procs.push(spawnBuilt('src/index.js', env(portA)), spawnBuilt('src/index.js', env(portB)));
    await Promise.all(procs.map((p) => p.waitFor(/server listening/)));
    const [a, b] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];

    const sub = await subscribe(
      a,
      CallStatusChangedDocument,
      { customerNumber: CUSTOMER },
      bearer(await signToken('viewer')),
    );
    try {
      const q = new URLSearchParams({
        token: TOKEN,
        id: 'cross-1',
        caller: AGENT,
        receiver: CUSTOMER,
        status: 'ANSWER',
        duration: '30',
        billsec: '25',
      });
      const res = await fetch(`${b}/webhooks/kaleyra/callback?${q}`);
      expect(res.status).toBe(200);
      const [event] = await sub.waitFor(1);
      expect(event!.callStatusChanged).toMatchObject({
        kaleyraCallId: 'cross-1',
        status: 'ANSWERED',
        caller: AGENT,
        receiver: CUSTOMER,
        billsec: 25,
      });
      // A duplicate delivery to A changes nothing and announces nothing.
      expect((await fetch(`${a}/webhooks/kaleyra/callback?${q}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.events).toHaveLength(1);
    } finally {
      await sub.close();
    }
  });
});
