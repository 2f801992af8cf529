/** The fields of a PostgREST error (supabase-js's PostgrestError), as the adapter reads them. */
export interface PostgrestErrorLike {
  message: string;
  code?: string;
  details?: string | null;
  hint?: string | null;
}

/** A failed PostgREST call; the whole error object (hint included) rides along for the log. */
export class SupabaseQueryError extends Error {
  override name = 'SupabaseQueryError';
  constructor(
    readonly operation: string,
    readonly postgrest: PostgrestErrorLike,
  ) {
    super(`supabase ${operation} failed: [${postgrest.code ?? '?'}] ${postgrest.message}`);
  }
}
