import DataLoader from 'dataloader';
import type { AgentRow, CallLogRow } from '../datasources/supabase/rows';
import type { SupabaseDataSource } from '../datasources/supabase/supabase.datasource';

/** Lines rows up with keys: one row (or null) per key, same length and order as the keys. */
export function alignByKey<K, R>(
  keys: readonly K[],
  rows: readonly R[],
  keyOf: (row: R) => K,
): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Lines rows up with keys: the rows of each key (in the order given), [] for a key without any. */
export function groupByKey<K, R>(
  keys: readonly K[],
  rows: readonly R[],
  keyOf: (row: R) => K,
): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const list = byKey.get(keyOf(row));
    if (list) list.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

/** Per-operation loaders; never create these at module scope (the cache would be shared). */
export const createLoaders = (db: SupabaseDataSource) => ({
  agentByNumber: new DataLoader<string, AgentRow | null>(async (numbers) =>
    alignByKey(numbers, await db.agentsByNumbers(numbers), (a) => a.agentNumber),
  ),
  /** A customer call's legs: the Incoming leg, then its CallForward legs by start time. */
  legsByCustomerCallId: new DataLoader<string, CallLogRow[]>(async (ids) =>
    groupByKey(ids, await db.customerCallLegs(ids), (r) => r.callId).map((rows) =>
      rows.map((r) => r.leg),
    ),
  ),
});

export type Loaders = ReturnType<typeof createLoaders>;
