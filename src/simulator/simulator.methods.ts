import { isIsoDate } from '../domain/ist';
import type { PendingCall } from './simulator.outcomes';
import { fail, ok, type Envelope } from './simulator.http';
import type { RecordStore } from './simulator.records';

/** What the API methods need from the simulator. */
export interface MethodContext {
  apiKey: string;
  /** The DID: caller of OBD calls. */
  did: string;
  records: RecordStore;
  /** A fresh call id, from the outcome stream. */
  newId(): string;
  /** Starts a call whose outcome (call-log leg and callback) comes a little later. */
  startCall(
    id: string,
    service: PendingCall['service'],
    callfrom: string,
    callto: string,
    params: Record<string, string>,
  ): void;
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;
const KNOWN_METHODS = new Set(['dial', 'dial.c2cstatus', 'dial.click2call', 'voice.call']);

/** Kaleyra's answer to one request's parameters (the key checked first, as the API does). */
export function dispatch(
  ctx: MethodContext,
  params: Record<string, string>,
  headerKey: string | string[] | undefined,
  options: { refuseCallbackUrl?: boolean } = {},
): Envelope {
  const key = params.api_key || (typeof headerKey === 'string' ? headerKey : undefined);
  if (key === undefined || key !== ctx.apiKey) return fail('401', 'Invalid API key');
  const method = params.method;
  if (method === undefined || method === '') return fail('400', 'Missing parameter: method');
  if (!KNOWN_METHODS.has(method)) return fail('404', 'Invalid method');
  if (options.refuseCallbackUrl && params.callback && method !== 'dial')
    return fail('400', `Invalid callback URL: ${params.callback}`);
  switch (method) {
    case 'dial':
      return dial(ctx, params);
    case 'dial.c2cstatus':
      return c2cStatus(ctx, params);
    case 'dial.click2call':
      return clickToCall(ctx, params);
    default:
      return voiceCall(ctx, params);
  }
}

function dial(ctx: MethodContext, params: Record<string, string>): Envelope {
  const range = dateRange(ctx, params);
  if ('status' in range) return range;
  const page = positiveInt(params.page, 1);
  const limit = Math.min(positiveInt(params.limit, DEFAULT_LIMIT), MAX_LIMIT);
  const start = range.lo + (page - 1) * limit;
  const end = Math.min(start + limit, range.hi);
  return ok(start < end ? ctx.records.all.slice(start, end) : []);
}

// Not used by our client; served so ad-hoc checks of an initiated call work, newest first (a
// simulator convention: docs/kaleyra-api.md §4.5).
function c2cStatus(ctx: MethodContext, params: Record<string, string>): Envelope {
  if (params.id) return ok(ctx.records.all.filter((r) => r.id === params.id));
  const range = dateRange(ctx, params);
  if ('status' in range) return range;
  return ok(
    ctx.records.all
      .slice(range.lo, range.hi)
      .filter((r) => r.service === 'Click2Call' && (!params.callto || r.callto === params.callto))
      .reverse(),
  );
}

function dateRange(
  ctx: MethodContext,
  params: Record<string, string>,
): Envelope | { lo: number; hi: number } {
  if (!params.fromdate) return fail('400', 'Missing parameter: fromdate');
  const from = requestDate(params.fromdate);
  if (from === null) return fail('400', `Invalid date: ${params.fromdate}`);
  const to = params.todate ? requestDate(params.todate) : from;
  if (to === null) return fail('400', `Invalid date: ${params.todate}`);
  return ctx.records.dayRange(from, to);
}

function clickToCall(ctx: MethodContext, params: Record<string, string>): Envelope {
  if (!params.caller) return fail('400', 'Missing parameter: caller');
  if (!params.receiver) return fail('400', 'Missing parameter: receiver');
  const callers: string[] = [];
  for (const raw of params.caller.split('-')) {
    const n = normalizeNumber(raw);
    if (n === null) return fail('400', `Invalid number: ${raw}`);
    callers.push(n);
  }
  const receivers: string[] = [];
  if (/^ivr:\w+$/i.test(params.receiver.trim())) receivers.push(params.receiver.trim());
  else {
    for (const raw of params.receiver.split('^')) {
      const n = normalizeNumber(raw);
      if (n === null) return fail('400', `Invalid number: ${raw}`);
      receivers.push(n);
    }
  }
  if (callers.some((c) => receivers.includes(c))) {
    return fail('400', 'Caller and receiver cannot be the same');
  }
  const id = ctx.newId();
  ctx.startCall(id, 'Click2Call', callers[0] as string, receivers[0] as string, params);
  // Without return=1 the id is not returned (inferred: docs/kaleyra-api.md §3.1).
  return params.return === '1' ? ok({ id }) : ok();
}

function voiceCall(ctx: MethodContext, params: Record<string, string>): Envelope {
  if (!params.numbers) return fail('400', 'Missing parameter: numbers');
  if (!params.play && !params.message) return fail('400', 'Missing parameter: play');
  const numbers: string[] = [];
  for (const raw of params.numbers.split(',')) {
    const n = normalizeNumber(raw);
    if (n === null) return fail('400', `Invalid number: ${raw}`);
    numbers.push(n);
  }
  const id = ctx.newId();
  numbers.forEach((n, i) => {
    ctx.startCall(i === 0 ? id : ctx.newId(), 'OBD', ctx.did, n, params);
  });
  return params.return === '1' ? ok({ id }) : ok();
}

/** fromdate/todate as YYYY/MM/DD (what Kaleyra documents) or YYYY-MM-DD, to YYYY-MM-DD. */
function requestDate(raw: string): string | null {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isIsoDate(date) ? date : null;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return fallback;
  const n = Number(raw);
  return n >= 1 ? n : fallback;
}

/** 10-digit Indian number, also accepted with a 91/+91/0 prefix; null when malformed. */
function normalizeNumber(raw: string): string | null {
  const m = /^(?:\+?91|0)?(\d{10})$/.exec(raw.trim().replace(/[\s-]/g, ''));
  return m ? (m[1] as string) : null;
}
