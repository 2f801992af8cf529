import pg from 'pg';
import { createLogger } from '../src/logger';
import { startBenchDatabase } from './lib/database';

async function main() {
  const db = await startBenchDatabase(createLogger({ level: 'warn' }), 'probe');
  const pool = new pg.Pool({ connectionString: db.connectionString, max: 4 });
  const listener = new pg.Client({ connectionString: db.connectionString });
  await listener.connect();
  let heard = 0;
  listener.on('notification', () => heard++);
  await listener.query('LISTEN call_status_changed');
  // Variants of the batch function.
  await pool.query(`CREATE OR REPLACE FUNCTION v_nosub(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE c record; results jsonb[] := '{}'; BEGIN
    FOR c IN SELECT t.x, t.ord FROM jsonb_array_elements(p) WITH ORDINALITY AS t(x, ord) ORDER BY coalesce(t.x->>'ivrCallId', t.x->>'kaleyraCallId'), t.ord LOOP
      results := results || apply_kaleyra_callback((c.x->>'ivrCallId')::uuid, c.x->>'kaleyraCallId', c.x->>'caller', c.x->>'receiver', c.x->>'status', c.x->>'kaleyraStatus', (c.x->>'duration')::integer, (c.x->>'billsec')::integer, c.x->>'recordingUrl', (c.x->>'startTime')::timestamptz, (c.x->>'endTime')::timestamptz, (c.x->>'receivedAt')::timestamptz);
    END LOOP; RETURN to_jsonb(results); END $$`);
  await pool.query(`CREATE OR REPLACE FUNCTION v_insert(p jsonb) RETURNS jsonb LANGUAGE sql AS $$
    WITH w AS (INSERT INTO ivr_calls (kaleyra_call_id, kind, customer_number, agent_number, status, kaleyra_status, duration, billsec, recording_url, start_time, end_time)
      SELECT x->>'kaleyraCallId', 'click2call', x->>'receiver', x->>'caller', x->>'status', x->>'kaleyraStatus', (x->>'duration')::int, (x->>'billsec')::int, x->>'recordingUrl', (x->>'startTime')::timestamptz, (x->>'endTime')::timestamptz FROM jsonb_array_elements(p) x RETURNING id)
    SELECT jsonb_agg(id) FROM w $$`);
  await pool.query(`CREATE OR REPLACE FUNCTION v_insert_notify(p jsonb) RETURNS jsonb LANGUAGE sql AS $$
    WITH w AS (INSERT INTO ivr_calls (kaleyra_call_id, kind, customer_number, agent_number, status, kaleyra_status, duration, billsec, recording_url, start_time, end_time)
      SELECT x->>'kaleyraCallId', 'click2call', x->>'receiver', x->>'caller', x->>'status', x->>'kaleyraStatus', (x->>'duration')::int, (x->>'billsec')::int, x->>'recordingUrl', (x->>'startTime')::timestamptz, (x->>'endTime')::timestamptz FROM jsonb_array_elements(p) x RETURNING *)
    SELECT jsonb_agg(jsonb_build_object('call', to_jsonb(w), 'event', notify_ivr_call(w::ivr_calls, now()))) FROM w $$`);
  await pool.query(`CREATE OR REPLACE FUNCTION v_insert_notify1(p jsonb) RETURNS jsonb LANGUAGE sql AS $$
    WITH w AS (INSERT INTO ivr_calls (kaleyra_call_id, kind, customer_number, agent_number, status, kaleyra_status, duration, billsec, recording_url, start_time, end_time)
      SELECT x->>'kaleyraCallId', 'click2call', x->>'receiver', x->>'caller', x->>'status', x->>'kaleyraStatus', (x->>'duration')::int, (x->>'billsec')::int, x->>'recordingUrl', (x->>'startTime')::timestamptz, (x->>'endTime')::timestamptz FROM jsonb_array_elements(p) x RETURNING *),
    r AS (SELECT jsonb_agg(jsonb_build_object('call', to_jsonb(w), 'event', ivr_call_event(w::ivr_calls, now()))) AS j FROM w)
    SELECT j FROM r, LATERAL (SELECT pg_notify('call_status_changed', jsonb_path_query_array(j, '$[*].event')::text)) n $$`);
  const at = '2026-11-21T04:30:00Z';
  const cb = (id: string) => ({ ivrCallId: null, kaleyraCallId: id, caller: '9800000001', receiver: '9800100000', status: 'ANSWERED', kaleyraStatus: 'ANSWER', duration: 30, billsec: 20, recordingUrl: 'https://x/?id=1', startTime: at, endTime: at, receivedAt: new Date().toISOString() });
  const res: Record<string, number[]> = {};
  for (let round = 0; round < 3; round++)
  for (const fn of ['apply_kaleyra_callbacks', 'v_insert_notify', 'v_insert_notify1', 'v_insert']) {
    for (const size of [5, 10]) {
      const N = 4000; let next = 0; const t = performance.now();
      await Promise.all(Array.from({ length: 2 }, async () => { while (next < N) { const batch = Array.from({ length: size }, () => cb(`p-${fn}-${round}-${size}-${next++}`)); await pool.query(`SELECT ${fn}($1::jsonb)`, [JSON.stringify(batch)]); } }));
      (res[`${fn} b${size}`] ??= []).push(Math.round(N / ((performance.now() - t) / 1000)));
    }
  }
  console.log(res, 'heard', heard);
  await listener.end(); await pool.end(); await db.stop();
}
main();
