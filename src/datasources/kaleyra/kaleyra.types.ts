/** Shapes of Kaleyra's legacy voice API (wire) and of what the client hands to the app (parsed). */

export const CLICK_TO_CALL_METHOD = 'dial.click2call';
export const OUTBOUND_CALL_METHOD = 'voice.call';
export const CALL_LOG_METHOD = 'dial';

/** Methods that start a call and answer with `data.id`; they are never retried. */
export const INITIATE_METHODS: ReadonlySet<string> = new Set([
  CLICK_TO_CALL_METHOD,
  OUTBOUND_CALL_METHOD,
]);

/** A successful envelope, normalised: `status` as a string, `message` possibly empty. */
export interface KaleyraEnvelope {
  status: string;
  message: string;
  data: unknown;
}

/**
 * One call-log record as `method=dial` sends it (docs/kaleyra-api.md §4.3; an example page is
 * test/fixtures/kaleyra/dial-logs-page.json).
 */
export interface KaleyraCallLogWire {
  id: string;
  uniqid: string;
  parent_id: string;
  callfrom: string;
  callto: string;
  /** "YYYY-MM-DD HH:MM:SS", IST, no zone. */
  start_time: string;
  end_time: string;
  duration: number;
  billsec: string;
  status: string;
  location: string;
  provider: string;
  service: string;
  caller_id: string;
  recording: string;
  notes: string;
  custom: string;
  credits: string;
  date: string;
}

/** A parsed call-log leg: the shape upserted into kaleyra_call_logs. */
export interface KaleyraCallLog {
  id: string;
  uniqid: string | null;
  callfrom: string;
  callto: string;
  startTime: Date;
  endTime: Date | null;
  duration: number | null;
  billsec: number | null;
  /** Kaleyra's status verbatim (ANSWER, NOANSWER, ANSWERED-B, ... or something new). */
  status: string;
  location: string | null;
  provider: string | null;
  /** Kaleyra's service verbatim (Incoming, CallForward, Click2Call, ... or something new). */
  service: string;
  callerId: string | null;
  recording: string | null;
  /** Kaleyra's parent_id: for a CallForward leg, the id of its Incoming leg; null when empty. */
  parentId: string | null;
}

export type CallLogParseResult =
  { ok: true; record: KaleyraCallLog } | { ok: false; reason: string; id?: string };

export interface SkippedCallLog {
  /** Position of the record in the page's `data` array. */
  index: number;
  id?: string;
  reason: string;
}

export interface CallLogPage {
  /** 1-based page number as sent. */
  page: number;
  records: KaleyraCallLog[];
  skipped: SkippedCallLog[];
  /** Rows Kaleyra sent on this page, valid or not; paging stops when it is below the limit. */
  rawCount: number;
}

export interface CallLogsOptions {
  /** Rows per page; 200 by default. */
  limit?: number;
  signal?: AbortSignal;
}

export interface ClickToCallInput {
  /** Leg 1: rung first. */
  agentNumber: string;
  /** Leg 2: rung once the agent answers. */
  customerNumber: string;
  /** Callback URL template with literal `{placeholders}`; see callbackTemplate(). */
  callbackUrl?: string;
  signal?: AbortSignal;
}

export interface OutboundCallInput {
  customerNumber: string;
  /** Sound file (`123.sound`) or IVR (`ivr:1234`). */
  play: string;
  campaign?: string;
  callbackUrl?: string;
  signal?: AbortSignal;
}

export interface InitiateResult {
  id: string;
}

export interface KaleyraRetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  limit: number;
  baseDelayMs: number;
  /** Ceiling for one wait, also for a server's Retry-After. */
  maxDelayMs: number;
}
