import { open } from 'node:fs/promises';

import type { JournalRecord } from './record-codec.ts';

/** A journaled mutation DynamoDB refused at replay, and why. */
export interface RejectedRecord {
  readonly rejectedAt: string;
  readonly reason: string;
  readonly record: JournalRecord;
}

/** Where a journal's rejected records are kept: next to it, as `<journal>.rejected`. */
export function rejectedRecordsPath(journalPath: string): string {
  return `${journalPath}.rejected`;
}

/**
 * Keeps a record DynamoDB refused at replay (for example a snapshot of a sleep while DynamoDB
 * already held another active one), as one JSON line, fsynced, so it is dropped from the journal
 * without being lost (O3): a person can read it and act.
 */
export async function keepRejectedRecord(journalPath: string, rejected: RejectedRecord) {
  const handle = await open(rejectedRecordsPath(journalPath), 'a');
  try {
    await handle.write(`${JSON.stringify(rejected)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
