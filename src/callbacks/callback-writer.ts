import type { CallbackResult, CallbackUpdate } from '../datasources/database/callback.rows';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { DatabaseUnavailableError } from '../errors/database-unavailable-error';

export interface CallbackWriterOptions {
  /** Callbacks per transaction at most (each is a subtransaction; Postgres caches 64 per backend). */
  maxBatch?: number;
  /** Transactions in flight at once (their commits share WAL flushes). */
  maxInFlight?: number;
  /** Tries per callback when Postgres rolled it back for a lock conflict (deadlock victim). */
  maxTries?: number;
  /**
   * Test hook only: runs once a batch's transaction has committed, before any caller hears of it
   * (so before the 200 and the wake-up). The outbox crash test kills the process here.
   */
  afterCommit?: (updates: readonly CallbackUpdate[]) => void;
}

interface Pending {
  update: CallbackUpdate;
  tries: number;
  /** Written in a transaction of its own: its batch failed as a whole. */
  alone?: boolean;
  resolve: (r: CallbackResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Stores callbacks in batches: whatever arrived while the previous transactions were busy goes
 * into the next one. A quiet server writes each callback at once (it waits only for the end of the
 * current event-loop turn); a busy one pays one round trip and one commit per batch, not per
 * callback. Each caller gets its own callback's result, after its transaction committed.
 */
export class CallbackWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly maxTries: number;
  private readonly afterCommit?: CallbackWriterOptions['afterCommit'];

  constructor(
    private readonly db: DashboardStore,
    options: CallbackWriterOptions = {},
  ) {
    this.afterCommit = options.afterCommit;
    this.maxBatch = options.maxBatch ?? 50;
    this.maxInFlight = options.maxInFlight ?? 4;
    this.maxTries = options.maxTries ?? 3;
  }

  apply(update: CallbackUpdate): Promise<CallbackResult> {
    return new Promise((resolve, reject) => this.enqueue({ update, tries: 1, resolve, reject }));
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    if (!this.scheduled) {
      this.scheduled = true;
      // Requests read in the same poll phase share a transaction.
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /**
   * A callback Postgres rolled back for a lock conflict goes into a later batch (after a short
   * random pause) rather than back to Kaleyra as a 503: whether Kaleyra retries is not known.
   */
  private settle(p: Pending, result: CallbackResult): void {
    if (!result.ok && result.retryable && p.tries < this.maxTries) {
      p.tries++;
      setTimeout(() => this.enqueue(p), 5 + Math.random() * 20 * p.tries);
      return;
    }
    p.resolve(result);
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue[0]!.alone ? this.queue.splice(0, 1) : this.takeBatch();
      this.inFlight++;
      const updates = batch.map((p) => p.update);
      this.db
        .applyCallbacks(updates)
        .then(
          (results) => {
            this.afterCommit?.(updates);
            batch.forEach((p, i) => this.settle(p, results[i]!));
          },
          (err: unknown) => this.failed(batch, err),
        )
        .finally(() => {
          this.inFlight--;
          this.flush();
        });
    }
  }

  /** Up to maxBatch callbacks from the head of the queue, stopping at one that must go alone. */
  private takeBatch(): Pending[] {
    let n = 0;
    while (n < this.queue.length && n < this.maxBatch && !this.queue[n]!.alone) n++;
    return this.queue.splice(0, n);
  }

  /**
   * A batch travels as one value, so a single callback Postgres cannot take (a NUL the parser did
   * not catch, a value out of range) makes it refuse the whole batch, and nothing of it is written.
   * Each callback is then tried in a transaction of its own, so only the bad one fails. Losing the
   * database fails them all alike: that is no callback's fault, and trying alone would not help.
   */
  private failed(batch: Pending[], err: unknown): void {
    if (batch.length === 1 || err instanceof DatabaseUnavailableError) {
      batch.forEach((p) => p.reject(err));
      return;
    }
    this.queue.unshift(...batch.map((p) => ({ ...p, alone: true })));
  }
}
