import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DynamoDbBreaker } from '../breaker.ts';
import type { BreakerSettings } from '../dynamodb/config.ts';
import { DynamoDbReadiness } from '../dynamodb-readiness.ts';
import { SnapshotJournal } from '../journal/journal-file.ts';
import { clockWithRecordedInstants } from '../journal/recorded-clock.ts';
import { ResilientSnapshotStore } from '../resilient-store.ts';
import { FlakyStore } from './flaky-store.ts';

/** Breaker settings quick enough for unit tests; the breaker opens on the first failure. */
export const quickBreaker: BreakerSettings = {
  timeoutMs: 200,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 100,
  volumeThreshold: 1,
};

export interface ResilientFixtureOptions {
  readonly now?: () => Date;
  readonly historyRetentionDays?: number;
  readonly breaker?: Partial<BreakerSettings>;
  /** The table check; undefined: DynamoDB is ready at once. */
  readonly prepare?: () => Promise<unknown>;
}

/** A resilient store on a FlakyStore (standing in for DynamoDB) and a journal in a temp dir. */
export interface ResilientFixture {
  readonly store: ResilientSnapshotStore;
  readonly dynamoDb: FlakyStore;
  readonly journal: SnapshotJournal;
  readonly journalPath: string;
  /** Stops this store without compacting, and opens a fresh one on the same journal and DynamoDB. */
  restart(options?: ResilientFixtureOptions): Promise<ResilientFixture>;
  /** Closes the store and removes the temp dir. */
  close(): Promise<void>;
}

export async function openResilientFixture(
  options: ResilientFixtureOptions = {},
): Promise<ResilientFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'nsscaler-journal-'));
  const dynamoDb = new FlakyStore({
    now: clockWithRecordedInstants(options.now),
    historyRetentionDays: options.historyRetentionDays ?? 30,
  });
  return openOn(join(dir, 'journal'), dynamoDb, options, () =>
    rm(dir, { recursive: true, force: true }),
  );
}

async function openOn(
  journalPath: string,
  dynamoDb: FlakyStore,
  options: ResilientFixtureOptions,
  cleanUp: () => Promise<void>,
): Promise<ResilientFixture> {
  const journal = await SnapshotJournal.open(journalPath);
  const breakerSettings = { ...quickBreaker, ...options.breaker };
  const readiness = new DynamoDbReadiness({
    retryMs: breakerSettings.resetTimeoutMs,
    ...(options.prepare === undefined ? {} : { prepare: options.prepare }),
  });
  const store = new ResilientSnapshotStore({
    dynamoDb,
    journal,
    readiness,
    breaker: new DynamoDbBreaker(breakerSettings),
    historyRetentionDays: options.historyRetentionDays ?? 30,
    retryMs: breakerSettings.resetTimeoutMs,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await readiness.start(breakerSettings.timeoutMs).catch(async (err: unknown) => {
    await store.close();
    await cleanUp();
    throw err;
  });
  let closed = false;
  const stop = async () => {
    if (closed) return;
    closed = true;
    await store.close();
  };
  return {
    store,
    dynamoDb,
    journal,
    journalPath,
    restart: async (next = options) => {
      await stop();
      return openOn(journalPath, dynamoDb, next, cleanUp);
    },
    close: async () => {
      await stop();
      await cleanUp();
    },
  };
}

/** Waits until `condition` holds, checking every 10 ms; fails after `timeoutMs`. */
export async function eventually(
  description: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
