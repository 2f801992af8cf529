/** Base of every failure talking to Kaleyra; the message always names the Kaleyra method. */
export class KaleyraError extends Error {
  override name = 'KaleyraError';
  /** Kaleyra's `method` parameter (`dial`, `dial.click2call`, `voice.call`, ...). */
  readonly method: string;
  /** HTTP status, or Kaleyra's envelope status when it is numeric. */
  readonly status?: number;
  /** Machine-readable detail: Kaleyra's envelope status, a socket error code, ETIMEDOUT, ... */
  readonly code?: string;

  constructor(method: string, detail: string, options: { status?: number; code?: string } = {}) {
    super(`Kaleyra ${method}: ${detail}`);
    this.method = method;
    this.status = options.status;
    this.code = options.code;
  }

  /**
   * The same request may succeed later: the client retries it (read-only methods), and the app
   * answers UPSTREAM_UNAVAILABLE rather than UPSTREAM_ERROR (see errors/from-kaleyra-error.ts).
   */
  get transient(): boolean {
    return false;
  }
}
