import { KaleyraError } from './kaleyra-error';

/** The caller's AbortSignal fired; nothing is retried after that. */
export class KaleyraAbortedError extends KaleyraError {
  override name = 'KaleyraAbortedError';
  constructor(method: string) {
    super(method, 'request aborted by the caller', { code: 'ABORTED' });
  }
}
