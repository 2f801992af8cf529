/** Missed-call recovery episodes and the customer-call breakdowns, as the app sees them. */

import { toDate, toDateOrNull } from './timestamps';

/** One episode (customer_call_episodes). */
export interface MissedCallerRow {
  /** The normalised number the episode groups calls by. */
  caller: string;
  /** callfrom of the first missed call, verbatim. */
  customerNumber: string;
  missedCalls: number;
  firstMissedAt: Date;
  lastMissedAt: Date;
  recoveredAt: Date | null;
  recoveredBy: 'CALLED_BACK' | 'CALLER_CALLED_AGAIN' | null;
  recoveredByAgent: string | null;
  secondsToRecovery: number | null;
}

/** get_recovery_summary's one row. */
export interface RecoverySummaryRow {
  episodes: number;
  recovered: number;
  recoveredWithin: number;
  open: number;
  recoveryRatePercent: number | null;
  medianSecondsToRecovery: number | null;
}

export interface HeatmapCellRow {
  weekday: number;
  hour: number;
  offered: number;
  answered: number;
}

export interface BreakdownRowData {
  key: string;
  offered: number;
  answered: number;
  answerRatePercent: number | null;
}

export interface CallerSummaryRow {
  uniqueCallers: number;
  newCallers: number;
  repeatCallers: number;
}

/** missedCallers' state filter, as get_missed_callers takes it (null = both). */
export type RecoveryStateName = 'OPEN' | 'RECOVERED';
/** callBreakdown's dimension, as get_call_breakdown takes it. */
export type BreakdownDimensionName = 'LOCATION' | 'PROVIDER' | 'DID';

// ---- from the database's snake_case shapes (pg gives Dates, PostgREST gives strings) ----

export interface DbMissedCaller {
  caller: string;
  first_missed_at: Date | string;
  customer_number: string;
  missed_calls: number;
  last_missed_at: Date | string;
  recovered_at: Date | string | null;
  recovered_by: 'CALLED_BACK' | 'CALLER_CALLED_AGAIN' | null;
  recovered_by_agent: string | null;
  seconds_to_recovery: number | null;
}

export interface DbRecoverySummary {
  episodes: number;
  recovered: number;
  recovered_within: number;
  open: number;
  recovery_rate_percent: number | null;
  median_seconds_to_recovery: number | null;
}

export interface DbBreakdownRow {
  key: string;
  offered: number;
  answered: number;
  answer_rate_percent: number | null;
}

export interface DbCallerSummary {
  unique_callers: number;
  new_callers: number;
  repeat_callers: number;
}

export function toMissedCallerRow(r: DbMissedCaller): MissedCallerRow {
  return {
    caller: r.caller,
    customerNumber: r.customer_number,
    missedCalls: r.missed_calls,
    firstMissedAt: toDate(r.first_missed_at),
    lastMissedAt: toDate(r.last_missed_at),
    recoveredAt: toDateOrNull(r.recovered_at),
    recoveredBy: r.recovered_by,
    recoveredByAgent: r.recovered_by_agent,
    secondsToRecovery: r.seconds_to_recovery,
  };
}

export function toRecoverySummaryRow(r: DbRecoverySummary): RecoverySummaryRow {
  return {
    episodes: r.episodes,
    recovered: r.recovered,
    recoveredWithin: r.recovered_within,
    open: r.open,
    recoveryRatePercent: r.recovery_rate_percent,
    medianSecondsToRecovery: r.median_seconds_to_recovery,
  };
}

export function toBreakdownRow(r: DbBreakdownRow): BreakdownRowData {
  return {
    key: r.key,
    offered: r.offered,
    answered: r.answered,
    answerRatePercent: r.answer_rate_percent,
  };
}

export function toCallerSummaryRow(r: DbCallerSummary): CallerSummaryRow {
  return {
    uniqueCallers: r.unique_callers,
    newCallers: r.new_callers,
    repeatCallers: r.repeat_callers,
  };
}
