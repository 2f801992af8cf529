import { randomUUID } from 'node:crypto';
import { SyncInProgressError } from '../../errors/sync-in-progress-error';
import type { Logger } from '../../logger';
import { SupabaseQueryError } from './supabase-query-error';

/** The SQL side of the sync lease (db/functions/sync_lease.sql), as each adapter calls it. */
export interface LeaseStore {
  /** Takes the lease, or extends it when `holder` already has it; false while another holds it. */
  tryAcquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean>;
  /** Gives the lease back (only if `holder` still has it). */
  releaseLease(name: string, holder: string): Promise<void>;
}

export const SYNC_LEASE = 'call_log_sync';
export const SYNC_LEASE_SECONDS = 60;

export interface SyncLeaseOptions {
  /** Lifetime of the lease between heartbeats. */
  ttlSeconds?: number;
  /** Where a lease that could not be released is reported. */
  logger?: Pick<Logger, 'error'>;
}

/**
 * Runs fn while holding the cluster-wide sync lease, or throws SYNC_IN_PROGRESS at once when
 * another holder has a live one. A lease row with an expiry, rather than an advisory lock: a
 * session lock needs one connection held for the whole sync, which neither PostgREST nor a
 * transaction-mode pooler (Supabase's port 6543) gives. A heartbeat renews it every third of its
 * lifetime, so a long sync keeps it; an instance that dies stops renewing, and its lease expires
 * after `ttlSeconds`. Should renewals fail for a whole lifetime (database unreachable), another
 * sync may start beside this one: that costs duplicate work, never wrong rows (upserts).
 */
export async function withSyncLease<T>(
  store: LeaseStore,
  fn: () => Promise<T>,
  { ttlSeconds = SYNC_LEASE_SECONDS, logger }: SyncLeaseOptions = {},
): Promise<T> {
  const holder = randomUUID();
  if (!(await store.tryAcquireLease(SYNC_LEASE, holder, ttlSeconds)))
    throw new SyncInProgressError();
  let renewal: Promise<unknown> | undefined;
  const heartbeat = setInterval(
    () => {
      renewal ??= store
        .tryAcquireLease(SYNC_LEASE, holder, ttlSeconds)
        .catch(() => undefined)
        .finally(() => (renewal = undefined));
    },
    (ttlSeconds * 1000) / 3,
  );
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    // A renewal still in flight would write the row again after the release, and keep every other
    // sync out until it expired.
    await renewal;
    // Logged, not thrown: a throw here would replace fn's own outcome (a sync whose rows are
    // saved, or its own error). The lease then holds other syncs off until it expires.
    await store
      .releaseLease(SYNC_LEASE, holder)
      .catch((err: unknown) =>
        logger?.error(
          { err, ...(err instanceof SupabaseQueryError && { postgrest: err.postgrest }) },
          `could not release the sync lease: other syncs are refused until it expires (${ttlSeconds} s)`,
        ),
      );
  }
}
