/** Calls this server starts (ivr_calls), and the callStatusChanged event a write to one causes. */

import { toDate, toDateOrNull } from './timestamps';

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

/**
 * A write to ivr_calls: the row, and the event it caused (null when nothing changed), which the
 * same transaction also added to call_status_outbox.
 */
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

export interface NewIvrCall {
  kind: 'click2call' | 'outbound';
  customerNumber: string;
  agentNumber: string | null;
  agentName: string | null;
}
