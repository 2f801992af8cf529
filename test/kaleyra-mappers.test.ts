import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callbackTemplate, retryAfterMs } from '../src/datasources/kaleyra/kaleyra.client';
import { KaleyraApiError } from '../src/datasources/kaleyra/errors/kaleyra-api-error';
import { KaleyraError } from '../src/datasources/kaleyra/errors/kaleyra-error';
import { KaleyraParseError } from '../src/datasources/kaleyra/errors/kaleyra-parse-error';
import {
  parseCallLogRecord,
  parseEnvelope,
  toInitiateResult,
} from '../src/datasources/kaleyra/kaleyra.mappers';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures/kaleyra', name), 'utf8'));

const dialPage = fixture('dial-logs-page.json') as { data: Record<string, unknown>[] };
const row = (i: number) => ({ ...(dialPage.data[i] as Record<string, unknown>) });

describe('parseEnvelope', () => {
  it('accepts the dial page and keeps its data array', () => {
    const env = parseEnvelope('dial', dialPage);
    expect(env.status).toBe('200');
    expect(env.message).toBe('OK');
    expect(Array.isArray(env.data)).toBe(true);
    expect((env.data as unknown[]).length).toBe(3);
  });

  it('accepts the click2call success and exposes the call id', () => {
    const env = parseEnvelope('dial.click2call', fixture('click2call-ok.json'));
    expect(toInitiateResult('dial.click2call', env)).toEqual({
      id: '5d0c1c3e-0000-4000-8000-000000000001',
    });
  });

  it('accepts numeric 200 and "OK" as success statuses', () => {
    expect(parseEnvelope('dial', { status: 200, data: [] }).status).toBe('200');
    expect(parseEnvelope('dial', { status: 'OK', message: 'OK', data: [] }).status).toBe('OK');
    expect(parseEnvelope('voice.call', { status: 'ok', data: { id: 17 } }).data).toEqual({
      id: 17,
    });
  });

  it('turns the invalid-key fixture into KaleyraApiError with Kaleyra message and the method', () => {
    let caught: unknown;
    try {
      parseEnvelope('dial.click2call', fixture('error-invalid-key.json'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KaleyraApiError);
    const err = caught as KaleyraApiError;
    expect(err).toBeInstanceOf(KaleyraError);
    expect(err.name).toBe('KaleyraApiError');
    expect(err.kaleyraMessage).toBe('Invalid API key');
    expect(err.method).toBe('dial.click2call');
    expect(err.status).toBe(401);
    expect(err.code).toBe('401');
    expect(err.message).toContain('dial.click2call');
    expect(err.message).toContain('Invalid API key');
  });

  it('rejects an initiate success without data.id', () => {
    expect(() => parseEnvelope('dial.click2call', { status: '200', message: 'OK' })).toThrow(
      KaleyraApiError,
    );
    expect(() => parseEnvelope('voice.call', { status: '200', message: 'OK', data: [] })).toThrow(
      /voice\.call.*no data\.id/,
    );
  });

  it('does not require data.id for dial, nor a data array', () => {
    expect(parseEnvelope('dial', { status: '200', message: 'OK' }).data).toBeUndefined();
  });

  it('reports non-object bodies as KaleyraParseError', () => {
    for (const body of [null, 'OK', 42, [], [{ status: '200' }], undefined]) {
      expect(() => parseEnvelope('dial', body)).toThrow(KaleyraParseError);
    }
  });

  it('redacts the key if Kaleyra echoes it in its message', () => {
    const key = 'ATESTSENTINELKEY000000000000000000';
    const redact = (s: string) => s.split(key).join('[REDACTED]');
    expect(() =>
      parseEnvelope('dial', { status: '401', message: `Invalid API key ${key}` }, redact),
    ).toThrow(/^(?!.*ATESTSENTINEL).*Invalid API key \[REDACTED\]/);
  });
});

describe('parseCallLogRecord', () => {
  it('parses the Incoming leg: number duration, string billsec, IST times, empty strings as null', () => {
    const result = parseCallLogRecord(row(0));
    expect(result).toEqual({
      ok: true,
      record: {
        id: '5d0c1c3e-0000-4000-8000-000000000101',
        uniqid: '12_1771900000.10000001',
        callfrom: '9800000011',
        callto: '8000000100',
        startTime: new Date('2026-02-24T14:45:15+05:30'),
        endTime: new Date('2026-02-24T14:46:02+05:30'),
        duration: 47,
        billsec: 47,
        status: 'ANSWER',
        location: 'BIHAR',
        provider: 'JIO',
        service: 'Incoming',
        callerId: '8000000100',
        recording: null,
        parentId: null,
      },
    });
  });

  it('keeps the recording of the answered CallForward leg', () => {
    const result = parseCallLogRecord(row(1));
    if (!result.ok) throw new Error(result.reason);
    expect(result.record.service).toBe('CallForward');
    expect(result.record.callto).toBe('9800000001');
    expect(result.record.duration).toBe(41);
    expect(result.record.billsec).toBe(33);
    expect(result.record.recording).toBe('//play.solutionsinfini.com/?id=SIMREC000000000001');
  });

  it("keeps a CallForward leg's parent_id (its Incoming leg) and reads an empty one as null", () => {
    const forward = parseCallLogRecord(row(1));
    const incoming = parseCallLogRecord(row(0));
    const click2call = parseCallLogRecord(row(2));
    if (!forward.ok || !incoming.ok || !click2call.ok) throw new Error('fixture does not parse');
    expect(forward.record.parentId).toBe('5d0c1c3e-0000-4000-8000-000000000101');
    expect(forward.record.parentId).toBe(incoming.record.id);
    expect(incoming.record.parentId).toBeNull();
    expect(click2call.record.parentId).toBeNull();
    const blank = parseCallLogRecord({ ...(row(1) as object), parent_id: '   ' });
    expect(blank.ok && blank.record.parentId).toBeNull();
  });

  it('parses the Click2Call row with billsec "0" as 0, not null', () => {
    const result = parseCallLogRecord(row(2));
    if (!result.ok) throw new Error(result.reason);
    expect(result.record).toMatchObject({
      service: 'Click2Call',
      status: 'NOANSWER',
      callfrom: '9800000001',
      callto: '9800000002',
      billsec: 0,
      duration: 38,
      location: 'UP EAST',
      provider: 'AIRTEL',
      recording: null,
    });
    expect(result.record.startTime.toISOString()).toBe('2026-02-24T10:15:00.000Z');
  });

  it('accepts numeric strings and numbers for duration/billsec, and callerid as an alias', () => {
    const r = parseCallLogRecord({
      ...row(0),
      duration: '61',
      billsec: 12,
      caller_id: undefined,
      callerid: '8000000199',
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.record.duration).toBe(61);
    expect(r.record.billsec).toBe(12);
    expect(r.record.callerId).toBe('8000000199');
  });

  it('maps empty or junk optional fields to null instead of rejecting', () => {
    const r = parseCallLogRecord({
      ...row(0),
      uniqid: '',
      end_time: '0000-00-00 00:00:00',
      duration: '',
      billsec: 'n/a',
      location: '   ',
      provider: null,
      caller_id: '',
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.record).toMatchObject({
      uniqid: null,
      endTime: null,
      duration: null,
      billsec: null,
      location: null,
      provider: null,
      callerId: null,
    });
  });

  it('keeps unknown statuses and services verbatim', () => {
    const r = parseCallLogRecord({ ...row(0), status: 'ANSWERED-B', service: 'VoiceMailDrop' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.record.status).toBe('ANSWERED-B');
    expect(r.record.service).toBe('VoiceMailDrop');
  });

  it.each([
    ['id', { id: '' }, /id/],
    ['callfrom', { callfrom: undefined }, /callfrom/],
    ['callto', { callto: '' }, /callto/],
    ['start_time', { start_time: '24/02/2026 14:45' }, /start_time/],
    ['start_time (impossible)', { start_time: '2026-02-30 10:00:00' }, /start_time/],
    ['start_time (missing)', { start_time: undefined }, /start_time/],
    ['status', { status: '' }, /status/],
    ['service', { service: undefined }, /service/],
  ])('rejects a record with a bad %s, with a reason', (_name, patch, reason) => {
    const r = parseCallLogRecord({ ...row(1), ...patch });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(reason);
    if (!('id' in patch)) expect(r.id).toBe('5d0c1c3e-0000-4000-8000-000000000102');
  });

  it('never throws on garbage', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      0,
      42,
      NaN,
      'ANSWER',
      true,
      [],
      [row(0)],
      {},
      { id: {} },
      { id: ['x'], callfrom: 1 },
      { id: 'x', callfrom: {}, callto: [], start_time: 12 },
      { id: 'x', callfrom: '1', callto: '2', start_time: { nested: 'junk' } },
      { id: 'x', callfrom: '1', callto: '2', start_time: '2026-02-24 14:45:15', status: ['A'] },
      Object.create(null),
      new Date(),
      { ...row(0), duration: Infinity, billsec: -5, end_time: 17 },
      { ...row(0), duration: '1e400', billsec: '99999999999' },
    ];
    for (const g of garbage) {
      const r = parseCallLogRecord(g);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(typeof r.reason).toBe('string');
    }
    const big = parseCallLogRecord({ ...row(0), duration: Infinity, billsec: '99999999999' });
    expect(big.ok && big.record.duration === null && big.record.billsec === null).toBe(true);
  });
});

describe('callbackTemplate', () => {
  it('encodes our params and leaves Kaleyra placeholders literal', () => {
    const url = callbackTemplate('https://dash.example.test/webhooks/kaleyra/callback', {
      token: 'T&=/ok',
      ivr_call_id: 'ID 1',
    });
    expect(url).toBe(
      'https://dash.example.test/webhooks/kaleyra/callback?token=T%26%3D%2Fok&ivr_call_id=ID%201' +
        '&caller={caller}&receiver={receiver}&status={status}&status1={status1}&status2={status2}' +
        '&duration={duration}&billsec={billsec}&starttime={starttime}&endtime={endtime}' +
        '&recordpath={recordpath}&callerid={callerid}&id={id}',
    );
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const now = Date.parse('2026-02-24T10:00:00Z');
    expect(retryAfterMs('Tue, 24 Feb 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Tue, 24 Feb 2026 09:00:00 GMT', now)).toBe(0);
  });
});
