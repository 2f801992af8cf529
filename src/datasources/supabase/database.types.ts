/**
 * The public schema as supabase-js sees it (the shape `supabase gen types typescript` prints),
 * written by hand from db/migrations. Keep it in step with new migrations.
 */
type Range = { p_start: string; p_end: string };
type CallFilterArgs = Range & { p_service?: string | null; p_agent?: string | null; p_status?: string | null };

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
};

export type AgentsRow = {
  agent_number: string;
  name: string;
  active: boolean;
  created_at: string;
  updated_at: string;
};

export type Database = {
  public: {
    Tables: {
      kaleyra_call_logs: {
        Row: KaleyraCallLogsRow;
        Insert: Omit<KaleyraCallLogsRow, 'synced_at'> & { synced_at?: string | null };
        Update: Partial<KaleyraCallLogsRow>;
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
        Returns: { agent_number: string; calls_answered: number; total_talk_seconds: number; missed_calls: number }[];
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
    };
    Enums: Record<never, never>;
    CompositeTypes: Record<never, never>;
  };
};
