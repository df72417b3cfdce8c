import type {
  EntryRestore,
  LoadedSnapshot,
  Snapshot,
  SnapshotDefect,
  SnapshotEntry,
  SnapshotState,
  SnapshotSummary,
} from '../types.ts';
import { entryKey } from '../types.ts';
import {
  isCanonicalInstant,
  isRecord,
  namespaceProblems,
  operationIdProblems,
} from '../validation.ts';
import { readEntriesV1 } from './format-v1.ts';
import { readEntriesV2, type EntriesRead } from './format-v2.ts';
import { parseSnapshotSortKey } from './keys.ts';

/** Table items to the snapshot model, from the current format (2) or the previous one (1). */

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: 'CorruptSnapshot' | 'UnsupportedFormat';
      readonly problem: string;
    };

interface HeaderRead {
  readonly raw: Record<string, unknown>;
  readonly summary: Omit<SnapshotSummary, 'entryCount'>;
}

const readableFormats = new Set([1, 2]);
const snapshotStates = new Set<SnapshotState>(['active', 'restored', 'superseded']);

/**
 * A whole snapshot from its header and the other items under its prefix (chunks and restore
 * marks). Missing chunks and unreadable entries are reported as defects, not failures.
 */
export function decodeSnapshot(
  header: unknown,
  parts: readonly unknown[],
): Decoded<LoadedSnapshot> {
  const read = readHeader(header);
  if (!read.ok) {
    return read;
  }
  const { raw, summary } = read.value;
  const { formatVersion, expiresAt, namespace, operationId } = summary;

  const entriesRead: EntriesRead =
    formatVersion === 1
      ? readEntriesV1(raw, namespace)
      : readEntriesV2(raw, parts, namespace, operationId);
  if (!entriesRead.ok) {
    return corrupt(`${namespace}/${operationId}: ${entriesRead.problem}`);
  }

  const { restores, defects: markDefects } = readRestoreMarks(parts, operationId);
  const entries = entriesRead.entries.map((entry): SnapshotEntry => {
    const restore = entry.restore ?? restores.get(entryKey(entry.workload));
    return restore === undefined ? entry : { ...entry, restore };
  });

  const snapshot: Snapshot = { ...snapshotFields(summary), entries };
  const defects = [...entriesRead.defects, ...markDefects];
  const loaded = { snapshot, formatVersion, defects };
  return { ok: true, value: expiresAt === undefined ? loaded : { ...loaded, expiresAt } };
}

/** A line of history from a header alone. */
export function decodeSummary(header: unknown): Decoded<SnapshotSummary> {
  const read = readHeader(header);
  if (!read.ok) {
    return read;
  }
  const { raw, summary } = read.value;
  const entryCount =
    summary.formatVersion === 1 ? countV1Entries(raw.entries) : countV2Entries(raw.batches);
  return { ok: true, value: { ...summary, entryCount } };
}

function readHeader(raw: unknown): Decoded<HeaderRead> {
  if (!isRecord(raw)) {
    return corrupt('the snapshot header is not an item');
  }
  const { formatVersion, namespace, policy, operationId, takenAt, state, endedAt, expiresAt } = raw;
  const name = `${String(namespace)}/${String(operationId)}`;
  if (typeof formatVersion !== 'number' || !readableFormats.has(formatVersion)) {
    const problem = `${name}: format version ${String(formatVersion)} is not one this release reads (1 or 2)`;
    return { ok: false, code: 'UnsupportedFormat', problem };
  }

  const problems = [
    ...namespaceProblems(namespace as string),
    ...operationIdProblems(operationId as string),
  ];
  if (typeof policy !== 'string') {
    problems.push('policy is not a string');
  }
  if (!snapshotStates.has(state as SnapshotState)) {
    problems.push(`state '${String(state)}' is not active, restored or superseded`);
  }
  for (const [field, value] of Object.entries({ takenAt, endedAt })) {
    if (value !== undefined && !isCanonicalInstant(value)) {
      problems.push(`${field} is not an ISO 8601 instant in UTC`);
    }
  }
  if (takenAt === undefined) {
    problems.push('takenAt is missing');
  }
  if (expiresAt !== undefined && !Number.isSafeInteger(expiresAt)) {
    problems.push('expiresAt is not whole epoch seconds');
  }
  if (problems.length > 0) {
    return corrupt(`${name}: unreadable header: ${problems.join('; ')}`);
  }

  const summary = {
    namespace: namespace as string,
    policy: policy as string,
    operationId: operationId as string,
    takenAt: takenAt as string,
    state: state as SnapshotState,
    formatVersion,
    ...(endedAt === undefined ? {} : { endedAt: endedAt as string }),
    ...(expiresAt === undefined ? {} : { expiresAt: expiresAt as number }),
  };
  return { ok: true, value: { raw, summary } };
}

function snapshotFields(summary: HeaderRead['summary']): Omit<Snapshot, 'entries'> {
  const { namespace, policy, operationId, takenAt, state, endedAt } = summary;
  const fields = { namespace, policy, operationId, takenAt, state };
  return endedAt === undefined ? fields : { ...fields, endedAt };
}

function readRestoreMarks(parts: readonly unknown[], operationId: string) {
  const restores = new Map<string, EntryRestore>();
  const defects: SnapshotDefect[] = [];
  for (const item of parts) {
    if (!isRecord(item) || typeof item.sk !== 'string') {
      continue;
    }
    const part = parseSnapshotSortKey(operationId, item.sk);
    if (part.type !== 'restore') {
      continue;
    }
    if (
      (item.outcome === 'restored' || item.outcome === 'kept-manual-change') &&
      isCanonicalInstant(item.at)
    ) {
      restores.set(part.entryKey, { outcome: item.outcome, at: item.at });
    } else {
      defects.push({
        part: `restore mark ${part.entryKey}`,
        problem: 'unreadable outcome or time',
      });
    }
  }
  return { restores, defects };
}

function countV1Entries(entries: unknown): number {
  return Array.isArray(entries) ? entries.length : 0;
}

function countV2Entries(batches: unknown): number {
  if (!Array.isArray(batches)) {
    return 0;
  }
  return batches.reduce<number>(
    (sum, batch) =>
      sum + (isRecord(batch) && typeof batch.entryCount === 'number' ? batch.entryCount : 0),
    0,
  );
}

function corrupt(problem: string): Decoded<never> {
  return { ok: false, code: 'CorruptSnapshot', problem };
}
