import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AppServer } from '../src/server';
import { contentSecurityPolicy, isApiPath } from '../src/web/static-site';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { captureLogs } from './helpers/logs';
import { ROOT } from './helpers/process';
import { startTestServer } from './helpers/server';

const DIST = path.join(ROOT, 'web', 'dist');

describe('the web app on the API port (the build in web/dist)', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  let asset: string;
  const logs = captureLogs();

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html')))
      throw new Error('web/dist is missing: `npm test` builds it first (npm run build)');
    asset = readdirSync(path.join(DIST, 'assets')).find((f) => /^index-[\w-]+\.js$/.test(f))!;
    tdb = await createTestDatabase();
    server = await startTestServer({ database: tdb.open(), logger: logs.logger });
  });
  afterAll(async () => {
    await server.stop();
    await tdb.drop();
  });

  it('serves index.html at / and at any page address, never cached, with a strict CSP', async () => {
    const index = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    for (const page of ['/', '/agents', '/calls?service=INCOMING&page=2', '/live']) {
      const res = await fetch(`${server.url}${page}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const host = new URL(server.url).host;
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(host));
      expect(res.headers.get('content-security-policy')).toContain(
        `connect-src 'self' ws://${host} wss://${host}`,
      );
      expect(await res.text()).toBe(index);
    }
  });

  it('caches hashed assets for a year as immutable, and compresses them', async () => {
    const res = await fetch(`${server.url}/assets/${asset}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch decompresses; the bytes must be the file's.
    const file = readFileSync(path.join(DIST, 'assets', asset));
    // Buffer.equals: jest's toEqual walks a 400 kB buffer byte by byte, slowly.
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    // node:http, to see the body as sent (compressed).
    const raw = await new Promise<Buffer>((resolve, reject) => {
      get(`${server.url}/assets/${asset}`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
        const parts: Buffer[] = [];
        r.on('data', (d: Buffer) => parts.push(d));
        r.on('end', () => resolve(Buffer.concat(parts)));
      }).on('error', reject);
    });
    expect(raw.length).toBeLessThan(file.length / 2);
    expect(gunzipSync(raw).equals(file)).toBe(true);
  });

  it('answers a missing asset with 404, not with index.html', async () => {
    for (const p of ['/assets/nope-123.js', '/favicon.ico', '/robots.txt']) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<div id="root">');
    }
  });

  it('never shadows the API: /graphql, /healthz, /readyz, /webhooks/*, /exports/*', async () => {
    const html = { accept: 'text/html' };
    expect(await (await fetch(`${server.url}/healthz`, { headers: html })).json()).toEqual({
      status: 'ok',
    });
    expect(
      (await fetch(`${server.url}/readyz`, { headers: html })).headers.get('content-type'),
    ).toMatch(/json/);
    const gql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await gql.json()).toEqual({ data: { __typename: 'Query' } });
    const callback = await fetch(`${server.url}/webhooks/kaleyra/callback`, { headers: html });
    expect(callback.status).toBe(401);
    for (const p of ['/exports/call-logs.csv', '/webhooks/other', '/graphql/x']) {
      const res = await fetch(`${server.url}${p}`, { headers: html });
      expect(String(res.headers.get('content-security-policy'))).not.toContain('script-src');
      expect(await res.text()).not.toContain('<div id="root">');
    }
  });

  it('knows which paths are the API', () => {
    expect(
      [
        '/graphql',
        '/graphql/',
        '/healthz',
        '/readyz',
        '/webhooks',
        '/webhooks/kaleyra/callback',
        '/exports/a.csv',
      ].every(isApiPath),
    ).toBe(true);
    expect(
      ['/', '/agents', '/calls', '/graphqlx', '/healthzz', '/exportsx', '/assets/a.js'].some(
        isApiPath,
      ),
    ).toBe(false);
  });
});
