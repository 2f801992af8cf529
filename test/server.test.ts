import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { PgStore } from '../src/datasources/database/pg.store';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded';
import { migrate, readMigrations } from '../src/database/migrator';
import { createPool } from '../src/database/pool';
import { createLogger } from '../src/logger';
import type { AppServer } from '../src/server';
import { CallListDocument, DashboardOverviewDocument } from './generated/graphql';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { gql, rawGql } from './helpers/graphql';
import { spawnBuilt } from './helpers/process';
import { startTestServer } from './helpers/server';
import { captureLogs } from './helpers/logs';

const silent = createLogger({ level: 'silent' });

describe('the HTTP server', () => {
  let tdb: TestDatabase;
  let server: AppServer;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    server = await startTestServer({ database: tdb.open() });
  });
  afterAll(async () => {
    await server.stop();
    await tdb.drop();
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      detail: 'database reachable, migrations applied',
    });
  });

  it('speaks graphql-transport-ws on /graphql', async () => {
    const client = createClient({
      url: server.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ dashboardOverview { callVolume { total } range { startDate } } }' },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toMatchObject({ data: { dashboardOverview: { callVolume: { total: 0 } } } });
    } finally {
      await client.dispose();
    }
  });

  it('masks internal errors over graphql-ws as it does over HTTP', async () => {
    const db = server.dataSources.db;
    const original = db.listAgents;
    db.listAgents = async () => {
      throw new Error('relation "agents" exploded at db-host-7:5432');
    };
    const client = createClient({
      url: server.url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<{
        errors?: { message: string; extensions?: { code?: string } }[];
      }>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ agents { name } }' },
          { next: (v) => (value = v), error: reject, complete: () => resolve(value as never) },
        );
      });
      expect(result.errors![0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(result)).not.toContain('db-host-7');
    } finally {
      db.listAgents = original;
      await client.dispose();
    }
  });

  it('refuses cross-site simple requests (CSRF prevention) and oversize bodies', async () => {
    const csrf = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ agents { name } }')}`,
    );
    expect(csrf.status).toBe(400);
    const big = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ agents { name } } # ${'x'.repeat(200_000)}` }),
    });
    expect(big.status).toBe(413);
  });

  it('answers a malformed query with GRAPHQL_PARSE_FAILED', async () => {
    const res = await rawGql(server.url, '{ dashboardOverview { ');
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('readiness of the live-event feed', () => {
  it('answers 503 naming the LISTEN connection while it is down, then 200 once it reconnects', async () => {
    const tdb = await createTestDatabase();
    const server = await startTestServer({ database: tdb.open() });
    const readyz = async () => {
      const res = await fetch(`${server.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; detail: string } };
    };
    try {
      expect((await readyz()).status).toBe(200);
      // The feed reconnects within ~100 ms; terminating its backend again each round keeps it
      // down long enough for a probe to see it (bounded: 100 rounds).
      let down: Awaited<ReturnType<typeof readyz>> | undefined;
      for (let i = 0; i < 100 && !down; i++) {
        await tdb.pool.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kaleyra-call-dashboard/listen' AND datname = current_database()",
        );
        await new Promise((r) => setTimeout(r, 20));
        const r = await readyz();
        if (r.status !== 200) down = r;
      }
      expect(down).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          detail:
            'live events delayed: the LISTEN connection is down (reconnecting; the outbox is polled every 250 ms meanwhile)',
        },
      });
      let ready = 0;
      for (let i = 0; i < 100 && ready !== 200; i++) {
        ready = (await readyz()).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      const listening = await tdb.pool.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kaleyra-call-dashboard/listen' AND datname = current_database()",
      );
      expect(listening.rows[0].n).toBe(1);
    } finally {
      await server.stop();
      await tdb.drop();
    }
  });
});

describe('readiness of the polled live-event feed', () => {
  it('answers 503 while the outbox cannot be read, then 200 once reads succeed again', async () => {
    const tdb = await createTestDatabase();
    const server = await startTestServer({
      database: tdb.open(),
      config: { eventsTransport: 'poll' },
    });
    const readyz = async () => {
      const res = await fetch(`${server.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; detail: string } };
    };
    const rename = (from: string, to: string) =>
      tdb.pool.query(`ALTER FUNCTION ${from}(text, text, bigint, integer) RENAME TO ${to}`);
    try {
      expect((await readyz()).status).toBe(200);
      // Every poll now fails (the statement names a function that is gone); the database is fine.
      await rename('read_call_status_outbox', 'read_call_status_outbox_away');
      let down: Awaited<ReturnType<typeof readyz>> | undefined;
      for (let i = 0; i < 100 && !down; i++) {
        const r = await readyz();
        if (r.status !== 200) down = r;
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(down).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          detail: 'live events unavailable: cannot read the outbox (retrying)',
        },
      });
      await rename('read_call_status_outbox_away', 'read_call_status_outbox');
      let ready = 0;
      for (let i = 0; i < 100 && ready !== 200; i++) {
        ready = (await readyz()).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(ready).toBe(200);
    } finally {
      await server.stop();
      await tdb.drop();
    }
  });
});

describe('readiness before migrations', () => {
  it('answers 503 while migrations are pending', async () => {
    const tdb = await createTestDatabase({ migrated: false });
    const server = await startTestServer({
      database: { ...tdb.open(), db: new PgStore(tdb.pool, readMigrations()) },
    });
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { detail: string }).detail).toMatch(
        /migrations pending: 20261121000001/,
      );
    } finally {
      await server.stop();
      await tdb.drop();
    }
  });
});

describe('database lost while running', () => {
  let dir: string;
  let pg1: EmbeddedDatabase | undefined;
  afterEach(async () => {
    await pg1?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 and DATABASE_UNAVAILABLE during the outage, then recovers by itself', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kcd-outage-'));
    const port = await freePort();
    pg1 = await startEmbeddedPostgres(dir, silent, { port });
    const pool = createPool({ connectionString: pg1.connectionString }, silent);
    await migrate(pool, silent);
    const logs = captureLogs();
    const server = await startTestServer({
      logger: logs.logger,
      database: { db: new PgStore(pool, readMigrations()), pool, close: () => pool.end() },
    });
    try {
      expect((await gql(server.url, DashboardOverviewDocument, {})).errors).toBeUndefined();

      await pg1.stop();
      pg1 = undefined;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      const during = await gql(server.url, CallListDocument, {});
      expect(during.errors![0]).toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      pg1 = await startEmbeddedPostgres(dir, silent, { port });
      let ready = 0;
      for (let i = 0; i < 50 && ready !== 200; i++) {
        ready = (await fetch(`${server.url}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      expect((await gql(server.url, DashboardOverviewDocument, {})).errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const tdb = await createTestDatabase();
    const server = await startTestServer({ database: tdb.open() });
    const db = server.dataSources.db;
    const original = db.callVolume.bind(db);
    db.callVolume = async (r) => {
      await new Promise((res) => setTimeout(res, 300));
      return original(r);
    };
    try {
      const inFlight = gql(server.url, DashboardOverviewDocument, {});
      await new Promise((r) => setTimeout(r, 50));
      const stopped = server.stop();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.data!.dashboardOverview.callVolume.total).toBe(0);
      await stopped;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      await tdb.drop();
    }
  });
});

describe('the built server process', () => {
  it('stops at boot with one line naming host and port, never the password, when the database is unreachable', async () => {
    const port = await freePort();
    const proc = spawnBuilt('src/index.js', {
      DATABASE_URL: `postgres://app:sup3r-s3cret-pw@127.0.0.1:${port}/app`,
      PORT: '0',
    });
    const code = await proc.exited;
    expect(code).toBe(1);
    const lines = proc.output().trim().split('\n');
    const fatal = lines.filter((l) => l.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(`127.0.0.1:${port}`);
    expect(proc.output()).not.toContain('sup3r-s3cret-pw');
  });

  it('lists every configuration problem in one message and exits non-zero', async () => {
    const proc = spawnBuilt('src/index.js', {
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x:pw@h/db',
      SUPABASE_URL: 'https://x.supabase.co',
    });
    expect(await proc.exited).toBe(2);
    const out = proc.output();
    expect(out).toMatch(/PORT must be an integer/);
    expect(out).toMatch(/LOG_LEVEL must be one of/);
    expect(out).toMatch(/DATABASE_URL must be a postgres: or postgresql: URL/);
    expect(out).not.toContain('pw@h');
  });
});
