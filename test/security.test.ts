import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import type { AppServer } from '../src/server';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { freePort } from '../src/database/embedded';
import {
  AgentsDocument,
  CallListDocument,
  CallStatusChangedDocument,
  ClickToCallDocument,
  DashboardOverviewDocument,
  OutboundCallDocument,
  SyncTodayDocument,
  UpsertAgentDocument,
} from './generated/graphql';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { spawnBuilt } from './helpers/process';
import { startTestServer } from './helpers/server';
import { subscribe } from './helpers/ws';
import { loadDashboardFixture } from './fixtures/dashboard-legs';

const KEY = 'ASECURITYSENTINELKEY00000000000000';
const TOKEN = 'callback-token-sentinel-000000000000';
const AGENT = '9800000001';
const CUSTOMER = '9800000077';

describe('who may do what', () => {
  let tdb: TestDatabase;
  let sim: KaleyraSimulator;
  let server: AppServer;
  const logs = captureLogs([]);
  let tokens: Record<'viewer' | 'agent' | 'pinned' | 'admin', string>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await loadDashboardFixture(tdb.pool);
    sim = await startKaleyraSimulator({ apiKey: KEY, callbackDelayMs: 20 });
    server = await startTestServer({
      database: tdb.open(),
      logger: logs.logger,
      config: {
        authDisabled: false,
        authJwtSecret: TEST_JWT_SECRET,
        kaleyraApiKey: KEY,
        kaleyraBaseUrl: sim.url,
        kaleyraCallbackToken: TOKEN,
        maskNumbersFor: ['viewer'],
        corsOrigins: ['https://dash.example.test'],
        callRateLimitPerMinute: 1_000,
      },
    });
    tokens = {
      viewer: await signToken('viewer'),
      agent: await signToken('agent', { sub: 'agent-free' }),
      pinned: await signToken('agent', { sub: 'agent-pinned', agentNumber: `+91${AGENT}` }),
      admin: await signToken('admin'),
    };
  });
  afterAll(async () => {
    await server.stop();
    await sim.stop();
    await tdb.drop();
  });

  it('answers UNAUTHENTICATED (401) without a valid, unexpired token with a role', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /Missing Authorization/],
      [{ authorization: 'Basic abc' }, /Bearer/],
      [
        bearer(await signToken('admin', { secret: 'another-secret-another-secret-0000' })),
        /Invalid token/,
      ],
      [
        bearer(await signToken('admin', { expiresIn: Math.floor(Date.now() / 1000) - 60 })),
        /Token expired/,
      ],
      [bearer(await signToken('superuser')), /app_metadata.role/],
      [bearer('a.b.c'), /Invalid token/],
    ];
    for (const [headers, message] of cases) {
      const res = await gql(server.url, AgentsDocument, {}, headers);
      expect(res.status).toBe(401);
      expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(res.errors![0]!.message).toMatch(message);
    }
  });

  it('lets a viewer read but not start calls, sync or manage agents', async () => {
    const h = bearer(tokens.viewer);
    expect((await gql(server.url, DashboardOverviewDocument, {}, h)).errors).toBeUndefined();
    for (const res of [
      await gql(
        server.url,
        ClickToCallDocument,
        { input: { agentNumber: AGENT, customerNumber: CUSTOMER } },
        h,
      ),
      await gql(server.url, SyncTodayDocument, {}, h),
      await gql(server.url, UpsertAgentDocument, { input: { agentNumber: AGENT, name: 'X' } }, h),
      await gql(
        server.url,
        OutboundCallDocument,
        { input: { customerNumber: CUSTOMER, play: '1.sound' } },
        h,
      ),
    ]) {
      expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      // Our authChecker's own refusal (it throws; type-graphql's AuthorizationError never arises).
      expect(res.errors![0]!.message).toMatch(
        /^This needs the (agent|admin)( or \w+)? role; you are viewer$/,
      );
    }
    expect((await tdb.pool.query('SELECT count(*)::int AS n FROM ivr_calls')).rows[0].n).toBe(0);
  });

  it('lets an agent click-to-call, only from their own number when pinned, and not outbound', async () => {
    const free = await gql(
      server.url,
      ClickToCallDocument,
      { input: { agentNumber: '9800000002', customerNumber: CUSTOMER } },
      bearer(tokens.agent),
    );
    expect(free.errors).toBeUndefined();
    const own = await gql(
      server.url,
      ClickToCallDocument,
      { input: { agentNumber: AGENT, customerNumber: CUSTOMER } },
      bearer(tokens.pinned),
    );
    expect(own.errors).toBeUndefined();
    const other = await gql(
      server.url,
      ClickToCallDocument,
      { input: { agentNumber: '9800000002', customerNumber: CUSTOMER } },
      bearer(tokens.pinned),
    );
    expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const obd = await gql(
      server.url,
      OutboundCallDocument,
      { input: { customerNumber: CUSTOMER, play: '1.sound' } },
      bearer(tokens.agent),
    );
    expect(obd.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('lets an admin do everything', async () => {
    const h = bearer(tokens.admin);
    expect(
      (
        await gql(
          server.url,
          UpsertAgentDocument,
          { input: { agentNumber: AGENT, name: 'Asha' } },
          h,
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await gql(
          server.url,
          OutboundCallDocument,
          { input: { customerNumber: CUSTOMER, play: 'ivr:1234' } },
          h,
        )
      ).errors,
    ).toBeUndefined();
    expect((await gql(server.url, SyncTodayDocument, {}, h)).errors).toBeUndefined();
  });

  it('masks customer numbers for viewers (MASK_NUMBERS_FOR=viewer) but not for admins', async () => {
    const vars = {
      range: { preset: 'CUSTOM' as const, startDate: '2026-02-24', endDate: '2026-02-24' },
      filter: { agentNumber: AGENT },
    };
    const asViewer = await gql(server.url, CallListDocument, vars, bearer(tokens.viewer));
    const asAdmin = await gql(server.url, CallListDocument, vars, bearer(tokens.admin));
    const leg = (r: typeof asAdmin, id: string) => r.data!.callList.items.find((i) => i.id === id)!;
    expect(leg(asAdmin, 'L11')).toMatchObject({ callFrom: '9800000015', callTo: AGENT });
    expect(leg(asViewer, 'L11')).toMatchObject({ callFrom: '98XXXXXX15', callTo: AGENT });
    expect(leg(asViewer, 'L06')).toMatchObject({ callFrom: AGENT, callTo: '98XXXXXX22' }); // Click2Call: the customer is callTo
  });

  it('authenticates graphql-ws in connection_init and closes the socket on failure', async () => {
    await expect(subscribe(server.url, CallStatusChangedDocument, {})).rejects.toThrow(
      /socket closed: 4401/,
    );
    const viewer = await subscribe(
      server.url,
      CallStatusChangedDocument,
      { agentNumber: AGENT },
      bearer(tokens.viewer),
    );
    try {
      await gql(
        server.url,
        ClickToCallDocument,
        { input: { agentNumber: AGENT, customerNumber: CUSTOMER } },
        bearer(tokens.admin),
      );
      const [event] = await viewer.waitFor(1);
      expect(event!.callStatusChanged.receiver).toBe('98XXXXXX77');
    } finally {
      await viewer.close();
    }
  });

  it('closes a graphql-ws connection whose token is bad with 4401', async () => {
    const { createClient } = await import('graphql-ws');
    const WebSocket = (await import('ws')).default;
    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url: server.url.replace('http', 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: 'Bearer nope.nope.nope' },
        // The refusal is what this test expects: not worth graphql-ws's console.error.
        onNonLazyError: () => undefined,
        on: { closed: (e) => resolve((e as { code: number }).code) },
      });
      client.subscribe(
        { query: '{ agents { name } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });
    expect(closed).toBe(4401);
  });

  it('refuses over-deep, over-aliased and over-expensive operations before they run, and batches', async () => {
    const h = bearer(tokens.admin);
    const deep = await rawGql(
      server.url,
      '{ dashboardOverview { range { start } agentStats { agentNumber } } a: agents { name } }',
      undefined,
      h,
    );
    expect(deep.errors).toBeUndefined();
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: agents { name }`).join(' ');
    const tooMany = await rawGql(server.url, `{ ${aliases} }`, undefined, h);
    expect(tooMany.errors![0]!.message).toMatch(/Too many aliases/);
    const pages = Array.from(
      { length: 10 },
      (_, i) =>
        `p${i}: callList(limit: 200) { items { id callFrom callTo status billsec startTime } }`,
    ).join(' ');
    const costly = await rawGql(server.url, `{ ${pages} }`, undefined, h);
    expect(costly.errors![0]!.message).toMatch(/too expensive/);
    const tooDeep = await rawGql(
      server.url,
      '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
      undefined,
      h,
    );
    expect(tooDeep.errors![0]!.message).toMatch(/too deep/);
    const frag = 'fragment F on DashboardOverview { range { start } }';
    const nested = await rawGql(server.url, `{ dashboardOverview { ...F } } ${frag}`, undefined, h);
    expect(nested.errors).toBeUndefined();
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h },
      body: JSON.stringify([{ query: '{ agents { name } }' }, { query: '{ agents { name } }' }]),
    });
    expect(batch.status).toBe(400);
  });

  it('sends CORS headers to allowed origins only', async () => {
    const pre = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    expect(
      (await pre('https://dash.example.test')).headers.get('access-control-allow-origin'),
    ).toBe('https://dash.example.test');
    expect(
      (await pre('https://evil.example.test')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('never writes a secret (Kaleyra key, JWT secret, tokens, callback token) to the log', () => {
    const text = logs.text();
    for (const s of [KEY, TEST_JWT_SECRET, TOKEN, ...Object.values(tokens)])
      expect(text).not.toContain(s);
  });
});

describe('call rate limit', () => {
  it('answers RATE_LIMITED past the budget, shared by every instance on the database', async () => {
    const tdb = await createTestDatabase();
    const sim = await startKaleyraSimulator({ apiKey: KEY, callbackDelayMs: 10 });
    const config = {
      authDisabled: false,
      authJwtSecret: TEST_JWT_SECRET,
      kaleyraApiKey: KEY,
      kaleyraBaseUrl: sim.url,
      kaleyraCallbackToken: TOKEN,
      callRateLimitPerMinute: 3,
    };
    const a = await startTestServer({ database: tdb.open(), config });
    const b = await startTestServer({ database: tdb.open(), config });
    try {
      const h = bearer(await signToken('agent', { sub: 'busy-agent' }));
      const input = { agentNumber: AGENT, customerNumber: CUSTOMER };
      const results = [];
      for (const s of [a, b, a, b])
        results.push(await gql(s.url, ClickToCallDocument, { input }, h));
      expect(results.slice(0, 3).every((r) => !r.errors)).toBe(true);
      expect(results[3]!.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
      // Another user has their own budget; bad input costs nothing.
      const other = bearer(await signToken('agent', { sub: 'other-agent' }));
      expect(
        (
          await gql(
            a.url,
            ClickToCallDocument,
            { input: { agentNumber: '1', customerNumber: CUSTOMER } },
            other,
          )
        ).errors![0]!.extensions!.code,
      ).toBe('BAD_USER_INPUT');
      expect((await gql(b.url, ClickToCallDocument, { input }, other)).errors).toBeUndefined();
      await sim.idle();
    } finally {
      await a.stop();
      await b.stop();
      await sim.stop();
      await tdb.drop();
    }
  });
});

describe('asymmetric tokens from AUTH_JWKS_URL', () => {
  it('verifies RS256 tokens against a JWKS endpoint', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = http.createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const tdb = await createTestDatabase();
    const server = await startTestServer({
      database: tdb.open(),
      config: {
        authDisabled: false,
        authJwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
      },
    });
    try {
      const token = await new SignJWT({ app_metadata: { role: 'viewer' } })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('u1')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect((await gql(server.url, AgentsDocument, {}, bearer(token))).errors).toBeUndefined();
      const forged = await signToken('admin', { secret: 'x'.repeat(40) });
      expect((await gql(server.url, AgentsDocument, {}, bearer(forged))).status).toBe(401);
    } finally {
      await server.stop();
      await tdb.drop();
      jwks.close();
    }
  });
});

describe('production settings', () => {
  it('turns off introspection and the landing page in production', async () => {
    const tdb = await createTestDatabase();
    const server = await startTestServer({
      database: tdb.open(),
      config: { nodeEnv: 'production', authDisabled: false, authJwtSecret: TEST_JWT_SECRET },
    });
    try {
      const h = bearer(await signToken('admin'));
      const res = await rawGql(server.url, '{ __schema { types { name } } }', undefined, h);
      expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const landing = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/<html/i);
    } finally {
      await server.stop();
      await tdb.drop();
    }
  });

  it('refuses AUTH_DISABLED=true in production', () => {
    expect(() => loadConfig({ AUTH_DISABLED: 'true', NODE_ENV: 'production' })).toThrow(
      /AUTH_DISABLED=true is refused/,
    );
  });
});

describe('npm start with no environment at all', () => {
  it('serves dashboardOverview on the embedded database and demo simulator, with auth on and a printed admin token', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kcd-demo-'));
    const port = await freePort();
    const proc = spawnBuilt('src/index.js', { DATA_DIR: dataDir, PORT: String(port) });
    try {
      const token = (await proc.waitFor(/Demo admin token[^\n]*\n(\S+)/, 20_000)).split('\n')[1]!;
      await proc.waitFor(/server listening/);
      const url = `http://127.0.0.1:${port}`;
      expect((await rawGql(url, '{ dashboardOverview { callVolume { total } } }')).status).toBe(
        401,
      );
      let total = 0;
      // The demo's background sync fills 30 days; poll until the last 7 are in (bounded at about
      // 45 s; how fast is bench territory, not an assertion here).
      for (let i = 0; i < 200 && total <= 1000; i++) {
        const res = await rawGql<{ dashboardOverview: { callVolume: { total: number } } }>(
          url,
          '{ dashboardOverview(range: { preset: LAST_7_DAYS }) { callVolume { total } } }',
          undefined,
          bearer(token),
        );
        expect(res.errors).toBeUndefined();
        total = res.data!.dashboardOverview.callVolume.total;
        if (total <= 1000) await new Promise((r) => setTimeout(r, 200));
      }
      expect(total).toBeGreaterThan(1000); // the demo's last 7 days, synced from the simulator
      const firstLine = proc
        .output()
        .split('\n')
        .find((l) => l.startsWith('{'))!;
      expect(firstLine).toMatch(/embedded PostgreSQL/);
      expect(proc.output()).toMatch(/demo mode \(no KALEYRA_API_KEY set\)/);
      // The signed-in dashboard link is the last thing printed, and / serves the web app.
      const link = `http://127.0.0.1:${port}/#token=${token}`;
      await proc.waitFor(new RegExp(`/#token=${token.replace(/\./g, '\\.')}`));
      const lines = proc.output().trimEnd().split('\n');
      expect(lines.at(-1)!.trim()).toBe(link);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      expect(await proc.stop('SIGTERM')).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
