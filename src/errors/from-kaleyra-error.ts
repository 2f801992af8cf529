import type { KaleyraError } from '../datasources/kaleyra/errors/kaleyra-error';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';

/**
 * The AppError a Kaleyra failure becomes, wherever it happened (a call being started, a sync):
 * UPSTREAM_UNAVAILABLE when the same request may succeed later (a timeout, a network error, HTTP
 * 408/429/5xx, a garbled body: what the client itself retries), UPSTREAM_ERROR when Kaleyra
 * refused it (a failure envelope, any other HTTP status). `context` prefixes the message.
 */
export function fromKaleyraError(
  err: KaleyraError,
  context?: string,
  extensions: Record<string, unknown> = {},
): AppError {
  return new AppError(
    err.transient ? ErrorCode.UPSTREAM_UNAVAILABLE : ErrorCode.UPSTREAM_ERROR,
    context ? `${context}: ${err.message}` : err.message,
    extensions,
    { cause: err },
  );
}
