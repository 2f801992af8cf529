import type { Readable } from 'node:stream';
import type { KaleyraCallLog } from '../kaleyra/kaleyra.types';
import type { AgentRow, AgentUpsert } from './agent.rows';
import type { CallListQuery, CallLogRow, UpsertCounts, DbCallLog } from './call-log.rows';
import type { CallbackResult, CallbackUpdate } from './callback.rows';
import type {
  CustomerCallDayRow,
  CustomerCallLegRow,
  CustomerCallQuery,
  CustomerCallRow,
  ServiceLevelRow,
} from './customer-call.rows';
import type {
  AgentStatsRow,
  CallVolumeRow,
  DailyVolumeRow,
  StatusCountRow,
  TimeRange,
} from './dashboard.rows';
import type { ExportQuery } from './export.rows';
import type { IvrCallRow, IvrCallWrite, NewIvrCall } from './ivr-call.rows';
import type {
  BreakdownDimensionName,
  BreakdownRowData,
  CallerSummaryRow,
  HeatmapCellRow,
  MissedCallerRow,
  RecoveryStateName,
  RecoverySummaryRow,
} from './recovery.rows';
import type { OutboxCursor, OutboxPage } from './outbox.rows';
import type { LeaseStore } from './sync-lease';
import type { LastSyncRow } from './sync.rows';

/** What /readyz needs to know. */
export interface Readiness {
  ok: boolean;
  detail: string;
}

/**
 * The one interface resolvers see for the database. Two adapters implement it by calling the same
 * SQL functions in db/: PgStore (direct Postgres, the default) and SupabaseJsStore
 * (PostgREST over HTTP). Failures come out as AppError (DATABASE_UNAVAILABLE) or plain Errors that
 * the GraphQL layer masks.
 */
export interface DashboardStore extends LeaseStore {
  readonly kind: 'pg' | 'supabase-js';
  callVolume(range: TimeRange): Promise<CallVolumeRow>;
  agentStats(range: TimeRange): Promise<AgentStatsRow[]>;
  dailyVolume(range: TimeRange): Promise<DailyVolumeRow[]>;
  statusBreakdown(range: TimeRange): Promise<StatusCountRow[]>;
  /** One page of legs, newest first. */
  callList(
    range: TimeRange,
    filter: CallListQuery,
    limit: number,
    offset: number,
  ): Promise<CallLogRow[]>;
  callCount(range: TimeRange, filter: CallListQuery): Promise<number>;
  /** One page of customer calls whose Incoming leg starts in the range, newest first. */
  customerCalls(
    range: TimeRange,
    filter: CustomerCallQuery,
    limit: number,
    offset: number,
  ): Promise<CustomerCallRow[]>;
  customerCallCount(range: TimeRange, filter: CustomerCallQuery): Promise<number>;
  /** A customer call by its Incoming leg's id; null when there is none. */
  customerCallById(id: string): Promise<CustomerCallRow | null>;
  /**
   * The legs of a batch of customer calls in one round trip, each call's Incoming leg first, then
   * its linked CallForward legs by start time.
   */
  customerCallLegs(ids: readonly string[]): Promise<CustomerCallLegRow[]>;
  /**
   * An export's records (no header line) as CSV with CRLF line ends, oldest first (start time,
   * then id), streamed as the reader takes them: the result is never held whole. Destroying the
   * stream before its end stops the query and gives its connection back. Rejects before any row
   * when the database cannot be reached (DATABASE_UNAVAILABLE); a failure mid-file destroys the
   * stream with the error.
   */
  exportCsv(query: ExportQuery): Promise<Readable>;
  /** serviceLevel's counts, rates and averages over the range. */
  serviceLevel(
    range: TimeRange,
    answerWithinSeconds: number,
    shortAbandonSeconds: number,
  ): Promise<ServiceLevelRow>;
  /** Customer calls per IST day of the range (zero-filled), by outcome. */
  customerCallsByDay(range: TimeRange): Promise<CustomerCallDayRow[]>;
  /**
   * One page of missed-call episodes whose first missed call is in the range, firstMissedAt desc
   * then customerNumber asc; state null = open and recovered.
   */
  missedCallers(
    range: TimeRange,
    state: RecoveryStateName | null,
    limit: number,
    offset: number,
  ): Promise<MissedCallerRow[]>;
  missedCallerCount(range: TimeRange, state: RecoveryStateName | null): Promise<number>;
  /** recoverySummary's counts, rate and median over the episodes starting in the range. */
  recoverySummary(range: TimeRange, withinHours: number): Promise<RecoverySummaryRow>;
  /** The 168 IST weekday x hour cells of the range's customer calls, zero-filled, in order. */
  callHeatmap(range: TimeRange): Promise<HeatmapCellRow[]>;
  /** The range's customer calls by one dimension, offered desc then key asc. */
  callBreakdown(range: TimeRange, by: BreakdownDimensionName): Promise<BreakdownRowData[]>;
  /** Unique, new and repeat callers of the range. */
  callerSummary(range: TimeRange): Promise<CallerSummaryRow>;
  /** Agents for a batch of numbers, in one round trip (order not guaranteed). */
  agentsByNumbers(numbers: readonly string[]): Promise<AgentRow[]>;
  listAgents(options: { activeOnly: boolean }): Promise<AgentRow[]>;
  upsertAgent(agent: AgentUpsert): Promise<AgentRow>;
  /** Upserts a page of legs in one statement; unchanged rows are not rewritten. */
  upsertCallLogs(records: readonly KaleyraCallLog[]): Promise<UpsertCounts>;
  /** Records that a sync fetched an IST day completely, with a digest of each page it wrote. */
  markSyncDay(
    day: string,
    stats: { fetched: number; upserted: number; skipped: number },
    pageDigests: string[],
  ): Promise<void>;
  /** The page digests of the last completed sync of a day ([] when none). */
  syncPageDigests(day: string): Promise<string[]>;
  /** The IST day a sync completed most recently, and when (null before the first sync). */
  lastSync(): Promise<LastSyncRow | null>;
  /** Days of [from, to] completed long enough after they ended that a re-run may skip them. */
  settledSyncDays(from: string, to: string, settleHours: number): Promise<string[]>;
  /**
   * Runs fn while holding the cluster-wide sync lease (sync-lease.ts), or throws
   * SYNC_IN_PROGRESS at once when another instance holds it.
   */
  withSyncLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Inserts an INITIATED call (its event goes to the outbox in the same transaction). */
  createIvrCall(call: NewIvrCall): Promise<IvrCallWrite>;
  /** Stores Kaleyra's id for a started call, or marks it FAILED with the reason. */
  settleIvrCallStart(
    id: string,
    outcome: { kaleyraCallId: string } | { failureReason: string },
  ): Promise<IvrCallWrite>;
  /**
   * Applies callback deliveries in one transaction, each on its own (find by our id, else Kaleyra's,
   * else create; merge rules in SQL): one that fails is reported in its slot, the others stored.
   */
  applyCallbacks(updates: readonly CallbackUpdate[]): Promise<CallbackResult[]>;
  /** Where a new outbox reader starts: now (events committed earlier are history). */
  outboxHead(): Promise<string>;
  /** One page of the live events committed past the cursor, in order (see OutboxCursor). */
  readOutbox(cursor: OutboxCursor, limit: number): Promise<OutboxPage>;
  /** Deletes up to `limit` outbox events older than `keepSeconds`; returns how many. */
  pruneOutbox(keepSeconds: number, limit: number): Promise<number>;
  ivrCallById(id: string): Promise<IvrCallRow | null>;
  /** Calls for a batch of our ids, in one round trip (order not guaranteed). */
  ivrCallsByIds(ids: readonly string[]): Promise<IvrCallRow[]>;
  /** Calls still INITIATED whose Click2Call leg is in kaleyra_call_logs (lost callbacks). */
  ivrCallsToReconcile(): Promise<{ ivrCallId: string; leg: DbCallLog }[]>;
  /** A secret shared by all instances: the stored one, or `candidate` if none was stored yet. */
  sharedSecret(name: string, candidate: string): Promise<string>;
  /** Counts one hit against a per-key budget shared by all instances; false once it is spent. */
  takeRateLimit(key: string, limit: number, windowSeconds: number): Promise<boolean>;
  /** Reachable, and the schema this code expects is in place. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}
