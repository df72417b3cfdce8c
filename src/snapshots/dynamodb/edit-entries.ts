import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError } from '../errors.ts';
import { encodeBatch, encodeRestoreMark } from '../records/encode.ts';
import type { BatchRecord } from '../records/items.ts';
import { headerSortKey, parseSnapshotSortKey, partitionKey } from '../records/keys.ts';
import type { AddEntriesResult } from '../store.ts';
import { entryKey, type RestoreOutcome, type SnapshotEntry, type WorkloadRef } from '../types.ts';
import { isRecord } from '../validation.ts';
import { invalidRequest, type StoreContext } from './context.ts';
import { readSnapshot } from './read-snapshot.ts';
import { cancellationCodes, isConditionFailure, querySnapshotItems } from './requests.ts';
import { deleteChunks, putChunks } from './write-snapshot.ts';

/** Changes to the entries of a stored snapshot: add, settle at wake, delete. */

const addAttempts = 3;

/**
 * Adds the entries the active snapshot does not have yet as a new batch: its chunks first, then
 * the header's list of batches, on condition that no other batch was added in between.
 */
export async function addEntries(
  context: StoreContext,
  namespace: string,
  operationId: string,
  entries: readonly SnapshotEntry[],
): Promise<AddEntriesResult> {
  for (let attempt = 1; ; attempt++) {
    const read = await readSnapshot(context, 'addEntries', namespace, operationId);
    if (read === undefined || read.loaded.snapshot.state !== 'active') {
      throw invalidRequest('addEntries', `${namespace}/${operationId} is not an active snapshot`);
    }
    if (read.loaded.formatVersion !== 2) {
      const problem = `${namespace}/${operationId} is stored in format ${read.loaded.formatVersion}; entries can only be added to format 2`;
      throw new SnapshotStoreError(problem, { code: 'UnsupportedFormat', operation: 'addEntries' });
    }

    const recorded = new Set(read.loaded.snapshot.entries.map((entry) => entryKey(entry.workload)));
    const toAdd = entries.filter((entry) => !recorded.has(entryKey(entry.workload)));
    const alreadyRecorded = entries
      .filter((entry) => recorded.has(entryKey(entry.workload)))
      .map((entry) => entry.workload);
    if (toAdd.length === 0) {
      return { added: [], alreadyRecorded };
    }

    const target = { namespace, operationId, entries: toAdd };
    const { batch, chunks } = encodeBatch(target, context.newBatchId(), context.maxChunkBytes);
    const batchCount = Array.isArray(read.header.batches) ? read.header.batches.length : 0;
    await putChunks(context, chunks);
    try {
      await context.client.send(
        new UpdateCommand({
          TableName: context.tableName,
          Key: { pk: partitionKey(namespace), sk: headerSortKey(operationId) },
          UpdateExpression: 'SET batches = list_append(batches, :batch)',
          ConditionExpression: '#state = :active AND size(batches) = :batchCount',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':batch': [batch],
            ':active': 'active',
            ':batchCount': batchCount,
          },
        }),
      );
      return { added: toAdd.map((entry) => entry.workload), alreadyRecorded };
    } catch (err) {
      if (!isConditionFailure(err)) {
        throw err;
      }
      await deleteChunks(context, chunks);
      if (attempt === addAttempts) {
        const problem = `${namespace}/${operationId} changed during ${addAttempts} attempts to add entries`;
        throw new SnapshotStoreError(problem, {
          code: 'Conflict',
          operation: 'addEntries',
          cause: err,
        });
      }
    }
  }
}

/**
 * Writes the restore mark of one entry, once: on condition that the snapshot is active and the
 * mark does not exist yet. False when the entry was already settled.
 */
export async function markEntryRestored(
  context: StoreContext,
  namespace: string,
  operationId: string,
  workload: WorkloadRef,
  outcome: RestoreOutcome,
): Promise<boolean> {
  const mark = encodeRestoreMark(
    namespace,
    operationId,
    workload,
    outcome,
    context.now().toISOString(),
  );
  try {
    await context.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: context.tableName,
              Key: { pk: partitionKey(namespace), sk: headerSortKey(operationId) },
              ConditionExpression: '#state = :active',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':active': 'active' },
            },
          },
          {
            Put: {
              TableName: context.tableName,
              Item: mark,
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    const [snapshotCheck, markCheck] = cancellationCodes(err) ?? [];
    if (markCheck === 'ConditionalCheckFailed') {
      return false;
    }
    if (snapshotCheck === 'ConditionalCheckFailed') {
      throw invalidRequest(
        'markEntryRestored',
        `${namespace}/${operationId} is not an active snapshot`,
      );
    }
    throw err;
  }
}

/**
 * Removes one entry from its chunk and lowers its batch's entry count, in one transaction, so
 * the snapshot stays consistent without it. Format 2 only.
 */
export async function deleteEntry(
  context: StoreContext,
  namespace: string,
  operationId: string,
  workload: WorkloadRef,
): Promise<boolean> {
  const items = await querySnapshotItems(context.client, context.tableName, namespace, operationId);
  const header = items.find((item) => item.sk === headerSortKey(operationId));
  if (header === undefined) {
    return false;
  }
  if (header.formatVersion !== 2 || !Array.isArray(header.batches)) {
    const problem = `${namespace}/${operationId} is stored in format ${String(header.formatVersion)}; entries can only be deleted from format 2`;
    throw new SnapshotStoreError(problem, { code: 'UnsupportedFormat', operation: 'deleteEntry' });
  }
  const batches = header.batches as BatchRecord[];

  for (const chunk of items) {
    const part = parseSnapshotSortKey(operationId, String(chunk.sk));
    const batchIndex =
      part.type === 'chunk' ? batches.findIndex((batch) => batch.id === part.batchId) : -1;
    const records =
      batchIndex >= 0 && typeof chunk.entries === 'string'
        ? (JSON.parse(chunk.entries) as unknown[])
        : [];
    const position = records.findIndex((record) => isRecordOf(record, workload));
    if (position < 0) {
      continue;
    }

    const batch = batches[batchIndex]!;
    records.splice(position, 1);
    await context.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: context.tableName,
              Item: { ...chunk, entries: JSON.stringify(records) },
            },
          },
          {
            Update: {
              TableName: context.tableName,
              Key: { pk: header.pk, sk: header.sk },
              UpdateExpression: `SET batches[${batchIndex}].entryCount = :after`,
              ConditionExpression: `batches[${batchIndex}].id = :id AND batches[${batchIndex}].entryCount = :before`,
              ExpressionAttributeValues: {
                ':id': batch.id,
                ':before': batch.entryCount,
                ':after': batch.entryCount - 1,
              },
            },
          },
        ],
      }),
    );
    return true;
  }
  return false;
}

function isRecordOf(record: unknown, workload: WorkloadRef): boolean {
  return (
    isRecord(record) &&
    isRecord(record.workload) &&
    record.workload.kind === workload.kind &&
    record.workload.name === workload.name
  );
}
