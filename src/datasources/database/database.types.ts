/**
 * The public schema as supabase-js sees it (the shape `supabase gen types typescript` prints),
 * written by hand from db/migrations. Keep it in step with new migrations.
 */
import type {
  DbBreakdownRow,
  DbCallerSummary,
  DbMissedCaller,
  DbRecoverySummary,
} from './recovery.rows';

type Range = { p_start: string; p_end: string };
type CallFilterArgs = Range & {
  p_service?: string | null;
  p_agent?: string | null;
  p_status?: string | null;
};

type ExportPageArgs = {
  p_after_time: string | null;
  p_after_id: string | null;
  p_limit: number;
};

/** A row of export_call_logs / export_customer_calls: the file's cells, then the keyset. */
export type ExportRow = Record<string, string | number | null> & {
  sort_time: string;
  sort_id: string;
};

export type KaleyraCallLogsRow = {
  id: string;
  uniqid: string | null;
  callfrom: string;
  callto: string;
  start_time: string;
  end_time: string | null;
  duration: number | null;
  billsec: number | null;
  status: string;
  location: string | null;
  provider: string | null;
  service: string;
  caller_id: string | null;
  recording: string | null;
  synced_at: string | null;
  parent_id: string | null;
};

type CustomerCallArgs = Range & {
  p_outcome?: string | null;
  p_caller?: string | null;
  p_answered_by?: string | null;
};

export type CustomerCallsRow = {
  id: string;
  caller: string;
  customer_number: string;
  did: string;
  start_time: string;
  end_time: string | null;
  duration: number | null;
  location: string | null;
  provider: string | null;
  window_end: string;
  outcome: 'ANSWERED' | 'NOT_FORWARDED' | 'CALLER_HUNG_UP' | 'NO_ANSWER';
  answer_leg_id: string | null;
  answered_by: string | null;
  answered_at: string | null;
  seconds_to_answer: number | null;
  talk_seconds: number | null;
  agents_tried: number;
};

export type AgentsRow = {
  agent_number: string;
  name: string;
  active: boolean;
  created_at: string;
  updated_at: string;
};

export type IvrCallsRow = {
  id: string;
  kaleyra_call_id: string | null;
  kind: string;
  customer_number: string;
  agent_number: string | null;
  agent_name: string | null;
  status: string;
  kaleyra_status: string | null;
  failure_reason: string | null;
  duration: number | null;
  billsec: number | null;
  recording_url: string | null;
  start_time: string | null;
  end_time: string | null;
  created_at: string;
  updated_at: string;
};

export type KaleyraSyncDaysRow = {
  day: string;
  completed_at: string;
  fetched: number;
  upserted: number;
  skipped: number;
  page_digests: string[];
};

type IvrCallWriteJson = {
  call: IvrCallsRow;
  changed?: boolean;
  event: Record<string, unknown> | null;
};

export type Database = {
  public: {
    Tables: {
      kaleyra_call_logs: {
        Row: KaleyraCallLogsRow;
        Insert: Omit<KaleyraCallLogsRow, 'synced_at' | 'parent_id'> & {
          synced_at?: string | null;
          parent_id?: string | null;
        };
        Update: Partial<KaleyraCallLogsRow>;
        Relationships: [];
      };
      customer_calls: {
        Row: CustomerCallsRow;
        Insert: CustomerCallsRow;
        Update: Partial<CustomerCallsRow>;
        Relationships: [];
      };
      ivr_calls: {
        Row: IvrCallsRow;
        Insert: Partial<IvrCallsRow> & { kind: string; customer_number: string };
        Update: Partial<IvrCallsRow>;
        Relationships: [];
      };
      kaleyra_sync_days: {
        Row: KaleyraSyncDaysRow;
        Insert: Partial<KaleyraSyncDaysRow> & { day: string };
        Update: Partial<KaleyraSyncDaysRow>;
        Relationships: [];
      };
      agents: {
        Row: AgentsRow;
        Insert: { agent_number: string; name: string; active?: boolean; updated_at?: string };
        Update: Partial<AgentsRow>;
        Relationships: [];
      };
    };
    Views: Record<never, never>;
    Functions: {
      get_kaleyra_call_volume: {
        Args: Range;
        Returns: { total: number; incoming: number; forwarded: number; click2call: number }[];
      };
      get_kaleyra_agent_stats: {
        Args: Range;
        Returns: {
          agent_number: string;
          calls_answered: number;
          total_talk_seconds: number;
          missed_calls: number;
          offered: number;
          answer_rate_percent: number | null;
          average_talk_seconds: number | null;
          missed_calls_lost: number;
        }[];
      };
      get_customer_calls: {
        Args: CustomerCallArgs & { p_limit: number; p_offset: number };
        Returns: CustomerCallsRow[];
      };
      get_customer_call_count: {
        Args: CustomerCallArgs;
        Returns: number;
      };
      get_customer_call_legs: {
        Args: { p_ids: string[] };
        Returns: (KaleyraCallLogsRow & { call_id: string })[];
      };
      get_missed_callers: {
        Args: Range & { p_state: string | null; p_limit: number; p_offset: number };
        Returns: DbMissedCaller[];
      };
      get_missed_caller_count: {
        Args: Range & { p_state: string | null };
        Returns: number;
      };
      get_recovery_summary: {
        Args: Range & { p_within_hours: number };
        Returns: DbRecoverySummary[];
      };
      get_call_heatmap: {
        Args: Range;
        Returns: { weekday: number; hour: number; offered: number; answered: number }[];
      };
      get_call_breakdown: {
        Args: Range & { p_by: string };
        Returns: DbBreakdownRow[];
      };
      get_caller_summary: {
        Args: Range;
        Returns: DbCallerSummary[];
      };
      get_customer_service_level: {
        Args: Range & { p_answer_within: number; p_short_abandon: number };
        Returns: {
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
        }[];
      };
      get_customer_call_daily: {
        Args: Range;
        Returns: {
          day: string;
          offered: number;
          answered: number;
          missed: number;
          not_forwarded: number;
          caller_hung_up: number;
          no_answer: number;
        }[];
      };
      get_kaleyra_daily_volume: {
        Args: Range;
        Returns: { day: string; incoming: number; forwarded: number }[];
      };
      get_kaleyra_status_breakdown: {
        Args: Range;
        Returns: { status: string; count: number }[];
      };
      get_kaleyra_call_list: {
        Args: CallFilterArgs & { p_limit: number; p_offset: number };
        Returns: KaleyraCallLogsRow[];
      };
      get_kaleyra_call_count: {
        Args: CallFilterArgs;
        Returns: number;
      };
      upsert_kaleyra_call_logs: {
        Args: { p_rows: Omit<KaleyraCallLogsRow, 'synced_at'>[] };
        Returns: { inserted: number; updated: number }[];
      };
      mark_kaleyra_sync_day: {
        Args: {
          p_day: string;
          p_fetched: number;
          p_upserted: number;
          p_skipped: number;
          p_page_digests: string[];
        };
        Returns: undefined;
      };
      kaleyra_sync_page_digests: {
        Args: { p_day: string };
        Returns: string[];
      };
      settled_kaleyra_sync_days: {
        Args: { p_from: string; p_to: string; p_settle: string };
        Returns: { day: string }[];
      };
      try_acquire_sync_lease: {
        Args: { p_name: string; p_holder: string; p_ttl_seconds: number };
        Returns: boolean;
      };
      create_ivr_call: {
        Args: {
          p_kind: string;
          p_customer_number: string;
          p_agent_number: string | null;
          p_agent_name: string | null;
        };
        Returns: IvrCallWriteJson;
      };
      settle_ivr_call_start: {
        Args: { p_id: string; p_kaleyra_call_id: string | null; p_failure_reason: string | null };
        Returns: IvrCallWriteJson;
      };
      apply_kaleyra_callback: {
        Args: {
          p_ivr_call_id: string | null;
          p_kaleyra_call_id: string | null;
          p_caller: string | null;
          p_receiver: string | null;
          p_status: string;
          p_kaleyra_status: string;
          p_duration: number | null;
          p_billsec: number | null;
          p_recording_url: string | null;
          p_start_time: string | null;
          p_end_time: string | null;
          p_received_at: string;
        };
        Returns: IvrCallWriteJson;
      };
      apply_kaleyra_callbacks: {
        Args: { p_callbacks: Record<string, string | number | null>[] };
        Returns: (IvrCallWriteJson | { error: string; code: string })[];
      };
      ivr_calls_to_reconcile: {
        Args: Record<string, never>;
        Returns: { ivr_call_id: string; leg: Record<string, unknown> }[];
      };
      get_or_create_secret: {
        Args: { p_name: string; p_candidate: string };
        Returns: string;
      };
      export_call_logs: {
        Args: Range & {
          p_service: string | null;
          p_agent: string | null;
          p_status: string | null;
          p_mask: boolean;
        } & ExportPageArgs;
        Returns: ExportRow[];
      };
      export_customer_calls: {
        Args: Range & { p_outcome: string | null; p_mask: boolean } & ExportPageArgs;
        Returns: ExportRow[];
      };
      take_rate_limit: {
        Args: { p_key: string; p_limit: number; p_window_seconds: number };
        Returns: boolean;
      };
      release_sync_lease: {
        Args: { p_name: string; p_holder: string };
        Returns: undefined;
      };
      call_status_outbox_head: {
        Args: Record<string, never>;
        Returns: string;
      };
      read_call_status_outbox: {
        Args: { p_after: string; p_upto: string | null; p_after_id: number; p_limit: number };
        Returns: { upto: string; events: { id: number; payload: Record<string, unknown> }[] };
      };
      prune_call_status_outbox: {
        Args: { p_keep_seconds: number; p_limit: number };
        Returns: number;
      };
    };
    Enums: Record<never, never>;
    CompositeTypes: Record<never, never>;
  };
};
