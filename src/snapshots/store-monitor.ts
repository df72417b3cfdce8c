import { EventEmitter } from 'node:events';

import type { BreakerState, DynamoDbBreaker } from './breaker.ts';
import type { DynamoDbReadiness } from './dynamodb-readiness.ts';
import type { SnapshotStoreError } from './errors.ts';
import type { SnapshotJournal } from './journal/journal-file.ts';
import type { MutationResult, SnapshotMutation } from './journal/mutations.ts';
import type { JournalRecord } from './journal/record-codec.ts';
import type { ReplayVerdict } from './journal/replayer.ts';
import {
  degradationOf,
  type ResilientStoreEvents,
  type SnapshotStoreDegradation,
  type SnapshotStoreHealth,
  type SnapshotWriteTarget,
} from './store-health.ts';
import type { PutSnapshotResult } from './store.ts';

/**
 * The resilient store's observable surface: counters and state read on demand, and events as
 * things happen (see ResilientStoreEvents), so metrics, /readyz and the `Degraded` condition can
 * be wired from outside without touching the store.
 */
export class SnapshotStoreMonitor implements SnapshotStoreHealth {
  readonly events = new EventEmitter<ResilientStoreEvents>();
  readonly #journal: SnapshotJournal;
  readonly #breaker: DynamoDbBreaker;
  readonly #readiness: DynamoDbReadiness;
  readonly #written: Record<SnapshotWriteTarget, number> = { dynamodb: 0, journal: 0 };
  #lastDegradation: SnapshotStoreDegradation;

  constructor(journal: SnapshotJournal, breaker: DynamoDbBreaker, readiness: DynamoDbReadiness) {
    this.#journal = journal;
    this.#breaker = breaker;
    this.#readiness = readiness;
    this.#lastDegradation = this.degradation();
    breaker.on('breaker', (event) => {
      this.events.emit('breaker', event);
      this.#reportDegradation();
    });
    breaker.on('request', (outcome) => this.events.emit('request', outcome));
    readiness.onReady(() => this.#reportDegradation());
  }

  pendingJournalRecords(): number {
    return this.#journal.pending().length;
  }

  breakerState(): BreakerState {
    return this.#breaker.state();
  }

  snapshotsWritten(): Readonly<Record<SnapshotWriteTarget, number>> {
    return { ...this.#written };
  }

  degradation(): SnapshotStoreDegradation {
    return degradationOf({
      ready: this.#readiness.isReady(),
      breaker: this.breakerState(),
      pendingRecords: this.pendingJournalRecords(),
    });
  }

  async writable(): Promise<boolean> {
    const dynamoDbTakesWrites = this.#readiness.isReady() && this.breakerState() === 'closed';
    return dynamoDbTakesWrites || (await this.#journal.writable());
  }

  /** Counts a new snapshot when `mutation` was a put that `store` answered with `created`. */
  countWrite(mutation: SnapshotMutation, result: MutationResult, store: SnapshotWriteTarget) {
    if (mutation.type !== 'putSnapshot') return;
    if ((result as PutSnapshotResult).status !== 'created') return;
    this.#written[store] += 1;
    this.events.emit('snapshotWritten', store);
  }

  journaled(record: JournalRecord, cause?: SnapshotStoreError): void {
    this.events.emit('journaled', record, ...(cause === undefined ? [] : [cause]));
    this.#reportDegradation();
  }

  journalFailed(error: unknown): void {
    this.events.emit('journalFailed', error);
  }

  replayed(record: JournalRecord, verdict: ReplayVerdict): void {
    this.events.emit('replayed', record, verdict);
    this.#reportDegradation();
  }

  #reportDegradation(): void {
    const degradation = this.degradation();
    const reasonOf = (d: SnapshotStoreDegradation) => (d.degraded ? d.reason : 'none');
    if (reasonOf(degradation) === reasonOf(this.#lastDegradation)) return;
    this.#lastDegradation = degradation;
    this.events.emit('degradation', degradation);
  }
}
