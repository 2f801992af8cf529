import type { ErrorCode } from './error-code';

/**
 * The base of every error a client may see: its message is safe to show, its code goes into
 * `extensions.code`, and `extensions` adds what the client needs to act (the argument, a retry
 * delay, the call's id). Anything that is not an AppError reaches a client as INTERNAL_SERVER_ERROR
 * (see graphql/format-error.ts).
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
