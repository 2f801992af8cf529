import type { Logger } from '../logger';

export interface SimCallbackLogEntry {
  url: string;
  /** HTTP status of the callback GET; 0 when it was not delivered (see error). */
  status: number;
  at: Date;
  error?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Delivers callbacks as Kaleyra does: a GET of the URL template the call carried, with its
 * `{placeholders}` filled in. A call's deliveries go out one after the other, in order; only ever
 * to loopback.
 */
export class CallbackDelivery {
  readonly sent: SimCallbackLogEntry[] = [];
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    /** Aborted when the simulator stops: nothing more is sent, and a GET in flight ends. */
    private readonly stopping: AbortSignal,
  ) {}

  /** Deliveries still in flight. */
  get pending(): number {
    return this.inflight.size;
  }

  /** Sends `template` filled with each set of values, in order, one after the other. */
  send(template: string, valueSets: readonly Record<string, string>[]): void {
    const p = this.deliverInOrder(valueSets.map((v) => fillTemplate(template, v))).finally(() =>
      this.inflight.delete(p),
    );
    this.inflight.add(p);
  }

  /** Resolves once every delivery in flight has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private async deliverInOrder(urls: string[]): Promise<void> {
    for (const url of urls) {
      if (this.stopping.aborted) return;
      await this.deliver(url);
    }
  }

  private async deliver(url: string): Promise<void> {
    const at = new Date();
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      this.sent.push({ url, status: 0, at, error: 'invalid callback URL' });
      return;
    }
    // Never call out of the machine: the simulator only ever talks to local test servers.
    if (!LOOPBACK_HOSTS.has(target.hostname) || !/^https?:$/.test(target.protocol)) {
      this.logger.warn({ host: target.hostname }, 'simulator refused a non-loopback callback');
      this.sent.push({ url, status: 0, at, error: 'refused: not a loopback host' });
      return;
    }
    try {
      const res = await fetch(target, {
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.any([this.stopping, AbortSignal.timeout(5_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      this.sent.push({ url, status: res.status, at });
    } catch (err) {
      this.sent.push({
        url,
        status: 0,
        at,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

/** Replaces `{name}` (or an encoded `%7Bname%7D`) with the URL-encoded value; unknown names stay. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}|%7B(\w+)%7D/gi, (match, a?: string, b?: string) => {
    const name = (a ?? b) as string;
    const value = values[name];
    return value === undefined ? match : encodeURIComponent(value);
  });
}
