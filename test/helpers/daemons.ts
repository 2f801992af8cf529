import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/database/embedded';
import { toolPath, type ToolName } from './tools';

export interface Daemon {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** pgbouncer and nginx refuse (or misbehave) as root: run them as 'postgres' when we are root. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port} after 5 s: ${log()}`);
}

/** Starts a binary with a config in its own temp dir; stop() ends it by PID and removes the dir. */
async function startDaemon(
  name: ToolName,
  args: (dir: string, port: number) => string[],
  config: (dir: string, port: number) => string,
  logFile: string,
): Promise<Daemon> {
  const bin = toolPath(name);
  if (!bin) throw new Error(`${name} is not installed`);
  const ids = runAsIds();
  const dir = mkdtempSync(path.join(os.tmpdir(), `kcd-${name}-`));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const port = await freePort();
  const confFile = path.join(dir, `${name}.conf`);
  writeFileSync(confFile, config(dir, port));
  if (ids) chownSync(confFile, ids.uid, ids.gid);
  const child = spawn(bin, args(dir, port), { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const log = () => {
    let file = '';
    try {
      file = readFileSync(path.join(dir, logFile), 'utf8');
    } catch {
      // not written yet
    }
    return `${stderr}\n${file}`.trim().slice(-2_000);
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, child, stop };
}

export interface Pgbouncer extends Daemon {
  /** The upstream URL with host and port swapped for pgbouncer's (same user, password, db). */
  url(upstreamUrl: string): string;
}

/**
 * pgbouncer (Debian's 1.18) in front of a PostgreSQL, in transaction mode unless told otherwise:
 * the way Supabase's pooler on port 6543 treats every connection. Every database name is passed
 * through; the upstream's user and password are the only login.
 */
export async function startPgbouncer(
  upstreamUrl: string,
  options: { poolMode?: 'transaction' | 'session'; poolSize?: number } = {},
): Promise<Pgbouncer> {
  const up = new URL(upstreamUrl);
  const user = decodeURIComponent(up.username);
  const password = decodeURIComponent(up.password);
  const daemon = await startDaemon(
    'pgbouncer',
    (dir) => [...(runAsIds() ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.conf')],
    (dir, port) => {
      writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`, { mode: 0o600 });
      const ids = runAsIds();
      if (ids) chownSync(path.join(dir, 'userlist.txt'), ids.uid, ids.gid);
      return [
        '[databases]',
        `* = host=${up.hostname} port=${up.port || 5432}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = scram-sha-256',
        `auth_file = ${path.join(dir, 'userlist.txt')}`,
        `pool_mode = ${options.poolMode ?? 'transaction'}`,
        'max_client_conn = 2000',
        `default_pool_size = ${options.poolSize ?? 20}`,
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        'log_connections = 0',
        'log_disconnections = 0',
        '',
      ].join('\n');
    },
    'pgbouncer.log',
  );
  return {
    ...daemon,
    url(upstream: string) {
      const u = new URL(upstream);
      u.hostname = '127.0.0.1';
      u.port = String(daemon.port);
      return u.toString();
    },
  };
}

/**
 * nginx as a round-robin reverse proxy for HTTP and WebSocket upgrades in front of `upstreams`
 * (ports on 127.0.0.1), as a load balancer in front of several instances would be set up.
 */
export async function startNginx(upstreams: number[]): Promise<Daemon & { url: string }> {
  const daemon = await startDaemon(
    'nginx',
    (dir) => ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    (dir, port) =>
      `
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream app {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 600s;
      proxy_next_upstream off;
    }
  }
}
`,
    'error.log',
  );
  return { ...daemon, url: `http://127.0.0.1:${daemon.port}` };
}
