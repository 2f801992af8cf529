import type { DashboardStore, Readiness } from '../datasources/database/dashboard.store';
import type { CallStatusFeed } from '../subscriptions/call-status.feed';

/**
 * What GET /readyz reports: the database's own check (reachable, migrations applied), then the
 * live-event feed. While its LISTEN connection is down (it reconnects by itself) events wait for
 * the next poll, and while the outbox cannot be read they wait for it to come back, so a load
 * balancer should prefer another instance.
 */
export async function readinessOf(
  db: Pick<DashboardStore, 'readiness'>,
  feed: Pick<CallStatusFeed, 'problem'>,
): Promise<Readiness> {
  const database = await db.readiness();
  if (!database.ok) return database;
  const problem = feed.problem();
  if (problem) return { ok: false, detail: problem };
  return database;
}
