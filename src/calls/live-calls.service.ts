import type { KaleyraClient } from '../datasources/kaleyra/kaleyra.client';
import { KaleyraError } from '../datasources/kaleyra/errors/kaleyra-error';
import type { CallbackUpdate } from '../datasources/database/callback.rows';
import type { IvrCallRow, NewIvrCall } from '../datasources/database/ivr-call.rows';
import type { DashboardStore } from '../datasources/database/dashboard.store';
import { recordingUrlOf } from '../domain/formats';
import { requirePhone } from '../domain/phone';
import { AppError } from '../errors/app-error';
import { badInput } from '../errors/bad-input';
import { ErrorCode } from '../errors/error-code';
import { fromKaleyraError } from '../errors/from-kaleyra-error';
import type { Logger } from '../logger';
import { assertMayCallFrom } from '../auth/roles';
import type { User } from '../auth/user';
import { mapKaleyraStatus } from '../callbacks/callback.mapper';
import type { CallStatusFeed } from '../subscriptions/call-status.feed';

export interface LiveCallsDeps {
  db: DashboardStore;
  kaleyra: KaleyraClient;
  feed: CallStatusFeed;
  logger: Logger;
  /** The callback URL template Kaleyra should call for one of our calls. */
  callbackUrl: (ivrCallId: string) => string;
  /** clickToCall + outboundCall per user per minute, across all instances. */
  ratePerMinute: number;
  /**
   * Removes secrets from text that is stored or shown: Kaleyra's error messages may echo the
   * callback URL we sent, which carries the callback token.
   */
  scrub: (text: string) => string;
}

const RECONCILE_BATCH = 50;
const at = (v: Date | string | null) => (v == null ? null : new Date(v));

const PLAY_RE = /^(\d{1,12}\.sound|ivr:\d{1,12}|\d{1,12}\.ivr)$/;

/**
 * Starts calls through Kaleyra. The ivr_calls row is written (INITIATED) before Kaleyra is called,
 * so a callback always finds it; Kaleyra's answer then stores its id, or marks the call FAILED.
 */
export class LiveCallsService {
  constructor(private readonly deps: LiveCallsDeps) {}

  async clickToCall(
    input: { agentNumber: string; customerNumber: string; agentName?: string | null },
    user: User | null,
  ): Promise<IvrCallRow> {
    const agentNumber = requirePhone('input.agentNumber', input.agentNumber);
    const customerNumber = requirePhone('input.customerNumber', input.customerNumber);
    if (agentNumber === customerNumber)
      throw badInput('input.customerNumber', 'must differ from agentNumber');
    assertMayCallFrom(user, agentNumber);
    await this.spend(user);
    const agentName =
      input.agentName?.trim().slice(0, 200) ||
      (await this.deps.db.agentsByNumbers([agentNumber]))[0]?.name ||
      null;
    return this.start(
      { kind: 'click2call', customerNumber, agentNumber, agentName },
      (callbackUrl) => this.deps.kaleyra.clickToCall({ agentNumber, customerNumber, callbackUrl }),
    );
  }

  async outboundCall(
    input: { customerNumber: string; play: string; campaign?: string | null },
    user: User | null,
  ): Promise<IvrCallRow> {
    const customerNumber = requirePhone('input.customerNumber', input.customerNumber);
    const play = input.play.trim();
    if (!PLAY_RE.test(play))
      throw badInput('input.play', 'must be a sound file (123.sound) or an IVR (ivr:1234)');
    const campaign = input.campaign?.trim() || undefined;
    if (campaign && (campaign.length > 100 || !/^[\w .:-]+$/.test(campaign))) {
      throw badInput('input.campaign', 'must be up to 100 letters, digits, spaces or . _ : -');
    }
    await this.spend(user);
    return this.start(
      { kind: 'outbound', customerNumber, agentNumber: null, agentName: null },
      (callbackUrl) =>
        this.deps.kaleyra.outboundCall({ customerNumber, play, campaign, callbackUrl }),
    );
  }

  /** One call from the user's budget, or RATE_LIMITED (checked after validation: bad input is free). */
  private async spend(user: User | null): Promise<void> {
    // The budget is per user: tokens without a subject would all share one budget, each
    // exhausting it for the others, and none could be told apart afterwards.
    if (!user?.id) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Starting calls needs a token with a subject (sub): the call budget is kept per user',
      );
    }
    const key = `calls:${user.id}`;
    if (!(await this.deps.db.takeRateLimit(key, this.deps.ratePerMinute, 60))) {
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `At most ${this.deps.ratePerMinute} calls a minute; try again shortly`,
        { retryAfterSeconds: 60 },
      );
    }
  }

  private async start(
    call: NewIvrCall,
    initiate: (callbackUrl: string) => Promise<{ id: string }>,
  ): Promise<IvrCallRow> {
    const { db, feed, logger } = this.deps;
    const created = await db.createIvrCall(call);
    feed.announce(created.event);
    const id = created.call.id;
    let kaleyraCallId: string;
    try {
      ({ id: kaleyraCallId } = await initiate(this.deps.callbackUrl(id)));
    } catch (err) {
      if (!(err instanceof KaleyraError)) throw err;
      const reason = this.deps.scrub(err.message);
      const failed = await db.settleIvrCallStart(id, { failureReason: reason });
      feed.announce(failed.event);
      logger.warn(
        { ivrCallId: id, err: { name: err.name, message: reason } },
        'Kaleyra did not start the call',
      );
      // Its message reaches the client through formatError, which scrubs secrets as well.
      throw fromKaleyraError(err, 'Kaleyra did not start the call', { ivrCallId: id });
    }
    const settled = await db.settleIvrCallStart(id, { kaleyraCallId });
    return settled.call;
  }

  /**
   * Completes calls whose callback never came: rows still INITIATED whose Click2Call leg is now in
   * kaleyra_call_logs are updated from that leg, and announced. Returns how many changed.
   */
  async reconcile(): Promise<number> {
    const { db, feed, logger } = this.deps;
    let changed = 0;
    const updates: CallbackUpdate[] = (await db.ivrCallsToReconcile()).map(
      ({ ivrCallId, leg }) => ({
        ivrCallId,
        kaleyraCallId: leg.id,
        caller: leg.callfrom,
        receiver: leg.callto,
        status: mapKaleyraStatus(leg.status).status,
        kaleyraStatus: leg.status,
        duration: leg.duration,
        billsec: leg.billsec,
        recordingUrl: recordingUrlOf(leg.recording),
        startTime: at(leg.start_time),
        endTime: at(leg.end_time),
        receivedAt: new Date(),
      }),
    );
    for (let i = 0; i < updates.length; i += RECONCILE_BATCH) {
      const results = await db.applyCallbacks(updates.slice(i, i + RECONCILE_BATCH));
      for (const [k, r] of results.entries()) {
        if (!r.ok) {
          logger.warn(
            { ivrCallId: updates[i + k]!.ivrCallId, code: r.code, error: r.error },
            'could not reconcile a started call',
          );
        } else if (r.write.changed) {
          changed++;
          feed.announce(r.write.event);
        }
      }
    }
    if (changed > 0) logger.info({ changed }, 'reconciled started calls from the call log');
    return changed;
  }
}
