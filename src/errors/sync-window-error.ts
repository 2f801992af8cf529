import { KaleyraError } from '../datasources/kaleyra/errors/kaleyra-error';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';
import { fromKaleyraError } from './from-kaleyra-error';

/**
 * A sync's day window failed; the days before it are saved and a re-run resumes from it. The code
 * is the cause's: an AppError's own, a Kaleyra failure's (fromKaleyraError), else internal.
 */
export class SyncWindowError extends AppError {
  override name = 'SyncWindowError';
  constructor(
    readonly day: string,
    cause: unknown,
  ) {
    const known = cause instanceof KaleyraError ? fromKaleyraError(cause) : cause;
    super(
      known instanceof AppError ? known.code : ErrorCode.INTERNAL_SERVER_ERROR,
      `sync of IST day ${day} failed: ${known instanceof AppError ? known.message : 'unexpected error'}. Earlier days are saved; run the sync again to resume from ${day}.`,
      { day },
      { cause },
    );
  }
}
