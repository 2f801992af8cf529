import net from 'node:net';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { crlfRecords } from '../domain/csv';
import { isConnectionError, translatePgError } from './pg-errors';

/** How long an abandoned COPY may take to stop before its connection is closed instead. */
const CANCEL_GRACE_MS = 5_000;

/**
 * Runs `COPY (...) TO STDOUT (FORMAT csv)` on a connection of its own from the pool and returns
 * the records with CRLF line ends. The rows flow from Postgres as the reader takes them: when the
 * reader is slow, the socket is not read and Postgres waits (backpressure), so nothing is held
 * beyond a few chunks.
 *
 * A reader that goes away (the stream destroyed before its end) cancels the query with Postgres's
 * cancel request, reads what was already on the wire until Postgres answers, and only then gives
 * the connection back to the pool, healthy; the cancel is never left to land on a later query.
 * If Postgres does not answer within CANCEL_GRACE_MS, the connection is closed instead. A failure
 * to connect rejects with DATABASE_UNAVAILABLE; a failure mid-stream destroys the stream with it.
 */
export async function copyOut(pool: pg.Pool, sql: string): Promise<Readable> {
  const client = await pool.connect().catch(translatePgError);
  const copy = client.query(copyTo(sql));
  const out = crlfRecords();
  let ended = false;
  let aborted = false;
  let released = false;
  let grace: NodeJS.Timeout | undefined;
  // A connection error while checked out would otherwise be an unhandled 'error' event.
  const onClientError = () => undefined;
  client.on('error', onClientError);
  const release = (broken?: Error) => {
    if (released) return;
    released = true;
    clearTimeout(grace);
    client.removeListener('error', onClientError);
    client.release(broken);
  };
  let cancelDelivered: Promise<void> = Promise.resolve();
  const settle = (broken?: Error) => {
    // The cancel request must have reached Postgres before another query may use the connection.
    void cancelDelivered.then(() => release(broken));
  };

  copy.on('end', () => {
    ended = true;
    settle();
  });
  copy.on('error', (err: Error) => {
    const broken = isConnectionError(err) ? err : undefined;
    settle(broken);
    if (!aborted) {
      try {
        translatePgError(err);
      } catch (translated) {
        out.destroy(translated as Error);
      }
    }
  });
  out.on('close', () => {
    if (ended || released) return;
    aborted = true;
    copy.unpipe(out);
    // What is already here or on the wire, read and dropped (unpipe paused it: resume).
    copy.on('data', () => undefined).resume();
    grace = setTimeout(
      () => release(new Error('COPY not cancelled in time: connection closed')),
      CANCEL_GRACE_MS,
    );
    grace.unref();
    // A COPY that had already finished ends as soon as its buffered rows are dropped: no cancel
    // then, which could only reach the connection's next query.
    setImmediate(() => {
      if (!ended && !released) cancelDelivered = cancel(client);
    });
  });
  copy.pipe(out);
  return out;
}

/**
 * Postgres's cancel request for the query running on `client`, on a connection of its own
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS);
 * it works through pgbouncer too, which forwards it. Resolves once Postgres has read it and closed
 * that connection, or it could not be sent.
 */
function cancel(client: pg.PoolClient): Promise<void> {
  const { host, port, processID, secretKey } = client as unknown as {
    host: string;
    port: number;
    processID: number;
    secretKey: number;
  };
  return new Promise((resolve) => {
    const socket = host.startsWith('/')
      ? net.connect(`${host}/.s.PGSQL.${port}`)
      : net.connect(port, host);
    const request = Buffer.alloc(16);
    request.writeInt32BE(16, 0);
    request.writeInt32BE(80877102, 4); // the cancel request code
    request.writeInt32BE(processID, 8);
    request.writeInt32BE(secretKey, 12);
    socket.on('connect', () => socket.end(request));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => resolve());
    socket.setTimeout(CANCEL_GRACE_MS, () => socket.destroy());
  });
}
