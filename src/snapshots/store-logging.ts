import type { Logger } from 'pino';

import { namespaceOf, operationIdOf } from './journal/mutations.ts';
import { rejectedRecordsPath } from './journal/rejected-records.ts';
import type { SnapshotStoreMonitor } from './store-monitor.ts';

/**
 * Log lines for what the resilient store does on its own: the breaker opening and closing,
 * changes journaled while DynamoDB is unavailable, and replayed records DynamoDB refused. Each is
 * logged once, here, where it is known.
 */
export function logSnapshotStore(
  monitor: SnapshotStoreMonitor,
  journalPath: string,
  logger: Logger,
) {
  const dependency = 'DynamoDB';
  monitor.events.on('breaker', (event) => {
    if (event === 'open')
      logger.warn({ dependency }, 'circuit breaker open: DynamoDB is unavailable');
    if (event === 'halfOpen')
      logger.info({ dependency }, 'circuit breaker half-open: trying DynamoDB');
    if (event === 'close') logger.info({ dependency }, 'circuit breaker closed: DynamoDB is back');
  });
  monitor.events.on('degradation', (degradation) => {
    if (degradation.degraded)
      logger.warn({ dependency, reason: degradation.reason }, degradation.message);
    else logger.info({ dependency }, 'snapshot store no longer degraded');
  });
  monitor.events.on('journaled', (record, cause) => {
    const fields = {
      namespace: namespaceOf(record.mutation),
      operation: record.mutation.type,
      operationId: operationIdOf(record.mutation),
      seq: record.seq,
    };
    const err = cause === undefined ? {} : { err: cause };
    logger.warn(
      { ...fields, ...err },
      'snapshot change written to the local journal instead of DynamoDB',
    );
  });
  monitor.events.on('journalFailed', (err) => {
    logger.error(
      { err, journal: journalPath },
      'the snapshot journal could not be updated; will retry',
    );
  });
  monitor.events.on('replayed', (record, verdict) => {
    const fields = {
      namespace: namespaceOf(record.mutation),
      operation: record.mutation.type,
      operationId: operationIdOf(record.mutation),
      seq: record.seq,
    };
    if (verdict.outcome === 'applied')
      logger.info(fields, 'journaled snapshot change replayed to DynamoDB');
    if (verdict.outcome === 'rejected') {
      const file = rejectedRecordsPath(journalPath);
      logger.error(
        { ...fields, reason: verdict.reason, file },
        'DynamoDB refused a journaled snapshot change; it is kept in the rejected file',
      );
    }
    if (verdict.outcome === 'blocked')
      logger.debug({ ...fields, err: verdict.error }, 'journal replay waits for DynamoDB');
  });
}
