import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/index.js';

/**
 * Structured logs, one JSON object a line on stdout. Credentials and operation variables (which
 * carry message texts) are redacted wherever a careless field might carry them.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.cookie',
        '*.headers.cookie',
        'password',
        'variables',
        '*.variables',
      ],
      censor: '[redacted]',
    },
  });
}
