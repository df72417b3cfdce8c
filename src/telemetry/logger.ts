import { pino } from 'pino';
import type { Logger, LoggerOptions } from 'pino';

import { currentOperationContext } from './context.ts';
import { serializeError } from './redact.ts';

/**
 * Paths pino replaces with "[redacted]" in a log line's own fields. Errors under `err` are scrubbed
 * at any depth by their serializer (see redact.ts); these cover what is logged beside them.
 */
export const redactedPaths = [
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'err.headers',
  'err.cause.headers',
  'err.config',
  'token',
  '*.token',
  'password',
  '*.password',
  'secretAccessKey',
  '*.secretAccessKey',
  'webhookUrl',
  '*.webhookUrl',
];

/**
 * The process logger: one JSON line per event, level from LOG_LEVEL, errors under `err`, and the
 * correlation id, policy and namespace of the current operation mixed into every line.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'nsscaler' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError },
    mixin: () => ({ ...currentOperationContext() }),
  };
  return destination ? pino(options, destination) : pino(options);
}
