/** Percentile (nearest rank) of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A latency histogram with fixed 0.1 ms buckets up to `maxMs` (beyond lands in the last bucket):
 * millions of samples at constant memory, percentiles exact to 0.1 ms.
 */
export class LatencyHistogram {
  private readonly buckets: Uint32Array;
  count = 0;
  max = 0;
  private sum = 0;

  constructor(private readonly maxMs = 120_000) {
    this.buckets = new Uint32Array(Math.ceil(maxMs * 10) + 1);
  }

  record(ms: number): void {
    const i = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 10)));
    this.buckets[i]!++;
    this.count++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i]! += other.buckets[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i / 10;
    }
    return this.maxMs;
  }

  /** Plain numbers, for IPC. */
  toJSON(): { buckets: number[]; count: number; sum: number; max: number } {
    const sparse: number[] = [];
    this.buckets.forEach((n, i) => {
      if (n > 0) sparse.push(i, n);
    });
    return { buckets: sparse, count: this.count, sum: this.sum, max: this.max };
  }

  static fromJSON(
    json: { buckets: number[]; count: number; sum: number; max: number },
    maxMs?: number,
  ): LatencyHistogram {
    const h = new LatencyHistogram(maxMs);
    for (let k = 0; k < json.buckets.length; k += 2)
      h.buckets[json.buckets[k]!] = json.buckets[k + 1]!;
    h.count = json.count;
    h.sum = json.sum;
    h.max = json.max;
    return h;
  }
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`,
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  mib: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`,
  ratio: (n: number) => n.toFixed(2),
};

/** "PASS"/"MISS" against a target, for the summary lines. */
export function verdict(value: number, target: { max?: number; min?: number }): string {
  const ok =
    (target.max === undefined || value <= target.max) &&
    (target.min === undefined || value >= target.min);
  const goal = target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`;
  return `${fmt.ratio(value)} (target ${goal}: ${ok ? 'met' : 'NOT met'})`;
}
