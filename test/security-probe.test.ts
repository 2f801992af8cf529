/**
 * Regression tests for the adversarial probe of issue 11, and the graphql-ws items of issue 15:
 * one reproduction per defect and risk, against real servers on loopback (a development and a
 * NODE_ENV=production configuration), over HTTP and graphql-ws where both apply. Every loop is
 * bounded; the timing assertions are ratios against graphql's own rules measured in the same run.
 * Callbacks, request bodies and slow connections: security-probe-http.test.ts.
 */
import { SignJWT } from 'jose';
import { parse, specifiedRules, validate, type ValidationRule } from 'graphql';
import WebSocket from 'ws';
import { isIsoDate } from '../src/domain/ist';
import { validationRules } from '../src/graphql/validation-rules';
import type { AppServer } from '../src/server';
import { startKaleyraSimulator, type KaleyraSimulator } from '../src/simulator/simulator.server';
import { TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import { wsOperation, type WsOutcome } from './helpers/ws';

const KEY = 'APROBESENTINELKEY000000000000000000';
const CALLBACK_TOKEN = 'probe-callback-token-sentinel-0000000';
const AGENT = '9800000001';
const CUSTOMER = '9800000077';
const ALLOWED_ORIGIN = 'https://dash.example.test';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);

/** An HS256 token with any claims: a claim set to null is left out. */
async function token(
  appMetadata: Record<string, unknown>,
  claims: { sub?: string | null; iat?: number | null; exp?: number | null; nbf?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { role: 'authenticated', app_metadata: appMetadata };
  if (claims.sub !== null) payload.sub = claims.sub ?? `probe-${String(appMetadata.role)}`;
  if (claims.iat !== null) payload.iat = claims.iat ?? now;
  if (claims.exp !== null) payload.exp = claims.exp ?? now + 3600;
  if (claims.nbf !== undefined) payload.nbf = claims.nbf;
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
}

const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) =>
  r.errors?.[0]?.extensions?.code;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The promise's value, or a failure after `ms` (keeps every wait bounded). */
const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no ${what} in ${ms} ms`)), ms),
    ),
  ]);
const errorLines = (text: string) => text.split('\n').filter((l) => /"level":50/.test(l));

let tdb: TestDatabase;
let sim: KaleyraSimulator;
let dev: AppServer;
let prod: AppServer;
let strict: AppServer;
const devLogs = captureLogs([KEY, CALLBACK_TOKEN, TEST_JWT_SECRET]);
const prodLogs = captureLogs([KEY, CALLBACK_TOKEN, TEST_JWT_SECRET]);
let admin: string;
let agent: string;
let viewer: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sim = await startKaleyraSimulator({ apiKey: KEY, callbackDelayMs: 20 });
  const base = {
    authDisabled: false,
    authJwtSecret: TEST_JWT_SECRET,
    kaleyraApiKey: KEY,
    kaleyraBaseUrl: sim.url,
    kaleyraCallbackToken: CALLBACK_TOKEN,
    corsOrigins: [ALLOWED_ORIGIN],
    callRateLimitPerMinute: 1_000,
  };
  dev = await startTestServer({
    database: tdb.open(),
    logger: devLogs.logger,
    config: { ...base, nodeEnv: 'development' },
  });
  prod = await startTestServer({
    database: tdb.open(),
    logger: prodLogs.logger,
    config: { ...base, nodeEnv: 'production' },
  });
  strict = await startTestServer({
    database: tdb.open(),
    config: { ...base, wsMaxSocketsPerUser: 2, authMaxTokenAgeSeconds: 3600 },
  });
  admin = await token({ role: 'admin' });
  agent = await token({ role: 'agent' });
  viewer = await token({ role: 'viewer' });
});
afterAll(async () => {
  await Promise.all([dev?.stop(), prod?.stop(), strict?.stop()]);
  await sim?.stop();
  await tdb?.drop();
});

// ---------------------------------------------------------------- defect 1: fragment expansion

const fragments = (count: number, body: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `fragment F${i} on Query { ${body(i)} }`).join('\n');
/** The probe's documents: each expands exponentially if fragments are walked per path. */
const EXPLOSIVE: Record<string, { query: string; refused: RegExp }> = {
  // 22 fragments, each spreading the next twice; the last spreads one that does not exist.
  chainToUnknown: {
    query: `{ ...F0 }\n${fragments(22, (i) => `...F${i + 1} ...F${i + 1}`)}`,
    refused: /Unknown fragment "F22"/,
  },
  // The same chain closing on its first fragment.
  chainToCycle: {
    query: `{ ...F0 }\n${fragments(22, (i) => `...F${(i + 1) % 22} ...F${(i + 1) % 22}`)}`,
    refused: /Cannot spread fragment "F0" within itself/,
  },
  // 11 fragments, each spreading all the others.
  mesh: {
    query: `{ ...F0 }\n${fragments(11, (i) =>
      Array.from({ length: 11 }, (_, j) => j)
        .filter((j) => j !== i)
        .map((j) => `...F${j}`)
        .join(' '),
    )}`,
    refused: /Cannot spread fragment/,
  },
  // A chain that ends in a field: valid fragments, refused for its cost (2^21 fields).
  chainToField: {
    query: `{ ...F0 }\n${fragments(22, (i) => (i < 21 ? `...F${i + 1} ...F${i + 1}` : '__typename'))}`,
    refused: /too expensive/,
  },
};

/**
 * The fastest of `runs` validations of a document with each rule list, interleaved so both see the
 * same machine load. The minimum, not the mean: on a shared machine noise only ever adds time.
 */
function validateTimes(query: string, lists: readonly (readonly ValidationRule[])[], runs: number) {
  const document = parse(query);
  const best = lists.map(() => Infinity);
  for (let i = 0; i < runs; i++) {
    for (const [k, rules] of lists.entries()) {
      const t0 = performance.now();
      validate(dev.schema, document, rules);
      best[k] = Math.min(best[k]!, performance.now() - t0);
    }
  }
  return best;
}

describe('defect 1: fragments that spread each other', () => {
  const ours = [...specifiedRules, ...validationRules({ production: true })];

  it('refuses fragment chains and meshes within a small multiple of the time graphql’s own rules take', () => {
    const ratios: Record<string, number> = {};
    for (const [name, doc] of Object.entries(EXPLOSIVE)) {
      const errors = validate(dev.schema, parse(doc.query), ours).map((e) => e.message);
      expect({ name, refused: errors.some((m) => doc.refused.test(m)) }).toEqual({
        name,
        refused: true,
      });
      // The naive rule took 1,000 times as long as graphql's rules on these documents; linear
      // rules take 1–2 times as long on a quiet machine and up to about 4 on a loaded one (seen
      // in CI-like runs on 2 cores), so 10 separates the two by two orders of magnitude.
      const [standard, withOurs] = validateTimes(doc.query, [specifiedRules, ours], 30);
      ratios[name] = withOurs! / standard!;
    }
    expect(Object.values(ratios).every((r) => r < 10) ? 'all under 10x' : ratios).toBe(
      'all under 10x',
    );
  });

  it('answers /healthz while such documents are refused, over HTTP and graphql-ws', async () => {
    const docs = Object.values(EXPLOSIVE);
    const healthz = async () => {
      const t0 = performance.now();
      const res = await fetch(`${dev.url}/healthz`);
      expect(res.status).toBe(200);
      return performance.now() - t0;
    };
    const alone = median([await healthz(), await healthz(), await healthz()]);
    // What graphql's own rules need for everything sent below, measured now.
    const standard =
      docs.reduce((t, d) => t + validateTimes(d.query, [specifiedRules], 5)[0]!, 0) * 2;

    const viaHttp = docs.map((d) => rawGql(dev.url, d.query, undefined, auth(viewer)));
    const viaWs = docs.map((d) => wsOperation(dev.url, viewer, { query: d.query }));
    const during = await healthz();
    const [http, ws] = await Promise.all([Promise.all(viaHttp), Promise.all(viaWs)]);
    for (const [i, d] of docs.entries()) {
      expect(http[i]!.status).toBe(400);
      expect(http[i]!.errors!.map((e) => e.message).join('\n')).toMatch(d.refused);
      expect(ws[i]!.errors!.map((e) => e.message).join('\n')).toMatch(d.refused);
      expect(ws[i]!.data).toBeUndefined();
    }
    // The naive rule held the event loop for seconds per document; now /healthz waits at most
    // for about what graphql's own rules take (a generous 20x, for HTTP and socket overhead).
    expect(during).toBeLessThan(20 * (standard + alone));
  });
});

// ---------------------------------------------- defects 2 and 7, issue 15: one list of rules

describe('defects 2 and 7: graphql-ws validates as HTTP does', () => {
  const introspection = [
    '{ __schema { mutationType { fields { name } } } }',
    '{ __type(name: "Mutation") { fields { name } } }',
  ];

  it('refuses introspection over graphql-ws in production, as over HTTP', async () => {
    for (const query of introspection) {
      const http = await rawGql(prod.url, query, undefined, auth(admin));
      expect(http.status).toBe(400);
      expect(codeOf(http)).toBe('GRAPHQL_VALIDATION_FAILED');
      const ws = await wsOperation(prod.url, admin, { query });
      expect(ws.data).toBeUndefined();
      expect(codeOf(ws)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(ws)).not.toMatch(/clickToCall|syncCallLogs/);
    }
    // Development keeps it, on both (so the test above can tell).
    const ws = await wsOperation(dev.url, admin, { query: introspection[0]! });
    expect(JSON.stringify(ws.data)).toMatch(/clickToCall/);
  });

  it('answers parse, validation and variable errors over graphql-ws with HTTP’s codes, never logged as errors', async () => {
    const cases: [string, { query: string; variables?: Record<string, unknown> }, string][] = [
      ['syntax error', { query: '{ agents { name ' }, 'GRAPHQL_PARSE_FAILED'],
      ['unknown field', { query: '{ agents { nope } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [
        'wrongly typed variable',
        { query: 'query($l: Int!) { callList(limit: $l) { totalCount } }', variables: { l: 'x' } },
        'BAD_USER_INPUT',
      ],
      [
        'missing variable',
        { query: 'query($l: Int!) { callList(limit: $l) { totalCount } }' },
        'BAD_USER_INPUT',
      ],
      [
        'too many aliases',
        {
          query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: agents { name }`).join(' ')} }`,
        },
        'BAD_USER_INPUT',
      ],
      [
        'bad Date literal',
        {
          query:
            '{ dailyVolume(range: { preset: CUSTOM, startDate: "2026-02-30", endDate: "2026-03-01" }) { date } }',
        },
        'BAD_USER_INPUT',
      ],
    ];
    const before = errorLines(devLogs.text()).length;
    for (const [name, payload, code] of cases) {
      const http = await rawGql(dev.url, payload.query, payload.variables, auth(viewer));
      const ws = await wsOperation(dev.url, viewer, payload);
      expect({ name, http: codeOf(http), ws: codeOf(ws) }).toEqual({ name, http: code, ws: code });
      expect(ws.errors![0]!.message).toBe(http.errors![0]!.message);
    }
    // Subscriptions, which only graphql-ws carries.
    const subscriptions: [{ query: string; variables?: Record<string, unknown> }, string][] = [
      [{ query: 'subscription { callStatusChanged { status ' }, 'GRAPHQL_PARSE_FAILED'],
      [{ query: 'subscription { callStatusChanged { nope } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [
        {
          query: 'subscription($a: String) { callStatusChanged(agentNumber: $a) { status } }',
          variables: { a: { not: 'a string' } },
        },
        'BAD_USER_INPUT',
      ],
      [
        { query: 'subscription A { callStatusChanged { status } }', operationName: 'B' } as never,
        'OPERATION_RESOLUTION_FAILURE',
      ],
    ];
    for (const [payload, code] of subscriptions) {
      const ws = await wsOperation(dev.url, viewer, payload);
      expect({ query: payload.query, code: codeOf(ws) }).toEqual({ query: payload.query, code });
    }
    expect(errorLines(devLogs.text()).slice(before)).toEqual([]);
  });
});

// --------------------------------------------------------------- risk: schema suggestions

describe('risk: schema suggestions', () => {
  const cases: { what: string; query: string; variables?: Record<string, unknown> }[] = [
    { what: 'field', query: '{ agentz { name } }' },
    { what: 'argument', query: '{ agents(activeOnlyy: true) { name } }' },
    { what: 'type', query: 'query($r: DateRangeInputt) { dailyVolume(range: $r) { date } }' },
    { what: 'enum literal', query: '{ dailyVolume(range: { preset: LAST_7_DAY }) { date } }' },
    {
      what: 'enum value in a variable',
      query: 'query($r: DateRangeInput) { dailyVolume(range: $r) { date } }',
      variables: { r: { preset: 'LAST_7_DAY' } },
    },
    {
      what: 'input field in a variable',
      query: 'query($r: DateRangeInput) { dailyVolume(range: $r) { date } }',
      variables: { r: { presett: 'TODAY' } },
    },
  ];

  it('masks "Did you mean" for fields, arguments, types and enum values in production, over HTTP and graphql-ws', async () => {
    for (const c of cases) {
      const http = await rawGql(prod.url, c.query, c.variables, auth(viewer));
      const ws = await wsOperation(prod.url, viewer, c);
      for (const r of [http, ws] as { errors?: { message: string }[] }[]) {
        expect({ what: c.what, errors: r.errors!.length > 0 }).toEqual({
          what: c.what,
          errors: true,
        });
        expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean|LAST_7_DAYS/);
      }
      // Development still helps (which shows the masking is what hides them).
      const helped = await rawGql(dev.url, c.query, c.variables, auth(viewer));
      expect({ what: c.what, message: helped.errors![0]!.message }).toEqual({
        what: c.what,
        message: expect.stringMatching(/Did you mean/) as string,
      });
    }
  });
});

// ----------------------------------------------- defect 6: control characters in GraphQL strings

describe('defect 6: NUL and control characters in GraphQL strings', () => {
  const counts = async () =>
    (
      await tdb.pool.query<{ agents: number; calls: number; hits: number }>(
        `SELECT (SELECT count(*) FROM agents)::int AS agents, (SELECT count(*) FROM ivr_calls)::int AS calls,
                (SELECT coalesce(sum(hits), 0) FROM rate_limits)::int AS hits`,
      )
    ).rows[0]!;

  it('answers BAD_USER_INPUT naming the argument, before any write or rate-limit unit, over HTTP and graphql-ws', async () => {
    const before = await counts();
    const logged = errorLines(devLogs.text()).length;
    const cases: [string, string, Record<string, unknown> | undefined, string][] = [
      [
        viewer,
        '{ callList(filter: { status: "\\u0000" }) { totalCount } }',
        undefined,
        'filter.status',
      ],
      [
        viewer,
        'query($f: CallListFilter) { callList(filter: $f) { totalCount } }',
        { f: { status: 'ANSWER\u0000' } },
        'filter.status',
      ],
      [
        admin,
        'mutation($i: UpsertAgentInput!) { upsertAgent(input: $i) { name } }',
        { i: { agentNumber: AGENT, name: 'Asha\u0000' } },
        'input.name',
      ],
      [
        admin,
        `mutation($n: String!) { upsertAgent(input: { agentNumber: "${AGENT}", name: $n }) { name } }`,
        { n: 'tab\there' },
        'input.name',
      ],
      [
        agent,
        'mutation($i: ClickToCallInput!) { clickToCall(input: $i) { id } }',
        { i: { agentNumber: AGENT, customerNumber: CUSTOMER, agentName: '\u0000' } },
        'input.agentName',
      ],
      [
        agent,
        `mutation { clickToCall(input: { agentNumber: "${AGENT}", customerNumber: "${CUSTOMER}", agentName: "A\\u001b[2J" }) { id } }`,
        undefined,
        'input.agentName',
      ],
    ];
    for (const [t, query, variables, argument] of cases) {
      const http = await rawGql(dev.url, query, variables, auth(t));
      const ws = await wsOperation(dev.url, t, { query, variables });
      for (const r of [http, ws] as WsOutcome[]) {
        expect({ argument, error: r.errors?.[0] }).toEqual({
          argument,
          error: expect.objectContaining({
            message: expect.stringContaining(
              `${argument}: must not contain control characters`,
            ) as string,
            extensions: { code: 'BAD_USER_INPUT', argument },
          }) as object,
        });
      }
      expect(http.status).toBe(400);
    }
    const sub = await wsOperation(dev.url, viewer, {
      query: 'subscription($a: String) { callStatusChanged(agentNumber: $a) { status } }',
      variables: { a: '98\u000000' },
    });
    expect(sub.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'agentNumber' });
    // Nothing written, no call budget spent, nothing logged as an internal error.
    expect(await counts()).toEqual(before);
    expect(errorLines(devLogs.text()).slice(logged)).toEqual([]);
  });
});

// ---------------------------------------------------------------- defect 3: the agent pin

describe('defect 3: an agent pin that is present but not a number', () => {
  const call = (t: string, agentNumber: string) =>
    rawGql(
      dev.url,
      'mutation($i: ClickToCallInput!) { clickToCall(input: $i) { id agentNumber } }',
      { i: { agentNumber, customerNumber: CUSTOMER } },
      auth(t),
    );
  const calls = async () =>
    (await tdb.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ivr_calls')).rows[0]!.n;

  it('refuses every call with FORBIDDEN and says why, over HTTP and graphql-ws', async () => {
    const before = await calls();
    for (const pin of ['not-a-number', '', '   ', '98000', true, {}, [AGENT], 12.5, -9800000001]) {
      const t = await token({ role: 'agent', agent_number: pin });
      for (const number of [AGENT, '9800000002']) {
        const r = await call(t, number);
        expect({ pin, code: codeOf(r) }).toEqual({ pin, code: 'FORBIDDEN' });
        expect(r.errors![0]!.message).toMatch(/app_metadata\.agent_number is not a 10-digit/);
      }
      // The rest of the API still works for them.
      expect(
        (await rawGql(dev.url, '{ agents { name } }', undefined, auth(t))).errors,
      ).toBeUndefined();
    }
    const ws = await wsOperation(dev.url, await token({ role: 'agent', agent_number: 'x' }), {
      query: `mutation { clickToCall(input: { agentNumber: "${AGENT}", customerNumber: "${CUSTOMER}" }) { id } }`,
    });
    expect(codeOf(ws)).toBe('FORBIDDEN');
    expect(await calls()).toBe(before);
  });

  it('takes a JSON integer pin as the same pin as its digits; null is no pin', async () => {
    const numeric = await token({ role: 'agent', agent_number: Number(AGENT) });
    expect((await call(numeric, AGENT)).errors).toBeUndefined();
    expect(codeOf(await call(numeric, '9800000002'))).toBe('FORBIDDEN');
    const prefixed = await token({ role: 'agent', agent_number: 919800000001 });
    expect((await call(prefixed, AGENT)).errors).toBeUndefined();
    const unpinned = await token({ role: 'agent', agent_number: null });
    expect((await call(unpinned, '9800000002')).errors).toBeUndefined();
    await sim.idle();
  });
});

// ---------------------------------------------------------------- risks: tokens

describe('risk: tokens that never expire', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses tokens without exp, issued in the future or not valid yet, allowing 30 s of clock skew, over HTTP and graphql-ws', async () => {
    const refused: [string, string, RegExp][] = [
      ['no exp', await token({ role: 'admin' }, { exp: null }), /no expiry/],
      [
        'iat in an hour',
        await token({ role: 'admin' }, { iat: now() + 3600 }),
        /issued in the future/,
      ],
      ['nbf in an hour', await token({ role: 'admin' }, { nbf: now() + 3600 }), /not valid yet/],
      ['expired a minute ago', await token({ role: 'admin' }, { exp: now() - 60 }), /expired/],
    ];
    for (const [name, t, message] of refused) {
      const http = await rawGql(dev.url, '{ agents { name } }', undefined, auth(t));
      expect({ name, status: http.status, code: codeOf(http) }).toEqual({
        name,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(http.errors![0]!.message).toMatch(message);
      const ws = await wsOperation(dev.url, t, { query: '{ agents { name } }' });
      expect({ name, close: ws.closeCode, reason: ws.closeReason }).toEqual({
        name,
        close: 4401,
        reason: expect.stringMatching(message) as string,
      });
    }
    const skewed = [
      await token({ role: 'admin' }, { iat: now() + 10 }),
      await token({ role: 'admin' }, { nbf: now() + 10 }),
      await token({ role: 'admin' }, { exp: now() - 5 }),
    ];
    for (const t of skewed) {
      expect(
        (await rawGql(dev.url, '{ agents { name } }', undefined, auth(t))).errors,
      ).toBeUndefined();
    }
  });

  it('refuses tokens older than AUTH_MAX_TOKEN_AGE_SECONDS, and tokens without iat then', async () => {
    const old = await token({ role: 'admin' }, { iat: now() - 7200, exp: now() + 3600 });
    const noIat = await token({ role: 'admin' }, { iat: null });
    const fresh = await token({ role: 'admin' }, { iat: now() - 60 });
    for (const [t, message] of [
      [old, 'Token expired'],
      [noIat, 'Token has no iat (a maximum token age is set)'],
    ] as const) {
      const r = await rawGql(strict.url, '{ agents { name } }', undefined, auth(t));
      expect({ status: r.status, message: r.errors![0]!.message }).toEqual({
        status: 401,
        message,
      });
    }
    expect(
      (await rawGql(strict.url, '{ agents { name } }', undefined, auth(fresh))).errors,
    ).toBeUndefined();
    // Without the setting, age alone does not matter.
    expect(
      (await rawGql(dev.url, '{ agents { name } }', undefined, auth(old))).errors,
    ).toBeUndefined();
  });

  it('refuses to start calls for tokens without a subject, which would share one call budget', async () => {
    const anonymous = await token({ role: 'agent' }, { sub: null });
    const before = (await tdb.pool.query('SELECT count(*)::int AS n FROM rate_limits')).rows[0].n;
    const r = await rawGql(
      dev.url,
      `mutation { clickToCall(input: { agentNumber: "${AGENT}", customerNumber: "${CUSTOMER}" }) { id } }`,
      undefined,
      auth(anonymous),
    );
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.errors![0]!.message).toMatch(/subject \(sub\)/);
    expect((await tdb.pool.query('SELECT count(*)::int AS n FROM rate_limits')).rows[0].n).toBe(
      before,
    );
    // Reading is still allowed.
    expect(
      (await rawGql(dev.url, '{ agents { name } }', undefined, auth(anonymous))).errors,
    ).toBeUndefined();
  });
});

// ---------------------------------------------------------------- risk: rate-limit gaps

describe('risk: the call budget across window boundaries', () => {
  const take = async (key: string, limit: number, windowSeconds: number) =>
    (
      await tdb.pool.query<{ ok: boolean }>('SELECT take_rate_limit($1, $2, $3) AS ok', [
        key,
        limit,
        windowSeconds,
      ])
    ).rows[0]!.ok;

  it('never grants more than the budget within any window, across boundaries (sliding, not fixed)', async () => {
    // 5 calls per 2 s, tried every 25 ms for 2.6 s: a fixed window's boundary always falls inside,
    // and the fixed window granted 5 before it and 5 just after (the probe: 20 calls in 4.2 s).
    const grants: { start: number; end: number }[] = [];
    const until = performance.now() + 2_600;
    for (let i = 0; i < 200 && performance.now() < until; i++) {
      const start = performance.now();
      if (await take('probe:sliding', 5, 2)) grants.push({ start, end: performance.now() });
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(grants.length).toBeGreaterThanOrEqual(6);
    // The database recorded grant k+5 at least 2 s after grant k, and each lies within its call.
    const gaps = grants.slice(5).map((g, k) => Math.round(g.end - grants[k]!.start));
    expect(gaps.filter((ms) => ms < 2_000)).toEqual([]);
  });

  it('grants exactly the budget to concurrent takes of one key', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => take('probe:concurrent', 5, 60)),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    // Refused attempts cost nothing: the budget holds exactly the 5 calls granted.
    const { rows } = await tdb.pool.query<{ n: number }>(
      "SELECT sum(hits)::int AS n FROM rate_limits WHERE key = 'probe:concurrent'",
    );
    expect(rows[0]!.n).toBe(5);
  });
});

// ------------------------------------------------------- issue 15: close codes and origins

describe('graphql-ws close codes and origins', () => {
  it('closes with 4401 for a missing, forged or expired token, which graphql-ws clients do not retry', async () => {
    const forged = await new SignJWT({ app_metadata: { role: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const expired = await token({ role: 'admin' }, { exp: Math.floor(Date.now() / 1000) - 120 });
    for (const t of [undefined, forged, expired, 'not-a-jwt']) {
      const ws = await wsOperation(
        dev.url,
        t,
        { query: '{ agents { name } }' },
        { retryAttempts: 3 },
      );
      expect({ t, code: ws.closeCode, attempts: ws.attempts }).toEqual({
        t,
        code: 4401,
        attempts: 1,
      });
    }
  });

  it('caps the sockets one user holds with 4403 and a reason, counting closed ones down', async () => {
    const sub = 'capped-user';
    const t = await token({ role: 'viewer' }, { sub });
    const open = () =>
      within(
        new Promise<{ socket: WebSocket; closed: Promise<[number, string]> }>((resolve, reject) => {
          const socket = new WebSocket(
            `${strict.url.replace('http', 'ws')}/graphql`,
            'graphql-transport-ws',
          );
          const closed = new Promise<[number, string]>((r) =>
            socket.once('close', (code, reason) => r([code, String(reason)])),
          );
          socket.once('error', reject);
          socket.once('open', () =>
            socket.send(JSON.stringify({ type: 'connection_init', payload: auth(t) })),
          );
          socket.once('message', () => resolve({ socket, closed }));
          void closed.then(() => resolve({ socket, closed }));
        }),
        5_000,
        'connection_ack or close',
      );
    const a = await open();
    const b = await open();
    const c = await open();
    expect(await within(c.closed, 5_000, 'close')).toEqual([
      4403,
      'Too many connections: at most 2 per user',
    ]);
    // Another user is not affected; a closed socket frees its place.
    const other = await wsOperation(strict.url, await token({ role: 'viewer' }, { sub: 'other' }), {
      query: '{ agents { name } }',
    });
    expect(other.errors).toBeUndefined();
    a.socket.close();
    await a.closed;
    // The server counts the socket down when its side has closed too: a few tries at most.
    let d = await open();
    for (let i = 0; i < 20 && d.socket.readyState !== WebSocket.OPEN; i++) {
      await new Promise((r) => setTimeout(r, 25));
      d = await open();
    }
    expect(d.socket.readyState).toBe(WebSocket.OPEN);
    for (const s of [b, d]) {
      s.socket.close();
      await s.closed;
    }
  });

  it('refuses upgrades from browser origins outside CORS_ORIGINS; its own origin and non-browser clients connect', async () => {
    const upgrade = (origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(
          `${dev.url.replace('http', 'ws')}/graphql`,
          'graphql-transport-ws',
          origin ? { origin } : {},
        );
        socket.on('error', reject); // a no-op once settled
        socket.once('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        socket.once('open', () => {
          resolve(101);
          socket.close();
        });
      });
    expect(await upgrade('https://evil.example.test')).toBe(403);
    expect(await upgrade('null')).toBe(403);
    expect(await upgrade(ALLOWED_ORIGIN)).toBe(101);
    expect(await upgrade(dev.url)).toBe(101);
    expect(await upgrade()).toBe(101);
    // HTTP's CORS answers the same origins.
    const preflight = await fetch(`${dev.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ------------------------------------------------------------------------- defect 8

describe('defect 8: dates in years 0001–0099, and persisted-query hashes', () => {
  const range = (startDate: string, endDate: string) =>
    rawGql<{
      dashboardOverview: {
        range: { startDate: string; endDate: string };
        callVolume: { total: number };
      };
    }>(
      dev.url,
      'query($s: Date!, $e: Date!) { dashboardOverview(range: { preset: CUSTOM, startDate: $s, endDate: $e }) { range { startDate endDate } callVolume { total } } }',
      { s: startDate, e: endDate },
      auth(viewer),
    );

  it('tells a day before 1970 from one that does not exist, whatever its year (0001–0099 included)', async () => {
    // The calendar itself, which Date.UTC got wrong for years 0–99 (read as 1900–1999).
    expect(['0001-01-01', '0004-02-29', '0099-12-31', '2024-02-29'].map(isIsoDate)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0000-01-01', '0100-02-29', '0050-02-29', '1900-02-29'].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    for (const [s, e] of [
      ['1970-01-01', '1970-01-31'],
      ['2024-02-29', '2024-03-01'],
      ['9999-12-01', '9999-12-31'],
    ] as const) {
      const r = await range(s, e);
      expect({ s, errors: r.errors }).toEqual({ s, errors: undefined });
      expect(r.data!.dashboardOverview.range).toEqual({ startDate: s, endDate: e });
    }
    const refused: [string, RegExp][] = [
      ['0001-01-01', /must be 1970-01-01 or later/],
      ['0004-02-29', /must be 1970-01-01 or later/],
      ['0099-12-31', /must be 1970-01-01 or later/],
      ['1969-12-31', /must be 1970-01-01 or later/],
      ['0050-02-29', /real calendar day/],
      ['0100-02-29', /real calendar day/],
      ['0001-13-01', /real calendar day/],
    ];
    for (const [day, message] of refused) {
      const r = await range(day, '2026-01-01');
      expect({ day, code: codeOf(r), message: r.errors![0]!.message }).toEqual({
        day,
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(message) as string,
      });
      const ws = await wsOperation(dev.url, viewer, {
        query: `{ dailyVolume(range: { preset: CUSTOM, startDate: "${day}", endDate: "2026-01-01" }) { date } }`,
      });
      expect({ day, message: ws.errors![0]!.message }).toEqual({
        day,
        message: expect.stringMatching(message) as string,
      });
    }
  });

  it('answers a persisted-query hash mismatch with BAD_REQUEST, not an internal error', async () => {
    const logged = errorLines(devLogs.text()).length;
    const res = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(viewer) },
      body: JSON.stringify({
        query: '{ agents { name } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(errorLines(devLogs.text()).slice(logged)).toEqual([]);
  });
});

// ------------------------------------------------------- risk: callback token in failureReason

describe('risk: the callback token in failureReason', () => {
  it('scrubs it before storing when Kaleyra’s error quotes the callback URL', async () => {
    sim.setFaults({ refuseCallbackUrl: true });
    try {
      const r = await rawGql<{ clickToCall: { id: string } }>(
        dev.url,
        `mutation { clickToCall(input: { agentNumber: "${AGENT}", customerNumber: "${CUSTOMER}" }) { id } }`,
        undefined,
        auth(admin),
      );
      expect(codeOf(r)).toBe('UPSTREAM_ERROR');
      expect(r.errors![0]!.message).toMatch(/Invalid callback URL/);
      const id = (r.errors![0]!.extensions as { ivrCallId: string }).ivrCallId;
      const { rows } = await tdb.pool.query<{ failure_reason: string }>(
        'SELECT failure_reason FROM ivr_calls WHERE id = $1',
        [id],
      );
      expect(rows[0]!.failure_reason).toMatch(/Invalid callback URL: .*\[REDACTED\]/);
      const served = await rawGql(
        dev.url,
        `{ ivrCall(id: "${id}") { failureReason } }`,
        undefined,
        auth(viewer),
      );
      expect(JSON.stringify(served)).toMatch(/REDACTED/);
      for (const text of [rows[0]!.failure_reason, served.raw, r.raw, devLogs.text()])
        expect(text).not.toContain(CALLBACK_TOKEN);
    } finally {
      sim.setFaults({ refuseCallbackUrl: false });
    }
  });
});
