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
