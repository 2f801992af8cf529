/**
 * The supabase-js adapter against a stubbed fetch. PostgREST (the HTTP layer of Supabase) cannot
 * run on the machines this project is built and tested on, so the stub stands in for it: it
 * asserts the exact requests supabase-js sends (paths, function and argument names, headers) and
 * answers RPCs by running the very same SQL function on the real test Postgres, so the adapter's
 * results can be compared with the pg adapter's on the same fixture.
 */
import { PgStore } from '../src/datasources/database/pg.store';
import { SupabaseJsStore } from '../src/datasources/database/supabase-js.store';
import { readMigrations } from '../src/database/migrator';
import { daysRange } from '../src/domain/date-range';
import { SYNC_LEASE_SECONDS } from '../src/datasources/database/sync-lease';
import { AppError } from '../src/errors/app-error';
import { ErrorCode } from '../src/errors/error-code';
import { OutboxFeed } from '../src/subscriptions/outbox.feed';
import { createAppPubSub } from '../src/subscriptions/pubsub';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { collectEvents } from './helpers/events';
import { captureLogs } from './helpers/logs';
import { A1, DAY_24, DAYS_22_24, loadDashboardFixture } from './fixtures/dashboard-legs';
import {
  BREAKDOWN,
  CALLERS,
  EPISODES,
  expectedHeatmap,
  insertRecoveryLegs,
  ist,
  IVR_P5,
  LEGS as RECOVERY_LEGS,
  RANGE as RECOVERY_RANGE,
} from './fixtures/recovery';

const URL_BASE = 'http://127.0.0.1:54321';
const KEY = 'fake-service-role-key-for-tests-only';

interface Seen {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body?: unknown;
}

const RPC_ARGS: Record<string, string[]> = {
  get_kaleyra_call_volume: ['p_start', 'p_end'],
  get_kaleyra_agent_stats: ['p_start', 'p_end'],
  get_kaleyra_daily_volume: ['p_start', 'p_end'],
  get_kaleyra_status_breakdown: ['p_start', 'p_end'],
  get_kaleyra_call_list: [
    'p_start',
    'p_end',
    'p_service',
    'p_agent',
    'p_status',
    'p_limit',
    'p_offset',
  ],
  get_kaleyra_call_count: ['p_start', 'p_end', 'p_service', 'p_agent', 'p_status'],
  get_customer_calls: [
    'p_start',
    'p_end',
    'p_outcome',
    'p_caller',
    'p_answered_by',
    'p_limit',
    'p_offset',
  ],
  get_customer_call_count: ['p_start', 'p_end', 'p_outcome', 'p_caller', 'p_answered_by'],
  get_customer_call_legs: ['p_ids'],
  get_customer_service_level: ['p_start', 'p_end', 'p_answer_within', 'p_short_abandon'],
  get_customer_call_daily: ['p_start', 'p_end'],
  get_missed_callers: ['p_start', 'p_end', 'p_state', 'p_limit', 'p_offset'],
  get_missed_caller_count: ['p_start', 'p_end', 'p_state'],
  get_recovery_summary: ['p_start', 'p_end', 'p_within_hours'],
  get_call_heatmap: ['p_start', 'p_end'],
  get_call_breakdown: ['p_start', 'p_end', 'p_by'],
  get_caller_summary: ['p_start', 'p_end'],
  upsert_kaleyra_call_logs: ['p_rows'],
  create_ivr_call: ['p_kind', 'p_customer_number', 'p_agent_number', 'p_agent_name'],
  settle_ivr_call_start: ['p_id', 'p_kaleyra_call_id', 'p_failure_reason'],
  apply_kaleyra_callbacks: ['p_callbacks'],
  try_acquire_sync_lease: ['p_name', 'p_holder', 'p_ttl_seconds'],
  release_sync_lease: ['p_name', 'p_holder'],
  take_rate_limit: ['p_key', 'p_limit', 'p_window_seconds'],
  get_or_create_secret: ['p_name', 'p_candidate'],
  call_status_outbox_head: [],
  read_call_status_outbox: ['p_after', 'p_upto', 'p_after_id', 'p_limit'],
  prune_call_status_outbox: ['p_keep_seconds', 'p_limit'],
};
// Functions that return one value: PostgREST answers the bare value, not a row.
const SCALAR = new Set([
  'get_kaleyra_call_count',
  'get_customer_call_count',
  'get_missed_caller_count',
  'create_ivr_call',
  'settle_ivr_call_start',
  'apply_kaleyra_callbacks',
  'try_acquire_sync_lease',
  'release_sync_lease',
  'take_rate_limit',
  'get_or_create_secret',
  'call_status_outbox_head',
  'read_call_status_outbox',
  'prune_call_status_outbox',
]);

describe('SupabaseJsStore (stubbed PostgREST, real SQL)', () => {
  let tdb: TestDatabase;
  let pgDs: PgStore;
  let seen: Seen[];
  let tableAnswer: (req: Seen) => Response | Promise<Response>;
  /** PostgREST's answer when Postgres rolled the call back: 500 with the SQLSTATE as code. */
  let rpcFailures: Record<string, { code: string; message: string }[]>;

  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const s: Seen = {
      method: req.method,
      path: url.pathname,
      search: url.search,
      headers: Object.fromEntries(req.headers),
      body,
    };
    seen.push(s);
    const rpc = /^\/rest\/v1\/rpc\/(\w+)$/.exec(url.pathname);
    if (rpc) {
      const fn = rpc[1]!;
      const names = RPC_ARGS[fn];
      if (!names)
        return new Response(JSON.stringify({ code: 'PGRST202', message: `no function ${fn}` }), {
          status: 404,
        });
      const failure = rpcFailures[fn]?.shift();
      if (failure) return Response.json({ ...failure, details: null, hint: null }, { status: 500 });
      // PostgREST calls functions with named arguments; so do we.
      const keys = Object.keys(body ?? {});
      expect(keys.every((k) => names.includes(k))).toBe(true);
      const sql = `SELECT * FROM ${fn}(${keys.map((k, i) => `${k} => $${i + 1}`).join(', ')})`;
      // PostgREST turns a JSON array of scalars into a Postgres array, anything else into json.
      const values = keys.map((k) =>
        body[k] !== null &&
        typeof body[k] === 'object' &&
        !(Array.isArray(body[k]) && body[k].every((v: unknown) => typeof v !== 'object'))
          ? JSON.stringify(body[k])
          : body[k],
      );
      const { rows } = await tdb.pool.query(sql, values);
      const payload = SCALAR.has(fn) ? (rows[0]?.[fn] ?? null) : rows;
      return new Response(JSON.stringify(payload), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return tableAnswer(s);
  }) as typeof fetch;

  const logs = captureLogs([KEY]);
  const ds = () =>
    new SupabaseJsStore({
      url: URL_BASE,
      serviceRoleKey: KEY,
      logger: logs.logger,
      fetch: fakeFetch,
    });

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await loadDashboardFixture(tdb.pool);
    pgDs = new PgStore(tdb.pool, readMigrations());
  });
  afterAll(() => tdb.drop());
  beforeEach(() => {
    seen = [];
    rpcFailures = {};
    tableAnswer = () =>
      new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
  });

  it('calls the four dashboard functions by name with p_start/p_end and the service-role key', async () => {
    const range = daysRange('2026-02-24', '2026-02-24');
    const sb = ds();
    expect(await sb.callVolume(range)).toEqual(DAY_24.callVolume);
    expect(await sb.agentStats(range)).toEqual(DAY_24.agentStats);
    expect(await sb.dailyVolume(range)).toEqual(DAY_24.dailyVolume);
    expect(await sb.statusBreakdown(range)).toEqual(DAY_24.statusBreakdown);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /rest/v1/rpc/get_kaleyra_call_volume',
      'POST /rest/v1/rpc/get_kaleyra_agent_stats',
      'POST /rest/v1/rpc/get_kaleyra_daily_volume',
      'POST /rest/v1/rpc/get_kaleyra_status_breakdown',
    ]);
    for (const s of seen) {
      expect(s.body).toEqual({
        p_start: '2026-02-23T18:30:00.000Z',
        p_end: '2026-02-24T18:30:00.000Z',
      });
      expect(s.headers).toMatchObject({
        apikey: KEY,
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'content-profile': 'public',
      });
    }
  });

  it('pages the call list through the same SQL as the pg adapter', async () => {
    const range = daysRange('2026-02-22', '2026-02-24');
    const filter = { service: 'CallForward', agentNumber: A1, status: 'ANSWER' };
    const sb = ds();
    const viaRest = await sb.callList(range, filter, 2, 0);
    expect(viaRest).toEqual(await pgDs.callList(range, filter, 2, 0));
    expect(viaRest.map((r) => r.id)).toEqual(['L11', 'L02']);
    expect(viaRest[0]!.startTime).toEqual(new Date('2026-02-24T18:29:59Z'));
    expect(await sb.callCount(range, {})).toBe(DAYS_22_24.newestFirst.length);
    expect(seen[0]!.body).toEqual({
      p_start: range.start.toISOString(),
      p_end: range.end.toISOString(),
      p_service: 'CallForward',
      p_agent: A1,
      p_status: 'ANSWER',
      p_limit: 2,
      p_offset: 0,
    });
    expect(seen[1]).toMatchObject({
      path: '/rest/v1/rpc/get_kaleyra_call_count',
      body: { p_service: null, p_agent: null, p_status: null },
    });
  });

  it('reads customer calls, their legs and the service level through the same SQL as the pg adapter', async () => {
    const range = daysRange('2026-02-22', '2026-02-24');
    const sb = ds();
    for (const filter of [
      {},
      { outcome: 'NO_ANSWER' as const },
      { customerNumber: '9800000012' },
    ]) {
      expect(await sb.customerCalls(range, filter, 3, 1)).toEqual(
        await pgDs.customerCalls(range, filter, 3, 1),
      );
      expect(await sb.customerCallCount(range, filter)).toBe(
        await pgDs.customerCallCount(range, filter),
      );
    }
    // L03's call (no parent_ids in this fixture: L04 and L05 are inferred for it) and L07's.
    const legs = await sb.customerCallLegs(['L03', 'L07']);
    expect(legs).toEqual(await pgDs.customerCallLegs(['L03', 'L07']));
    expect(legs.map((l) => [l.callId, l.leg.id])).toEqual([
      ['L03', 'L03'],
      ['L03', 'L04'],
      ['L03', 'L05'],
      ['L07', 'L07'],
      ['L07', 'L08'],
    ]);
    const sl = await sb.serviceLevel(range, 20, 5);
    expect(sl).toEqual(await pgDs.serviceLevel(range, 20, 5));
    expect(sl).toMatchObject({ offered: 4, answered: 2 }); // L01, L03, L07, L10; L02 and L08 answered
    const byDay = await sb.customerCallsByDay(range);
    expect(byDay).toEqual(await pgDs.customerCallsByDay(range));
    expect(byDay.map((d) => d.date)).toEqual(['2026-02-22', '2026-02-23', '2026-02-24']);
    expect(byDay.reduce((n, d) => n + d.offered, 0)).toBe(4);
    expect(byDay.reduce((n, d) => n + d.answered, 0)).toBe(2);
    expect(seen.find((s) => s.path.endsWith('/get_customer_call_daily'))!.body).toEqual({
      p_start: range.start.toISOString(),
      p_end: range.end.toISOString(),
    });
    expect(seen.map((s) => s.path)).toContain('/rest/v1/rpc/get_customer_call_legs');
    expect(seen.find((s) => s.path.endsWith('/get_customer_call_legs'))!.body).toEqual({
      p_ids: ['L03', 'L07'],
    });
    expect(seen.find((s) => s.path.endsWith('/get_customer_service_level'))!.body).toEqual({
      p_start: range.start.toISOString(),
      p_end: range.end.toISOString(),
      p_answer_within: 20,
      p_short_abandon: 5,
    });
    expect(seen.filter((s) => s.path.endsWith('/get_customer_calls'))[1]!.body).toMatchObject({
      p_outcome: 'NO_ANSWER',
      p_caller: null,
      p_answered_by: null,
      p_limit: 3,
      p_offset: 1,
    });

    // customerCall(id) reads the table through the REST API: one GET, filtered by id.
    tableAnswer = (req) => {
      const id = /id=eq\.(\w+)/.exec(req.search)?.[1];
      return Response.json(
        id === 'L03'
          ? [
              {
                id: 'L03',
                customer_number: '9800000012',
                did: '8000000100',
                start_time: '2026-02-23T18:30:00+00:00',
                end_time: '2026-02-23T18:31:00+00:00',
                duration: 60,
                location: 'BIHAR',
                provider: 'JIO',
                outcome: 'NO_ANSWER',
                answer_leg_id: null,
                answered_by: null,
                answered_at: null,
                seconds_to_answer: null,
                talk_seconds: null,
                agents_tried: 2,
              },
            ]
          : [],
      );
    };
    seen = [];
    expect(await sb.customerCallById('L03')).toEqual(await pgDs.customerCallById('L03'));
    expect(await sb.customerCallById('nope')).toBeNull();
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/rest/v1/customer_calls' });
    expect(seen[0]!.search).toContain('id=eq.L03');
  });

  it('loads agents in one GET with an in() filter and upserts on agent_number', async () => {
    tableAnswer = (req) => {
      if (req.method === 'GET') {
        return Response.json([
          {
            agent_number: A1,
            name: 'Asha',
            active: true,
            created_at: '2026-02-01T00:00:00+00:00',
            updated_at: '2026-02-01T00:00:00+00:00',
          },
        ]);
      }
      return Response.json({
        agent_number: A1,
        name: 'Asha K',
        active: true,
        created_at: '2026-02-01T00:00:00+00:00',
        updated_at: '2026-02-02T00:00:00+00:00',
      });
    };
    const sb = ds();
    const agents = await sb.agentsByNumbers([A1, '9800000002']);
    expect(agents).toEqual([
      {
        agentNumber: A1,
        name: 'Asha',
        active: true,
        createdAt: new Date('2026-02-01T00:00:00Z'),
        updatedAt: new Date('2026-02-01T00:00:00Z'),
      },
    ]);
    expect(seen[0]).toMatchObject({
      method: 'GET',
      path: '/rest/v1/agents',
      headers: { apikey: KEY, 'accept-profile': 'public' },
    });
    expect(new URLSearchParams(seen[0]!.search).get('agent_number')).toBe(`in.(${A1},9800000002)`);

    const up = await sb.upsertAgent({ agentNumber: A1, name: 'Asha K', active: true });
    expect(up.name).toBe('Asha K');
    expect(seen[1]).toMatchObject({
      method: 'POST',
      path: '/rest/v1/agents',
      headers: { prefer: 'resolution=merge-duplicates, return=representation' },
      body: { agent_number: A1, name: 'Asha K', active: true },
    });
    expect(new URLSearchParams(seen[1]!.search).get('on_conflict')).toBe('agent_number');
  });

  it('turns PostgREST connection errors into DATABASE_UNAVAILABLE and keeps other errors whole', async () => {
    tableAnswer = () =>
      Response.json(
        { code: 'PGRST001', message: 'Database client error', details: null, hint: null },
        { status: 503, headers: { 'retry-after': '0' } },
      );
    await expect(ds().agentsByNumbers([A1])).rejects.toMatchObject({
      code: ErrorCode.DATABASE_UNAVAILABLE,
    });
    tableAnswer = () =>
      Response.json(
        {
          code: '42501',
          message: 'permission denied for table agents',
          details: null,
          hint: 'grant it',
        },
        { status: 403 },
      );
    const err = await ds()
      .agentsByNumbers([A1])
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(AppError);
    expect(err).toMatchObject({ postgrest: { code: '42501', hint: 'grant it' } });
    const down = new SupabaseJsStore({
      url: URL_BASE,
      serviceRoleKey: KEY,
      logger: logs.logger,
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    await expect(down.callVolume(daysRange('2026-02-24', '2026-02-24'))).rejects.toMatchObject({
      code: ErrorCode.DATABASE_UNAVAILABLE,
    });
    expect(await down.readiness()).toEqual({ ok: false, detail: 'supabase unreachable' });
  });

  it('sends an upsert page again when Postgres made it a deadlock victim, and only then', async () => {
    const leg = {
      id: 'SBR1',
      uniqid: null,
      callfrom: '9800000011',
      callto: A1,
      startTime: new Date('2026-02-20T07:00:00Z'),
      endTime: null,
      duration: 30,
      billsec: 20,
      status: 'ANSWER',
      location: null,
      provider: null,
      service: 'CallForward',
      callerId: null,
      recording: null,
      parentId: null,
    };
    rpcFailures.upsert_kaleyra_call_logs = [{ code: '40P01', message: 'deadlock detected' }];
    expect(await ds().upsertCallLogs([leg])).toEqual({ inserted: 1, updated: 0 });
    expect(seen.map((s) => s.path)).toEqual([
      '/rest/v1/rpc/upsert_kaleyra_call_logs',
      '/rest/v1/rpc/upsert_kaleyra_call_logs',
    ]);
    expect(seen[1]!.body).toEqual(seen[0]!.body);

    seen = [];
    rpcFailures.upsert_kaleyra_call_logs = [
      { code: '23502', message: 'null value in column "service"' },
    ];
    await expect(ds().upsertCallLogs([{ ...leg, status: 'BUSY' }])).rejects.toMatchObject({
      postgrest: { code: '23502' },
    });
    expect(seen).toHaveLength(1);
  });

  it('writes through the same RPCs: upsert, ivr calls and callbacks, leases, rate limits, shared secrets', async () => {
    const sb = ds();
    const rec = {
      id: 'SB1',
      uniqid: null,
      callfrom: '9800000011',
      callto: A1,
      startTime: new Date('2026-02-20T06:00:00Z'),
      endTime: null,
      duration: 30,
      billsec: 20,
      status: 'ANSWER',
      location: null,
      provider: null,
      service: 'CallForward',
      callerId: null,
      recording: null,
      parentId: 'SB0',
    };
    expect(await sb.upsertCallLogs([rec])).toEqual({ inserted: 1, updated: 0 });
    expect(await sb.upsertCallLogs([rec])).toEqual({ inserted: 0, updated: 0 });
    expect(
      (await tdb.pool.query(`SELECT parent_id FROM kaleyra_call_logs WHERE id = 'SB1'`)).rows,
    ).toEqual([{ parent_id: 'SB0' }]);
    // A changed parent_id is a change (a forced re-sync fills in what older syncs did not store).
    expect(await sb.upsertCallLogs([{ ...rec, parentId: 'SB9' }])).toEqual({
      inserted: 0,
      updated: 1,
    });
    expect(await sb.upsertCallLogs([rec])).toEqual({ inserted: 0, updated: 1 });
    expect(seen[0]).toMatchObject({
      path: '/rest/v1/rpc/upsert_kaleyra_call_logs',
      body: {
        p_rows: [
          expect.objectContaining({
            id: 'SB1',
            start_time: '2026-02-20T06:00:00.000Z',
            parent_id: 'SB0',
          }),
        ],
      },
    });

    const created = await sb.createIvrCall({
      kind: 'click2call',
      customerNumber: '9800000077',
      agentNumber: A1,
      agentName: 'Asha',
    });
    expect(created.call).toMatchObject({ status: 'INITIATED', agentNumber: A1 });
    expect(created.event).toMatchObject({
      status: 'INITIATED',
      caller: A1,
      receiver: '9800000077',
    });
    const settled = await sb.settleIvrCallStart(created.call.id, { kaleyraCallId: 'K-SB-1' });
    expect(settled.call.kaleyraCallId).toBe('K-SB-1');
    const update = {
      ivrCallId: null,
      kaleyraCallId: 'K-SB-1',
      caller: A1,
      receiver: '9800000077',
      status: 'ANSWERED' as const,
      kaleyraStatus: 'ANSWER',
      duration: 40,
      billsec: 33,
      recordingUrl: null,
      startTime: new Date('2026-02-20T06:00:00Z'),
      endTime: null,
      receivedAt: new Date(),
    };
    const [first] = await sb.applyCallbacks([update]);
    expect(first).toMatchObject({
      ok: true,
      write: {
        changed: true,
        call: { id: created.call.id, status: 'ANSWERED', billsec: 33 },
        event: { status: 'ANSWERED' },
      },
    });
    expect(seen.at(-1)).toMatchObject({
      path: '/rest/v1/rpc/apply_kaleyra_callbacks',
      body: {
        p_callbacks: [
          {
            kaleyraCallId: 'K-SB-1',
            status: 'ANSWERED',
            billsec: 33,
            startTime: '2026-02-20T06:00:00.000Z',
            receivedAt: expect.any(String),
          },
        ],
      },
    });
    // A duplicate changes nothing; a callback the database refuses is reported in its own slot.
    const [dup, bad] = await sb.applyCallbacks([
      update,
      { ...update, kaleyraCallId: 'K-SB-2', ivrCallId: null, receiver: null, caller: null },
    ]);
    expect(dup).toMatchObject({ ok: true, write: { changed: false } });
    expect(bad).toMatchObject({ ok: false, code: '23502', retryable: false });
    if (!first?.ok) throw new Error('unreachable');
    const applied = first.write;
    tableAnswer = (req) => {
      expect(req).toMatchObject({
        method: 'GET',
        path: '/rest/v1/ivr_calls',
        headers: { apikey: KEY },
      });
      expect(new URLSearchParams(req.search).get('id')).toBe(`eq.${created.call.id}`);
      return Response.json([
        {
          ...applied.call,
          id: created.call.id,
          status: 'ANSWERED',
          kind: 'click2call',
          customer_number: '9800000077',
          created_at: '2026-02-20T06:00:00+00:00',
          updated_at: '2026-02-20T06:00:00+00:00',
        },
      ]);
    };
    expect(await sb.ivrCallById(created.call.id)).toMatchObject({
      id: created.call.id,
      status: 'ANSWERED',
      customerNumber: '9800000077',
    });

    expect(await sb.takeRateLimit('calls:sb', 1, 60)).toBe(true);
    expect(await sb.takeRateLimit('calls:sb', 1, 60)).toBe(false);
    expect(await sb.sharedSecret('sb-secret', 'first-candidate')).toBe('first-candidate');
    expect(await sb.sharedSecret('sb-secret', 'second-candidate')).toBe('first-candidate');

    // The sync lease: a second holder is refused while the first runs.
    const other = ds();
    const outcome = await sb.withSyncLock(async () =>
      other.withSyncLock(async () => 'ran').catch((e: { code?: string }) => e.code),
    );
    expect(outcome).toBe('SYNC_IN_PROGRESS');
    expect(await other.withSyncLock(async () => 'ran')).toBe('ran');
  });

  it('gives every instance the events through the outbox RPCs (no LISTEN), each exactly once', async () => {
    // Two feeds over two supabase-js clients: two instances behind a load balancer.
    const instances = await Promise.all(
      [0, 1].map(async () => {
        const pubSub = createAppPubSub();
        const { got, stop } = collectEvents(pubSub);
        const { logger, text } = captureLogs([], 'info');
        const feed = await OutboxFeed.start({
          db: ds(),
          pubSub,
          logger,
          transport: 'auto',
          timing: { pollMs: 20, pageSize: 2 },
        });
        return { feed, got, stop, text };
      }),
    );
    try {
      for (const i of instances) {
        expect(i.feed.mode).toBe('poll');
        expect(i.text()).toMatch(
          /events: outbox polled every 20 ms \(supabase-js: PostgREST has no LISTEN\)/,
        );
      }
      const sb = ds();
      const update = (n: number) => ({
        ivrCallId: null,
        kaleyraCallId: `K-OUTBOX-${n}`,
        caller: '9800000001',
        receiver: '9800000077',
        status: 'ANSWERED' as const,
        kaleyraStatus: 'ANSWER',
        duration: 30,
        billsec: 25,
        recordingUrl: null,
        startTime: null,
        endTime: null,
        receivedAt: new Date('2026-02-20T06:00:00Z'),
      });
      await sb.applyCallbacks([update(1), update(2), update(3)]);
      await sb.applyCallbacks([update(1)]); // a duplicate: no change, no event
      await sb.applyCallbacks([update(4), update(5)]);
      for (const i of instances)
        for (let k = 0; k < 250 && i.got.length < 5; k++)
          await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      for (const i of instances)
        expect(i.got.map((e) => e.kaleyraCallId)).toEqual(
          [1, 2, 3, 4, 5].map((n) => `K-OUTBOX-${n}`),
        );
      expect(seen.some((r) => r.path === '/rest/v1/rpc/read_call_status_outbox')).toBe(true);
    } finally {
      for (const i of instances) {
        await i.feed.stop();
        await i.stop();
      }
    }
  });

  it('keeps the sync lease alive past its lifetime while the sync runs, and frees it after', async () => {
    const short = () =>
      new SupabaseJsStore({
        url: URL_BASE,
        serviceRoleKey: KEY,
        logger: logs.logger,
        fetch: fakeFetch,
        syncLeaseSeconds: 1,
      });
    const other = short();
    const during: unknown[] = [];
    await short().withSyncLock(async () => {
      for (const wait of [600, 900]) {
        await new Promise((r) => setTimeout(r, wait));
        during.push(await other.withSyncLock(async () => 'ran').catch((e: AppError) => e.code));
      }
    });
    // 1.5 s into a 1 s lease, it is still held: the heartbeat renewed it.
    expect(during).toEqual(['SYNC_IN_PROGRESS', 'SYNC_IN_PROGRESS']);
    expect(await other.withSyncLock(async () => 'ran')).toBe('ran');
  });

  it("logs a sync lease it could not release, keeps the sync's own outcome, and the lease holds until it expires", async () => {
    const sb = ds();
    rpcFailures.release_sync_lease = [
      { code: '57014', message: 'canceling statement due to statement timeout' },
    ];
    expect(await sb.withSyncLock(async () => 'synced')).toBe('synced');
    const line = logs.lines.find((l) => l.includes('could not release the sync lease'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 50,
      postgrest: { code: '57014', message: 'canceling statement due to statement timeout' },
      msg: `could not release the sync lease: other syncs are refused until it expires (${SYNC_LEASE_SECONDS} s)`,
    });
    // The cost of a failed release, which the log line names: the lease stays until its TTL.
    await expect(ds().withSyncLock(async () => 'ran')).rejects.toMatchObject({
      code: 'SYNC_IN_PROGRESS',
    });
    // fn's own error is what the caller sees, whatever the release did.
    await tdb.pool.query("DELETE FROM sync_leases WHERE name = 'call_log_sync'");
    rpcFailures.release_sync_lease = [{ code: '57014', message: 'statement timeout' }];
    await expect(
      sb.withSyncLock(async () => {
        throw new Error('the sync failed');
      }),
    ).rejects.toThrow('the sync failed');
    await tdb.pool.query("DELETE FROM sync_leases WHERE name = 'call_log_sync'");
    expect(logs.text()).not.toContain(KEY);
  });

  it('reads calls by a batch of ids in one GET with an in() filter, and the last sync with order + limit', async () => {
    // The stub answers these table reads by running the equivalent SQL on the real test database,
    // so the adapter's mapping is compared with the pg adapter's on the same rows.
    await tdb.pool.query(
      `INSERT INTO kaleyra_sync_days (day, completed_at, fetched, upserted, skipped)
       VALUES ('2026-02-22', '2026-02-25T01:00:00Z', 1, 1, 0), ('2026-02-23', '2026-02-25T02:00:00Z', 1, 1, 0)`,
    );
    const created = await pgDs.createIvrCall({
      kind: 'click2call',
      customerNumber: '9800000066',
      agentNumber: A1,
      agentName: 'Asha',
    });
    tableAnswer = (req) => {
      const q = new URLSearchParams(req.search);
      if (req.path === '/rest/v1/ivr_calls') {
        expect(q.get('select')).toBe('*');
        const ids = /^in\.\((.*)\)$/.exec(q.get('id') ?? '')![1]!.split(',');
        return json(tdb.pool.query('SELECT * FROM ivr_calls WHERE id = ANY($1::uuid[])', [ids]));
      }
      expect(req.path).toBe('/rest/v1/kaleyra_sync_days');
      expect(Object.fromEntries(q)).toEqual({
        select: 'day,completed_at',
        order: 'completed_at.desc,day.desc',
        limit: '1',
      });
      return json(
        tdb.pool.query(
          `SELECT day::text AS day, to_json(completed_at) #>> '{}' AS completed_at
           FROM kaleyra_sync_days ORDER BY completed_at DESC, day DESC LIMIT 1`,
        ),
      );
    };
    const json = async (result: Promise<{ rows: unknown[] }>) =>
      Response.json(JSON.parse(JSON.stringify((await result).rows)));
    const sb = ds();
    const missing = '00000000-0000-4000-8000-000000000000';
    const calls = await sb.ivrCallsByIds([created.call.id, missing]);
    expect(calls).toEqual(await pgDs.ivrCallsByIds([created.call.id, missing]));
    expect(calls.map((c) => c.id)).toEqual([created.call.id]);
    expect(await sb.lastSync()).toEqual({
      day: '2026-02-23',
      completedAt: new Date('2026-02-25T02:00:00Z'),
    });
    expect(await sb.lastSync()).toEqual(await pgDs.lastSync());
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /rest/v1/ivr_calls',
      'GET /rest/v1/kaleyra_sync_days',
      'GET /rest/v1/kaleyra_sync_days',
    ]);
  });

  // Last: it adds the recovery fixture's legs (other days than the dashboard fixture's) and a
  // click-to-call to the database the tests above share.
  it('reads missed callers, recovery, heatmap, breakdowns and callers through the same SQL as the pg adapter', async () => {
    await insertRecoveryLegs(tdb.pool, RECOVERY_LEGS);
    await tdb.pool.query(
      `INSERT INTO ivr_calls (kind, customer_number, agent_number, status, start_time, kaleyra_call_id)
       VALUES ('click2call', $1, $2, 'ANSWERED', $3, $4)`,
      [IVR_P5.customerNumber, IVR_P5.agentNumber, ist(IVR_P5.startTime), IVR_P5.kaleyraCallId],
    );
    const range = daysRange(RECOVERY_RANGE.startDate, RECOVERY_RANGE.endDate);
    const sb = ds();
    for (const state of [null, 'OPEN', 'RECOVERED'] as const) {
      const page = await sb.missedCallers(range, state, 4, 1);
      expect(page).toEqual(await pgDs.missedCallers(range, state, 4, 1));
      expect(await sb.missedCallerCount(range, state)).toBe(
        await pgDs.missedCallerCount(range, state),
      );
    }
    const all = await sb.missedCallers(range, null, 50, 0);
    expect(all.map((e) => e.customerNumber)).toEqual(EPISODES.map((e) => e.customerNumber));
    expect(all[0]!.firstMissedAt).toEqual(new Date(EPISODES[0]!.firstMissedAt));
    expect(await sb.missedCallerCount(range, 'OPEN')).toBe(3);
    const summary = await sb.recoverySummary(range, 24);
    expect(summary).toEqual(await pgDs.recoverySummary(range, 24));
    expect(summary).toMatchObject({
      episodes: 9,
      recoveredWithin: 5,
      medianSecondsToRecovery: 3600,
    });
    const heat = await sb.callHeatmap(range);
    expect(heat).toEqual(await pgDs.callHeatmap(range));
    expect(heat).toEqual(expectedHeatmap());
    for (const by of ['LOCATION', 'PROVIDER', 'DID'] as const) {
      const rows = await sb.callBreakdown(range, by);
      expect(rows).toEqual(await pgDs.callBreakdown(range, by));
      expect(rows).toEqual(BREAKDOWN[by]);
    }
    const callers = await sb.callerSummary(range);
    expect(callers).toEqual(await pgDs.callerSummary(range));
    expect(callers).toEqual(CALLERS);
    const bodies = Object.fromEntries(
      seen.map((s) => [s.path.replace('/rest/v1/rpc/', ''), s.body]),
    );
    const p = { p_start: range.start.toISOString(), p_end: range.end.toISOString() };
    expect(bodies).toEqual({
      get_missed_callers: { ...p, p_state: null, p_limit: 50, p_offset: 0 },
      get_missed_caller_count: { ...p, p_state: 'OPEN' },
      get_recovery_summary: { ...p, p_within_hours: 24 },
      get_call_heatmap: p,
      get_call_breakdown: { ...p, p_by: 'DID' },
      get_caller_summary: p,
    });
    expect(seen.every((s) => s.method === 'POST')).toBe(true);
  });
});
