/**
 * The stable codes a client sees in `extensions.code`. BAD_USER_INPUT and INTERNAL_SERVER_ERROR
 * are Apollo's own (ApolloServerErrorCode); the others are this API's.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  RATE_LIMITED = 'RATE_LIMITED',
  SYNC_IN_PROGRESS = 'SYNC_IN_PROGRESS',
  /** Kaleyra refused (its envelope said no, or an HTTP status that a retry will not change). */
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  /** Kaleyra could not be reached or answered garbage: trying again later may work. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
