import DataLoader from 'dataloader';
import type { AgentRow } from '../datasources/database/agent.rows';
import type { DashboardStore } from '../datasources/database/dashboard.store';

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

/** Per-operation loaders; never create these at module scope (the cache would be shared). */
export const createLoaders = (db: DashboardStore) => ({
  agentByNumber: new DataLoader<string, AgentRow | null>(async (numbers) =>
    alignByKey(numbers, await db.agentsByNumbers(numbers), (a) => a.agentNumber),
  ),
});

export type Loaders = ReturnType<typeof createLoaders>;
