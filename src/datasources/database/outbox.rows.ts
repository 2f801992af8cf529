import type { CallStatusEventJson } from './ivr-call.rows';

/**
 * Where an outbox reader stands (db/functions/call_status_outbox.sql): events committed after
 * snapshot `after` are still to read; while a step is read in pages, `upto` is the step's end and
 * `afterId` the last id read.
 */
export interface OutboxCursor {
  after: string;
  upto: string | null;
  afterId: number;
}

/** One page of the outbox: events in id order, and the snapshot that ends their step. */
export interface OutboxPage {
  upto: string;
  events: { id: number; event: CallStatusEventJson }[];
}

/** read_call_status_outbox's answer. */
export function toOutboxPage(json: {
  upto: string;
  events: { id: number; payload: CallStatusEventJson }[];
}): OutboxPage {
  return { upto: json.upto, events: json.events.map((e) => ({ id: e.id, event: e.payload })) };
}
