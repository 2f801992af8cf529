/** The CSV exports (db/functions/exports.sql): which file, which rows, and its columns. */

import type { CallListQuery } from './call-log.rows';
import type { CallOutcomeName } from './customer-call.rows';
import type { TimeRange } from './dashboard.rows';

/** call-logs.csv's columns, in the file's order (export_call_logs returns them under these names). */
export const CALL_LOG_EXPORT_COLUMNS = [
  'id',
  'start_time_ist',
  'end_time_ist',
  'service',
  'call_from',
  'call_to',
  'agent_number',
  'agent_name',
  'status',
  'duration',
  'billsec',
  'location',
  'provider',
  'caller_id',
  'recording_url',
] as const;

/** customer-calls.csv's columns, in the file's order (export_customer_calls returns them). */
export const CUSTOMER_CALL_EXPORT_COLUMNS = [
  'id',
  'start_time_ist',
  'customer_number',
  'did',
  'outcome',
  'answered_by',
  'answered_by_name',
  'answered_at_ist',
  'seconds_to_answer',
  'talk_seconds',
  'agents_tried',
  'location',
  'provider',
  'recording_url',
] as const;

/** One export, validated: the range, the filter (as callList's / customerCalls'), and masking. */
export type ExportQuery =
  | { file: 'call-logs'; range: TimeRange; filter: CallListQuery; mask: boolean }
  | {
      file: 'customer-calls';
      range: TimeRange;
      filter: { outcome: CallOutcomeName | null };
      mask: boolean;
    };

/** The columns of an export's file, in order. */
export function exportColumns(file: ExportQuery['file']): readonly string[] {
  return file === 'call-logs' ? CALL_LOG_EXPORT_COLUMNS : CUSTOMER_CALL_EXPORT_COLUMNS;
}

/**
 * The arguments of export_call_logs / export_customer_calls after the range, by name (PostgREST
 * calls by name; the pg adapter writes them in this order).
 */
export function exportFilterArgs(query: ExportQuery): Record<string, string | boolean | null> {
  return query.file === 'call-logs'
    ? {
        p_service: query.filter.service ?? null,
        p_agent: query.filter.agentNumber ?? null,
        p_status: query.filter.status ?? null,
        p_mask: query.mask,
      }
    : { p_outcome: query.filter.outcome, p_mask: query.mask };
}

/** The SQL function that makes an export's rows. */
export function exportFunction(
  file: ExportQuery['file'],
): 'export_call_logs' | 'export_customer_calls' {
  return file === 'call-logs' ? 'export_call_logs' : 'export_customer_calls';
}
