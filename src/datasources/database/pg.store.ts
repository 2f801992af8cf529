import pg from 'pg';
import type { Readable } from 'node:stream';
import { copyOut } from '../../database/copy-out';
import { pendingMigrations, type MigrationFile } from '../../database/migrator';
import { isConnectionError, retryOnConflict, translatePgError } from '../../database/pg-errors';
import type { Logger } from '../../logger';
import type { KaleyraCallLog } from '../kaleyra/kaleyra.types';
import { toAgentRow, type AgentRow, type AgentUpsert, type DbAgent } from './agent.rows';
import {
  toCallLogRow,
  CALL_LOG_COLUMNS,
  toDbCallLogJson,
  type CallListQuery,
  type CallLogRow,
  type DbCallLog,
  type UpsertCounts,
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
  type DbCustomerCall,
  type DbCustomerCallDay,
  type DbCustomerCallLeg,
  type DbServiceLevel,
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
  type DbIvrCall,
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
  type DbBreakdownRow,
  type DbCallerSummary,
  type DbMissedCaller,
  type DbRecoverySummary,
  type HeatmapCellRow,
  type MissedCallerRow,
  type RecoveryStateName,
  type RecoverySummaryRow,
} from './recovery.rows';
import type { DashboardStore, Readiness } from './dashboard.store';
import { exportColumns, exportFilterArgs, exportFunction, type ExportQuery } from './export.rows';
import { SYNC_LEASE_SECONDS, withSyncLease } from './sync-lease';
import type { LastSyncRow } from './sync.rows';

const sqlstate = (err: unknown) => (err as { code?: unknown } | null)?.code;

export interface PgStoreOptions {
  /** Lifetime of the sync lease between heartbeats (tests shorten it). */
  syncLeaseSeconds?: number;
  /** Where a sync lease that could not be released is reported. */
  logger?: Logger;
}

/**
 * The default adapter: the SQL functions in db/ called straight through a pg Pool. Every call is
 * one statement (or one function call) with unnamed parameters and no session state, so the pool
 * may sit behind a transaction-mode pooler (Supabase's port 6543, pgbouncer).
 */
export class PgStore implements DashboardStore {
  readonly kind = 'pg' as const;

  constructor(
    readonly pool: pg.Pool,
    private readonly migrations: MigrationFile[],
    private readonly options: PgStoreOptions = {},
  ) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      return translatePgError(err);
    }
  }

  async callVolume({ start, end }: TimeRange): Promise<CallVolumeRow> {
    const [row] = await this.query<CallVolumeRow>('SELECT * FROM get_kaleyra_call_volume($1, $2)', [
      start,
      end,
    ]);
    return row ?? { total: 0, incoming: 0, forwarded: 0, click2call: 0 };
  }

  async agentStats({ start, end }: TimeRange): Promise<AgentStatsRow[]> {
    const rows = await this.query<Parameters<typeof toAgentStatsRow>[0]>(
      'SELECT * FROM get_kaleyra_agent_stats($1, $2)',
      [start, end],
    );
    return rows.map(toAgentStatsRow);
  }

  async dailyVolume({ start, end }: TimeRange): Promise<DailyVolumeRow[]> {
    return this.query<DailyVolumeRow>(
      'SELECT day AS date, incoming, forwarded FROM get_kaleyra_daily_volume($1, $2)',
      [start, end],
    );
  }

  async statusBreakdown({ start, end }: TimeRange): Promise<StatusCountRow[]> {
    return this.query<StatusCountRow>('SELECT * FROM get_kaleyra_status_breakdown($1, $2)', [
      start,
      end,
    ]);
  }

  async callList(
    range: TimeRange,
    filter: CallListQuery,
    limit: number,
    offset: number,
  ): Promise<CallLogRow[]> {
    const rows = await this.query<DbCallLog>(
      'SELECT * FROM get_kaleyra_call_list($1, $2, $3, $4, $5, $6, $7)',
      [
        range.start,
        range.end,
        filter.service ?? null,
        filter.agentNumber ?? null,
        filter.status ?? null,
        limit,
        offset,
      ],
    );
    return rows.map(toCallLogRow);
  }

  async callCount(range: TimeRange, filter: CallListQuery): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      'SELECT get_kaleyra_call_count($1, $2, $3, $4, $5) AS n',
      [
        range.start,
        range.end,
        filter.service ?? null,
        filter.agentNumber ?? null,
        filter.status ?? null,
      ],
    );
    return row?.n ?? 0;
  }

  async customerCalls(
    range: TimeRange,
    filter: CustomerCallQuery,
    limit: number,
    offset: number,
  ): Promise<CustomerCallRow[]> {
    const f = customerCallFilterArgs(filter);
    const rows = await this.query<DbCustomerCall>(
      'SELECT * FROM get_customer_calls($1, $2, $3, $4, $5, $6, $7)',
      [range.start, range.end, f.p_outcome, f.p_caller, f.p_answered_by, limit, offset],
    );
    return rows.map(toCustomerCallRow);
  }

  async customerCallCount(range: TimeRange, filter: CustomerCallQuery): Promise<number> {
    const f = customerCallFilterArgs(filter);
    const [row] = await this.query<{ n: number }>(
      'SELECT get_customer_call_count($1, $2, $3, $4, $5) AS n',
      [range.start, range.end, f.p_outcome, f.p_caller, f.p_answered_by],
    );
    return row?.n ?? 0;
  }

  async customerCallById(id: string): Promise<CustomerCallRow | null> {
    const [row] = await this.query<DbCustomerCall>('SELECT * FROM customer_calls WHERE id = $1', [
      id,
    ]);
    return row ? toCustomerCallRow(row) : null;
  }

  async customerCallLegs(ids: readonly string[]): Promise<CustomerCallLegRow[]> {
    const rows = await this.query<DbCustomerCallLeg>(
      'SELECT * FROM get_customer_call_legs($1::text[])',
      [[...ids]],
    );
    return rows.map(toCustomerCallLegRow);
  }

  exportCsv(query: ExportQuery): Promise<Readable> {
    // COPY takes no parameters: the values are written as literals (escapeLiteral quotes any text).
    const args = [
      query.range.start.toISOString(),
      query.range.end.toISOString(),
      ...Object.values(exportFilterArgs(query)),
    ].map((v) => (v === null ? 'NULL' : typeof v === 'boolean' ? String(v) : pg.escapeLiteral(v)));
    const sql = `COPY (SELECT ${exportColumns(query.file).join(', ')} FROM ${exportFunction(query.file)}(${args.join(', ')})) TO STDOUT (FORMAT csv)`;
    return copyOut(this.pool, sql);
  }

  async serviceLevel(
    { start, end }: TimeRange,
    answerWithinSeconds: number,
    shortAbandonSeconds: number,
  ): Promise<ServiceLevelRow> {
    const [row] = await this.query<DbServiceLevel>(
      'SELECT * FROM get_customer_service_level($1, $2, $3, $4)',
      [start, end, answerWithinSeconds, shortAbandonSeconds],
    );
    return toServiceLevelRow(row!);
  }

  async customerCallsByDay({ start, end }: TimeRange): Promise<CustomerCallDayRow[]> {
    const rows = await this.query<DbCustomerCallDay>(
      'SELECT * FROM get_customer_call_daily($1, $2)',
      [start, end],
    );
    return rows.map(toCustomerCallDayRow);
  }

  async missedCallers(
    { start, end }: TimeRange,
    state: RecoveryStateName | null,
    limit: number,
    offset: number,
  ): Promise<MissedCallerRow[]> {
    const rows = await this.query<DbMissedCaller>(
      'SELECT * FROM get_missed_callers($1, $2, $3, $4, $5)',
      [start, end, state, limit, offset],
    );
    return rows.map(toMissedCallerRow);
  }

  async missedCallerCount(
    { start, end }: TimeRange,
    state: RecoveryStateName | null,
  ): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      'SELECT get_missed_caller_count($1, $2, $3) AS n',
      [start, end, state],
    );
    return row?.n ?? 0;
  }

  async recoverySummary(
    { start, end }: TimeRange,
    withinHours: number,
  ): Promise<RecoverySummaryRow> {
    const [row] = await this.query<DbRecoverySummary>(
      'SELECT * FROM get_recovery_summary($1, $2, $3)',
      [start, end, withinHours],
    );
    return toRecoverySummaryRow(row!);
  }

  async callHeatmap({ start, end }: TimeRange): Promise<HeatmapCellRow[]> {
    return this.query<HeatmapCellRow>('SELECT * FROM get_call_heatmap($1, $2)', [start, end]);
  }

  async callBreakdown(
    { start, end }: TimeRange,
    by: BreakdownDimensionName,
  ): Promise<BreakdownRowData[]> {
    const rows = await this.query<DbBreakdownRow>('SELECT * FROM get_call_breakdown($1, $2, $3)', [
      start,
      end,
      by,
    ]);
    return rows.map(toBreakdownRow);
  }

  async callerSummary({ start, end }: TimeRange): Promise<CallerSummaryRow> {
    const [row] = await this.query<DbCallerSummary>('SELECT * FROM get_caller_summary($1, $2)', [
      start,
      end,
    ]);
    return toCallerSummaryRow(row!);
  }

  async agentsByNumbers(numbers: readonly string[]): Promise<AgentRow[]> {
    const rows = await this.query<DbAgent>(
      'SELECT * FROM agents WHERE agent_number = ANY($1::text[])',
      [[...numbers]],
    );
    return rows.map(toAgentRow);
  }

  async listAgents({ activeOnly }: { activeOnly: boolean }): Promise<AgentRow[]> {
    const rows = await this.query<DbAgent>(
      'SELECT * FROM agents WHERE ($1::boolean IS FALSE OR active) ORDER BY name, agent_number',
      [activeOnly],
    );
    return rows.map(toAgentRow);
  }

  async upsertAgent(agent: AgentUpsert): Promise<AgentRow> {
    const [row] = await this.query<DbAgent>(
      `INSERT INTO agents (agent_number, name, active) VALUES ($1, $2, $3)
       ON CONFLICT (agent_number) DO UPDATE
         SET name = EXCLUDED.name, active = EXCLUDED.active, updated_at = now()
       RETURNING *`,
      [agent.agentNumber, agent.name, agent.active],
    );
    return toAgentRow(row!);
  }

  async upsertCallLogs(records: readonly KaleyraCallLog[]): Promise<UpsertCounts> {
    if (records.length === 0) return { inserted: 0, updated: 0 };
    // One array per column: Postgres parses these far faster than the same page as jsonb (the
    // supabase-js adapter sends jsonb to upsert_kaleyra_call_logs, which calls this function).
    // Rows are locked in id order, but another writer (an operator's DELETE, say) may lock them
    // in any order; if Postgres picks this page as the deadlock victim, the page is sent again.
    const rows = records.map(toDbCallLogJson);
    const params = CALL_LOG_COLUMNS.map((column) => rows.map((r) => r[column]));
    const upsert = () =>
      this.query<UpsertCounts>(
        `SELECT * FROM upsert_kaleyra_call_log_columns($1::text[], $2::text[], $3::text[], $4::text[],
           $5::timestamptz[], $6::timestamptz[], $7::integer[], $8::integer[], $9::text[], $10::text[],
           $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])`,
        params,
      );
    const [row] = await retryOnConflict(upsert, sqlstate);
    return row ?? { inserted: 0, updated: 0 };
  }

  async markSyncDay(
    day: string,
    s: { fetched: number; upserted: number; skipped: number },
    pageDigests: string[],
  ): Promise<void> {
    await this.query('SELECT mark_kaleyra_sync_day($1, $2, $3, $4, $5)', [
      day,
      s.fetched,
      s.upserted,
      s.skipped,
      pageDigests,
    ]);
  }

  async syncPageDigests(day: string): Promise<string[]> {
    const [row] = await this.query<{ d: string[] }>('SELECT kaleyra_sync_page_digests($1) AS d', [
      day,
    ]);
    return row?.d ?? [];
  }

  async lastSync(): Promise<LastSyncRow | null> {
    const [row] = await this.query<{ day: string; completed_at: Date }>(
      'SELECT day::text AS day, completed_at FROM kaleyra_sync_days ORDER BY completed_at DESC, day DESC LIMIT 1',
      [],
    );
    return row ? { day: row.day, completedAt: new Date(row.completed_at) } : null;
  }

  async settledSyncDays(from: string, to: string, settleHours: number): Promise<string[]> {
    const rows = await this.query<{ day: string }>(
      'SELECT day FROM settled_kaleyra_sync_days($1, $2, make_interval(hours => $3))',
      [from, to, settleHours],
    );
    return rows.map((r) => r.day);
  }

  async tryAcquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
    const [row] = await this.query<{ ok: boolean }>(
      'SELECT try_acquire_sync_lease($1, $2, $3) AS ok',
      [name, holder, ttlSeconds],
    );
    return row!.ok;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.query('SELECT release_sync_lease($1, $2)', [name, holder]);
  }

  withSyncLock<T>(fn: () => Promise<T>): Promise<T> {
    return withSyncLease(this, fn, {
      ttlSeconds: this.options.syncLeaseSeconds ?? SYNC_LEASE_SECONDS,
      logger: this.options.logger,
    });
  }

  async outboxHead(): Promise<string> {
    const [row] = await this.query<{ s: string }>('SELECT call_status_outbox_head() AS s', []);
    return row!.s;
  }

  async readOutbox(cursor: OutboxCursor, limit: number): Promise<OutboxPage> {
    const [row] = await this.query<{ r: Parameters<typeof toOutboxPage>[0] }>(
      'SELECT read_call_status_outbox($1, $2, $3, $4) AS r',
      [cursor.after, cursor.upto, cursor.afterId, limit],
    );
    return toOutboxPage(row!.r);
  }

  async pruneOutbox(keepSeconds: number, limit: number): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT prune_call_status_outbox($1, $2) AS n', [
      keepSeconds,
      limit,
    ]);
    return row!.n;
  }

  private async write(sql: string, params: unknown[]): Promise<IvrCallWrite> {
    const [row] = await this.query<{ r: Parameters<typeof toIvrCallWrite>[0] }>(sql, params);
    return toIvrCallWrite(row!.r);
  }

  createIvrCall(c: NewIvrCall): Promise<IvrCallWrite> {
    return this.write('SELECT create_ivr_call($1, $2, $3, $4) AS r', [
      c.kind,
      c.customerNumber,
      c.agentNumber,
      c.agentName,
    ]);
  }

  settleIvrCallStart(
    id: string,
    outcome: { kaleyraCallId: string } | { failureReason: string },
  ): Promise<IvrCallWrite> {
    return this.write('SELECT settle_ivr_call_start($1, $2, $3) AS r', [
      id,
      'kaleyraCallId' in outcome ? outcome.kaleyraCallId : null,
      'failureReason' in outcome ? outcome.failureReason : null,
    ]);
  }

  async applyCallbacks(updates: readonly CallbackUpdate[]): Promise<CallbackResult[]> {
    const [row] = await this.query<{ r: Parameters<typeof toCallbackResults>[0] }>(
      'SELECT apply_kaleyra_callbacks($1::jsonb) AS r',
      [JSON.stringify(updates.map(toDbCallbackJson))],
    );
    return toCallbackResults(row!.r);
  }

  async ivrCallById(id: string): Promise<IvrCallRow | null> {
    const [row] = await this.query<DbIvrCall>('SELECT * FROM ivr_calls WHERE id = $1', [id]);
    return row ? toIvrCallRow(row) : null;
  }

  async ivrCallsByIds(ids: readonly string[]): Promise<IvrCallRow[]> {
    const rows = await this.query<DbIvrCall>('SELECT * FROM ivr_calls WHERE id = ANY($1::uuid[])', [
      [...ids],
    ]);
    return rows.map(toIvrCallRow);
  }

  async ivrCallsToReconcile(): Promise<{ ivrCallId: string; leg: DbCallLog }[]> {
    const rows = await this.query<{ ivr_call_id: string; leg: DbCallLog }>(
      'SELECT * FROM ivr_calls_to_reconcile()',
      [],
    );
    return rows.map((r) => ({ ivrCallId: r.ivr_call_id, leg: r.leg }));
  }

  async sharedSecret(name: string, candidate: string): Promise<string> {
    const [row] = await this.query<{ v: string }>('SELECT get_or_create_secret($1, $2) AS v', [
      name,
      candidate,
    ]);
    return row!.v;
  }

  async takeRateLimit(key: string, limit: number, windowSeconds: number): Promise<boolean> {
    const [row] = await this.query<{ ok: boolean }>('SELECT take_rate_limit($1, $2, $3) AS ok', [
      key,
      limit,
      windowSeconds,
    ]);
    return row!.ok;
  }

  async readiness(): Promise<Readiness> {
    try {
      const pending = await pendingMigrations(this.pool, this.migrations);
      if (pending.length > 0)
        return { ok: false, detail: `migrations pending: ${pending.join(', ')}` };
      return { ok: true, detail: 'database reachable, migrations applied' };
    } catch (err) {
      if (isConnectionError(err)) return { ok: false, detail: 'database unreachable' };
      return { ok: false, detail: `database check failed: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
