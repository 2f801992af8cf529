import type pg from 'pg';
import type { KaleyraCallLog } from '../../src/datasources/kaleyra/kaleyra.types';

/** Every stored leg, by id, in the shape the sync upserts (for tests that rewrite some of them). */
export async function storedLegs(pool: pg.Pool): Promise<Map<string, KaleyraCallLog>> {
  const { rows } = await pool.query('SELECT * FROM kaleyra_call_logs');
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        uniqid: r.uniqid,
        callfrom: r.callfrom,
        callto: r.callto,
        startTime: r.start_time,
        endTime: r.end_time,
        duration: r.duration,
        billsec: r.billsec,
        status: r.status,
        location: r.location,
        provider: r.provider,
        service: r.service,
        callerId: r.caller_id,
        recording: r.recording,
        parentId: r.parent_id,
      } satisfies KaleyraCallLog,
    ]),
  );
}
