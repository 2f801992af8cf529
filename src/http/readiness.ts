import type { DashboardStore, Readiness } from '../datasources/database/dashboard.store';
import type { CallStatusFeed } from '../subscriptions/call-status.feed';

/**
 * What GET /readyz reports: the database's own check (reachable, migrations applied), then the
 * live-event feed. While its LISTEN connection is down, subscribers on this instance miss events
 * (it reconnects by itself), so a load balancer should prefer another instance.
 */
export async function readinessOf(
  db: Pick<DashboardStore, 'readiness'>,
  feed: Pick<CallStatusFeed, 'connected'>,
): Promise<Readiness> {
  const database = await db.readiness();
  if (!database.ok) return database;
  if (!feed.connected()) {
    return {
      ok: false,
      detail: 'live events unavailable: the LISTEN connection is down (reconnecting)',
    };
  }
  return database;
}
