import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';

/** Identifies the subscribers that would get byte-for-byte the same results. */
export type ShareKeyOf = (contextValue: unknown) => string;

/** Applied once per event to the shared result (e.g. error masking), not once per subscriber. */
export type ResultFormatter = (result: ExecutionResult) => ExecutionResult;

/** Pending results one slow subscriber may hold before it is cut off (protects the server). */
const MAX_QUEUE = 10_000;

interface Member {
  push(result: ExecutionResult): void;
  fail(error: Error): void;
}

interface Group {
  members: Set<Member>;
  /** The one execution every member shares; undefined until graphql's subscribe() answers. */
  source?: AsyncIterator<ExecutionResult>;
}

/**
 * Executes each distinct subscription (same document, operation, variables and share key) once per
 * event and hands the same result to every socket that asked for it. graphql-ws would otherwise run
 * the subscription's resolvers once per subscriber per event: with 1,000 dashboards watching all
 * calls, that is 1,000 executions of identical work for every callback.
 */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Promise<Group | ExecutionResult>>();

  constructor(
    private readonly shareKeyOf: ShareKeyOf,
    private readonly format: ResultFormatter = (r) => r,
  ) {}

  /** A drop-in for graphql's subscribe(), as graphql-ws's `subscribe` option. */
  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const key = [
      print(args.document),
      args.operationName ?? '',
      JSON.stringify(args.variableValues ?? {}),
      this.shareKeyOf(args.contextValue),
    ].join('\u0000');
    let pending = this.groups.get(key);
    if (!pending) {
      pending = this.start(key, args);
      this.groups.set(key, pending);
    }
    const group = await pending;
    if (!('members' in group)) return group; // an error result: nothing to share
    return this.join(key, group);
  };

  /** Distinct executions running now (for tests and metrics). */
  get size(): number {
    return this.groups.size;
  }

  private async start(key: string, args: ExecutionArgs): Promise<Group | ExecutionResult> {
    const result = await subscribe(args);
    if (!(Symbol.asyncIterator in result)) {
      this.groups.delete(key);
      return result;
    }
    const group: Group = { members: new Set(), source: result[Symbol.asyncIterator]() };
    void this.pump(key, group);
    return group;
  }

  private async pump(key: string, group: Group): Promise<void> {
    try {
      for (;;) {
        const next = await group.source!.next();
        if (next.done) break;
        const result = this.format(next.value);
        for (const member of group.members) member.push(result);
      }
      for (const member of group.members) member.fail(new Error('subscription source ended'));
    } catch (err) {
      for (const member of group.members)
        member.fail(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if ((await this.groups.get(key)) === group) this.groups.delete(key);
    }
  }

  private join(key: string, group: Group): AsyncIterableIterator<ExecutionResult> {
    const queue: ExecutionResult[] = [];
    let failure: Error | undefined;
    let waiter:
      | { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: Error) => void }
      | undefined;
    let left = false;
    const leave = async () => {
      if (left) return;
      left = true;
      group.members.delete(member);
      if (group.members.size === 0 && (await this.groups.get(key)) === group) {
        // Last one out stops the shared execution (and its pubsub listener).
        this.groups.delete(key);
        // Not awaited: a source blocked on its next event may only finish returning then.
        void group.source!.return?.()?.catch(() => undefined);
      }
    };
    const member: Member = {
      push(result) {
        if (waiter) {
          waiter.resolve({ value: result, done: false });
          waiter = undefined;
        } else if (queue.length < MAX_QUEUE) {
          queue.push(result);
        } else {
          member.fail(new Error('subscriber too slow: events were not read'));
        }
      },
      fail(error) {
        if (waiter) {
          waiter.reject(error);
          waiter = undefined;
          void leave();
        } else {
          failure ??= error;
        }
      },
    };
    group.members.add(member);
    const done = (): IteratorResult<ExecutionResult> => ({ value: undefined, done: true });
    // A plain iterator rather than an async generator: return() must take effect at once, even
    // while next() is waiting for an event (a generator would queue it behind that wait).
    return {
      next() {
        // Once left (the socket closed), what is still queued is dropped, not sent to nobody.
        if (left) return Promise.resolve(done());
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (failure) {
          const f = failure;
          return leave().then(() => Promise.reject(f));
        }
        return new Promise((resolve, reject) => (waiter = { resolve, reject }));
      },
      async return() {
        waiter?.resolve(done());
        waiter = undefined;
        queue.length = 0;
        await leave();
        return done();
      },
      async throw(error?: unknown) {
        await leave();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
