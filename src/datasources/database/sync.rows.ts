/** The most recent completion of an IST day by a sync (kaleyra_sync_days). */
export interface LastSyncRow {
  day: string;
  completedAt: Date;
}
