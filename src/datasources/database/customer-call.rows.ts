/** Customer calls (customer_calls), their legs, and serviceLevel's figures, as the app sees them. */

import { toCallLogRow, type CallLogRow, type DbCallLog } from './call-log.rows';
import { toDate, toDateOrNull } from './timestamps';

/** The contract's CallOutcome, as customer_calls.outcome stores it. */
export type CallOutcomeName = 'ANSWERED' | 'NOT_FORWARDED' | 'CALLER_HUNG_UP' | 'NO_ANSWER';

/** One customer call (customer_calls), as the app sees it. */
export interface CustomerCallRow {
  /** The Incoming leg's id. */
  id: string;
  /** callfrom of the Incoming leg, verbatim. */
  customerNumber: string;
  did: string;
  startTime: Date;
  endTime: Date | null;
  /** The Incoming leg's duration (shortAbandoned reads it). */
  duration: number | null;
  location: string | null;
  provider: string | null;
  outcome: CallOutcomeName;
  answerLegId: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  secondsToAnswer: number | null;
  talkSeconds: number | null;
  agentsTried: number;
}

/** customerCalls' filter; customerNumber and answeredBy already normalised. */
export interface CustomerCallQuery {
  outcome?: CallOutcomeName | null;
  customerNumber?: string | null;
  answeredBy?: string | null;
}

/** A leg of a customer call, with the call's id (get_customer_call_legs). */
export interface CustomerCallLegRow {
  callId: string;
  leg: CallLogRow;
}

/** get_customer_service_level's one row: the parts of ServiceLevel the database computes. */
export interface ServiceLevelRow {
  offered: number;
  answered: number;
  answeredWithin: number;
  missed: number;
  shortAbandoned: number;
  serviceLevelPercent: number | null;
  answerRatePercent: number | null;
  averageSecondsToAnswer: number | null;
  averageTalkSeconds: number | null;
  notForwarded: number;
  callerHungUp: number;
  noAnswer: number;
  unlinkedForwardLegs: number;
}

/** get_customer_call_daily's row: one IST day's customer calls by outcome. */
export interface CustomerCallDayRow {
  /** YYYY-MM-DD (IST). */
  date: string;
  offered: number;
  answered: number;
  missed: number;
  notForwarded: number;
  callerHungUp: number;
  noAnswer: number;
}

// ---- from the database's snake_case shapes (pg gives Dates, PostgREST gives strings) ----

export interface DbCustomerCall {
  id: string;
  customer_number: string;
  did: string;
  start_time: Date | string;
  end_time: Date | string | null;
  duration: number | null;
  location: string | null;
  provider: string | null;
  outcome: CallOutcomeName;
  answer_leg_id: string | null;
  answered_by: string | null;
  answered_at: Date | string | null;
  seconds_to_answer: number | null;
  talk_seconds: number | null;
  agents_tried: number;
}

export type DbCustomerCallLeg = DbCallLog & { call_id: string };

export interface DbServiceLevel {
  offered: number;
  answered: number;
  answered_within: number;
  missed: number;
  short_abandoned: number;
  service_level_percent: number | null;
  answer_rate_percent: number | null;
  average_seconds_to_answer: number | null;
  average_talk_seconds: number | null;
  not_forwarded: number;
  caller_hung_up: number;
  no_answer: number;
  unlinked_forward_legs: number;
}

export function toCustomerCallRow(r: DbCustomerCall): CustomerCallRow {
  return {
    id: r.id,
    customerNumber: r.customer_number,
    did: r.did,
    startTime: toDate(r.start_time),
    endTime: toDateOrNull(r.end_time),
    duration: r.duration,
    location: r.location,
    provider: r.provider,
    outcome: r.outcome,
    answerLegId: r.answer_leg_id,
    answeredBy: r.answered_by,
    answeredAt: toDateOrNull(r.answered_at),
    secondsToAnswer: r.seconds_to_answer,
    talkSeconds: r.talk_seconds,
    agentsTried: r.agents_tried,
  };
}

export function toCustomerCallLegRow(r: DbCustomerCallLeg): CustomerCallLegRow {
  return { callId: r.call_id, leg: toCallLogRow(r) };
}

export function toServiceLevelRow(r: DbServiceLevel): ServiceLevelRow {
  return {
    offered: r.offered,
    answered: r.answered,
    answeredWithin: r.answered_within,
    missed: r.missed,
    shortAbandoned: r.short_abandoned,
    serviceLevelPercent: r.service_level_percent,
    answerRatePercent: r.answer_rate_percent,
    averageSecondsToAnswer: r.average_seconds_to_answer,
    averageTalkSeconds: r.average_talk_seconds,
    notForwarded: r.not_forwarded,
    callerHungUp: r.caller_hung_up,
    noAnswer: r.no_answer,
    unlinkedForwardLegs: r.unlinked_forward_legs,
  };
}

/** The SQL functions' filter arguments. */
export function customerCallFilterArgs(filter: CustomerCallQuery) {
  return {
    p_outcome: filter.outcome ?? null,
    p_caller: filter.customerNumber ?? null,
    p_answered_by: filter.answeredBy ?? null,
  };
}

export interface DbCustomerCallDay {
  day: string;
  offered: number;
  answered: number;
  missed: number;
  not_forwarded: number;
  caller_hung_up: number;
  no_answer: number;
}

export function toCustomerCallDayRow(r: DbCustomerCallDay): CustomerCallDayRow {
  return {
    date: r.day,
    offered: r.offered,
    answered: r.answered,
    missed: r.missed,
    notForwarded: r.not_forwarded,
    callerHungUp: r.caller_hung_up,
    noAnswer: r.no_answer,
  };
}
