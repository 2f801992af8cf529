import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { ErrorLike } from '@apollo/client';

/** Codes whose server message is written for people (it names the argument, the limit, …). */
const SHOWN = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'SYNC_IN_PROGRESS',
  'UPSTREAM_ERROR',
  'UPSTREAM_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
]);

/** True when the server refused the token (UNAUTHENTICATED or HTTP 401). */
export function isUnauthenticated(error: ErrorLike | undefined): boolean {
  if (CombinedGraphQLErrors.is(error))
    return error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  return ServerError.is(error) && error.statusCode === 401;
}

/** One sentence a person can act on. */
export function describeError(error: ErrorLike): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = String(first?.extensions?.code ?? '');
    if (code === 'UNAUTHENTICATED') return 'Your session has ended: sign in again.';
    if (SHOWN.has(code) && first) return first.message;
    return 'Something went wrong on the server. Try again in a moment.';
  }
  if (ServerError.is(error)) {
    if (error.statusCode === 401) return 'Your session has ended: sign in again.';
    if (error.statusCode === 429) return 'Too many requests: wait a moment and try again.';
    return `The server answered with an error (HTTP ${error.statusCode}). Try again in a moment.`;
  }
  if (error.name === 'TypeError' || /fetch|network/i.test(error.message))
    return 'Cannot reach the server. The page will refresh when the connection is back.';
  return error.message;
}
