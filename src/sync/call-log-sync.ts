import { createHash } from 'node:crypto';
import type { KaleyraClient } from '../datasources/kaleyra/kaleyra.client';
import type { CallLogPage, KaleyraCallLog } from '../datasources/kaleyra/kaleyra.types';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { daysRange } from '../domain/date-range';
import { addDays, daysBetween, istDateOf } from '../domain/ist';
import { badInput } from '../errors/bad-input';
import { SyncWindowError } from '../errors/sync-window-error';
import type { Logger } from '../logger';

export interface SyncRequest {
  /** IST days, inclusive; both default to today. */
  fromDate?: string | null;
  toDate?: string | null;
  /** Re-fetch days that an earlier sync already completed after they closed. */
  force?: boolean | null;
}

/** What a sync counts, per day and in total. */
interface Counters {
  pages: number;
  /** Pages identical to what the last completed sync of their day wrote: not written again. */
  pagesUnchanged: number;
  fetched: number;
  upserted: number;
  skipped: number;
}

export interface SyncProgress extends Counters {
  day: string;
  dayIndex: number;
  days: number;
}

export interface SyncOutcome extends Counters {
  fromDate: string;
  toDate: string;
  /** Days not fetched because an earlier sync completed them after they had closed. */
  daysSkipped: number;
  durationMs: number;
}

export interface CallLogSyncDeps {
  kaleyra: KaleyraClient;
  db: DashboardStore;
  logger: Logger;
  now?: () => Date;
  /** A day completed this many hours after it ended is settled: re-runs skip it. */
  settleHours?: number;
  /** Called after each sync that wrote or fetched something (e.g. to reconcile started calls). */
  afterSync?: (outcome: SyncOutcome) => Promise<void>;
}

/**
 * Fills kaleyra_call_logs from Kaleyra's `dial` log, one IST day at a time. Within a day, page N+1
 * is fetched while page N is written, so memory holds at most two pages whatever the range.
 */
export class CallLogSync {
  private readonly now: () => Date;
  private readonly settleHours: number;

  constructor(private readonly deps: CallLogSyncDeps) {
    this.now = deps.now ?? (() => new Date());
    this.settleHours = deps.settleHours ?? 24;
  }

  /** Validates the request (BAD_USER_INPUT naming input.fromDate / input.toDate). */
  resolveDays(request: SyncRequest): { fromDate: string; toDate: string } {
    const today = istDateOf(this.now());
    const fromDate = request.fromDate ?? today;
    const toDate = request.toDate ?? today;
    daysRange(fromDate, toDate, { start: 'input.fromDate', end: 'input.toDate' });
    if (toDate > today) throw badInput('input.toDate', `must not be after today (${today} IST)`);
    return { fromDate, toDate };
  }

  /** Runs one sync under the cluster-wide lock (SYNC_IN_PROGRESS when another one runs). */
  async run(request: SyncRequest, onProgress?: (p: SyncProgress) => void): Promise<SyncOutcome> {
    const { fromDate, toDate } = this.resolveDays(request);
    const outcome = await this.deps.db.withSyncLock(() =>
      this.syncDays(fromDate, toDate, request.force ?? false, onProgress),
    );
    if (this.deps.afterSync) {
      await this.deps
        .afterSync(outcome)
        .catch((err: unknown) => this.deps.logger.error({ err }, 'after-sync step failed'));
    }
    return outcome;
  }

  /** Starts fetching a day: its first page and its stored digests (failures wait to be awaited). */
  private openDay(day: string): DayWindow {
    const pages = this.deps.kaleyra.callLogs(day, day);
    const first = pages.next();
    first.catch(() => undefined);
    const known = this.deps.db.syncPageDigests(day);
    known.catch(() => undefined);
    return { day, pages, first, known };
  }

  private async syncDays(
    fromDate: string,
    toDate: string,
    force: boolean,
    onProgress?: (p: SyncProgress) => void,
  ): Promise<SyncOutcome> {
    const started = Date.now();
    const { db, logger } = this.deps;
    // Today and yesterday are never settled, whatever the table says: late records land there.
    const recent = addDays(istDateOf(this.now()), -1);
    const settled = new Set(
      force
        ? []
        : (await db.settledSyncDays(fromDate, toDate, this.settleHours)).filter((d) => d < recent),
    );
    const days = daysBetween(fromDate, toDate) + 1;
    const toSync = Array.from({ length: days }, (_, i) => addDays(fromDate, i)).filter(
      (d) => !settled.has(d),
    );
    let total: Counters = { pages: 0, pagesUnchanged: 0, fetched: 0, upserted: 0, skipped: 0 };
    // The next day's window, opened while this day's last page is written, so that the pipeline
    // does not stall at day boundaries (still at most two pages in memory).
    let ahead: DayWindow | undefined;
    for (const [n, day] of toSync.entries()) {
      const i = daysBetween(fromDate, day);
      const dayStats: Counters = {
        pages: 0,
        pagesUnchanged: 0,
        fetched: 0,
        upserted: 0,
        skipped: 0,
      };
      const window = ahead?.day === day ? ahead : this.openDay(day);
      ahead = undefined;
      const nextDay = toSync[n + 1];
      const digests: string[] = [];
      try {
        // Digests of the pages the last completed sync of this day wrote: an identical page holds
        // exactly the rows already stored, so it is not sent again. (To rewrite a day whose rows
        // were changed by hand, delete its kaleyra_sync_days row.)
        const known = await window.known;
        let next = window.first;
        for (;;) {
          const result = await next;
          if (result.done) break;
          // Prefetch page N+1 while page N is written; when there is none, the next day's first.
          next = window.pages.next();
          next.then(
            (r) => {
              if (r.done && nextDay !== undefined && ahead === undefined)
                ahead = this.openDay(nextDay);
            },
            () => undefined,
          );
          const page = result.value;
          const digest = pageDigest(page.records);
          digests.push(digest);
          if (known[digests.length - 1] === digest) {
            dayStats.pagesUnchanged++;
          } else {
            const counts = await db.upsertCallLogs(page.records);
            dayStats.upserted += counts.inserted + counts.updated;
          }
          dayStats.pages++;
          dayStats.fetched += page.rawCount;
          dayStats.skipped += page.skipped.length;
          onProgress?.({ day, dayIndex: i, days, ...addUp(total, dayStats) });
        }
        await db.markSyncDay(day, dayStats, digests);
      } catch (err) {
        await window.pages.return?.(undefined).catch(() => undefined);
        // (set by the prefetch callback above, which the compiler cannot see)
        await (ahead as DayWindow | undefined)?.pages.return?.(undefined).catch(() => undefined);
        logger.error({ err, day }, 'call-log sync window failed');
        throw new SyncWindowError(day, err);
      }
      total = addUp(total, dayStats);
      logger.debug({ day, ...dayStats }, 'call-log sync: day done');
    }
    const daysSkipped = days - toSync.length;
    return { fromDate, toDate, ...total, daysSkipped, durationMs: Date.now() - started };
  }
}

/** One IST day's pages, its first page and its stored page digests already asked for. */
interface DayWindow {
  day: string;
  pages: AsyncIterableIterator<CallLogPage>;
  first: Promise<IteratorResult<CallLogPage>>;
  known: Promise<string[]>;
}

/** Identifies a page's parsed content (so a parser change also counts as a change). */
function pageDigest(records: readonly KaleyraCallLog[]): string {
  return createHash('sha1').update(JSON.stringify(records)).digest('base64url');
}

function addUp(a: Counters, b: Counters): Counters {
  return {
    pages: a.pages + b.pages,
    pagesUnchanged: a.pagesUnchanged + b.pagesUnchanged,
    fetched: a.fetched + b.fetched,
    upserted: a.upserted + b.upserted,
    skipped: a.skipped + b.skipped,
  };
}
