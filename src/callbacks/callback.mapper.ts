import type { CallbackUpdate } from '../datasources/database/callback.rows';
import type { IvrCallStatusName } from '../datasources/database/ivr-call.rows';
import { parseIstDateTime } from '../domain/ist';
import { hasControlCharacters, isUuid, recordingUrlOf } from '../domain/formats';
import { normalizePhone } from '../domain/phone';

const BASE_STATUS: Record<string, IvrCallStatusName> = {
  ANSWER: 'ANSWERED',
  BUSY: 'BUSY',
  NOANSWER: 'MISSED',
  CANCEL: 'CANCELLED',
  FAILED: 'FAILED',
  CONGESTION: 'FAILED',
  // OBD (voice.call) outcomes seen in public integrations.
  COMPLETED: 'ANSWERED',
  DNDNUMB: 'FAILED',
  DND: 'FAILED',
};

/** Kaleyra's status → ours. _LEG1/_LEG2 variants map to their base; unknown ones → FAILED. */
export function mapKaleyraStatus(raw: string): { status: IvrCallStatusName; known: boolean } {
  const base = raw
    .trim()
    .toUpperCase()
    .replace(/_LEG[12]$/, '');
  const status = BASE_STATUS[base];
  return status ? { status, known: true } : { status: 'FAILED', known: false };
}

export type ParsedCallback =
  { ok: true; update: CallbackUpdate; unknownStatus: string | null } | { ok: false; error: string };

const MAX_LEN = 512;

// Every parameter the mapper reads; a malformed one refuses the whole callback (400, nothing written).
const READ = [
  'status',
  'obdstatus',
  'caller',
  'receiver',
  'number',
  'ivr_call_id',
  'id',
  'duration',
  'billsec',
  'recordpath',
  'starttime',
  'endtime',
] as const;

/** A query value as sent (the first, when a key is repeated), before any trimming. */
function raw(query: Record<string, unknown>, name: string): string | null {
  let v = query[name];
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : null;
}

/** Why a parameter cannot be stored (too long, or a control character such as NUL), or null. */
function malformed(query: Record<string, unknown>): string | null {
  for (const name of READ) {
    const v = raw(query, name)?.trim();
    if (v === undefined) continue;
    if (v.length > MAX_LEN) return `malformed parameter: ${name} (over ${MAX_LEN} characters)`;
    if (hasControlCharacters(v)) return `malformed parameter: ${name} (control characters)`;
  }
  return null;
}

/**
 * A query value, or null when absent, blank, or a placeholder Kaleyra left unfilled ("{name}"):
 * docs/kaleyra-api.md §6.
 */
function value(query: Record<string, unknown>, name: string): string | null {
  const t = raw(query, name)?.trim();
  if (t === undefined || t === '' || /^\{[^}]*\}$/.test(t)) return null;
  return t;
}

function count(query: Record<string, unknown>, name: string): number | null {
  const v = value(query, name);
  if (v === null || !/^\d{1,9}$/.test(v)) return null;
  return Number(v);
}

/** Epoch seconds, or Kaleyra's "YYYY-MM-DD HH:MM:SS" in IST; anything else is missing. */
export function parseCallbackTime(v: string | null): Date | null {
  if (v === null) return null;
  if (/^\d{9,11}$/.test(v)) return new Date(Number(v) * 1000);
  return parseIstDateTime(v);
}

function number(v: string | null): string | null {
  if (v === null) return null;
  return normalizePhone(v) ?? v.slice(0, 64);
}

/**
 * Turns the query string of Kaleyra's callback GET into an update. Pure, and never throws: a
 * request without a status, without any number, with a malformed id, or with a parameter over
 * 512 characters or holding a control character is rejected with a reason. A recording that is
 * not an http(s) URL is dropped (the outcome is still stored): see recordingUrlOf.
 */
export function parseCallback(query: Record<string, unknown>, receivedAt: Date): ParsedCallback {
  if (typeof query !== 'object' || query === null)
    return { ok: false, error: 'no query parameters' };
  const bad = malformed(query);
  if (bad !== null) return { ok: false, error: bad };
  const rawStatus = value(query, 'status') ?? value(query, 'obdstatus');
  if (rawStatus === null) return { ok: false, error: 'missing parameter: status' };
  const caller = number(value(query, 'caller'));
  const receiver = number(value(query, 'receiver') ?? value(query, 'number'));
  if (caller === null && receiver === null)
    return { ok: false, error: 'missing parameter: caller or receiver' };
  const ivrCallId = value(query, 'ivr_call_id');
  if (ivrCallId !== null && !isUuid(ivrCallId))
    return { ok: false, error: 'malformed parameter: ivr_call_id' };
  const kaleyraCallId = value(query, 'id');
  if (kaleyraCallId !== null && kaleyraCallId.length > 128)
    return { ok: false, error: 'malformed parameter: id' };

  const { status, known } = mapKaleyraStatus(rawStatus);
  const recording = value(query, 'recordpath');
  return {
    ok: true,
    unknownStatus: known ? null : rawStatus,
    update: {
      ivrCallId: ivrCallId?.toLowerCase() ?? null,
      kaleyraCallId,
      caller,
      receiver,
      status,
      kaleyraStatus: rawStatus.slice(0, 64),
      duration: count(query, 'duration'),
      billsec: count(query, 'billsec'),
      recordingUrl: recordingUrlOf(recording),
      startTime: parseCallbackTime(value(query, 'starttime')),
      endTime: parseCallbackTime(value(query, 'endtime')),
      receivedAt,
    },
  };
}
