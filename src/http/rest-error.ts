import type { ServerResponse } from 'node:http';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import type { Logger } from '../logger';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_ERROR]: 502,
};

/**
 * The answer of a REST route (the CSV exports) to a failure, in the one error model: an AppError
 * becomes `{"error":{"code","message"}}` with its HTTP status (a RATE_LIMITED one with
 * Retry-After); anything else is logged and answered 500 INTERNAL_SERVER_ERROR, its message
 * never shown.
 */
export function replyRestError(res: ServerResponse, err: unknown, logger: Logger): void {
  const known = err instanceof AppError ? err : undefined;
  if (!known) logger.error({ err }, 'request failed');
  const status = (known && HTTP_STATUS[known.code]) ?? 500;
  const error = known
    ? { code: known.code, message: known.message }
    : { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  const json = JSON.stringify({ error });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  };
  const retryAfter = known?.extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') headers['retry-after'] = retryAfter;
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  res.writeHead(status, headers);
  res.end(json);
}
