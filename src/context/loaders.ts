import DataLoader from 'dataloader';
import type { AgentRow } from '../datasources/database/agent.rows';
import type { CallLogRow } from '../datasources/database/call-log.rows';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import type { IvrCallRow } from '../datasources/database/ivr-call.rows';

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
export const createLoaders = (db: DashboardStore) => ({
  agentByNumber: new DataLoader<string, AgentRow | null>(async (numbers) =>
    alignByKey(numbers, await db.agentsByNumbers(numbers), (a) => a.agentNumber),
  ),
  /** A customer call's legs: the Incoming leg, then its CallForward legs by start time. */
  legsByCustomerCallId: new DataLoader<string, CallLogRow[]>(async (ids) =>
    groupByKey(ids, await db.customerCallLegs(ids), (r) => r.callId).map((rows) =>
      rows.map((r) => r.leg),
    ),
  ),
  // Uncached: a subscription's context outlives its events, and each event must read the row as
  // it is now (the events of one tick still share one query).
  ivrCallById: new DataLoader<string, IvrCallRow | null>(
    async (ids) => alignByKey(ids, await db.ivrCallsByIds(ids), (c) => c.id),
    { cache: false },
  ),
});

export type Loaders = ReturnType<typeof createLoaders>;
