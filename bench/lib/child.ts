import { fork, type ChildProcess } from 'node:child_process';

type Handler = (payload: never) => unknown;
type Handlers = Record<string, Handler>;

interface Request {
  kind: 'req';
  id: number;
  op: string;
  payload: unknown;
}
interface Response {
  kind: 'res';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

interface Port {
  send?(message: unknown, callback?: (err: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * Request/response over the IPC channel of a forked process, usable from both ends: either side
 * registers handlers and calls the other's. Errors come back as their stack text.
 */
export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void; timer?: NodeJS.Timeout }
  >();
  private readonly listener = (message: unknown) =>
    void this.onMessage(message as Request | Response);

  constructor(
    private readonly port: Port,
    private readonly handlers: Handlers = {},
  ) {
    port.on('message', this.listener);
  }

  call<T>(op: string, payload: unknown = null, timeoutMs = 0): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const entry: { resolve(v: unknown): void; reject(e: Error): void; timer?: NodeJS.Timeout } = {
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new Error(`rpc ${op} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      this.port.send!({ kind: 'req', id, op, payload } satisfies Request, (err) => {
        if (err) {
          this.pending.delete(id);
          clearTimeout(entry.timer);
          reject(err);
        }
      });
    });
  }

  /** Fails every pending call (the other side died). */
  failAll(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(reason));
      this.pending.delete(id);
    }
  }

  close(): void {
    this.port.off('message', this.listener);
  }

  private async onMessage(message: Request | Response): Promise<void> {
    if (message?.kind === 'res') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(new Error(message.error));
      return;
    }
    if (message?.kind !== 'req') return;
    const handler = this.handlers[message.op];
    let reply: Response;
    try {
      if (!handler) throw new Error(`no handler for ${message.op}`);
      reply = {
        kind: 'res',
        id: message.id,
        ok: true,
        result: await (handler as (p: unknown) => unknown)(message.payload),
      };
    } catch (err) {
      reply = {
        kind: 'res',
        id: message.id,
        ok: false,
        error: (err as Error)?.stack ?? String(err),
      };
    }
    this.port.send!(reply);
  }
}

export interface ForkedChild {
  child: ChildProcess;
  rpc: Rpc;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  /** Asks nothing: disconnects and waits for the exit (kills it after graceMs). */
  stop(graceMs?: number): Promise<number | string>;
}

/**
 * Forks this same script (process.argv[1]) with `role` as its first argument and the same node
 * flags (so --expose-gc carries over). The child's stdout/stderr are this process's.
 */
export function forkSelf(
  role: string,
  handlers: Handlers = {},
  env: Record<string, string> = {},
): ForkedChild {
  const child = fork(process.argv[1]!, [role], {
    execArgv: process.execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const rpc = new Rpc(child, handlers);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      rpc.failAll(`child ${role} exited (${code ?? signal})`);
      resolve(code ?? signal ?? -1);
    }),
  );
  return {
    child,
    rpc,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** In a forked child: serves the parent's calls; the child exits when the parent disconnects. */
export function serveParent(handlers: Handlers): Rpc {
  if (!process.send) throw new Error('not a forked child (no IPC channel)');
  process.once('disconnect', () => setImmediate(() => process.exit(0)));
  return new Rpc(process as unknown as Port, handlers);
}
