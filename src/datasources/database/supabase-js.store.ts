import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { Readable } from 'node:stream';
import { csvRecord } from '../../domain/csv';
import { retryOnConflict } from '../../database/pg-errors';
import { DatabaseUnavailableError } from '../../errors/database-unavailable-error';
import type { KaleyraCallLog } from '../kaleyra/kaleyra.types';
import type { Logger } from '../../logger';
import type { Database, ExportRow } from './database.types';
import { SupabaseQueryError, type PostgrestErrorLike } from './supabase-query-error';
import { toAgentRow, type AgentRow, type AgentUpsert } from './agent.rows';
import {
  toCallLogRow,
  toDbCallLogJson,
  type CallListQuery,
  type CallLogRow,
  type UpsertCounts,
  type DbCallLog,
} from './call-log.rows';
import {
  type CallbackResult,
  type CallbackUpdate,
  toCallbackResults,
  toDbCallbackJson,
} from './callback.rows';
import {
  customerCallFilterArgs,
  toCustomerCallDayRow,
  toCustomerCallLegRow,
  toCustomerCallRow,
  toServiceLevelRow,
  type CustomerCallDayRow,
  type CustomerCallLegRow,
  type CustomerCallQuery,
  type CustomerCallRow,
  type ServiceLevelRow,
} from './customer-call.rows';
import {
  toAgentStatsRow,
  type AgentStatsRow,
  type CallVolumeRow,
  type DailyVolumeRow,
  type StatusCountRow,
  type TimeRange,
} from './dashboard.rows';
import {
  type IvrCallRow,
  type IvrCallWrite,
  type NewIvrCall,
  toIvrCallRow,
  toIvrCallWrite,
} from './ivr-call.rows';
import { toOutboxPage, type OutboxCursor, type OutboxPage } from './outbox.rows';
import {
  toBreakdownRow,
  toCallerSummaryRow,
  toMissedCallerRow,
  toRecoverySummaryRow,
  type BreakdownDimensionName,
  type BreakdownRowData,
  type CallerSummaryRow,
  type HeatmapCellRow,
  type MissedCallerRow,
  type RecoveryStateName,
  type RecoverySummaryRow,
} from './recovery.rows';
import type { DashboardStore, Readiness } from './dashboard.store';
import { exportColumns, exportFilterArgs, exportFunction, type ExportQuery } from './export.rows';
import { SYNC_LEASE_SECONDS, withSyncLease } from './sync-lease';
import type { LastSyncRow } from './sync.rows';

/**
 * Rows per export page. Supabase caps an RPC's rows (max_rows, 1,000 by default) without saying
 * so, so a short page does not mean the end: the export stops at an empty page.
 */
const EXPORT_PAGE_ROWS = 1_000;

export interface SupabaseJsOptions {
  url: string;
  serviceRoleKey: string;
  /** Where a failure that is not the caller's to handle goes (a sync lease left behind). */
  logger: Logger;
  /** Injected in tests (PostgREST cannot run on the CI machines). */
  fetch?: typeof fetch;
  /** Lifetime of the sync lease between heartbeats (tests shorten it). */
  syncLeaseSeconds?: number;
}

// PGRST000..003: PostgREST cannot reach Postgres, or timed out. An empty code is a fetch failure.
const UNAVAILABLE = new Set([
  '',
  'PGRST000',
  'PGRST001',
  'PGRST002',
  'PGRST003',
  '503',
  '502',
  '504',
]);

function check<T>(
  operation: string,
  result: { data: T | null; error: PostgrestErrorLike | null },
): T {
  const { data, error } = result;
  if (error) {
    if (UNAVAILABLE.has(error.code ?? '') || /fetch failed/i.test(error.message)) {
      throw new DatabaseUnavailableError(new SupabaseQueryError(operation, error));
    }
    throw new SupabaseQueryError(operation, error);
  }
  return data as T;
}

/**
 * The adapter used when only SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY are set: the same SQL
 * functions, called as PostgREST RPCs. Table reads/writes go through the REST table API.
 */
export class SupabaseJsStore implements DashboardStore {
  readonly kind = 'supabase-js' as const;
  readonly client: SupabaseClient<Database>;
  private readonly logger: Logger;
  private readonly syncLeaseSeconds: number;

  constructor(options: SupabaseJsOptions) {
    this.logger = options.logger;
    this.syncLeaseSeconds = options.syncLeaseSeconds ?? SYNC_LEASE_SECONDS;
    this.client = createClient<Database>(options.url, options.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: options.fetch ? { fetch: options.fetch } : {},
    });
  }

  private static range({ start, end }: TimeRange) {
    return { p_start: start.toISOString(), p_end: end.toISOString() };
  }

  private static filter(filter: CallListQuery) {
    return {
      p_service: filter.service ?? null,
      p_agent: filter.agentNumber ?? null,
      p_status: filter.status ?? null,
    };
  }

  async callVolume(range: TimeRange): Promise<CallVolumeRow> {
    const rows = check(
      'rpc get_kaleyra_call_volume',
      await this.client.rpc('get_kaleyra_call_volume', SupabaseJsStore.range(range)),
    );
    return rows[0] ?? { total: 0, incoming: 0, forwarded: 0, click2call: 0 };
  }

  async agentStats(range: TimeRange): Promise<AgentStatsRow[]> {
    const rows = check(
      'rpc get_kaleyra_agent_stats',
      await this.client.rpc('get_kaleyra_agent_stats', SupabaseJsStore.range(range)),
    );
    return rows.map(toAgentStatsRow);
  }

  async dailyVolume(range: TimeRange): Promise<DailyVolumeRow[]> {
    const rows = check(
      'rpc get_kaleyra_daily_volume',
      await this.client.rpc('get_kaleyra_daily_volume', SupabaseJsStore.range(range)),
    );
    return rows.map((r) => ({ date: r.day, incoming: r.incoming, forwarded: r.forwarded }));
  }

  async statusBreakdown(range: TimeRange): Promise<StatusCountRow[]> {
    return check(
      'rpc get_kaleyra_status_breakdown',
      await this.client.rpc('get_kaleyra_status_breakdown', SupabaseJsStore.range(range)),
    );
  }

  async callList(
    range: TimeRange,
    filter: CallListQuery,
    limit: number,
    offset: number,
  ): Promise<CallLogRow[]> {
    const rows = check(
      'rpc get_kaleyra_call_list',
      await this.client.rpc('get_kaleyra_call_list', {
        ...SupabaseJsStore.range(range),
        ...SupabaseJsStore.filter(filter),
        p_limit: limit,
        p_offset: offset,
      }),
    );
    return rows.map(toCallLogRow);
  }

  async callCount(range: TimeRange, filter: CallListQuery): Promise<number> {
    return check(
      'rpc get_kaleyra_call_count',
      await this.client.rpc('get_kaleyra_call_count', {
        ...SupabaseJsStore.range(range),
        ...SupabaseJsStore.filter(filter),
      }),
    );
  }

  async customerCalls(
    range: TimeRange,
    filter: CustomerCallQuery,
    limit: number,
    offset: number,
  ): Promise<CustomerCallRow[]> {
    const rows = check(
      'rpc get_customer_calls',
      await this.client.rpc('get_customer_calls', {
        ...SupabaseJsStore.range(range),
        ...customerCallFilterArgs(filter),
        p_limit: limit,
        p_offset: offset,
      }),
    );
    return rows.map(toCustomerCallRow);
  }

  async exportCsv(query: ExportQuery): Promise<Readable> {
    const fn = exportFunction(query.file);
    const columns = exportColumns(query.file);
    const args = { ...SupabaseJsStore.range(query.range), ...exportFilterArgs(query) };
    // PostgREST cannot stream a cursor: pages by keyset (start time, id), one page in memory.
    const page = async (after: ExportRow | undefined): Promise<ExportRow[]> =>
      check(
        `rpc ${fn}`,
        await this.client.rpc(fn, {
          ...(args as Database['public']['Functions']['export_call_logs']['Args']),
          p_after_time: after?.sort_time ?? null,
          p_after_id: after?.sort_id ?? null,
          p_limit: EXPORT_PAGE_ROWS,
        }),
      );
    // The first page before the stream: an unreachable database is an error before any byte.
    const first = await page(undefined);
    async function* records(): AsyncGenerator<string> {
      for (let rows = first; rows.length > 0; rows = await page(rows[rows.length - 1])) {
        yield rows.map((r) => csvRecord(columns.map((c) => r[c]))).join('');
      }
    }
    return Readable.from(records(), { objectMode: false });
  }

  async customerCallCount(range: TimeRange, filter: CustomerCallQuery): Promise<number> {
    return check(
      'rpc get_customer_call_count',
      await this.client.rpc('get_customer_call_count', {
        ...SupabaseJsStore.range(range),
        ...customerCallFilterArgs(filter),
      }),
    );
  }

  async customerCallById(id: string): Promise<CustomerCallRow | null> {
    const row = check(
      'select customer_calls',
      await this.client.from('customer_calls').select('*').eq('id', id).maybeSingle(),
    );
    return row ? toCustomerCallRow(row) : null;
  }

  async customerCallLegs(ids: readonly string[]): Promise<CustomerCallLegRow[]> {
    const rows = check(
      'rpc get_customer_call_legs',
      await this.client.rpc('get_customer_call_legs', { p_ids: [...ids] }),
    );
    return rows.map(toCustomerCallLegRow);
  }

  async serviceLevel(
    range: TimeRange,
    answerWithinSeconds: number,
    shortAbandonSeconds: number,
  ): Promise<ServiceLevelRow> {
    const rows = check(
      'rpc get_customer_service_level',
      await this.client.rpc('get_customer_service_level', {
        ...SupabaseJsStore.range(range),
        p_answer_within: answerWithinSeconds,
        p_short_abandon: shortAbandonSeconds,
      }),
    );
    return toServiceLevelRow(rows[0]!);
  }

  async customerCallsByDay(range: TimeRange): Promise<CustomerCallDayRow[]> {
    const rows = check(
      'rpc get_customer_call_daily',
      await this.client.rpc('get_customer_call_daily', SupabaseJsStore.range(range)),
    );
    return rows.map(toCustomerCallDayRow);
  }

  async missedCallers(
    range: TimeRange,
    state: RecoveryStateName | null,
    limit: number,
    offset: number,
  ): Promise<MissedCallerRow[]> {
    const rows = check(
      'rpc get_missed_callers',
      await this.client.rpc('get_missed_callers', {
        ...SupabaseJsStore.range(range),
        p_state: state,
        p_limit: limit,
        p_offset: offset,
      }),
    );
    return rows.map(toMissedCallerRow);
  }

  async missedCallerCount(range: TimeRange, state: RecoveryStateName | null): Promise<number> {
    return check(
      'rpc get_missed_caller_count',
      await this.client.rpc('get_missed_caller_count', {
        ...SupabaseJsStore.range(range),
        p_state: state,
      }),
    );
  }

  async recoverySummary(range: TimeRange, withinHours: number): Promise<RecoverySummaryRow> {
    const rows = check(
      'rpc get_recovery_summary',
      await this.client.rpc('get_recovery_summary', {
        ...SupabaseJsStore.range(range),
        p_within_hours: withinHours,
      }),
    );
    return toRecoverySummaryRow(rows[0]!);
  }

  async callHeatmap(range: TimeRange): Promise<HeatmapCellRow[]> {
    return check(
      'rpc get_call_heatmap',
      await this.client.rpc('get_call_heatmap', SupabaseJsStore.range(range)),
    );
  }

  async callBreakdown(range: TimeRange, by: BreakdownDimensionName): Promise<BreakdownRowData[]> {
    const rows = check(
      'rpc get_call_breakdown',
      await this.client.rpc('get_call_breakdown', { ...SupabaseJsStore.range(range), p_by: by }),
    );
    return rows.map(toBreakdownRow);
  }

  async callerSummary(range: TimeRange): Promise<CallerSummaryRow> {
    const rows = check(
      'rpc get_caller_summary',
      await this.client.rpc('get_caller_summary', SupabaseJsStore.range(range)),
    );
    return toCallerSummaryRow(rows[0]!);
  }

  async agentsByNumbers(numbers: readonly string[]): Promise<AgentRow[]> {
    const rows = check(
      'select agents',
      await this.client
        .from('agents')
        .select('*')
        .in('agent_number', [...numbers]),
    );
    return rows.map(toAgentRow);
  }

  async listAgents({ activeOnly }: { activeOnly: boolean }): Promise<AgentRow[]> {
    let query = this.client.from('agents').select('*');
    if (activeOnly) query = query.eq('active', true);
    const rows = check('select agents', await query.order('name').order('agent_number'));
    return rows.map(toAgentRow);
  }

  async upsertAgent(agent: AgentUpsert): Promise<AgentRow> {
    const row = check(
      'upsert agents',
      await this.client
        .from('agents')
        .upsert(
          {
            agent_number: agent.agentNumber,
            name: agent.name,
            active: agent.active,
            updated_at: new Date().toISOString(),
          },
          { onConflict: 'agent_number' },
        )
        .select()
        .single(),
    );
    return toAgentRow(row!);
  }

  async upsertCallLogs(records: readonly KaleyraCallLog[]): Promise<UpsertCounts> {
    if (records.length === 0) return { inserted: 0, updated: 0 };
    const p_rows = records.map(toDbCallLogJson);
    // PostgREST answers a deadlock victim with 500 and SQLSTATE 40P01; the page is sent again.
    const rows = await retryOnConflict(
      async () =>
        check(
          'rpc upsert_kaleyra_call_logs',
          await this.client.rpc('upsert_kaleyra_call_logs', { p_rows }),
        ),
      (err) => (err instanceof SupabaseQueryError ? err.postgrest.code : undefined),
    );
    return rows[0] ?? { inserted: 0, updated: 0 };
  }

  async markSyncDay(
    day: string,
    s: { fetched: number; upserted: number; skipped: number },
    pageDigests: string[],
  ): Promise<void> {
    check(
      'rpc mark_kaleyra_sync_day',
      await this.client.rpc('mark_kaleyra_sync_day', {
        p_day: day,
        p_fetched: s.fetched,
        p_upserted: s.upserted,
        p_skipped: s.skipped,
        p_page_digests: pageDigests,
      }),
    );
  }

  async syncPageDigests(day: string): Promise<string[]> {
    return (
      check(
        'rpc kaleyra_sync_page_digests',
        await this.client.rpc('kaleyra_sync_page_digests', { p_day: day }),
      ) ?? []
    );
  }

  async lastSync(): Promise<LastSyncRow | null> {
    const rows = check(
      'select kaleyra_sync_days',
      await this.client
        .from('kaleyra_sync_days')
        .select('day, completed_at')
        .order('completed_at', { ascending: false })
        .order('day', { ascending: false })
        .limit(1),
    );
    const row = rows[0];
    return row ? { day: row.day, completedAt: new Date(row.completed_at) } : null;
  }

  async settledSyncDays(from: string, to: string, settleHours: number): Promise<string[]> {
    const rows = check(
      'rpc settled_kaleyra_sync_days',
      await this.client.rpc('settled_kaleyra_sync_days', {
        p_from: from,
        p_to: to,
        p_settle: `${settleHours} hours`,
      }),
    );
    return rows.map((r) => r.day);
  }

  async tryAcquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
    return check(
      'rpc try_acquire_sync_lease',
      await this.client.rpc('try_acquire_sync_lease', {
        p_name: name,
        p_holder: holder,
        p_ttl_seconds: ttlSeconds,
      }),
    );
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    check(
      'rpc release_sync_lease',
      await this.client.rpc('release_sync_lease', { p_name: name, p_holder: holder }),
    );
  }

  withSyncLock<T>(fn: () => Promise<T>): Promise<T> {
    // PostgREST runs every request in its own transaction: no lock outlives one call, a lease does.
    return withSyncLease(this, fn, { ttlSeconds: this.syncLeaseSeconds, logger: this.logger });
  }

  async outboxHead(): Promise<string> {
    return check('rpc call_status_outbox_head', await this.client.rpc('call_status_outbox_head'));
  }

  async readOutbox(cursor: OutboxCursor, limit: number): Promise<OutboxPage> {
    const r = check(
      'rpc read_call_status_outbox',
      await this.client.rpc('read_call_status_outbox', {
        p_after: cursor.after,
        p_upto: cursor.upto,
        p_after_id: cursor.afterId,
        p_limit: limit,
      }),
    );
    return toOutboxPage(r as never);
  }

  async pruneOutbox(keepSeconds: number, limit: number): Promise<number> {
    return check(
      'rpc prune_call_status_outbox',
      await this.client.rpc('prune_call_status_outbox', {
        p_keep_seconds: keepSeconds,
        p_limit: limit,
      }),
    );
  }

  async createIvrCall(c: NewIvrCall): Promise<IvrCallWrite> {
    const r = check(
      'rpc create_ivr_call',
      await this.client.rpc('create_ivr_call', {
        p_kind: c.kind,
        p_customer_number: c.customerNumber,
        p_agent_number: c.agentNumber,
        p_agent_name: c.agentName,
      }),
    );
    return toIvrCallWrite(r as never);
  }

  async settleIvrCallStart(
    id: string,
    outcome: { kaleyraCallId: string } | { failureReason: string },
  ): Promise<IvrCallWrite> {
    const r = check(
      'rpc settle_ivr_call_start',
      await this.client.rpc('settle_ivr_call_start', {
        p_id: id,
        p_kaleyra_call_id: 'kaleyraCallId' in outcome ? outcome.kaleyraCallId : null,
        p_failure_reason: 'failureReason' in outcome ? outcome.failureReason : null,
      }),
    );
    return toIvrCallWrite(r as never);
  }

  async applyCallbacks(updates: readonly CallbackUpdate[]): Promise<CallbackResult[]> {
    const r = check(
      'rpc apply_kaleyra_callbacks',
      await this.client.rpc('apply_kaleyra_callbacks', {
        p_callbacks: updates.map(toDbCallbackJson),
      }),
    );
    return toCallbackResults(r as never);
  }

  async ivrCallById(id: string): Promise<IvrCallRow | null> {
    const row = check(
      'select ivr_calls',
      await this.client.from('ivr_calls').select('*').eq('id', id).maybeSingle(),
    );
    return row ? toIvrCallRow(row as never) : null;
  }

  async ivrCallsByIds(ids: readonly string[]): Promise<IvrCallRow[]> {
    const rows = check(
      'select ivr_calls',
      await this.client
        .from('ivr_calls')
        .select('*')
        .in('id', [...ids]),
    );
    return rows.map((row) => toIvrCallRow(row as never));
  }

  async ivrCallsToReconcile(): Promise<{ ivrCallId: string; leg: DbCallLog }[]> {
    const rows = check(
      'rpc ivr_calls_to_reconcile',
      await this.client.rpc('ivr_calls_to_reconcile'),
    );
    return rows.map((r) => ({ ivrCallId: r.ivr_call_id, leg: r.leg as unknown as DbCallLog }));
  }

  async sharedSecret(name: string, candidate: string): Promise<string> {
    return check(
      'rpc get_or_create_secret',
      await this.client.rpc('get_or_create_secret', { p_name: name, p_candidate: candidate }),
    );
  }

  async takeRateLimit(key: string, limit: number, windowSeconds: number): Promise<boolean> {
    return check(
      'rpc take_rate_limit',
      await this.client.rpc('take_rate_limit', {
        p_key: key,
        p_limit: limit,
        p_window_seconds: windowSeconds,
      }),
    );
  }

  async readiness(): Promise<Readiness> {
    try {
      // A probe answers now: no PostgREST client retries (they back off for seconds).
      check(
        'select agents',
        await this.client.from('agents').select('agent_number').limit(1).retry(false),
      );
      return { ok: true, detail: 'supabase reachable, schema present' };
    } catch (err) {
      return {
        ok: false,
        detail:
          err instanceof DatabaseUnavailableError ? 'supabase unreachable' : (err as Error).message,
      };
    }
  }

  async close(): Promise<void> {
    await this.client.removeAllChannels();
  }
}
