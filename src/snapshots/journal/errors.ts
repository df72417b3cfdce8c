/**
 * What can go wrong with the journal itself. `Corrupt`: a record in the middle of the file fails
 * its checksum or does not decode (a torn record at the end is not an error: it is dropped).
 * `UnsupportedFormat`: a record of a journal format this release does not read. `Unwritable`: the
 * file cannot be created, appended to or compacted.
 */
export type JournalErrorCode = 'Corrupt' | 'UnsupportedFormat' | 'Unwritable';

export class JournalError extends Error {
  override readonly name = 'JournalError';
  readonly code: JournalErrorCode;
  readonly path: string;

  constructor(message: string, details: { code: JournalErrorCode; path: string; cause?: unknown }) {
    super(`snapshot journal ${details.path}: ${message}`, { cause: details.cause });
    this.code = details.code;
    this.path = details.path;
  }
}
