import { GraphQLError } from 'graphql';

/** The stable codes a client sees in `extensions.code`. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  RATE_LIMITED = 'RATE_LIMITED',
  SYNC_IN_PROGRESS = 'SYNC_IN_PROGRESS',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An error whose message is safe to show a client, with its code. */
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

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { ...this.extensions, code: this.code },
    });
  }
}

/** Bad input, naming the argument (`range.startDate`, `limit`, ...). */
export function badInput(argument: string, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${argument}: ${message}`, { argument });
}

/** The database could not be reached (refused, restarting, pool exhausted by a dead server). */
export class DatabaseUnavailableError extends AppError {
  override name = 'DatabaseUnavailableError';
  constructor(cause?: unknown) {
    super(
      ErrorCode.DATABASE_UNAVAILABLE,
      'The database is unavailable; try again shortly',
      {},
      {
        cause,
      },
    );
  }
}

/** Another sync holds the cluster-wide lock. */
export class SyncInProgressError extends AppError {
  override name = 'SyncInProgressError';
  constructor() {
    super(
      ErrorCode.SYNC_IN_PROGRESS,
      'A call-log sync is already running; try again when it has finished',
    );
  }
}
