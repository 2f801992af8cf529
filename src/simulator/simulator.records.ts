import { addDays } from '../domain/ist';
import type { SimCallLogRecord } from './generator';

/** A record as served by `dial`; anything object-shaped is accepted so tests can serve junk. */
export type SimRecordInput = SimCallLogRecord | Record<string, unknown>;

/**
 * The simulator's call log, kept sorted the way `dial` pages it (start time, then id), with the
 * start times alongside so a day's records are found by binary search.
 */
export class RecordStore {
  private sorted: SimRecordInput[] = [];
  private keys: string[] = [];

  /** Every record, in paging order. */
  get all(): readonly SimRecordInput[] {
    return this.sorted;
  }

  set(records: readonly SimRecordInput[]): void {
    this.sorted = [...records].sort(compareRecords);
    this.keys = this.sorted.map(sortKey);
  }

  add(records: readonly SimRecordInput[]): void {
    if (records.length > 64) {
      this.set([...this.sorted, ...records]);
      return;
    }
    for (const r of records) {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRecords(this.sorted[mid] as SimRecordInput, r) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.sorted.splice(lo, 0, r);
      this.keys.splice(lo, 0, sortKey(r));
    }
  }

  /** Positions [lo, hi) in `all` of the records that started on the IST days from..to. */
  dayRange(from: string, to: string): { lo: number; hi: number } {
    const lo = lowerBound(this.keys, from);
    const hi = Math.max(lo, lowerBound(this.keys, addDays(to, 1)));
    return { lo, hi };
  }
}

function sortKey(r: SimRecordInput): string {
  return typeof r.start_time === 'string' ? r.start_time : '';
}

function compareRecords(a: SimRecordInput, b: SimRecordInput): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ia = String(a.id ?? '');
  const ib = String(b.id ?? '');
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
