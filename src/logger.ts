import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { LogLevel } from './config';

export type { Logger };

/**
 * Replaces every occurrence of any secret (plain, URL-encoded, JSON-escaped) with [REDACTED].
 * The list is read by reference: a secret pushed later (e.g. a generated token) is scrubbed too.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  let seen = -1;
  let list: string[] = [];
  const refresh = () => {
    const variants = new Set<string>();
    for (const s of secrets) {
      if (s.length < 4) continue;
      variants.add(s);
      variants.add(encodeURIComponent(s));
      variants.add(JSON.stringify(s).slice(1, -1));
    }
    list = [...variants].sort((a, b) => b.length - a.length);
    seen = secrets.length;
  };
  return (text) => {
    if (seen !== secrets.length) refresh();
    let out = text;
    for (const v of list) if (out.includes(v)) out = out.split(v).join('[REDACTED]');
    return out;
  };
}

export interface LoggerOptions {
  level: LogLevel;
  /** Values that must never be written, whatever field they hide in. */
  secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a capture stream. */
  destination?: pino.DestinationStream;
  /**
   * Human-readable lines on stdout instead of JSON: for a person at a terminal in development
   * (src/index.ts decides); piped output and production keep JSON for log collectors.
   */
  pretty?: boolean;
}

/**
 * Structured JSON logs. Known secret-bearing fields are redacted by path, and as a second net every
 * line is scrubbed of the configured secret values before it is written.
 */
export function createLogger({
  level,
  secrets = [],
  destination,
  pretty = false,
}: LoggerOptions): Logger {
  const scrub = createScrubber(secrets);
  return pino(
    {
      level,
      base: { service: 'kaleyra-call-dashboard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'api_key',
          '*.api_key',
          'apiKey',
          '*.apiKey',
          'password',
          '*.password',
          'token',
          '*.token',
          'req.headers.authorization',
          'headers.authorization',
          'headers["x-api-key"]',
        ],
        censor: '[REDACTED]',
      },
      hooks: { streamWrite: scrub },
    },
    pretty
      ? pinoPretty({
          colorize: !destination,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname,service',
          destination: destination ?? 1,
        })
      : (destination ?? pino.destination({ dest: 1, sync: false })),
  );
}
