import type {
  AgentRow,
  AgentStatsRow,
  AgentUpsert,
  CallListQuery,
  CallLogRow,
  CallVolumeRow,
  DailyVolumeRow,
  Readiness,
  StatusCountRow,
  TimeRange,
} from './rows';

/**
 * The one interface resolvers see for the database. Two adapters implement it by calling the same
 * SQL functions in db/: PgDataSource (direct Postgres, the default) and SupabaseJsDataSource
 * (PostgREST over HTTP). Failures come out as AppError (DATABASE_UNAVAILABLE) or plain Errors that
 * the GraphQL layer masks.
 */
export interface SupabaseDataSource {
  readonly kind: 'pg' | 'supabase-js';
  callVolume(range: TimeRange): Promise<CallVolumeRow>;
  agentStats(range: TimeRange): Promise<AgentStatsRow[]>;
  dailyVolume(range: TimeRange): Promise<DailyVolumeRow[]>;
  statusBreakdown(range: TimeRange): Promise<StatusCountRow[]>;
  /** One page of legs, newest first. */
  callList(range: TimeRange, filter: CallListQuery, limit: number, offset: number): Promise<CallLogRow[]>;
  callCount(range: TimeRange, filter: CallListQuery): Promise<number>;
  /** Agents for a batch of numbers, in one round trip (order not guaranteed). */
  agentsByNumbers(numbers: readonly string[]): Promise<AgentRow[]>;
  listAgents(options: { activeOnly: boolean }): Promise<AgentRow[]>;
  upsertAgent(agent: AgentUpsert): Promise<AgentRow>;
  /** Reachable, and the schema this code expects is in place. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}
