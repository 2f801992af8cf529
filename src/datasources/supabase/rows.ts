import { isRetryableSqlstate } from '../../database/pg-errors';
import type { KaleyraCallLog } from '../kaleyra/kaleyra.types';

/** Rows as the app sees them (camelCase, Dates), whichever adapter fetched them. */

export interface TimeRange {
  start: Date;
  end: Date;
}

export interface CallVolumeRow {
  total: number;
  incoming: number;
  forwarded: number;
  click2call: number;
}

export interface AgentStatsRow {
  agentNumber: string;
  callsAnswered: number;
  totalTalkSeconds: number;
  missedCalls: number;
}

export interface DailyVolumeRow {
  date: string;
  incoming: number;
  forwarded: number;
}

export interface StatusCountRow {
  status: string;
  count: number;
}

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

export interface AgentRow {
  agentNumber: string;
  name: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentUpsert {
  agentNumber: string;
  name: string;
  active: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** What /readyz needs to know. */
export interface Readiness {
  ok: boolean;
  detail: string;
}

// ---- mapping from the database's snake_case shapes (pg gives Dates, PostgREST gives strings) ----

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

export interface DbAgent {
  agent_number: string;
  name: string;
  active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const toDateOrNull = (v: Date | string | null): Date | null => (v == null ? null : toDate(v));

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

export function toAgentRow(r: DbAgent): AgentRow {
  return {
    agentNumber: r.agent_number,
    name: r.name,
    active: r.active,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

export function toAgentStatsRow(r: {
  agent_number: string;
  calls_answered: number;
  total_talk_seconds: number;
  missed_calls: number;
}): AgentStatsRow {
  return {
    agentNumber: r.agent_number,
    callsAnswered: r.calls_answered,
    totalTalkSeconds: r.total_talk_seconds,
    missedCalls: r.missed_calls,
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
  };
}

// ---- calls this server starts (ivr_calls) ----

export type IvrCallStatusName =
  'INITIATED' | 'ANSWERED' | 'BUSY' | 'MISSED' | 'CANCELLED' | 'FAILED';

export interface IvrCallRow {
  id: string;
  kaleyraCallId: string | null;
  kind: 'click2call' | 'outbound';
  customerNumber: string;
  agentNumber: string | null;
  agentName: string | null;
  status: IvrCallStatusName;
  kaleyraStatus: string | null;
  failureReason: string | null;
  duration: number | null;
  billsec: number | null;
  recordingUrl: string | null;
  startTime: Date | null;
  endTime: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DbIvrCall {
  id: string;
  kaleyra_call_id: string | null;
  kind: 'click2call' | 'outbound';
  customer_number: string;
  agent_number: string | null;
  agent_name: string | null;
  status: IvrCallStatusName;
  kaleyra_status: string | null;
  failure_reason: string | null;
  duration: number | null;
  billsec: number | null;
  recording_url: string | null;
  start_time: string | Date | null;
  end_time: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export function toIvrCallRow(r: DbIvrCall): IvrCallRow {
  return {
    id: r.id,
    kaleyraCallId: r.kaleyra_call_id,
    kind: r.kind,
    customerNumber: r.customer_number,
    agentNumber: r.agent_number,
    agentName: r.agent_name,
    status: r.status,
    kaleyraStatus: r.kaleyra_status,
    failureReason: r.failure_reason,
    duration: r.duration,
    billsec: r.billsec,
    recordingUrl: r.recording_url,
    startTime: toDateOrNull(r.start_time),
    endTime: toDateOrNull(r.end_time),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** The most recent completion of an IST day by a sync (kaleyra_sync_days). */
export interface LastSyncRow {
  day: string;
  completedAt: Date;
}

/** The CallStatusEvent as the database builds it (ivr_call_event), JSON-shaped. */
export interface CallStatusEventJson {
  ivrCallId: string | null;
  kaleyraCallId: string | null;
  kind?: string;
  caller: string;
  receiver: string;
  agentName?: string | null;
  status: IvrCallStatusName;
  kaleyraStatus: string;
  duration: number | null;
  billsec: number | null;
  startTime: string | null;
  endTime: string | null;
  recordingUrl: string | null;
  receivedAt: string;
}

/** A write to ivr_calls: the row, and the event it announced (null when nothing changed). */
export interface IvrCallWrite {
  call: IvrCallRow;
  changed: boolean;
  event: CallStatusEventJson | null;
}

export function toIvrCallWrite(json: {
  call: DbIvrCall;
  changed?: boolean;
  event: CallStatusEventJson | null;
}): IvrCallWrite {
  return { call: toIvrCallRow(json.call), changed: json.changed ?? true, event: json.event };
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

/** One callback delivery, parsed and mapped (see subscriptions/callback.mapper.ts). */
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

export interface NewIvrCall {
  kind: 'click2call' | 'outbound';
  customerNumber: string;
  agentNumber: string | null;
  agentName: string | null;
}
