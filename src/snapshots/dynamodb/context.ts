import { randomBytes } from 'node:crypto';

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError, type SnapshotStoreOperation } from '../errors.ts';
import { defaultMaxChunkBytes } from '../records/chunks.ts';
import { expiryAfter } from './requests.ts';

/** What every request of the DynamoDB snapshot store needs. */
export interface StoreContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly historyRetentionDays: number;
  readonly now: () => Date;
  readonly maxChunkBytes: number;
  readonly newBatchId: () => string;
}

export interface StoreContextOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly historyRetentionDays: number;
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  /** The JSON budget of one chunk item (default 300 KB). */
  readonly maxChunkBytes?: number;
}

export function storeContext(options: StoreContextOptions): StoreContext {
  return {
    client: options.client,
    tableName: options.tableName,
    historyRetentionDays: options.historyRetentionDays,
    now: options.now ?? (() => new Date()),
    maxChunkBytes: options.maxChunkBytes ?? defaultMaxChunkBytes,
    newBatchId: () => randomBytes(4).toString('hex'),
  };
}

/** The instant an ending snapshot records, and when its history expires (R9). */
export function endingNow(context: StoreContext): { endedAt: string; expiresAt: number } {
  const now = context.now();
  return {
    endedAt: now.toISOString(),
    expiresAt: expiryAfter(now, context.historyRetentionDays),
  };
}

export function invalidRequest(
  operation: SnapshotStoreOperation,
  problem: string,
): SnapshotStoreError {
  return new SnapshotStoreError(problem, { code: 'InvalidRequest', operation });
}
