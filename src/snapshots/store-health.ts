import type { BreakerEvents, BreakerState } from './breaker.ts';
import type { SnapshotStoreError } from './errors.ts';
import type { JournalRecord } from './journal/record-codec.ts';
import type { ReplayVerdict } from './journal/replayer.ts';

/** Where a snapshot was written: `snapshots_written_total{store}`. */
export type SnapshotWriteTarget = 'dynamodb' | 'journal';

/**
 * Why the snapshot store is degraded, for the policy condition `Degraded` (which names
 * `dependency`): `TableNotReady`, DynamoDB has not been reachable since start-up;
 * `CircuitOpen`, DynamoDB failed and the breaker is open or half-open; `ReplayPending`, DynamoDB
 * is back but journaled changes are still being replayed.
 */
export type DegradationReason = 'TableNotReady' | 'CircuitOpen' | 'ReplayPending';

export type SnapshotStoreDegradation =
  | { readonly degraded: false; readonly dependency: 'DynamoDB' }
  | {
      readonly degraded: true;
      readonly dependency: 'DynamoDB';
      readonly reason: DegradationReason;
      /** One sentence for a condition message or a log line. */
      readonly message: string;
    };

/**
 * What the resilient store reports as it works, for metrics and logs:
 *
 * - `breaker`: each circuit breaker event (`circuit_breaker_events_total{breaker,event}`).
 * - `request`: each call to DynamoDB with its result and duration (`dynamodb_requests_total`,
 *   `dynamodb_request_duration_seconds`).
 * - `snapshotWritten`: a new snapshot reached a store (`snapshots_written_total{store}`); a
 *   journaled snapshot counts once for the journal and once for DynamoDB when it is replayed.
 * - `journaled`: a mutation went to the journal instead of DynamoDB; `cause` is why, when
 *   DynamoDB was tried (absent when the namespace already had journaled records).
 * - `journalFailed`: the journal could not keep a refused record or be compacted; the replay
 *   tries again later.
 * - `replayed`: the verdict on one replayed record.
 * - `degradation`: the degradation changed (see `SnapshotStoreDegradation`).
 */
export interface ResilientStoreEvents extends BreakerEvents {
  snapshotWritten: [store: SnapshotWriteTarget];
  journaled: [record: JournalRecord, cause?: SnapshotStoreError];
  journalFailed: [error: unknown];
  replayed: [record: JournalRecord, verdict: ReplayVerdict];
  degradation: [degradation: SnapshotStoreDegradation];
}

/** The observable surface of the resilient store, for /readyz, metrics and status conditions. */
export interface SnapshotStoreHealth {
  /** Journaled mutations not yet replayed to DynamoDB (`snapshot_journal_pending`). */
  pendingJournalRecords(): number;
  /** `circuit_breaker_state{breaker="dynamodb"}`. */
  breakerState(): BreakerState;
  /** New snapshots written so far, per store. */
  snapshotsWritten(): Readonly<Record<SnapshotWriteTarget, number>>;
  degradation(): SnapshotStoreDegradation;
  /** For /readyz: DynamoDB takes writes, or else the journal does. */
  writable(): Promise<boolean>;
}

/** The degradation for the store's current state; the first reason that applies wins. */
export function degradationOf(state: {
  readonly ready: boolean;
  readonly breaker: BreakerState;
  readonly pendingRecords: number;
}): SnapshotStoreDegradation {
  const dependency = 'DynamoDB';
  const journaling = 'snapshots are written to the local journal';
  if (!state.ready) {
    const message = `DynamoDB has not been reachable since start-up; ${journaling}`;
    return { degraded: true, dependency, reason: 'TableNotReady', message };
  }
  if (state.breaker !== 'closed') {
    const message = `DynamoDB is unavailable (circuit breaker ${state.breaker}); ${journaling}`;
    return { degraded: true, dependency, reason: 'CircuitOpen', message };
  }
  if (state.pendingRecords > 0) {
    const message = `${state.pendingRecords} snapshot change(s) in the local journal wait to be replayed to DynamoDB`;
    return { degraded: true, dependency, reason: 'ReplayPending', message };
  }
  return { degraded: false, dependency };
}
