import { crc32 } from 'node:zlib';

import {
  entriesProblems,
  isCanonicalInstant,
  isRecord,
  namespaceProblems,
  operationIdProblems,
  snapshotProblems,
} from '../validation.ts';
import { fieldOfKind, type SnapshotEntry, type Snapshot } from '../types.ts';
import { mutationTypes, type SnapshotMutation } from './mutations.ts';

/**
 * One line of the journal: `<crc32 of the JSON, 8 hex digits> <JSON>\n`, the JSON being
 * `{"v":1,"seq":…,"at":…,"mutation":{…}}`. The checksum tells a complete record from one a crash
 * cut short or a disk mangled; the sequence number orders records; `at` is when the mutation was
 * asked for, and is the instant a replay records (restore times, end of a snapshot).
 */
export interface JournalRecord {
  readonly seq: number;
  readonly at: string;
  readonly mutation: SnapshotMutation;
}

/** The journal record format this release writes and reads. */
export const journalFormatVersion = 1;

export function encodeRecord(record: JournalRecord): string {
  const json = JSON.stringify({ v: journalFormatVersion, ...record });
  return `${checksumOf(json)} ${json}\n`;
}

export type DecodedLine =
  | { readonly ok: true; readonly record: JournalRecord }
  | { readonly ok: false; readonly problem: string; readonly unsupportedFormat?: true };

/** Reads one line (without its newline). Never throws. */
export function decodeLine(line: string): DecodedLine {
  const space = line.indexOf(' ');
  const json = line.slice(space + 1);
  if (space !== 8 || line.slice(0, 8) !== checksumOf(json)) {
    return { ok: false, problem: 'checksum does not match' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (!isRecord(raw) || raw.v !== journalFormatVersion) {
    const version = isRecord(raw) ? String(raw.v) : '?';
    return { ok: false, problem: `journal format ${version} is not read`, unsupportedFormat: true };
  }
  if (!Number.isSafeInteger(raw.seq) || (raw.seq as number) < 1 || !isCanonicalInstant(raw.at)) {
    return { ok: false, problem: 'seq or at is not valid' };
  }
  const problems = mutationProblems(raw.mutation);
  if (problems.length > 0) {
    return { ok: false, problem: `mutation: ${problems.join('; ')}` };
  }
  const mutation = raw.mutation as SnapshotMutation;
  return { ok: true, record: { seq: raw.seq as number, at: raw.at, mutation } };
}

function checksumOf(json: string): string {
  return crc32(json).toString(16).padStart(8, '0');
}

/** Every reason `raw` is not a mutation a store can replay, or an empty list. */
export function mutationProblems(raw: unknown): string[] {
  if (!isRecord(raw) || !mutationTypes.includes(raw.type as SnapshotMutation['type'])) {
    return [`type '${isRecord(raw) ? String(raw.type) : '?'}' is not a store mutation`];
  }
  if (raw.type === 'putSnapshot') {
    const supersedes = raw.supersedes;
    return [
      ...(isRecord(raw.snapshot)
        ? snapshotProblems(raw.snapshot as unknown as Snapshot)
        : ['no snapshot']),
      ...(supersedes === undefined ? [] : operationIdProblems(supersedes as string)),
    ];
  }

  const namespace = raw.namespace as string;
  const problems = [
    ...namespaceProblems(namespace),
    ...operationIdProblems(raw.operationId as string),
  ];
  if (raw.type === 'addEntries') {
    problems.push(
      ...(Array.isArray(raw.entries)
        ? entriesProblems(namespace, raw.entries as SnapshotEntry[])
        : ['entries is not a list']),
    );
  }
  if (raw.type === 'markEntryRestored' || raw.type === 'deleteEntry') {
    problems.push(...workloadProblems(raw.workload));
  }
  if (
    raw.type === 'markEntryRestored' &&
    !['restored', 'kept-manual-change'].includes(raw.outcome as string)
  ) {
    problems.push(`outcome '${String(raw.outcome)}' is not a restore outcome`);
  }
  return problems;
}

function workloadProblems(raw: unknown): string[] {
  const valid =
    isRecord(raw) &&
    typeof raw.kind === 'string' &&
    Object.hasOwn(fieldOfKind, raw.kind) &&
    typeof raw.name === 'string' &&
    raw.name !== '';
  return valid ? [] : ['workload is not a workload reference'];
}
