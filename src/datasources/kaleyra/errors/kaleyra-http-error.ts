import { KaleyraError } from './kaleyra-error';

/** A non-2xx HTTP response (429, 5xx, ...). */
export class KaleyraHttpError extends KaleyraError {
  override name = 'KaleyraHttpError';
  /** Parsed Retry-After, when the response carried one. */
  readonly retryAfterMs?: number;

  constructor(method: string, status: number, retryAfterMs?: number) {
    super(method, `HTTP ${status}`, { status, code: `HTTP_${status}` });
    this.retryAfterMs = retryAfterMs;
  }

  /** 408, 429 and 5xx pass; any other status is an answer a retry will not change. */
  override get transient(): boolean {
    const status = this.status ?? 0;
    return status === 408 || status === 429 || status >= 500;
  }
}
