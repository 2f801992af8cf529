import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/** A real pino logger whose lines are kept in memory, to assert on (and search for secrets). */
export function captureLogs(
  secrets: string[] = [],
  level: 'debug' | 'info' = 'debug',
): { logger: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level, secrets, destination: destination as never });
  return { logger, lines, text: () => lines.join('') };
}
