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
}

/** Kaleyra answered (usually HTTP 200) with a failure envelope, or a success without `data.id`. */
export class KaleyraApiError extends KaleyraError {
  override name = 'KaleyraApiError';
  /** Kaleyra's own `message`, e.g. "Invalid API key". */
  readonly kaleyraMessage: string;

  constructor(method: string, kaleyraMessage: string, kaleyraStatus?: string) {
    const numeric = kaleyraStatus !== undefined && /^\d{3}$/.test(kaleyraStatus);
    super(
      method,
      kaleyraStatus === undefined ? kaleyraMessage : `${kaleyraMessage} (status ${kaleyraStatus})`,
      { status: numeric ? Number(kaleyraStatus) : undefined, code: kaleyraStatus },
    );
    this.kaleyraMessage = kaleyraMessage;
  }
}

/** A non-2xx HTTP response (429, 5xx, ...). */
export class KaleyraHttpError extends KaleyraError {
  override name = 'KaleyraHttpError';
  /** Parsed Retry-After, when the response carried one. */
  readonly retryAfterMs?: number;

  constructor(method: string, status: number, retryAfterMs?: number) {
    super(method, `HTTP ${status}`, { status, code: `HTTP_${status}` });
    this.retryAfterMs = retryAfterMs;
  }
}

/** No complete answer within the configured timeout. An initiate call may still have dialled. */
export class KaleyraTimeoutError extends KaleyraError {
  override name = 'KaleyraTimeoutError';
  constructor(method: string, timeoutMs: number) {
    super(method, `no response within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
  }
}

/** The connection failed (refused, reset, DNS, TLS) before a full response arrived. */
export class KaleyraNetworkError extends KaleyraError {
  override name = 'KaleyraNetworkError';
  constructor(method: string, detail: string, code?: string) {
    super(method, `network error: ${detail}`, { code: code ?? 'ENETWORK' });
  }
}

/** The body was not JSON, or not shaped like an envelope. */
export class KaleyraParseError extends KaleyraError {
  override name = 'KaleyraParseError';
  constructor(method: string, detail: string, status?: number) {
    super(method, `unparsable response: ${detail}`, { status, code: 'EPARSE' });
  }
}

/** The caller's AbortSignal fired; nothing is retried after that. */
export class KaleyraAbortedError extends KaleyraError {
  override name = 'KaleyraAbortedError';
  constructor(method: string) {
    super(method, 'request aborted by the caller', { code: 'ABORTED' });
  }
}
