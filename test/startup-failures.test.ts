/**
 * Where a newcomer trips at start: the built server (a real process) must stop with one fatal line
 * that says what is wrong and what to do, and exit 1, never crash on an unhandled error.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { firstBlockedDirectory } from '../src/database/embedded';
import { TEST_JWT_SECRET } from './helpers/auth';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { spawnBuilt } from './helpers/process';

const fatalLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter((l) => l.includes('"level":60'));

describe('the built server at start', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb.drop());

  it('says "startup failed" on one line and exits 1 when its port is already in use', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const proc = spawnBuilt('src/index.js', {
        DATABASE_URL: tdb.connectionString,
        PORT: String(port),
        KALEYRA_API_KEY: 'APORTINUSEFAKEKEY00000000000000000',
        KALEYRA_CALLBACK_TOKEN: 'port-in-use-callback-token-0000',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
      });
      expect(await proc.exited).toBe(1);
      const fatal = fatalLines(proc.output());
      expect(fatal).toHaveLength(1);
      expect(JSON.parse(fatal[0]!).msg).toBe(
        `startup failed: cannot listen on 127.0.0.1:${port}: the port is already in use (EADDRINUSE); set PORT to a free port, or stop what is using it`,
      );
      expect(proc.output()).not.toMatch(/Unhandled 'error' event|ERR_UNHANDLED_ERROR| {4}at /);
    } finally {
      taken.close();
    }
  });
});

// initdb refuses root, so as root the embedded server runs as the system user 'postgres'; these
// checks are about that user reaching the files, so they only mean something when run as root
// (as the project's CI and dev machines do).
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('the embedded PostgreSQL, started as root from a directory only root can enter', () => {
  const postgresIds = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kcd-private-')); // mode 0700, like /root
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the directory the postgres user cannot enter, and nothing once it can', () => {
    mkdirSync(path.join(dir, 'native', 'bin'), { recursive: true });
    const initdb = path.join(dir, 'native', 'bin', 'initdb');
    writeFileSync(initdb, '');
    expect(firstBlockedDirectory(initdb, postgresIds())).toBe(dir);
    chmodSync(dir, 0o755);
    expect(firstBlockedDirectory(initdb, postgresIds())).toBeUndefined();
  });

  it('npm start stops with one line saying why and what to do, not "spawn initdb EACCES"', async () => {
    const proc = spawnBuilt('src/index.js', { DATA_DIR: path.join(dir, 'data'), PORT: '0' });
    expect(await proc.exited).toBe(1);
    const fatal = fatalLines(proc.output());
    expect(fatal).toHaveLength(1);
    const msg = JSON.parse(fatal[0]!).msg as string;
    expect(msg).toContain(`cannot enter ${dir} (mode 0700)`);
    expect(msg).toMatch(
      /Move the checkout or DATA_DIR .* run as a non-root user, or set DATABASE_URL/,
    );
    expect(proc.output()).not.toMatch(/EACCES| {4}at /);
  });
});
