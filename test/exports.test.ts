/**
 * The CSV exports over real HTTP on real Postgres: the customer-call fixture's legs
 * (test/fixtures/customer-calls.ts) plus a few legs and agent names made to break a CSV file. Each
 * file is parsed with a real CSV parser (csv-parse, strict RFC 4180 line ends) and compared with
 * what GraphQL answers for the same range, filter and role.
 */
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../src/config';
import type { OpenDatabase } from '../src/database/open-database';
import type { PgStore } from '../src/datasources/database/pg.store';
import { crlfRecords, csvRecord } from '../src/domain/csv';
import { formatIstDateTime } from '../src/domain/ist';
import { recordingUrlOf } from '../src/domain/formats';
import { maskNumber } from '../src/domain/phone';
import type { AppServer } from '../src/server';
import { bearer, signToken, TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { rawGql } from './helpers/graphql';
import { captureLogs } from './helpers/logs';
import { startTestServer } from './helpers/server';
import { A1, A2, DAY, DID, insertLegs, LEGS, NEXT_DAY } from './fixtures/customer-calls';

const A4 = '9800000004';
// Agent names from users: a comma, quotes and a newline; formulas.
const NAMES: Record<string, string> = {
  [A1]: 'Asha, "the boss"\nSharma',
  [A2]: '=HYPERLINK("http://evil.example","click")',
  [A4]: '@SUM(1+1)',
};

const CALL_LOG_HEADER =
  'id,start_time_ist,end_time_ist,service,call_from,call_to,agent_number,agent_name,status,duration,billsec,location,provider,caller_id,recording_url';
const CUSTOMER_CALL_HEADER =
  'id,start_time_ist,customer_number,did,outcome,answered_by,answered_by_name,answered_at_ist,seconds_to_answer,talk_seconds,agents_tried,location,provider,recording_url';

/** A cell as the file must hold it: OWASP's apostrophe before a formula-like text. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}
const istText = (iso: string | null) => (iso === null ? null : formatIstDateTime(new Date(iso)));

async function get(server: AppServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, raw: bytes.toString('utf8'), bytes };
}

/** The records of a CSV file; throws unless every record ends with CRLF. */
function records(raw: string): string[][] {
  return parse(raw, { record_delimiter: '\r\n', relax_quotes: false }) as string[][];
}

const CALL_LIST = `query($range: DateRangeInput, $filter: CallListFilter, $page: Int!) {
  callList(range: $range, filter: $filter, page: $page, limit: 200) {
    hasNextPage
    items { id startTime endTime serviceName callFrom callTo agentNumber agentName status duration
            billsec location provider callerId recordingUrl }
  }
}`;
const CUSTOMER_CALLS = `query($range: DateRangeInput, $filter: CustomerCallFilter, $page: Int!) {
  customerCalls(range: $range, filter: $filter, page: $page, limit: 200) {
    hasNextPage
    items { id startTime customerNumber did outcome answeredBy answeredByName answeredAt
            secondsToAnswer talkSeconds agentsTried location provider recordingUrl }
  }
}`;

type Item = Record<string, string | number | null>;

/** Every item of a GraphQL list over all its pages, oldest first (GraphQL lists newest first). */
async function allItems(
  server: AppServer,
  query: string,
  field: 'callList' | 'customerCalls',
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; page <= 50; page++) {
    const res = await rawGql<Record<string, { hasNextPage: boolean; items: Item[] }>>(
      server.url,
      query,
      { ...variables, page },
      headers,
    );
    expect(res.errors).toBeUndefined();
    const data = res.data![field]!;
    items.push(...data.items);
    if (!data.hasNextPage) break;
  }
  return items.reverse();
}

const callLogCells = (i: Item) =>
  [
    i.id,
    istText(i.startTime as string),
    istText(i.endTime as string | null),
    i.serviceName,
    i.callFrom,
    i.callTo,
    i.agentNumber,
    i.agentName,
    i.status,
    i.duration,
    i.billsec,
    i.location,
    i.provider,
    i.callerId,
    i.recordingUrl,
  ].map(cell);

const customerCallCells = (i: Item) =>
  [
    i.id,
    istText(i.startTime as string),
    i.customerNumber,
    i.did,
    i.outcome,
    i.answeredBy,
    i.answeredByName,
    istText(i.answeredAt as string | null),
    i.secondsToAnswer,
    i.talkSeconds,
    i.agentsTried,
    i.location,
    i.provider,
    i.recordingUrl,
  ].map(cell);

describe('CSV exports (real HTTP, real Postgres)', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  let database: OpenDatabase;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const logs = captureLogs();

  beforeAll(async () => {
    tdb = await createTestDatabase();
    await insertLegs(tdb.pool, LEGS);
    // Legs whose cells would run as formulas, and a customer number written with +91.
    await tdb.pool.query(
      `INSERT INTO kaleyra_call_logs (id, uniqid, callfrom, callto, start_time, end_time, duration,
         billsec, status, location, provider, service, caller_id, recording)
       VALUES ('X1', 'X1_u', $1, '+919812345678', '${DAY} 20:00:00+05:30', '${DAY} 20:01:00+05:30', 60,
               50, 'ANSWER', '-2+3+cmd|'' /C calc''!A0', E'\\tTab', 'Click2Call', $2, 'javascript:alert(1)'),
              ('X2', 'X2_u', $1, '09812345679', '${DAY} 20:00:00+05:30', NULL, NULL, NULL, '=1+2', '', NULL,
               'Click2Call', $2, 'https://rec.example/a,b.mp3')`,
      [A4, DID],
    );
    for (const [number, name] of Object.entries(NAMES)) {
      await tdb.pool.query('INSERT INTO agents (agent_number, name) VALUES ($1, $2)', [
        number,
        name,
      ]);
    }
    database = tdb.open();
    server = await startTestServer({
      database,
      logger: logs.logger,
      config: {
        authDisabled: false,
        authJwtSecret: TEST_JWT_SECRET,
        maskNumbersFor: ['viewer'],
        exportRateLimitPerMinute: 1_000,
      },
    });
    admin = bearer(await signToken('admin'));
    viewer = bearer(await signToken('viewer'));
  });

  afterAll(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  const range = { preset: 'CUSTOM', startDate: DAY, endDate: NEXT_DAY };
  const dates = `startDate=${DAY}&endDate=${NEXT_DAY}`;

  it('call-logs.csv: headers, no BOM, CRLF records, the same legs as callList, oldest first', async () => {
    const res = await get(server, `/exports/call-logs.csv?${dates}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="call-logs_${DAY}_${NEXT_DAY}.csv"`,
    );
    expect(res.bytes.subarray(0, 3).toString()).toBe('id,'); // no BOM
    expect(res.raw.startsWith(`${CALL_LOG_HEADER}\r\n`)).toBe(true);
    expect(res.raw.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = records(res.raw);
    expect(header!.join(',')).toBe(CALL_LOG_HEADER);
    const items = await allItems(server, CALL_LIST, 'callList', { range }, admin);
    expect(items.length).toBe(LEGS.length + 2);
    expect(rows).toEqual(items.map(callLogCells));
    // Same-second legs come by id: X1 before X2.
    expect(rows.findIndex((r) => r[0] === 'X1')).toBe(rows.findIndex((r) => r[0] === 'X2') - 1);
  });

  it('customer-calls.csv: the same calls as customerCalls, with the answering leg recording', async () => {
    const res = await get(server, `/exports/customer-calls.csv?${dates}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="customer-calls_${DAY}_${NEXT_DAY}.csv"`,
    );
    const [header, ...rows] = records(res.raw);
    expect(header!.join(',')).toBe(CUSTOMER_CALL_HEADER);
    const items = await allItems(server, CUSTOMER_CALLS, 'customerCalls', { range }, admin);
    expect(items.length).toBe(14);
    expect(rows).toEqual(items.map(customerCallCells));
    expect(rows.filter((r) => r[13] !== '').length).toBeGreaterThan(0);
  });

  it('quotes commas, quotes and newlines, doubling quotes, and keeps a newline inside a field', async () => {
    const res = await get(server, `/exports/call-logs.csv?${dates}&agentNumber=${A1}`, admin);
    expect(res.raw).toContain(`,"Asha, ""the boss""\nSharma",`);
    const rows = records(res.raw).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r[7]).toBe(NAMES[A1]);
    // Every line end outside quotes is CRLF; the LF inside the name stays a bare LF.
    const outsideQuotes = res.raw.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).not.toMatch(/[^\r]\n/);
    const recording = records((await get(server, `/exports/call-logs.csv?${dates}`, admin)).raw)
      .slice(1)
      .find((r) => r[0] === 'X2')!;
    expect(recording[14]).toBe('https://rec.example/a,b.mp3');
  });

  it('writes a leading apostrophe before every text cell that could run as a formula', async () => {
    const rows = records((await get(server, `/exports/call-logs.csv?${dates}`, admin)).raw);
    const x1 = rows.find((r) => r[0] === 'X1')!;
    const x2 = rows.find((r) => r[0] === 'X2')!;
    expect(x1[7]).toBe(`'${NAMES[A4]}`); // @SUM(1+1)
    expect(x1[11]).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(x1[12]).toBe("'\tTab");
    expect(x1[5]).toBe('+919812345678'); // a number, not a formula: as it is
    expect(x1[14]).toBe(''); // javascript: is no recording
    expect(x2[8]).toBe("'=1+2");
    const a2 = rows.find((r) => r[6] === A2)!;
    expect(a2[7]).toBe(`'${NAMES[A2]}`);
    expect(rows.every((r) => !/^[=+\-@\t\r]/.test(r[7]!))).toBe(true);
  });

  it('masks customer numbers for a masked role exactly as GraphQL does', async () => {
    const file = records((await get(server, `/exports/call-logs.csv?${dates}`, viewer)).raw);
    const items = await allItems(server, CALL_LIST, 'callList', { range }, viewer);
    expect(file.slice(1)).toEqual(items.map(callLogCells));
    const x1 = file.find((r) => r[0] === 'X1')!;
    expect(x1[4]).toBe(A4); // the agent's own number stays readable
    expect(x1[5]).toBe(`'${maskNumber('+919812345678')}`); // +9XXX…: no longer a number
    expect(x1[13]).toBe(DID);
    const calls = records((await get(server, `/exports/customer-calls.csv?${dates}`, viewer)).raw);
    const callItems = await allItems(server, CUSTOMER_CALLS, 'customerCalls', { range }, viewer);
    expect(calls.slice(1)).toEqual(callItems.map(customerCallCells));
    expect(calls[1]![2]).toMatch(/^98X{6}\d\d$/);
    expect(calls.slice(1).every((r) => r[2]!.includes('X'))).toBe(true);
  });

  it.each([
    ['service=CALL_FORWARD', { service: 'CALL_FORWARD' }],
    ['service=CLICK2CALL', { service: 'CLICK2CALL' }],
    ['service=OTHER', { service: 'OTHER' }],
    [`agentNumber=%2B91${A2}`, { agentNumber: A2 }],
    ['status=NOANSWER', { status: 'NOANSWER' }],
    [
      `service=CLICK2CALL&agentNumber=${A4}&status=ANSWER`,
      { service: 'CLICK2CALL', agentNumber: A4, status: 'ANSWER' },
    ],
  ])('call-logs.csv?%s matches callList with the same filter', async (params, filter) => {
    const rows = records(
      (await get(server, `/exports/call-logs.csv?${dates}&${params}`, admin)).raw,
    );
    const items = await allItems(server, CALL_LIST, 'callList', { range, filter }, admin);
    expect(rows.slice(1)).toEqual(items.map(callLogCells));
    if (!('service' in filter && filter.service === 'OTHER'))
      expect(items.length).toBeGreaterThan(0);
  });

  it.each(['ANSWERED', 'NOT_FORWARDED', 'CALLER_HUNG_UP', 'NO_ANSWER'])(
    'customer-calls.csv?outcome=%s matches customerCalls with the same filter',
    async (outcome) => {
      const rows = records(
        (await get(server, `/exports/customer-calls.csv?${dates}&outcome=${outcome}`, admin)).raw,
      );
      const items = await allItems(
        server,
        CUSTOMER_CALLS,
        'customerCalls',
        { range, filter: { outcome } },
        admin,
      );
      expect(items.length).toBeGreaterThan(0);
      expect(rows.slice(1)).toEqual(items.map(customerCallCells));
    },
  );

  it('HEAD answers the headers after the same checks, and runs no export', async () => {
    const spy = jest.spyOn(database.db as PgStore, 'exportCsv');
    try {
      const head = await fetch(`${server.url}/exports/call-logs.csv?${dates}`, {
        method: 'HEAD',
        headers: admin,
      });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-disposition')).toBe(
        `attachment; filename="call-logs_${DAY}_${NEXT_DAY}.csv"`,
      );
      const bad = await fetch(`${server.url}/exports/call-logs.csv?startDate=x`, {
        method: 'HEAD',
        headers: admin,
      });
      expect(bad.status).toBe(400);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('an empty range is the header alone', async () => {
    const res = await get(
      server,
      '/exports/customer-calls.csv?startDate=2020-01-01&endDate=2020-01-01',
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.raw).toBe(`${CUSTOMER_CALL_HEADER}\r\n`);
  });

  it.each([
    ['no Authorization', {}],
    ['a forged token', { authorization: 'Bearer aaaa.bbbb.cccc' }],
    ['a token without a role', null],
  ])('refuses %s with 401 JSON and runs nothing', async (_label, headers) => {
    const h = headers ?? bearer(await signToken('nobody'));
    const spy = jest.spyOn(database.db as PgStore, 'exportCsv');
    try {
      for (const file of ['call-logs', 'customer-calls']) {
        const res = await get(server, `/exports/${file}.csv?${dates}`, h);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const body = JSON.parse(res.raw);
        expect(body.error.code).toBe('UNAUTHENTICATED');
        expect(typeof body.error.message).toBe('string');
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['call-logs', '', 'startDate'],
    ['call-logs', `startDate=${DAY}`, 'endDate'],
    ['call-logs', `startDate=10-03-2026&endDate=${DAY}`, 'startDate'],
    ['call-logs', `startDate=${DAY}&endDate=2026-02-30`, 'endDate'],
    ['call-logs', `startDate=${NEXT_DAY}&endDate=${DAY}`, 'endDate'],
    ['call-logs', 'startDate=2025-01-01&endDate=2026-01-02', 'endDate'],
    ['call-logs', `${dates}&service=FORWARD`, 'service'],
    ['call-logs', `${dates}&service=call_forward`, 'service'],
    ['call-logs', `${dates}&agentNumber=12345`, 'agentNumber'],
    ['call-logs', `${dates}&status=A%00B`, 'status'],
    ['call-logs', `${dates}&outcome=ANSWERED`, 'outcome'],
    ['call-logs', `${dates}&startDate=${DAY}`, 'startDate'],
    ['customer-calls', `endDate=${DAY}`, 'startDate'],
    ['customer-calls', `${dates}&outcome=MISSED`, 'outcome'],
    ['customer-calls', `${dates}&service=INCOMING`, 'service'],
  ])('%s.csv?%s is 400 BAD_USER_INPUT naming %s, before any query', async (file, qs, name) => {
    const exportSpy = jest.spyOn(database.db as PgStore, 'exportCsv');
    const budgetSpy = jest.spyOn(database.db as PgStore, 'takeRateLimit');
    try {
      const res = await get(server, `/exports/${file}.csv?${qs}`, viewer);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = JSON.parse(res.raw);
      expect(body).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.any(String) } });
      expect(body.error.message.startsWith(`${name}:`)).toBe(true);
      expect(exportSpy).not.toHaveBeenCalled();
      expect(budgetSpy).not.toHaveBeenCalled();
    } finally {
      exportSpy.mockRestore();
      budgetSpy.mockRestore();
    }
  });

  it('a 366-day range is allowed; the SPA fallback never answers /exports/*', async () => {
    const res = await get(
      server,
      '/exports/call-logs.csv?startDate=2025-03-11&endDate=2026-03-11',
      admin,
    );
    expect(res.status).toBe(200);
    const unknown = await get(server, '/exports/agents.csv', admin);
    expect(unknown.status).toBe(404); // the page fallback would answer 200
  });

  it('no token, secret or database detail in the logs', () => {
    const text = logs.text();
    expect(text).not.toContain(admin.authorization!.slice(7));
    expect(text).not.toContain(viewer.authorization!.slice(7));
    expect(text).not.toContain(TEST_JWT_SECRET);
    expect(text).not.toContain(tdb.connectionString);
  });
});

describe('the SQL twins of maskNumber and recordingUrlOf', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('kaleyra_mask_number agrees with maskNumber', async () => {
    const inputs = ['', '1', '1234', '12345', '9810000001', '+919810000001', '09810000001', 'ab'];
    const { rows } = await tdb.pool.query<{ m: string[] }>(
      'SELECT array_agg(kaleyra_mask_number(n) ORDER BY i) AS m FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i)',
      [inputs],
    );
    expect(rows[0]!.m).toEqual(inputs.map(maskNumber));
  });

  it('kaleyra_recording_url agrees with recordingUrlOf', async () => {
    const inputs = [
      null,
      '',
      '   ',
      '//play.solutionsinfini.com/?id=REC1',
      ' https://rec.example/a.mp3 ',
      'http://rec.example:8080/a?b=c#d',
      'HTTPS://Rec.Example/x',
      'https://user:pw@rec.example/x',
      'javascript:alert(1)',
      'data:text/html,x',
      '/relative/path.mp3',
      'ftp://rec.example/a',
      'https://',
      'https:///path',
      'https:\\\\rec.example\\a',
      '//rec.example:80/x',
      '//',
      'https://rec.example/a\nb',
      'https://rec.example/a\u0000b',
      'https://exa mple.com/a',
    ];
    const { rows } = await tdb.pool.query<{ u: (string | null)[] }>(
      'SELECT array_agg(kaleyra_recording_url(r) ORDER BY i) AS u FROM unnest($1::text[]) WITH ORDINALITY AS t(r, i)',
      [inputs.map((s) => s?.replace('\u0000', '\u0001') ?? null)],
    );
    expect(rows[0]!.u).toEqual(
      inputs.map((s) => recordingUrlOf(s?.replace('\u0000', '\u0001') ?? null)),
    );
  });
});

describe('CSV writing (units)', () => {
  it('csvCell writes cells as COPY (FORMAT csv) does', () => {
    expect(
      csvRecord([null, undefined, '', 'a', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '\\.', 7]),
    ).toBe(',,"",a,"a,b","say ""hi""","two\nlines","cr\r","\\.",7\r\n');
  });

  it('crlfRecords ends records with CRLF, whatever the chunks, and leaves LFs inside quotes', async () => {
    const input = 'a,"x\n""y"""\nb,\nc,"p\nq"\n';
    const expected = 'a,"x\n""y"""\r\nb,\r\nc,"p\nq"\r\n';
    for (let size = 1; size <= input.length; size++) {
      const out: Buffer[] = [];
      const t = crlfRecords();
      t.on('data', (c: Buffer) => out.push(c));
      const done = new Promise((r) => t.on('end', r));
      for (let i = 0; i < input.length; i += size) t.write(Buffer.from(input.slice(i, i + size)));
      t.end();
      await done;
      expect(Buffer.concat(out).toString()).toBe(expected);
    }
  });
});

describe('the export budget', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    server = await startTestServer({
      database: tdb.open(),
      config: { authDisabled: false, authJwtSecret: TEST_JWT_SECRET, exportRateLimitPerMinute: 2 },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await tdb?.drop();
  });

  it('past EXPORT_RATE_LIMIT_PER_MINUTE files a minute a user gets 429 with Retry-After; others do not', async () => {
    const asha = bearer(await signToken('viewer', { sub: 'asha' }));
    const ravi = bearer(await signToken('viewer', { sub: 'ravi' }));
    const path = `/exports/call-logs.csv?startDate=${DAY}&endDate=${DAY}`;
    expect((await get(server, path, asha)).status).toBe(200);
    expect((await get(server, path.replace('call-logs', 'customer-calls'), asha)).status).toBe(200);
    const refused = await get(server, path, asha);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(JSON.parse(refused.raw).error.code).toBe('RATE_LIMITED');
    // Bad input is free: it is refused before the budget is asked.
    expect((await get(server, '/exports/call-logs.csv', ravi)).status).toBe(400);
    expect((await get(server, path, ravi)).status).toBe(200);
  });
});

describe('EXPORT_RATE_LIMIT_PER_MINUTE', () => {
  it('defaults to 10, takes 1..10000, and refuses anything else at boot', () => {
    expect(loadConfig({}).exportRateLimitPerMinute).toBe(10);
    expect(loadConfig({ EXPORT_RATE_LIMIT_PER_MINUTE: '3' }).exportRateLimitPerMinute).toBe(3);
    for (const bad of ['0', '10001', 'ten'])
      expect(() => loadConfig({ EXPORT_RATE_LIMIT_PER_MINUTE: bad })).toThrow(
        /EXPORT_RATE_LIMIT_PER_MINUTE/,
      );
  });
});
