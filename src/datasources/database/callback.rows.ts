/** Kaleyra's callbacks as apply_kaleyra_callbacks takes them, and its answer slot by slot. */

import { isRetryableSqlstate } from '../../database/pg-errors';
import { toIvrCallWrite, type IvrCallStatusName, type IvrCallWrite } from './ivr-call.rows';

/** One callback delivery, parsed and mapped (see callbacks/callback.mapper.ts). */
export interface CallbackUpdate {
  ivrCallId: string | null;
  kaleyraCallId: string | null;
  caller: string | null;
  receiver: string | null;
  status: IvrCallStatusName;
  kaleyraStatus: string;
  duration: number | null;
  billsec: number | null;
  recordingUrl: string | null;
  startTime: Date | null;
  endTime: Date | null;
  receivedAt: Date;
}

/** One callback of a batch: stored (the write), or refused by the database on its own. */
export type CallbackResult =
  | { ok: true; write: IvrCallWrite }
  /** retryable: a lock conflict or serialisation failure (isRetryableSqlstate); worth another try. */
  | { ok: false; error: string; code: string; retryable: boolean };

type CallbackResultJson = Parameters<typeof toIvrCallWrite>[0] | { error: string; code: string };

/** apply_kaleyra_callbacks' answer, slot by slot. */
export function toCallbackResults(json: CallbackResultJson[]): CallbackResult[] {
  return json.map((r) =>
    'error' in r
      ? { ok: false, error: r.error, code: r.code, retryable: isRetryableSqlstate(r.code) }
      : { ok: true, write: toIvrCallWrite(r) },
  );
}

/** A callback as apply_kaleyra_callbacks reads it (camelCase keys, ISO times). */
export function toDbCallbackJson(u: CallbackUpdate): Record<string, string | number | null> {
  return {
    ivrCallId: u.ivrCallId,
    kaleyraCallId: u.kaleyraCallId,
    caller: u.caller,
    receiver: u.receiver,
    status: u.status,
    kaleyraStatus: u.kaleyraStatus,
    duration: u.duration,
    billsec: u.billsec,
    recordingUrl: u.recordingUrl,
    startTime: u.startTime?.toISOString() ?? null,
    endTime: u.endTime?.toISOString() ?? null,
    receivedAt: u.receivedAt.toISOString(),
  };
}
