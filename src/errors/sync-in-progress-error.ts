import { AppError } from './app-error';
import { ErrorCode } from './error-code';

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
