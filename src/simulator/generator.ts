/**
 * Deterministic synthetic call-log traffic in Kaleyra's wire format (the shape `method=dial` sends),
 * modelled on one real week of our account: 2088 legs, 6 agents, one DID.
 */
import type { KaleyraCallLogWire } from '../datasources/kaleyra/kaleyra.types';
import { IST_OFFSET_MS, addDays, daysBetween, isIsoDate, istDayStart } from '../domain/ist';

export type SimCallLogRecord = KaleyraCallLogWire;

export interface GenerateTrafficOptions {
  seed: number;
  /** First IST day, YYYY-MM-DD. */
  fromDate: string;
  /** Last IST day, inclusive. */
  toDate: string;
  /** Average legs per day; ≈298 (2088 a week) by default. */
  legsPerDay?: number;
  /** Overrides legsPerDay so that the whole range holds about this many legs (benchmarks). */
  totalLegs?: number;
  agents?: string[];
  did?: string;
}

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Lookup tables: a million ids and timestamps are formatted per benchmark run.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const hex4 = (n: number) => (HEX[(n >>> 8) & 255] as string) + HEX[n & 255];
const hex8 = (n: number) => hex4(n >>> 16) + hex4(n);

/** A UUID-shaped (v4 layout) id; the counter in the last 8 digits keeps a run's ids unique. */
export function uuidFrom(rand: () => number, counter: number): string {
  const a = Math.floor(rand() * 0x100000000);
  const b = Math.floor(rand() * 0x100000000);
  const c = Math.floor(rand() * 0x100000000);
  const variant = HEX[8 + ((c >>> 12) & 3)]!.slice(1);
  return (
    `${hex8(a)}-${hex4(b >>> 16)}-4${hex4(b).slice(1)}-${variant}${hex4(c).slice(1)}-` +
    `${hex4(c >>> 16)}${hex8(counter)}`
  );
}

const dateCache = new Map<number, string>();
/** formatIstDateTime, without a Date per call. */
function istStamp(ms: number): string {
  const local = ms + IST_OFFSET_MS;
  const dayMs = Math.floor(local / 86_400_000) * 86_400_000;
  let date = dateCache.get(dayMs);
  if (date === undefined) {
    date = new Date(dayMs).toISOString().slice(0, 10);
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(dayMs, date);
  }
  const secs = Math.floor((local - dayMs) / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${date} ${PAD2[h]}:${PAD2[m]}:${PAD2[secs % 60]}`;
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

export function weighted<T>(rand: () => number, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = rand() * total;
  for (const [value, w] of table) {
    x -= w;
    if (x < 0) return value;
  }
  return (table[table.length - 1] as readonly [T, number])[0];
}

export const DEFAULT_AGENTS: readonly string[] = [
  '9800000001',
  '9800000002',
  '9800000003',
  '9800000004',
  '9800000005',
  '9800000006',
];
export const DEFAULT_DID = '8000000100';
const DEFAULT_LEGS_PER_DAY = 2088 / 7;

export const LOCATIONS: readonly (readonly [string, number])[] = [
  ['BIHAR', 18],
  ['UP EAST', 16],
  ['UP WEST', 8],
  ['MADHYA PRADESH', 10],
  ['WEST BENGAL', 9],
  ['MAHARASHTRA', 8],
  ['RAJASTHAN', 7],
  ['DELHI', 6],
  ['JHARKHAND', 5],
  ['GUJARAT', 4],
  ['KARNATAKA', 3],
  ['TAMIL NADU', 3],
  ['ORISSA', 3],
];
export const PROVIDERS: readonly (readonly [string, number])[] = [
  ['JIO', 42],
  ['AIRTEL', 30],
  ['IDEA', 10],
  ['Vodafone', 9],
  ['BSNL', 6],
  ['Tata Teleservices', 3],
];

// Relative call volume per IST hour: business hours dominate, but nights are not empty.
const HOURS = [
  0.6, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.8, 1.5, 3, 4.5, 5, 5, 4.2, 4.8, 5, 4.8, 4.2, 3.2, 2.4, 1.8,
  1.4, 1, 0.8,
].map((w, h) => [h, w] as const);
// Customer numbers are 9800010000..9800999989, clear of the agents (98000000xx) and the DID.
const CUSTOMER_SPACE = 989_990;

/*
 * The mix below is calibrated so that, over a week, leg statuses land near our sample
 * (ANSWER 59%, NOANSWER 15%, ANSWERED-B 9%, FAILED 6.6%, CANCEL 4.2%, ~6% rarer values).
 * An answered inbound call is ANSWERED-B on its Incoming leg when a later (B) agent took it.
 *
 * Customer calls: a CallForward leg names its Incoming leg in parent_id, except on the share of
 * calls whose legs come without one (older IVR flows): those are linked by caller and time. A
 * caller who hangs up while an agent's phone rings ends the call there (that leg CANCEL, no
 * further agent tried). Some calls start in the last minutes of an IST day and run past
 * midnight, so their legs land in the next day's window.
 */
const CLICK2CALL_SHARE = 0.2;
const INBOUND_RARE_SHARE = 0.045;
const INBOUND_RARE: readonly (readonly [string, number])[] = [
  ['IVR-ANSWER', 4],
  ['IVR', 2],
  ['OFF-HOUR', 2],
  ['BLOCKED', 1],
  ['MAX-USE', 1],
];
const ATTEMPTS: readonly (readonly [number, number])[] = [
  [1, 20],
  [2, 35],
  [3, 30],
  [4, 15],
];
const AGENT_ANSWER_RATE = 0.61;
/** Share of inbound calls whose CallForward legs carry no parent_id. */
const NO_PARENT_SHARE = 0.12;
/** Share of calls placed in the last minute of an IST day (most cross midnight). */
const NEAR_MIDNIGHT_SHARE = 0.01;
const FORWARD_MISS: readonly (readonly [string, number])[] = [
  ['NOANSWER', 55],
  ['FAILED', 22],
  ['BUSY', 5],
  ['CHANUNAVAIL', 4],
  ['CONGESTION', 3],
  ['CANCEL', 8],
];
const CLICK2CALL_STATUS: readonly (readonly [string, number])[] = [
  ['ANSWER', 55],
  ['NOANSWER', 14],
  ['NOANSWER_LEG2', 5],
  ['FAILED', 10],
  ['CANCEL', 8],
  ['BUSY', 3],
  ['DND', 2],
  ['FAILED_LEG2', 2],
  ['NOANSWER_LEG1', 1],
];

interface Customer {
  number: string;
  location: string;
  provider: string;
}

interface Leg {
  id: string;
  at: number;
  duration: number;
  billsec: number;
  status: string;
  service: string;
  callfrom: string;
  callto: string;
  parent: number;
  recorded: boolean;
  custom: string;
}

/**
 * Wire-format call-log records for fromDate..toDate, generated one IST day at a time (each day's
 * legs in start-time order), so a million records never need to be held at once.
 */
export function* generateTrafficIter(options: GenerateTrafficOptions): Generator<SimCallLogRecord> {
  const { fromDate, toDate } = options;
  if (!isIsoDate(fromDate) || !isIsoDate(toDate) || toDate < fromDate) {
    throw new RangeError(
      `generateTraffic needs fromDate <= toDate as YYYY-MM-DD (got ${fromDate}, ${toDate})`,
    );
  }
  const days = daysBetween(fromDate, toDate) + 1;
  const legsPerDay =
    options.totalLegs !== undefined
      ? options.totalLegs / days
      : (options.legsPerDay ?? DEFAULT_LEGS_PER_DAY);
  const agents = options.agents && options.agents.length > 0 ? options.agents : DEFAULT_AGENTS;
  const did = options.did ?? DEFAULT_DID;
  const rand = mulberry32(options.seed);
  const seedSalt = Math.floor(mulberry32(options.seed ^ 0x5bd1e995)() * 0x7fffffff);

  // Repeat callers are normal: a customer calls about three times over the range.
  const poolSize = Math.min(CUSTOMER_SPACE, Math.max(50, Math.ceil((legsPerDay * days) / 8)));
  const customer = (i: number): Customer => {
    // 7919 is prime and does not divide the modulus, so distinct i never share a number.
    const n = 10_000 + ((i * 7919 + seedSalt) % CUSTOMER_SPACE);
    const r = mulberry32(seedSalt ^ Math.imul(i, 0x9e3779b1));
    return {
      number: `9800${String(n).padStart(6, '0')}`,
      location: weighted(r, LOCATIONS),
      provider: weighted(r, PROVIDERS),
    };
  };

  const rangeEnd = istDayStart(addDays(toDate, 1)).getTime();
  let counter = 0;
  let seq = 10_000_001;
  let recordings = 0;

  for (let d = 0; d < days; d++) {
    const date = addDays(fromDate, d);
    const dayStart = istDayStart(date).getTime();
    const target = Math.max(0, Math.round(legsPerDay * (0.9 + 0.2 * rand())));
    const day: { cust: Customer; legs: Leg[] }[] = [];
    let legCount = 0;
    // Bounded: every iteration adds at least one leg.
    while (legCount < target) {
      const cust = customer(Math.floor(rand() * poolSize));
      const hour = weighted(rand, HOURS);
      const at =
        rand() < NEAR_MIDNIGHT_SHARE
          ? dayStart + 86_340_000 + Math.floor(rand() * 60) * 1000
          : dayStart + hour * 3_600_000 + Math.floor(rand() * 3600) * 1000;
      const legs =
        rand() < CLICK2CALL_SHARE
          ? click2callLegs(rand, at, cust, agents)
          : inboundLegs(rand, at, cust, agents, did);
      // Keep the last day's calls inside the range, so a sync of the range sees every leg.
      const lastStart = Math.max(...legs.map((l) => l.at));
      if (lastStart >= rangeEnd) {
        const shift = lastStart - rangeEnd + 1000 + Math.floor(rand() * 60_000);
        for (const l of legs) l.at -= shift;
      }
      day.push({ cust, legs });
      legCount += legs.length;
    }

    const flat: { cust: Customer; leg: Leg; legs: Leg[] }[] = [];
    for (const call of day)
      for (const leg of call.legs) flat.push({ cust: call.cust, leg, legs: call.legs });
    flat.sort((a, b) => a.leg.at - b.leg.at);

    // Ids are handed out in start order, so they are stable for a given seed.
    for (const { leg } of flat) leg.id = uuidFrom(rand, ++counter);
    for (const { cust, leg, legs } of flat) {
      const startTime = istStamp(leg.at);
      const parentLeg = leg.parent >= 0 ? legs[leg.parent] : undefined;
      yield {
        id: leg.id,
        uniqid: `${1 + Math.floor(rand() * 20)}_${Math.floor(leg.at / 1000)}.${seq++}`,
        parent_id: parentLeg ? parentLeg.id : '',
        callfrom: leg.callfrom,
        callto: leg.callto,
        start_time: startTime,
        end_time: istStamp(leg.at + leg.duration * 1000),
        duration: leg.duration,
        billsec: String(leg.billsec),
        status: leg.status,
        location: cust.location,
        provider: cust.provider,
        service: leg.service,
        caller_id: did,
        recording: leg.recorded
          ? `//play.solutionsinfini.com/?id=SIMREC${String(++recordings).padStart(12, '0')}`
          : '',
        notes: '',
        custom: leg.custom,
        credits: String(Math.max(1, Math.ceil(leg.duration / 60))),
        date: startTime.slice(0, 10),
      };
    }
  }
}

/** generateTrafficIter collected into an array. */
export function generateTraffic(options: GenerateTrafficOptions): SimCallLogRecord[] {
  return [...generateTrafficIter(options)];
}

const between = (rand: () => number, lo: number, hi: number) =>
  lo + Math.floor(rand() * (hi - lo + 1));

/** One Incoming leg on the DID, then CallForward legs to agents in turn until one answers. */
function inboundLegs(
  rand: () => number,
  at: number,
  cust: Customer,
  agents: readonly string[],
  did: string,
): Leg[] {
  const incoming: Leg = {
    id: '',
    at,
    duration: 0,
    billsec: 0,
    status: 'NOANSWER',
    service: 'Incoming',
    callfrom: cust.number,
    callto: did,
    parent: -1,
    recorded: false,
    custom: '',
  };
  if (rand() < INBOUND_RARE_SHARE) {
    incoming.status = weighted(rand, INBOUND_RARE);
    // IVR: the caller hung up before the IVR answered, within seconds (a short abandon).
    incoming.duration = incoming.status === 'IVR' ? between(rand, 1, 6) : between(rand, 3, 40);
    incoming.billsec = incoming.status === 'IVR-ANSWER' ? incoming.duration : 0;
    return [incoming];
  }
  const legs: Leg[] = [incoming];
  const attempts = Math.min(agents.length, weighted(rand, ATTEMPTS));
  const first = Math.floor(rand() * agents.length);
  const parent = rand() < NO_PARENT_SHARE ? -1 : 0;
  let t = at + between(rand, 4, 9) * 1000;
  let answered = -1;
  for (let i = 0; i < attempts; i++) {
    const agent = agents[(first + i) % agents.length] as string;
    const leg: Leg = {
      id: '',
      at: t,
      duration: 0,
      billsec: 0,
      status: 'NOANSWER',
      service: 'CallForward',
      callfrom: cust.number,
      callto: agent,
      parent,
      recorded: false,
      custom: '',
    };
    legs.push(leg);
    if (rand() < AGENT_ANSWER_RATE) {
      const ring = between(rand, 3, 15);
      leg.status = 'ANSWER';
      leg.billsec = talkSeconds(rand);
      leg.duration = ring + leg.billsec;
      leg.recorded = true;
      answered = i;
      break;
    }
    leg.status = weighted(rand, FORWARD_MISS);
    leg.duration = leg.status === 'NOANSWER' ? between(rand, 25, 45) : between(rand, 1, 12);
    // The caller hung up while this agent's phone rang: nobody else is tried.
    if (leg.status === 'CANCEL') break;
    t += (leg.duration + between(rand, 1, 3)) * 1000;
  }
  const last = legs[legs.length - 1] as Leg;
  incoming.duration = Math.round((last.at - at) / 1000) + last.duration;
  if (answered >= 0) {
    incoming.status = answered > 0 ? 'ANSWERED-B' : 'ANSWER';
    incoming.billsec = incoming.duration;
  } else if (last.status === 'CANCEL') {
    incoming.status = 'CANCEL';
  } else {
    // Nobody picked up: the customer either gave up or ran into the ring timeout.
    incoming.status = weighted(rand, [
      ['NOANSWER', 45],
      ['CANCEL', 30],
      ['FAILED', 25],
    ]);
  }
  return legs;
}

function click2callLegs(
  rand: () => number,
  at: number,
  cust: Customer,
  agents: readonly string[],
): Leg[] {
  const status = weighted(rand, CLICK2CALL_STATUS);
  const answered = status === 'ANSWER';
  const billsec = answered ? talkSeconds(rand) : 0;
  const duration = answered ? between(rand, 8, 25) + billsec : between(rand, 5, 45);
  return [
    {
      id: '',
      at,
      duration,
      billsec,
      status,
      service: 'Click2Call',
      callfrom: pick(rand, agents),
      callto: cust.number,
      parent: -1,
      recorded: answered,
      custom: rand() < 0.3 ? `lead-${String(between(rand, 1, 9999)).padStart(4, '0')}` : '',
    },
  ];
}

/** Talk time: mostly one to four minutes, with a long tail. */
function talkSeconds(rand: () => number): number {
  const base = 20 + Math.floor(-Math.log(1 - rand()) * 110);
  return Math.min(base, 3600);
}
