import type { ServerResponse } from 'node:http';
import { mulberry32 } from './generator';
import { fail } from './simulator.http';

export interface Faults {
  /** Added before every answer. */
  latencyMs: number;
  /** Share (0..1) of requests answered HTTP 500/502/503. */
  errorRate5xx: number;
  /** Share of requests held unanswered until the client gives up (or stop()). */
  timeoutRate: number;
  /** Share of requests answered HTTP 200 with a non-JSON or truncated body. */
  garbledRate: number;
  /** The next `count` requests get HTTP 429 with Retry-After. */
  burst429: { count: number; retryAfterSeconds: number } | null;
  /** The next `count` requests get HTTP `status` (500 by default): a deterministic errorRate5xx. */
  burst5xx: { count: number; status?: 500 | 502 | 503 } | null;
  /** Share of calls whose callback is delivered twice. */
  duplicateCallbackRate: number;
  /** After the final callback, also send a stale one (older status or blank fields). */
  outOfOrderCallbacks: boolean;
  /**
   * Initiate calls that carry a callback URL are refused with an error that quotes the URL, as
   * APIs that validate a parameter often do (and as Kaleyra's messages may).
   */
  refuseCallbackUrl: boolean;
}

/** Every knob off; `setFaults(NO_FAULTS)` resets a simulator between tests. */
export const NO_FAULTS: Readonly<Faults> = {
  latencyMs: 0,
  errorRate5xx: 0,
  timeoutRate: 0,
  garbledRate: 0,
  burst429: null,
  burst5xx: null,
  duplicateCallbackRate: 0,
  outOfOrderCallbacks: false,
  refuseCallbackUrl: false,
};

/** The draws for one request, and the knobs as they stood when it arrived. */
export interface FaultDraw {
  faults: Faults;
  timeout: number;
  error5xx: number;
  garbled: number;
  variant: number;
}

// Longer than any client timeout we allow (KALEYRA_TIMEOUT_MS caps at 120 s); stop() ends it sooner.
const HOLD_MS = 130_000;

/**
 * The fault knobs and their seeded random stream: which requests are held, answered 429/5xx or
 * garbled instead of being answered, and the pages those answers carry.
 */
export class FaultInjector {
  private faults: Faults = { ...NO_FAULTS };
  private burst429Left = 0;
  private burst5xxLeft = 0;
  private readonly held = new Set<ServerResponse>();
  // A stream of its own: fault draws depend only on the request sequence.
  private readonly rand: () => number;

  constructor(seed: number) {
    this.rand = mulberry32(seed);
  }

  get current(): Readonly<Faults> {
    return this.faults;
  }

  set(partial: Partial<Faults>): void {
    this.faults = { ...this.faults, ...partial };
    if (partial.burst429 !== undefined) this.burst429Left = partial.burst429?.count ?? 0;
    if (partial.burst5xx !== undefined) this.burst5xxLeft = partial.burst5xx?.count ?? 0;
  }

  /**
   * Draws the same number of values per request whatever the knobs, so the fault sequence is a
   * function of the seed and the request count only.
   */
  draw(): FaultDraw {
    const [timeout, error5xx, garbled, variant] = [
      this.rand(),
      this.rand(),
      this.rand(),
      this.rand(),
    ] as [number, number, number, number];
    return { faults: this.faults, timeout, error5xx, garbled, variant };
  }

  /**
   * Serves the fault this request draws, if any (bursts first, then the rates); false when the
   * request is to be answered normally.
   */
  serve(draw: FaultDraw, res: ServerResponse): boolean {
    const f = draw.faults;
    if (this.burst429Left > 0 && f.burst429) {
      this.burst429Left--;
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(f.burst429.retryAfterSeconds),
        })
        .end(JSON.stringify(fail('429', 'Too Many Requests')));
      return true;
    }
    if (this.burst5xxLeft > 0 && f.burst5xx) {
      this.burst5xxLeft--;
      const status = f.burst5xx.status ?? 500;
      sendServerError(res, status === 500 ? 0 : status === 502 ? 0.5 : 0.9);
      return true;
    }
    if (draw.timeout < f.timeoutRate) {
      this.hold(res);
      return true;
    }
    if (draw.error5xx < f.errorRate5xx) {
      sendServerError(res, draw.variant);
      return true;
    }
    if (draw.garbled < f.garbledRate) {
      sendGarbled(res, draw.variant);
      return true;
    }
    return false;
  }

  /** Drops every held request (the simulator is stopping). */
  releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private hold(res: ServerResponse): void {
    this.held.add(res);
    const timer = setTimeout(() => res.destroy(), HOLD_MS);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      this.held.delete(res);
    });
  }
}

function sendServerError(res: ServerResponse, variant: number): void {
  if (variant < 1 / 3) {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
  } else if (variant < 2 / 3) {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    );
  } else {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>503 Service Temporarily Unavailable</title></head><body></body></html>',
    );
  }
}

function sendGarbled(res: ServerResponse, variant: number): void {
  if (variant < 1 / 3) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"200","message":"OK","data":[{"id":"5d0c1c3e-00');
  } else if (variant < 2 / 3) {
    // The legacy stack is PHP: a warning printed before the JSON is a plausible failure.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<br />\n<b>Warning</b>:  mysqli_connect(): (HY000/2002): Connection refused in ' +
        '<b>/var/www/api/v1/index.php</b> on line <b>12</b><br />\n{"status":"200","message":"OK","data":[]}',
    );
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Service is under maintenance</body></html>');
  }
}
