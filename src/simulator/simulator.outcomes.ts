import { formatIstDateTime } from '../domain/ist';
import {
  LOCATIONS,
  PROVIDERS,
  mulberry32,
  uuidFrom,
  weighted,
  type SimCallLogRecord,
} from './generator';

/** How an initiated call ends, as its call-log leg and its callback report it. */
export interface Outcome {
  status: string;
  status1: string;
  status2: string;
  obdstatus: string;
  duration: number;
  billsec: number;
  recording: string;
}

/** A call started by `dial.click2call` or `voice.call`, waiting for its outcome. */
export interface PendingCall {
  id: string;
  service: 'Click2Call' | 'OBD';
  callfrom: string;
  callto: string;
  startedAt: number;
  outcome: Outcome;
  location: string;
  provider: string;
  custom: string;
  /** The callback URL template the request carried, if any. */
  template: string | undefined;
  duplicate: boolean;
  staleKind: 'older' | 'blank';
}

/**
 * The outcomes of initiated calls, from a seeded stream of their own (they depend only on the
 * sequence of initiate calls): ids, who answered and for how long, recordings; then the call-log
 * leg and the callback values of a finished call.
 */
export class CallOutcomes {
  private readonly rand: () => number;
  private idCounter = 0;
  private seq = 20_000_001;
  private recordings = 0;

  constructor(
    seed: number,
    /** The DID reported as caller_id/{callerid}, and as the caller of OBD calls. */
    readonly did: string,
  ) {
    this.rand = mulberry32(seed);
  }

  newId(): string {
    return uuidFrom(this.rand, ++this.idCounter);
  }

  newCall(
    id: string,
    service: PendingCall['service'],
    callfrom: string,
    callto: string,
    params: Record<string, string>,
    duplicateCallbackRate: number,
  ): PendingCall {
    const rand = this.rand;
    return {
      id,
      service,
      callfrom,
      callto,
      startedAt: Date.now(),
      outcome: service === 'OBD' ? this.obdOutcome() : this.bridgeOutcome(),
      location: weighted(rand, LOCATIONS),
      provider: weighted(rand, PROVIDERS),
      custom: params.custom ?? '',
      template: params.callback || undefined,
      duplicate: rand() < duplicateCallbackRate,
      staleKind: rand() < 0.5 ? 'older' : 'blank',
    };
  }

  /** The call-log leg `dial` serves once the call is over. */
  record(call: PendingCall): SimCallLogRecord {
    const o = call.outcome;
    const startTime = formatIstDateTime(new Date(call.startedAt));
    return {
      id: call.id,
      uniqid: `${1 + (this.seq % 20)}_${Math.floor(call.startedAt / 1000)}.${this.seq++}`,
      parent_id: '',
      callfrom: call.callfrom,
      callto: call.callto,
      start_time: startTime,
      end_time: formatIstDateTime(new Date(call.startedAt + o.duration * 1000)),
      duration: o.duration,
      billsec: String(o.billsec),
      status: o.status,
      location: call.location,
      provider: call.provider,
      service: call.service,
      caller_id: this.did,
      recording: o.recording,
      notes: '',
      custom: call.custom,
      credits: String(Math.max(1, Math.ceil(o.duration / 60))),
      date: startTime.slice(0, 10),
    };
  }

  /**
   * The `{placeholder}` values of the final callback, and of a stale one sent after it when
   * callbacks arrive out of order (an older status, or blank fields, as the call decided).
   */
  callbackValues(
    call: PendingCall,
    timeFormat: 'ist' | 'epoch',
  ): { final: Record<string, string>; stale: Record<string, string> } {
    const o = call.outcome;
    const start = new Date(call.startedAt);
    const end = new Date(call.startedAt + o.duration * 1000);
    const time = (d: Date) =>
      timeFormat === 'epoch' ? String(Math.floor(d.getTime() / 1000)) : formatIstDateTime(d);
    const final: Record<string, string> = {
      caller: call.callfrom,
      receiver: call.callto,
      status: o.status,
      status1: o.status1,
      status2: o.status2,
      obdstatus: o.obdstatus,
      duration: String(o.duration),
      billsec: String(o.billsec),
      starttime: time(start),
      endtime: time(end),
      recordpath: o.recording,
      callerid: this.did,
      id: call.id,
    };
    const stale: Record<string, string> =
      call.staleKind === 'blank'
        ? {
            ...final,
            status: '',
            status1: '',
            status2: '',
            obdstatus: '',
            duration: '',
            billsec: '',
            starttime: '',
            endtime: '',
            recordpath: '',
          }
        : {
            ...final,
            status: 'NOANSWER_LEG1',
            status1: 'NOANSWER',
            status2: '',
            obdstatus: 'NOANSWER',
            duration: '0',
            billsec: '0',
            endtime: time(start),
            recordpath: '',
          };
    return { final, stale };
  }

  private bridgeOutcome(): Outcome {
    const rand = this.rand;
    const kind = weighted(rand, [
      ['ANSWER', 70],
      ['NOANSWER', 12],
      ['BUSY', 6],
      ['FAILED', 6],
      ['CANCEL', 6],
    ] as const);
    const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    switch (kind) {
      case 'ANSWER': {
        const billsec = between(20, 400);
        return {
          status: 'ANSWER',
          status1: 'ANSWER',
          status2: 'ANSWER',
          obdstatus: '',
          duration: billsec + between(8, 25),
          billsec,
          recording: this.newRecording(),
        };
      }
      case 'FAILED':
        // Leg 1 (the agent) never connected, so leg 2 was never dialled.
        return { ...unanswered('FAILED', between(0, 5)), status1: 'FAILED', status2: '' };
      case 'NOANSWER':
        return unanswered('NOANSWER', between(30, 45));
      default:
        return unanswered(kind, between(5, 20));
    }
  }

  private obdOutcome(): Outcome {
    const rand = this.rand;
    const obd = weighted(rand, [
      ['COMPLETED', 70],
      ['NOANSWER', 12],
      ['BUSY', 6],
      ['CONGESTION', 3],
      ['FAILED', 6],
      ['DNDNUMB', 3],
    ] as const);
    if (obd === 'COMPLETED') {
      const billsec = 10 + Math.floor(rand() * 90);
      return {
        status: 'ANSWER',
        status1: 'ANSWER',
        status2: '',
        obdstatus: obd,
        duration: billsec + 5,
        billsec,
        recording: '',
      };
    }
    const duration = obd === 'NOANSWER' ? 30 + Math.floor(rand() * 15) : Math.floor(rand() * 6);
    return {
      ...unanswered(obd === 'DNDNUMB' ? 'DND' : obd, duration),
      status2: '',
      obdstatus: obd,
    };
  }

  private newRecording(): string {
    return `//play.solutionsinfini.com/?id=SIMREC9${String(++this.recordings).padStart(11, '0')}`;
  }
}

function unanswered(status: string, duration: number): Outcome {
  return {
    status,
    status1: 'ANSWER',
    status2: status,
    obdstatus: '',
    duration,
    billsec: 0,
    recording: '',
  };
}
