import { DatabaseUnavailableError } from '../errors/database-unavailable-error';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** True when an error from pg means "no usable connection" rather than a bad query. */
export function isConnectionError(err: unknown): boolean {
  // Duck-typed: errors raised by node's net layer may come from another realm (e.g. under jest).
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
      message,
    )
  );
}

/** Rethrows connection failures as DatabaseUnavailableError; anything else unchanged. */
export function translatePgError(err: unknown): never {
  if (isConnectionError(err)) throw new DatabaseUnavailableError(err);
  throw err;
}

/**
 * True for a SQLSTATE after which running the same work again is the answer: class 40
 * (transaction rollback: deadlock victim, serialisation failure) and 55P03 (lock_not_available,
 * a lock_timeout). One definition for every retry in the project.
 */
export function isRetryableSqlstate(code: unknown): boolean {
  return typeof code === 'string' && (code.startsWith('40') || code === '55P03');
}

/**
 * Runs `attempt` (one whole transaction, safe to repeat) again when Postgres rolled it back for a
 * lock conflict (isRetryableSqlstate): at most `tries` times in all, after a short random pause so
 * that the two sides do not collide again in step. Anything else is thrown as is.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  sqlstateOf: (err: unknown) => unknown,
  tries = 4,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= tries || !isRetryableSqlstate(sqlstateOf(err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * n));
    }
  }
}
