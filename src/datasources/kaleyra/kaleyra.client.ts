import { setTimeout as delay } from 'node:timers/promises';
import ky, { isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import { isIsoDate } from '../../domain/ist';
import { normalizePhone } from '../../domain/phone';
import { createScrubber, type Logger } from '../../logger';
import { KaleyraAbortedError } from './errors/kaleyra-aborted-error';
import { KaleyraError } from './errors/kaleyra-error';
import { KaleyraHttpError } from './errors/kaleyra-http-error';
import { KaleyraNetworkError } from './errors/kaleyra-network-error';
import { KaleyraParseError } from './errors/kaleyra-parse-error';
import { KaleyraTimeoutError } from './errors/kaleyra-timeout-error';
import { parseCallLogRecord, parseEnvelope, toInitiateResult } from './kaleyra.mappers';
import {
  CALL_LOG_METHOD,
  CLICK_TO_CALL_METHOD,
  OUTBOUND_CALL_METHOD,
  type CallLogPage,
  type CallLogsOptions,
  type ClickToCallInput,
  type InitiateResult,
  type KaleyraCallLog,
  type KaleyraEnvelope,
  type KaleyraRetryPolicy,
  type OutboundCallInput,
  type SkippedCallLog,
} from './kaleyra.types';

export interface KaleyraClientOptions {
  /** Base URL with trailing slash, e.g. https://api-voice.kaleyra.com/v1/ */
  baseUrl: string;
  apiKey: string;
  /** Limit for each attempt, from sending the request to the end of the body. */
  timeoutMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  /** Back-off for the read-only `dial` method; initiate methods are never retried. */
  retry?: KaleyraRetryPolicy;
}

const DEFAULT_RETRY: KaleyraRetryPolicy = { limit: 3, baseDelayMs: 500, maxDelayMs: 10_000 };
const DEFAULT_PAGE_LIMIT = 200;
// 200 rows a page makes this 20M rows: far beyond any real range, but it keeps the loop bounded.
const MAX_PAGES = 100_000;

type Params = Record<string, string | number | undefined>;

/**
 * The legacy Kaleyra voice API (`https://api-voice.kaleyra.com/v1/`, action chosen by `method`).
 * Every failure surfaces as a KaleyraError subclass; the API key never appears in errors or logs.
 */
export class KaleyraClient {
  private readonly http: KyInstance;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly retry: KaleyraRetryPolicy;
  private readonly redact: (text: string) => string;

  constructor(options: KaleyraClientOptions) {
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger.child({ component: 'kaleyra' });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.redact = createScrubber([options.apiKey]);
    this.http = ky.create({
      // Requests go to the base URL itself ('' resolved against it): the action is in `method`.
      baseUrl: options.baseUrl,
      timeout: options.timeoutMs,
      // Retries are ours: ky does not retry POST and cannot retry a garbled 200.
      retry: 0,
      // Kaleyra reports most failures inside a 200 body (docs/kaleyra-api.md §2.3), so statuses
      // are read, not thrown.
      throwHttpErrors: false,
      headers: { accept: 'application/json' },
      fetch: options.fetch,
    });
  }

  /**
   * Call-log legs (`method=dial`) of the IST days fromDate..toDate inclusive ("YYYY-MM-DD"), page by
   * page. Stops after a page shorter than the limit. Malformed records are skipped (and logged),
   * never half-parsed. Each page is retried on 429/5xx/timeouts/network errors/garbled bodies.
   */
  async *callLogs(
    fromDate: string,
    toDate: string,
    options: CallLogsOptions = {},
  ): AsyncIterableIterator<CallLogPage> {
    if (!isIsoDate(fromDate) || !isIsoDate(toDate)) {
      throw new RangeError(`callLogs expects YYYY-MM-DD dates (got "${fromDate}", "${toDate}")`);
    }
    const limit = options.limit ?? DEFAULT_PAGE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`callLogs limit must be a positive integer (got ${limit})`);
    }
    let previousFirstId: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const envelope = await this.send(
        CALL_LOG_METHOD,
        {
          fromdate: fromDate.replaceAll('-', '/'),
          todate: toDate.replaceAll('-', '/'),
          page,
          limit,
        },
        { retryable: true, signal: options.signal },
      );
      // A successful envelope without a data array is an empty page, not an error.
      const rows: unknown[] = Array.isArray(envelope.data) ? envelope.data : [];
      const records: KaleyraCallLog[] = [];
      const skipped: SkippedCallLog[] = [];
      rows.forEach((raw, index) => {
        const parsed = parseCallLogRecord(raw);
        if (parsed.ok) records.push(parsed.record);
        else skipped.push({ index, id: parsed.id, reason: parsed.reason });
      });
      const firstId = records[0]?.id;
      if (page > 1 && firstId !== undefined && firstId === previousFirstId) {
        // An API that ignores `page` would otherwise feed us the same rows forever.
        this.logger.warn(
          { method: CALL_LOG_METHOD, page, firstId },
          'kaleyra repeated the previous page; stopping',
        );
        return;
      }
      previousFirstId = firstId;
      for (const s of skipped) {
        this.logger.warn(
          { method: CALL_LOG_METHOD, page, index: s.index, recordId: s.id, reason: s.reason },
          'skipped malformed kaleyra call-log record',
        );
      }
      yield { page, records, skipped, rawCount: rows.length };
      if (rows.length < limit) return;
    }
    throw new KaleyraError(CALL_LOG_METHOD, `more than ${MAX_PAGES} pages; giving up`, {
      code: 'TOO_MANY_PAGES',
    });
  }

  /**
   * Starts a click-to-call (`dial.click2call`): rings the agent, then bridges the customer.
   * Returns Kaleyra's call id. Never retried: a failed-looking request may already have dialled
   * (docs/kaleyra-api.md §2.4).
   */
  async clickToCall(input: ClickToCallInput): Promise<InitiateResult> {
    const envelope = await this.send(
      CLICK_TO_CALL_METHOD,
      {
        caller: phone(input.agentNumber),
        receiver: phone(input.customerNumber),
        return: 1,
        callback: input.callbackUrl,
      },
      { retryable: false, signal: input.signal },
    );
    return toInitiateResult(CLICK_TO_CALL_METHOD, envelope);
  }

  /**
   * Starts an outbound (OBD) call (`voice.call`) that plays a sound file or IVR to the customer.
   * Returns Kaleyra's call id. Never retried, for the same reason as clickToCall.
   */
  async outboundCall(input: OutboundCallInput): Promise<InitiateResult> {
    const envelope = await this.send(
      OUTBOUND_CALL_METHOD,
      {
        numbers: phone(input.customerNumber),
        play: input.play,
        campaign: input.campaign,
        return: 1,
        callback: input.callbackUrl,
      },
      { retryable: false, signal: input.signal },
    );
    return toInitiateResult(OUTBOUND_CALL_METHOD, envelope);
  }

  private async send(
    method: string,
    params: Params,
    { retryable, signal }: { retryable: boolean; signal?: AbortSignal },
  ): Promise<KaleyraEnvelope> {
    const limit = retryable ? Math.max(0, this.retry.limit) : 0;
    let failure: KaleyraError = new KaleyraAbortedError(method);
    for (let attempt = 0; attempt <= limit; attempt++) {
      if (signal?.aborted) throw new KaleyraAbortedError(method);
      try {
        return await this.attempt(method, params, signal);
      } catch (err) {
        failure = this.toKaleyraError(method, err, signal);
      }
      if (attempt === limit || !failure.transient) break;
      const waitMs = this.backoffMs(attempt, failure);
      this.logger.warn(
        { method, attempt: attempt + 1, retryInMs: waitMs, err: failure },
        'kaleyra request failed; retrying',
      );
      try {
        await delay(waitMs, undefined, { signal });
      } catch {
        throw new KaleyraAbortedError(method);
      }
    }
    this.logger.warn({ method, err: failure }, 'kaleyra request failed');
    throw failure;
  }

  private async attempt(
    method: string,
    params: Params,
    signal?: AbortSignal,
  ): Promise<KaleyraEnvelope> {
    const body = new URLSearchParams({ method, api_key: this.apiKey, format: 'json' });
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) body.set(name, String(value));
    }
    // ky's timeout stops at the response headers; this one also covers a body that stalls.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), this.timeoutMs);
    try {
      const response = await this.http.post('', {
        body,
        signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new KaleyraHttpError(
          method,
          response.status,
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new KaleyraParseError(
          method,
          `body is not JSON (${text.length} bytes)`,
          response.status,
        );
      }
      return parseEnvelope(method, json, this.redact);
    } catch (err) {
      if (deadline.signal.aborted && !(err instanceof KaleyraError)) {
        throw new KaleyraTimeoutError(method, this.timeoutMs);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private toKaleyraError(method: string, err: unknown, signal?: AbortSignal): KaleyraError {
    if (err instanceof KaleyraError) return err;
    if (signal?.aborted) return new KaleyraAbortedError(method);
    if (isTimeoutError(err)) return new KaleyraTimeoutError(method, this.timeoutMs);
    // ky wraps a connection failure in a NetworkError whose cause is undici's TypeError('fetch
    // failed'), whose cause is the socket error. Duck-typed: fetch's errors may come from another
    // realm, where instanceof Error fails.
    const fetchError = isNetworkError(err) ? field(err, 'cause') : err;
    const cause = field(fetchError, 'cause');
    const code = field(cause, 'code') ?? field(fetchError, 'code');
    const message = field(cause, 'message') ?? field(fetchError, 'message') ?? String(err);
    return new KaleyraNetworkError(
      method,
      this.redact(String(message)),
      typeof code === 'string' ? code : undefined,
    );
  }

  private backoffMs(attempt: number, failure: KaleyraError): number {
    const { baseDelayMs, maxDelayMs } = this.retry;
    if (failure instanceof KaleyraHttpError && failure.retryAfterMs !== undefined) {
      return Math.min(failure.retryAfterMs, maxDelayMs);
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
    // "Equal jitter": at least half the exponential step, so retries spread without collapsing to 0.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Kaleyra wants 10-digit numbers; anything we cannot normalise (ivr:123, lists) goes as given. */
function phone(raw: string): string {
  return normalizePhone(raw) ?? raw.trim();
}

const CALLBACK_PLACEHOLDERS = [
  'caller',
  'receiver',
  'status',
  'status1',
  'status2',
  'duration',
  'billsec',
  'starttime',
  'endtime',
  'recordpath',
  'callerid',
  'id',
] as const;

/**
 * The callback URL template Kaleyra fills in: our own static params URL-encoded (token, correlation
 * id), then every known `{placeholder}` with its braces left literal so Kaleyra can substitute it.
 */
export function callbackTemplate(baseUrl: string, params: Record<string, string>): string {
  const url = new URL(baseUrl);
  const existing = url.search.replace(/^\?/, '');
  const parts = existing === '' ? [] : [existing];
  for (const [name, value] of Object.entries(params)) {
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  for (const name of CALLBACK_PLACEHOLDERS) parts.push(`${name}={${name}}`);
  url.search = '';
  url.hash = '';
  return `${url.toString()}?${parts.join('&')}`;
}
