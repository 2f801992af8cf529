import { loadConfig, secretsOf } from '../src/config';
import { alignByKey } from '../src/context/loaders';
import { daysRange, RangePreset, resolveRange } from '../src/domain/date-range';
import { formatIstDateTime, istDateOf, parseIstDateTime } from '../src/domain/ist';
import { normalizePhone } from '../src/domain/phone';
import { Writable } from 'node:stream';
import { dashboardLink, demoBanner, demoTokenNotice } from '../src/demo/demo-banner';
import { createLogger, createScrubber } from '../src/logger';

describe('IST ranges', () => {
  const at = (iso: string) => new Date(iso);
  it('takes today from the IST calendar, not UTC', () => {
    expect(istDateOf(at('2026-02-23T18:29:59Z'))).toBe('2026-02-23');
    expect(istDateOf(at('2026-02-23T18:30:00Z'))).toBe('2026-02-24');
    expect(resolveRange(null, at('2026-02-23T18:30:00Z'))).toMatchObject({
      startDate: '2026-02-24',
      endDate: '2026-02-24',
    });
  });
  it('resolves presets to whole IST days', () => {
    const now = at('2026-03-01T02:00:00Z'); // 07:30 IST on 1 March
    expect(resolveRange({ preset: RangePreset.LAST_7_DAYS }, now)).toEqual({
      start: at('2026-02-22T18:30:00Z'),
      end: at('2026-03-01T18:30:00Z'),
      startDate: '2026-02-23',
      endDate: '2026-03-01',
    });
    expect(resolveRange({ preset: RangePreset.LAST_30_DAYS }, now).startDate).toBe('2026-01-31');
  });
  it('accepts exactly 366 days and rejects 367', () => {
    expect(daysRange('2025-01-01', '2026-01-01').endDate).toBe('2026-01-01');
    expect(() => daysRange('2025-01-01', '2026-01-02')).toThrow(/367 days/);
  });
  it('parses and formats Kaleyra IST datetimes', () => {
    expect(parseIstDateTime('2026-02-24 00:00:00')).toEqual(at('2026-02-23T18:30:00Z'));
    expect(parseIstDateTime('2026-02-30 10:00:00')).toBeNull();
    expect(parseIstDateTime('2026-02-24 24:00:00')).toBeNull();
    expect(formatIstDateTime(at('2026-02-23T18:30:00Z'))).toBe('2026-02-24 00:00:00');
  });
});

describe('phone numbers', () => {
  it.each([
    ['98000 00001', '9800000001'],
    ['+91-98000-00001', '9800000001'],
    ['919800000001', '9800000001'],
    ['09800000001', '9800000001'],
    ['(980) 000-0001', '9800000001'],
  ])('normalises %s', (raw, want) => expect(normalizePhone(raw)).toBe(want));
  it.each(['12345', '98000000012345', '+1 9800000001', 'abcdefghij', ''])('rejects %s', (raw) =>
    expect(normalizePhone(raw)).toBeNull(),
  );
});

describe('alignByKey', () => {
  it('returns one row or null per key, in key order', () => {
    const rows = [
      { k: 'b', v: 2 },
      { k: 'a', v: 1 },
    ];
    expect(alignByKey(['a', 'x', 'b', 'a'], rows, (r) => r.k)).toEqual([
      rows[1],
      null,
      rows[0],
      rows[1],
    ]);
  });
});

describe('config', () => {
  it('defaults to the embedded database and the public Kaleyra host', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      databaseMode: 'embedded',
      kaleyraBaseUrl: 'https://api-voice.kaleyra.com/v1/',
      migrateOnStart: true,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('picks pg with DATABASE_URL and supabase-js with URL + key only', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@h:5432/d' }).databaseMode).toBe('postgres');
    expect(
      loadConfig({ SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'fake-key' })
        .databaseMode,
    ).toBe('supabase');
  });
  it('lists every problem at once', () => {
    let message = '';
    try {
      loadConfig({
        PORT: '-1',
        NODE_ENV: 'staging',
        SUPABASE_URL: 'https://x.supabase.co',
        MIGRATE_ON_START: 'maybe',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of [
      'PORT',
      'NODE_ENV',
      'SUPABASE_SERVICE_ROLE_KEY is missing',
      'MIGRATE_ON_START',
    ])
      expect(message).toContain(name);
  });
  it('reads DATABASE_DIRECT_URL and EVENTS_TRANSPORT, and refuses them where they cannot work', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@pooler:6543/d',
      DATABASE_DIRECT_URL: 'postgres://u:direct-pw@db:5432/d',
      EVENTS_TRANSPORT: 'poll',
    });
    expect(c).toMatchObject({
      databaseDirectUrl: 'postgres://u:direct-pw@db:5432/d',
      eventsTransport: 'poll',
    });
    expect(loadConfig({}).eventsTransport).toBe('auto');
    expect(secretsOf(c)).toContain('direct-pw');
    let message = '';
    try {
      loadConfig({
        DATABASE_DIRECT_URL: 'postgres://u:direct-pw@db:5432/d',
        SUPABASE_URL: 'https://x.supabase.co',
        SUPABASE_SERVICE_ROLE_KEY: 'fake-key',
        EVENTS_TRANSPORT: 'listen',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('DATABASE_DIRECT_URL is set but DATABASE_URL is missing');
    expect(message).toContain('EVENTS_TRANSPORT=listen needs DATABASE_URL');
    expect(message).not.toContain('direct-pw');
    expect(() => loadConfig({ EVENTS_TRANSPORT: 'sometimes' })).toThrow(
      /EVENTS_TRANSPORT must be one of auto, listen, poll/,
    );
  });
  it('knows which values are secrets, including the database password', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p%40ssw0rd@h/d',
      KALEYRA_API_KEY: 'AFAKEKEY0000',
    });
    expect(secretsOf(c)).toEqual(expect.arrayContaining(['AFAKEKEY0000', 'p@ssw0rd']));
  });
});

describe('log scrubbing', () => {
  it('removes secrets in plain, URL-encoded and JSON-escaped forms', () => {
    const scrub = createScrubber(['s3cr3t/"key"']);
    const line = `a s3cr3t/"key" b ${encodeURIComponent('s3cr3t/"key"')} c ${JSON.stringify('s3cr3t/"key"')}`;
    expect(scrub(line)).not.toMatch(/s3cr3t/);
  });
});

describe('pretty logs (a terminal in development)', () => {
  it('writes readable lines, not JSON, still scrubbed of secrets', async () => {
    let out = '';
    const destination = new Writable({
      write(chunk, _enc, cb) {
        out += String(chunk);
        cb();
      },
    });
    const logger = createLogger({
      level: 'info',
      secrets: ['pretty-secret-value'],
      destination: destination as never,
      pretty: true,
    });
    logger.info({ day: '2026-02-24', detail: 'has pretty-secret-value inside' }, 'sync done');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    expect(out).toMatch(/INFO.*sync done/);
    expect(out).toMatch(/day: "2026-02-24"/);
    expect(out.trimStart().startsWith('{')).toBe(false);
    expect(out).not.toMatch(/pretty-secret-value/);
    expect(out).toMatch(/\[REDACTED\]/);
  });
});

describe('the demo banner', () => {
  it('ends with the signed-in dashboard link, on loopback when bound to every interface', () => {
    expect(dashboardLink('http://0.0.0.0:4000', 'a.b.c')).toBe(
      'http://127.0.0.1:4000/#token=a.b.c',
    );
    const text = demoBanner('http://127.0.0.1:4000', 'a.b.c', false);
    expect(text.trim().split('\n').at(-1)!.trim()).toBe('http://127.0.0.1:4000/#token=a.b.c');
    expect(demoTokenNotice('a.b.c')).toMatch(/Demo admin token[^\n]*\na\.b\.c\n/);
  });
});
