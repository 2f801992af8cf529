import { KaleyraError } from './kaleyra-error';

/** The connection failed (refused, reset, DNS, TLS) before a full response arrived. */
export class KaleyraNetworkError extends KaleyraError {
  override name = 'KaleyraNetworkError';
  constructor(method: string, detail: string, code?: string) {
    super(method, `network error: ${detail}`, { code: code ?? 'ENETWORK' });
  }

  override get transient(): boolean {
    return true;
  }
}
