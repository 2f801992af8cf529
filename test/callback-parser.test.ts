import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mapKaleyraStatus, parseCallback } from '../src/callbacks/callback.mapper';
import { tokenChecker } from '../src/callbacks/kaleyra-callback.webhook';

const AT = new Date('2026-02-24T10:41:45Z');
const fixture = JSON.parse(
  readFileSync(
    path.join(__dirname, 'fixtures', 'kaleyra', 'callback-click2call-answer.json'),
    'utf8',
  ),
);

describe('Kaleyra status mapping', () => {
  it.each([
    ['ANSWER', 'ANSWERED'],
    ['BUSY', 'BUSY'],
    ['NOANSWER', 'MISSED'],
    ['CANCEL', 'CANCELLED'],
    ['FAILED', 'FAILED'],
    ['CONGESTION', 'FAILED'],
    ['NOANSWER_LEG1', 'MISSED'],
    ['NOANSWER_LEG2', 'MISSED'],
    ['FAILED_LEG2', 'FAILED'],
    ['BUSY_LEG2', 'BUSY'],
    [' answer ', 'ANSWERED'],
  ])('%s → %s', (raw, want) =>
    expect(mapKaleyraStatus(raw)).toEqual({ status: want, known: true }),
  );

  it('maps an unknown status to FAILED and says it is unknown', () => {
    expect(mapKaleyraStatus('ANSWERED-B')).toEqual({ status: 'FAILED', known: false });
  });
});

describe('parseCallback', () => {
  it('reads the shared fixture: IST times, numbers as strings, protocol-relative recording', () => {
    const r = parseCallback(fixture, AT);
    expect(r).toEqual({
      ok: true,
      unknownStatus: null,
      update: {
        ivrCallId: null,
        kaleyraCallId: '5d0c1c3e-0000-4000-8000-000000000001',
        caller: '9800000001',
        receiver: '9800000002',
        status: 'ANSWERED',
        kaleyraStatus: 'ANSWER',
        duration: 95,
        billsec: 81,
        recordingUrl: 'https://play.solutionsinfini.com/?id=SIMREC000000000002',
        startTime: new Date('2026-02-24T10:40:05Z'),
        endTime: new Date('2026-02-24T10:41:40Z'),
        receivedAt: AT,
      },
    });
  });

  it('accepts epoch seconds and treats unfilled {placeholders} and blanks as missing', () => {
    const r = parseCallback(
      {
        ...fixture,
        starttime: '1771929605',
        endtime: '{endtime}',
        recordpath: '',
        billsec: '{billsec}',
        id: '{id}',
      },
      AT,
    );
    expect(r.ok && r.update).toMatchObject({
      startTime: new Date(1771929605 * 1000),
      endTime: null,
      recordingUrl: null,
      billsec: null,
      kaleyraCallId: null,
    });
  });

  it('keeps an unknown status raw and flags it', () => {
    const r = parseCallback({ ...fixture, status: 'ANSWERED-B' }, AT);
    expect(r).toMatchObject({
      ok: true,
      unknownStatus: 'ANSWERED-B',
      update: { status: 'FAILED', kaleyraStatus: 'ANSWERED-B' },
    });
  });

  it.each([
    [{ ...fixture, status: undefined }, /status/],
    [{ ...fixture, status: '{status}' }, /status/],
    [{ ...fixture, caller: '', receiver: '{receiver}' }, /caller or receiver/],
    [{ ...fixture, ivr_call_id: 'not-a-uuid' }, /ivr_call_id/],
    [{ ...fixture, id: 'x'.repeat(200) }, /id/],
  ])('rejects a malformed request (%#)', (query, error) => {
    const r = parseCallback(query as Record<string, unknown>, AT);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it('never throws on garbage (bounded fuzz)', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const junk = () => {
      const kinds = [
        () => '',
        () => '{x}',
        () => String(rand() * 1e12),
        () => 'x'.repeat(Math.floor(rand() * 600)),
        () => ['a', 'b'],
        () => ({ nested: 1 }),
        () => undefined,
        () => '2026-13-45 99:99:99',
        () => '\u0000\uffff',
      ];
      return kinds[Math.floor(rand() * kinds.length)]!();
    };
    const keys = [
      'status',
      'caller',
      'receiver',
      'id',
      'ivr_call_id',
      'duration',
      'billsec',
      'starttime',
      'endtime',
      'recordpath',
      'obdstatus',
      'number',
    ];
    for (let i = 0; i < 3000; i++) {
      const q: Record<string, unknown> = {};
      for (const k of keys) if (rand() < 0.7) q[k] = junk();
      const r = parseCallback(q, AT);
      if (r.ok) {
        expect(typeof r.update.status).toBe('string');
        expect(r.update.caller ?? r.update.receiver).not.toBeNull();
      }
    }
    expect(parseCallback(null as never, AT).ok).toBe(false);
  });
});

describe('tokenChecker', () => {
  it('accepts only the exact token', () => {
    const tokenMatches = (given: unknown, expected: string) => tokenChecker(expected)(given);
    expect(tokenMatches('s3cret-token-value', 's3cret-token-value')).toBe(true);
    expect(tokenMatches('s3cret-token-valuf', 's3cret-token-value')).toBe(false);
    expect(tokenMatches('', 's3cret-token-value')).toBe(false);
    expect(tokenMatches(['s3cret-token-value'], 's3cret-token-value')).toBe(false);
    expect(tokenMatches(undefined, 's3cret-token-value')).toBe(false);
  });
});
