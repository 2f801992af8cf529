import { recordingUrlOf } from '../../domain/formats';
import { parseIstDateTime } from '../../domain/ist';
import { KaleyraApiError } from './errors/kaleyra-api-error';
import { KaleyraParseError } from './errors/kaleyra-parse-error';
import {
  INITIATE_METHODS,
  type CallLogParseResult,
  type InitiateResult,
  type KaleyraEnvelope,
} from './kaleyra.types';

type Redact = (text: string) => string;
const asIs: Redact = (text) => text;
const MAX_INT4 = 2_147_483_647;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed non-empty string from a string or a finite number; null for anything else. */
function text(value: unknown): string | null {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Whole seconds from a number or a numeric string; null when empty, negative or not a number. */
function seconds(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  else return null;
  if (!Number.isFinite(n) || n < 0 || n > MAX_INT4) return null;
  return Math.round(n);
}

function isSuccessStatus(status: unknown): boolean {
  if (status === 200) return true;
  if (typeof status !== 'string') return false;
  const s = status.trim().toUpperCase();
  return s === '200' || s === 'OK';
}

/**
 * Checks Kaleyra's envelope (docs/kaleyra-api.md §2.3). Kaleyra answers HTTP 200 on failure, so
 * the body decides: success is status "200"/200/"OK", plus `data.id` for methods that start a
 * call. Throws KaleyraApiError with Kaleyra's message otherwise, or KaleyraParseError when the body
 * is not an envelope at all.
 */
export function parseEnvelope(
  method: string,
  body: unknown,
  redact: Redact = asIs,
): KaleyraEnvelope {
  if (!isRecord(body)) {
    throw new KaleyraParseError(method, `expected a JSON object, got ${describe(body)}`);
  }
  const status = text(body.status);
  const message = redact(text(body.message) ?? '');
  if (!isSuccessStatus(body.status)) {
    throw new KaleyraApiError(method, message || 'unknown error', status ?? undefined);
  }
  if (INITIATE_METHODS.has(method)) {
    const id = isRecord(body.data) ? text(body.data.id) : null;
    if (id === null) {
      throw new KaleyraApiError(
        method,
        message ? `${message}, but no data.id in the response` : 'no data.id in the response',
        status ?? undefined,
      );
    }
  }
  return { status: status ?? '', message, data: body.data };
}

/** The `{ id }` of a successful initiate envelope (parseEnvelope has already checked it). */
export function toInitiateResult(method: string, envelope: KaleyraEnvelope): InitiateResult {
  const id = isRecord(envelope.data) ? text(envelope.data.id) : null;
  if (id === null) throw new KaleyraApiError(method, 'no data.id in the response', envelope.status);
  return { id };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Parses one raw call-log record. Never throws: anything that cannot be stored faithfully (no id,
 * no numbers, no usable start time, no status or service) is rejected with a reason instead of
 * being half-parsed. Unknown statuses and services are kept verbatim.
 */
export function parseCallLogRecord(raw: unknown): CallLogParseResult {
  if (!isRecord(raw)) return { ok: false, reason: `record is ${describe(raw)}, not an object` };
  const id = text(raw.id);
  if (id === null) return { ok: false, reason: 'missing id' };
  const reject = (reason: string): CallLogParseResult => ({ ok: false, reason, id });
  // Postgres cannot store NUL in text: one such record would fail its whole page.
  for (const [key, v] of Object.entries(raw)) {
    if (typeof v === 'string' && v.includes('\u0000')) return reject(`NUL character in ${key}`);
  }

  const callfrom = text(raw.callfrom);
  if (callfrom === null) return reject('missing callfrom');
  const callto = text(raw.callto);
  if (callto === null) return reject('missing callto');
  if (typeof raw.start_time !== 'string') return reject('missing start_time');
  const startTime = parseIstDateTime(raw.start_time);
  if (startTime === null) return reject(`bad start_time "${raw.start_time.slice(0, 40)}"`);
  const status = text(raw.status);
  if (status === null) return reject('missing status');
  const service = text(raw.service);
  if (service === null) return reject('missing service');

  // Served to browsers as a link: only http(s) or protocol-relative URLs are kept.
  const recording = text(raw.recording);

  // end_time is optional: a blank or PHP-style "0000-00-00 00:00:00" just means "not known".
  const endTime = typeof raw.end_time === 'string' ? parseIstDateTime(raw.end_time) : null;

  return {
    ok: true,
    record: {
      id,
      uniqid: text(raw.uniqid),
      callfrom,
      callto,
      startTime,
      endTime,
      duration: seconds(raw.duration),
      billsec: seconds(raw.billsec),
      status,
      location: text(raw.location),
      provider: text(raw.provider),
      service,
      callerId: text(raw.caller_id) ?? text(raw.callerid),
      recording: recordingUrlOf(recording) ? recording : null,
      parentId: text(raw.parent_id),
    },
  };
}
