import { AppError } from './app-error';
import { ErrorCode } from './error-code';

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
