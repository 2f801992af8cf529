import { Transform, type TransformCallback } from 'node:stream';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell as Postgres's COPY (FORMAT csv) writes it, so that both database adapters produce
 * the same bytes: null is an empty field; a value with a comma, quote, CR or LF, an empty string
 * and `\.` are quoted, with quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (text === '' || text === '\\.' || NEEDS_QUOTES.test(text))
    return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** One CSV record with its CRLF line end. */
export function csvRecord(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Postgres's COPY ends every record with LF on the wire; RFC 4180 wants CRLF. This turns each LF
 * that ends a record into CRLF and leaves the LFs inside quoted fields alone (a quote toggles
 * "inside"; a doubled quote toggles twice), across chunk boundaries.
 */
export function crlfRecords(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      // Most chunks hold no quote at all: every LF in them ends a record.
      if (!quoted && chunk.indexOf(QUOTE) === -1) {
        callback(null, replaceLf(chunk));
        return;
      }
      const out: Buffer[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === QUOTE) quoted = !quoted;
        else if (b === LF && !quoted) {
          out.push(chunk.subarray(from, i), CRLF);
          from = i + 1;
        }
      }
      out.push(chunk.subarray(from));
      callback(null, Buffer.concat(out));
    },
  });
}

const CRLF = Buffer.from([CR, LF]);

function replaceLf(chunk: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
    parts.push(chunk.subarray(from, i), CRLF);
    from = i + 1;
  }
  if (from === 0) return chunk;
  parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
}
