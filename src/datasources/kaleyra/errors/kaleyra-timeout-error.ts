import { KaleyraError } from './kaleyra-error';

/** No complete answer within the configured timeout. An initiate call may still have dialled. */
export class KaleyraTimeoutError extends KaleyraError {
  override name = 'KaleyraTimeoutError';
  constructor(method: string, timeoutMs: number) {
    super(method, `no response within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
  }

  override get transient(): boolean {
    return true;
  }
}
