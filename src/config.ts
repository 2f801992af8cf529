/**
 * The only module that reads process.env. Everything is parsed and checked once at boot; a bad or
 * missing value stops the start with one message listing every problem.
 */
import path from 'node:path';
import { ConfigError } from './errors/config-error';

export type DatabaseMode = 'postgres' | 'supabase' | 'embedded';
/** How live events reach every instance: see EVENTS_TRANSPORT in .env.example. */
export type EventsTransport = 'auto' | 'listen' | 'poll';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind. */
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: LogLevel;
  /** Which database adapter runs: a DATABASE_URL, Supabase over HTTP, or the embedded server. */
  databaseMode: DatabaseMode;
  /** Queries and writes; may be a transaction-mode pooler (Supabase's port 6543). */
  databaseUrl?: string;
  /**
   * A direct or session-mode connection to the same database (Prisma's `directUrl`): used for
   * migrations and LISTEN when set; DATABASE_URL serves both otherwise.
   */
  databaseDirectUrl?: string;
  /**
   * auto: LISTEN for wake-ups when a test NOTIFY reaches it at start, else poll the outbox;
   * listen / poll force one.
   */
  eventsTransport: EventsTransport;
  supabaseUrl?: string;
  supabaseServiceRoleKey?: string;
  /** Embedded Postgres data (and other local state) lives here, kept between runs. */
  dataDir: string;
  /** Apply db/migrations at start. */
  migrateOnStart: boolean;
  /** Kaleyra legacy voice API key; without it the server runs its own simulator (demo mode). */
  kaleyraApiKey?: string;
  /** Base URL of the legacy API, with trailing slash. */
  kaleyraBaseUrl: string;
  /** Public URL of GET /webhooks/kaleyra/callback as Kaleyra reaches it. */
  kaleyraCallbackUrl?: string;
  /** Shared secret put into the callback URL; generated per process when unset. */
  kaleyraCallbackToken?: string;
  /** Request timeout for every Kaleyra call, ms. */
  kaleyraTimeoutMs: number;
  /** Seconds between scheduled syncs of today and yesterday; unset = no schedule. */
  syncIntervalSeconds?: number;
  /** HS256 secret that verifies bearer JWTs (Supabase Auth's JWT secret). */
  authJwtSecret?: string;
  /** JWKS endpoint for asymmetric JWTs (RS256/ES256), instead of or beside the HS256 secret. */
  authJwksUrl?: string;
  /** Turns authentication off (every caller is admin). Refused in production. */
  authDisabled: boolean;
  /** Refuse tokens issued (iat) longer ago than this, whatever their exp; unset = exp decides. */
  authMaxTokenAgeSeconds?: number;
  /** Origins allowed by CORS; empty = no cross-origin browser access. */
  corsOrigins: string[];
  /** Roles that see customer numbers masked (98XXXXXX01). */
  maskNumbersFor: Array<'viewer' | 'agent' | 'admin'>;
  /** clickToCall + outboundCall per user per minute. */
  callRateLimitPerMinute: number;
  /**
   * CSV exports (GET /exports/*) per user per minute, across instances; unset in a hand-built
   * config = EXPORT_RATE_LIMIT_DEFAULT.
   */
  exportRateLimitPerMinute?: number;
  /** graphql-ws connections one user (token subject) may hold open on one instance. */
  wsMaxSocketsPerUser: number;
  /** Time a client has to send a whole request (headers and body), ms. */
  httpRequestTimeoutMs: number;
  /** Time a client has to send the request headers, ms (at most httpRequestTimeoutMs). */
  httpHeadersTimeoutMs: number;
}

/** CSV exports per user per minute when EXPORT_RATE_LIMIT_PER_MINUTE is not set. */
export const EXPORT_RATE_LIMIT_DEFAULT = 10;

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS = ['development', 'production', 'test'] as const;
const EVENTS_TRANSPORTS = ['auto', 'listen', 'poll'] as const;

/** Parses an environment (process.env by default) into a frozen Config or throws ConfigError. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number | undefined, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be an integer in ${min}..${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      // Never echo the value: a connection string carries a password.
      problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      return undefined;
    }
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseDirectUrl = url('DATABASE_DIRECT_URL', ['postgres:', 'postgresql:']);
  if (databaseDirectUrl && !databaseUrl)
    problems.push(
      'DATABASE_DIRECT_URL is set but DATABASE_URL is missing (it is a second connection string to the DATABASE_URL database)',
    );
  const eventsTransport = oneOf('EVENTS_TRANSPORT', EVENTS_TRANSPORTS, 'auto');
  const supabaseUrl = url('SUPABASE_URL', ['http:', 'https:']);
  const supabaseServiceRoleKey = str('SUPABASE_SERVICE_ROLE_KEY');
  if (supabaseUrl && !supabaseServiceRoleKey && !databaseUrl) {
    problems.push('SUPABASE_URL is set but SUPABASE_SERVICE_ROLE_KEY is missing');
  }
  if (supabaseServiceRoleKey && !supabaseUrl && !databaseUrl) {
    problems.push('SUPABASE_SERVICE_ROLE_KEY is set but SUPABASE_URL is missing');
  }
  const databaseMode: DatabaseMode = databaseUrl
    ? 'postgres'
    : supabaseUrl && supabaseServiceRoleKey
      ? 'supabase'
      : 'embedded';
  if (eventsTransport === 'listen' && databaseMode === 'supabase')
    problems.push(
      'EVENTS_TRANSPORT=listen needs DATABASE_URL: supabase-js goes through PostgREST, which has no LISTEN',
    );

  let kaleyraBaseUrl =
    url('KALEYRA_BASE_URL', ['http:', 'https:']) ?? 'https://api-voice.kaleyra.com/v1/';
  if (!kaleyraBaseUrl.endsWith('/')) kaleyraBaseUrl += '/';

  const callbackToken = str('KALEYRA_CALLBACK_TOKEN');
  if (callbackToken !== undefined && callbackToken.length < 16) {
    problems.push('KALEYRA_CALLBACK_TOKEN must be at least 16 characters');
  }
  const jwtSecret = str('AUTH_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }

  const authDisabled = bool('AUTH_DISABLED', false);
  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  if (authDisabled && nodeEnv === 'production')
    problems.push('AUTH_DISABLED=true is refused when NODE_ENV=production');
  const corsOrigins = (str('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o))
      problems.push(
        `CORS_ORIGINS entries must be origins like https://app.example.com (got "${o}")`,
      );
  }
  const roles = ['viewer', 'agent', 'admin'] as const;
  const maskNumbersFor = (str('MASK_NUMBERS_FOR') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of maskNumbersFor) {
    if (!(roles as readonly string[]).includes(r))
      problems.push(`MASK_NUMBERS_FOR must list roles among ${roles.join(', ')} (got "${r}")`);
  }

  const httpRequestTimeoutMs = int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000)!;
  const httpHeadersTimeoutMs = int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 600_000)!;
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs)
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');

  const config: Config = {
    port: int('PORT', 4000, 0, 65535)!,
    host: str('HOST') ?? '127.0.0.1',
    nodeEnv,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    databaseMode,
    databaseUrl,
    databaseDirectUrl,
    eventsTransport,
    supabaseUrl,
    supabaseServiceRoleKey,
    dataDir: path.resolve(str('DATA_DIR') ?? './.data'),
    migrateOnStart: bool('MIGRATE_ON_START', true),
    kaleyraApiKey: str('KALEYRA_API_KEY'),
    kaleyraBaseUrl,
    kaleyraCallbackUrl: url('KALEYRA_CALLBACK_URL', ['http:', 'https:']),
    kaleyraCallbackToken: callbackToken,
    kaleyraTimeoutMs: int('KALEYRA_TIMEOUT_MS', 10_000, 100, 120_000)!,
    syncIntervalSeconds: int('SYNC_INTERVAL_SECONDS', undefined, 10, 86_400),
    authJwtSecret: jwtSecret,
    authJwksUrl: url('AUTH_JWKS_URL', ['http:', 'https:']),
    authDisabled,
    authMaxTokenAgeSeconds: int('AUTH_MAX_TOKEN_AGE_SECONDS', undefined, 60, 31_536_000),
    corsOrigins,
    maskNumbersFor: maskNumbersFor.filter((r): r is Config['maskNumbersFor'][number] =>
      (roles as readonly string[]).includes(r),
    ),
    callRateLimitPerMinute: int('CALL_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000)!,
    exportRateLimitPerMinute: int(
      'EXPORT_RATE_LIMIT_PER_MINUTE',
      EXPORT_RATE_LIMIT_DEFAULT,
      1,
      10_000,
    )!,
    wsMaxSocketsPerUser: int('WS_MAX_SOCKETS_PER_USER', 20, 1, 100_000)!,
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** For entry points: the config, or the list of problems on stderr and exit code 2. */
export function loadConfigOrExit(env: Env = process.env): Readonly<Config> {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

/** The secrets of a config, for log and response scrubbing. */
export function secretsOf(config: Config): string[] {
  const secrets = [
    config.kaleyraApiKey,
    config.supabaseServiceRoleKey,
    config.kaleyraCallbackToken,
    config.authJwtSecret,
  ];
  for (const connectionString of [config.databaseUrl, config.databaseDirectUrl]) {
    if (!connectionString) continue;
    const password = new URL(connectionString).password;
    if (password) secrets.push(decodeURIComponent(password), password);
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
