import { addDays, istDateOf } from '../domain/ist';
import { SyncInProgressError } from '../errors/sync-in-progress-error';
import type { Logger } from '../logger';
import type { CallLogSync } from './call-log-sync';

export interface SyncScheduleOptions {
  /** Days to sync once, now (the demo's first fill). */
  initial?: { fromDate: string; toDate: string; why: string };
  /** Seconds between syncs of today and yesterday (so that late records are caught); none = no schedule. */
  intervalSeconds?: number;
  now: () => Date;
  logger: Logger;
}

/**
 * The server's background syncs: an optional first fill, then an optional schedule, one sync at a
 * time. A sync running elsewhere (another instance, a CLI) is not an error here.
 */
export function startSyncSchedule(sync: CallLogSync, options: SyncScheduleOptions) {
  const { logger, now } = options;
  const background = new Set<Promise<unknown>>();
  const runInBackground = (fromDate: string, toDate: string, why: string) => {
    const p = sync
      .run({ fromDate, toDate })
      .then((r) => logger.info({ ...r, why }, 'background sync done'))
      .catch((err: unknown) => {
        if (err instanceof SyncInProgressError)
          logger.info({ why }, 'background sync skipped: another sync is running');
        else logger.error({ err, why }, 'background sync failed');
      })
      .finally(() => background.delete(p));
    background.add(p);
    return p;
  };
  const { initial } = options;
  const initialDone = initial
    ? runInBackground(initial.fromDate, initial.toDate, initial.why).then(() => undefined)
    : Promise.resolve();
  const timer = options.intervalSeconds
    ? setInterval(() => {
        const today = istDateOf(now());
        if (background.size === 0) runInBackground(addDays(today, -1), today, 'schedule');
      }, options.intervalSeconds * 1000)
    : undefined;
  return {
    /** Resolves once the first fill has ended (at once when there is none). */
    initialDone,
    /** No sync starts after this. */
    cancel(): void {
      clearInterval(timer);
    },
    /** Resolves once the syncs running now have ended (whatever their outcome). */
    async settled(): Promise<void> {
      await Promise.allSettled([...background]);
    },
  };
}
