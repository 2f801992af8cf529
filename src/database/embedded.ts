import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresAccessError } from '../errors/embedded-postgres-access-error';
import type { Logger } from '../logger';

export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The PostgreSQL binaries that the embedded-postgres package installs for this platform. We run
 * them ourselves rather than through its EmbeddedPostgres class, because that class registers a
 * process-wide exit hook that kills Postgres and calls process.exit() on SIGTERM/SIGINT, which
 * would cut our graceful shutdown (in-flight requests still need the database).
 */
function binaries() {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `embedded PostgreSQL is not available for ${os.platform()}-${os.arch()} (${pkg} is not installed); set DATABASE_URL instead`,
    );
  }
  const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/** initdb and postgres refuse to run as root: run them as a 'postgres' system user, created once. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd -r postgres; useradd -r -M -g postgres postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The first directory on the way to `target` that a process running as `ids` cannot enter, or
 * undefined. Node's spawn with a uid drops supplementary groups, so owner, group and other bits
 * decide; an ACL that grants more is honoured by asking the system (test -x) before refusing.
 */
export function firstBlockedDirectory(
  target: string,
  ids: { uid: number; gid: number },
): string | undefined {
  const dirs: string[] = [];
  for (let d = path.dirname(path.resolve(target)); ; d = path.dirname(d)) {
    dirs.unshift(d);
    if (d === path.dirname(d)) break;
  }
  for (const dir of dirs) {
    const st = statSync(dir);
    const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) !== 0) continue;
    const asked = spawnSync('test', ['-x', dir], { ...ids, stdio: 'ignore' });
    if (asked.status === 0) continue;
    return dir;
  }
  return undefined;
}

/**
 * As root, initdb and postgres run as the system user 'postgres', which must be able to reach both
 * the binaries (inside node_modules of this checkout) and the data directory. A checkout in a
 * directory only root can enter (/root, a mktemp -d) fails later with "spawn ... EACCES", which
 * tells a newcomer nothing; this says what blocks and what to do, in one line.
 */
function assertReachable(
  targets: { what: string; path: string }[],
  ids: { uid: number; gid: number },
): void {
  for (const t of targets) {
    const blocked = firstBlockedDirectory(t.path, ids);
    if (!blocked) continue;
    const st = statSync(blocked);
    throw new EmbeddedPostgresAccessError(
      `embedded PostgreSQL cannot start: as root it runs as the system user "postgres" (initdb refuses root), which cannot enter ${blocked} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}) on the way to ${t.what}. Move the checkout${t.what.startsWith('DATA_DIR') ? ' or DATA_DIR' : ''} under a directory others can enter (such as /srv or /opt), run as a non-root user, or set DATABASE_URL to a PostgreSQL of your own`,
    );
  }
}

function run(
  file: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
  logFile: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(file, args, { ...ids, stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(file)} exited with ${code}; see ${logFile}`));
    });
  });
}

async function waitUntilReady(
  connectionString: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`postgres exited with ${child.exitCode} while starting`);
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A server left running by a previous run that was killed: stop it so this run owns the data. */
async function stopStalePostmaster(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: postgres cleans the stale pid file itself
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts a real PostgreSQL server with its data under `dataDir/postgres`, kept between runs unless
 * `persistent` is false. The password is generated once and kept beside the data (mode 600); the
 * port is picked fresh on every start, on loopback only, and no unix socket is opened.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: {
    persistent?: boolean;
    maxConnections?: number;
    port?: number;
    /** Another installation's bin/ (initdb, postgres), e.g. Debian's PostgreSQL 15 for pg_dump. */
    binDir?: string;
  } = {},
): Promise<EmbeddedDatabase> {
  const { initdb, postgres } = options.binDir
    ? {
        initdb: path.join(options.binDir, 'initdb'),
        postgres: path.join(options.binDir, 'postgres'),
      }
    : binaries();
  const ids = runAs();
  const databaseDir = path.join(dataDir, 'postgres');
  const credentialsFile = path.join(dataDir, 'postgres-credentials.json');
  const logFile = path.join(dataDir, 'postgres.log');
  mkdirSync(dataDir, { recursive: true });
  if (ids) chownSync(dataDir, ids.uid, ids.gid);
  if (ids)
    assertReachable(
      [
        { what: `its binaries (${path.dirname(initdb)})`, path: initdb },
        { what: `DATA_DIR (${dataDir})`, path: path.join(dataDir, 'postgres') },
      ],
      ids,
    );

  let credentials: Credentials;
  if (existsSync(path.join(databaseDir, 'PG_VERSION')) && existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  } else {
    rmSync(databaseDir, { recursive: true, force: true });
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    const pwFile = path.join(dataDir, '.pwfile');
    writeFileSync(pwFile, credentials.password + '\n', { mode: 0o600 });
    if (ids) chownSync(pwFile, ids.uid, ids.gid);
    try {
      await run(
        initdb,
        [
          '-D',
          databaseDir,
          '-U',
          credentials.user,
          `--pwfile=${pwFile}`,
          '--auth=scram-sha-256',
          '-E',
          'UTF8',
          '--no-locale',
        ],
        ids,
        logFile,
      );
    } finally {
      rmSync(pwFile, { force: true });
    }
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }

  await stopStalePostmaster(databaseDir);
  const port = options.port ?? (await freePort());
  const fd = openSync(logFile, 'a');
  if (ids) chownSync(logFile, ids.uid, ids.gid);
  const child = spawn(
    postgres,
    [
      '-D',
      databaseDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `max_connections=${options.maxConnections ?? 200}`,
      '-c',
      'TimeZone=UTC',
    ],
    // Own process group: a Ctrl-C in the terminal reaches us, and we stop Postgres after draining.
    { ...ids, detached: true, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);

  const connectionString = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(connectionString, child, 30_000);
  } catch (err) {
    child.kill('SIGINT');
    throw err;
  }
  logger.debug({ pid: child.pid, port }, 'embedded postgres accepting connections');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT'); // fast shutdown: open transactions roll back, data is flushed
    }).then(() => {
      if (options.persistent === false) rmSync(dataDir, { recursive: true, force: true });
    }));
  return { connectionString, stop };
}
