/** Synced call-log legs (kaleyra_call_logs): the call list's rows, and the sync's upsert. */

import type { KaleyraCallLog } from '../kaleyra/kaleyra.types';
import { toDate, toDateOrNull } from './timestamps';

export interface CallLogRow {
  id: string;
  uniqid: string | null;
  callFrom: string;
  callTo: string;
  startTime: Date;
  endTime: Date | null;
  duration: number | null;
  billsec: number | null;
  status: string;
  location: string | null;
  provider: string | null;
  /** Kaleyra's service string verbatim (Incoming, CallForward, Click2Call, or something new). */
  service: string;
  callerId: string | null;
  recording: string | null;
  syncedAt: Date | null;
}

/** Filter of the call list; service is Kaleyra's string, or 'OTHER' for any unknown service. */
export interface CallListQuery {
  service?: string | null;
  agentNumber?: string | null;
  status?: string | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface DbCallLog {
  id: string;
  uniqid: string | null;
  callfrom: string;
  callto: string;
  start_time: Date | string;
  end_time: Date | string | null;
  duration: number | null;
  billsec: number | null;
  status: string;
  location: string | null;
  provider: string | null;
  service: string;
  caller_id: string | null;
  recording: string | null;
  synced_at: Date | string | null;
}

export function toCallLogRow(r: DbCallLog): CallLogRow {
  return {
    id: r.id,
    uniqid: r.uniqid,
    callFrom: r.callfrom,
    callTo: r.callto,
    startTime: toDate(r.start_time),
    endTime: toDateOrNull(r.end_time),
    duration: r.duration,
    billsec: r.billsec,
    status: r.status,
    location: r.location,
    provider: r.provider,
    service: r.service,
    callerId: r.caller_id,
    recording: r.recording,
    syncedAt: toDateOrNull(r.synced_at),
  };
}

/** A parsed leg as the upsert function's JSON argument (snake_case, ISO instants). */
export function toDbCallLogJson(r: KaleyraCallLog) {
  return {
    id: r.id,
    uniqid: r.uniqid,
    callfrom: r.callfrom,
    callto: r.callto,
    start_time: r.startTime.toISOString(),
    end_time: r.endTime?.toISOString() ?? null,
    duration: r.duration,
    billsec: r.billsec,
    status: r.status,
    location: r.location,
    provider: r.provider,
    service: r.service,
    caller_id: r.callerId,
    recording: r.recording,
    parent_id: r.parentId,
  };
}

/**
 * The columns of a stored leg, in the order of upsert_kaleyra_call_log_columns' parameters (the
 * sync's COPY benchmark writes the same columns).
 */
export const CALL_LOG_COLUMNS = [
  'id',
  'uniqid',
  'callfrom',
  'callto',
  'start_time',
  'end_time',
  'duration',
  'billsec',
  'status',
  'location',
  'provider',
  'service',
  'caller_id',
  'recording',
  'parent_id',
] as const satisfies readonly (keyof ReturnType<typeof toDbCallLogJson>)[];
