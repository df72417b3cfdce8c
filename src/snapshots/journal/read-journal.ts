import { JournalError } from './errors.ts';
import { decodeLine, type JournalRecord } from './record-codec.ts';

/** What a journal file holds: its records in order, and the torn tail a crash left, if any. */
export interface JournalContents {
  readonly records: JournalRecord[];
  /** Bytes from the start of the file up to the end of the last good record. */
  readonly validBytes: number;
  /** Bytes after `validBytes` that are not a complete record: a write a crash cut short. */
  readonly tornTail?: { readonly bytes: number; readonly problem: string };
}

const newline = 0x0a;

/**
 * Reads a journal file's bytes. Records that fail their checksum, or an unterminated line, at the
 * end of the file are a torn tail: a crash in the middle of an append. They are reported and left
 * out, never an error, because their append never returned, so nothing was scaled on them (R1).
 * A bad record followed by a good one is corruption, not a torn write: that is an error naming the
 * line, because skipping a mutation in the middle could restore the wrong values.
 */
export function parseJournal(data: Buffer, path: string): JournalContents {
  const records: JournalRecord[] = [];
  let validBytes = 0;
  let firstBad: { line: number; offset: number; problem: string } | undefined;
  let offset = 0;
  let line = 0;

  while (offset < data.length) {
    const end = data.indexOf(newline, offset);
    if (end === -1) break;
    line += 1;
    const decoded = decodeLine(data.toString('utf8', offset, end));
    const last = records.at(-1);
    if (!decoded.ok && decoded.unsupportedFormat) {
      throw new JournalError(`line ${line}: ${decoded.problem}`, {
        code: 'UnsupportedFormat',
        path,
      });
    }
    const problem = decoded.ok
      ? last !== undefined && decoded.record.seq <= last.seq
        ? `sequence number ${decoded.record.seq} does not follow ${last.seq}`
        : undefined
      : decoded.problem;

    if (problem === undefined && decoded.ok) {
      if (firstBad !== undefined) {
        throw new JournalError(
          `line ${firstBad.line} (byte ${firstBad.offset}) is damaged (${firstBad.problem}) ` +
            'but records follow it; move the file aside and see docs/snapshots.md',
          { code: 'Corrupt', path },
        );
      }
      records.push(decoded.record);
      validBytes = end + 1;
    } else {
      firstBad ??= { line, offset, problem: problem ?? 'not a record' };
    }
    offset = end + 1;
  }

  const tornBytes = data.length - validBytes;
  if (tornBytes === 0) {
    return { records, validBytes };
  }
  const problem = firstBad?.problem ?? 'the last record has no end of line';
  return { records, validBytes, tornTail: { bytes: tornBytes, problem } };
}
