import type { User } from '../auth/user';
import type { Logger } from '../logger';
import type { Loaders } from './loaders';
import type { KaleyraClient } from '../datasources/kaleyra/kaleyra.client';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import type { CallLogSync } from '../sync/call-log-sync';
import type { LiveCallsService } from '../calls/live-calls.service';

/** Long-lived things, built once in the composition root and shared by every operation. */
export interface DataSources {
  db: DashboardStore;
  kaleyra: KaleyraClient;
  sync: CallLogSync;
  liveCalls: LiveCallsService;
}

export interface Context {
  user: User | null;
  dataSources: DataSources;
  loaders: Loaders;
  logger: Logger;
  /** Customer numbers are masked for this user's role (MASK_NUMBERS_FOR). */
  maskNumbers: boolean;
  /** "now" for range presets; a test may pin it. */
  now: () => Date;
}
