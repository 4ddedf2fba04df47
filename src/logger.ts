import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/index.js';

/** Structured JSON logs. Credentials are redacted wherever a careless field might carry them. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    redact: {
      paths: ['authorization', '*.authorization', 'headers.cookie', '*.headers.cookie', 'password'],
      censor: '[redacted]',
    },
  });
}
