import { Writable } from 'node:stream';
import { pino, type Level, type Logger } from 'pino';

/** One line the gateway logged, as pino wrote it. */
export interface LogLine {
  level: number;
  msg?: string;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}

/** pino's number for `warn`: lines at or above it ask an operator to look. */
export const WARN_LEVEL = 40;

/** A pino logger at `level` whose lines are kept, parsed, for the test to read. */
export function capturedLogger(level: Level): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line) lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
