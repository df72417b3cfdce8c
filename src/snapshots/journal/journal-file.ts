import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

import { JournalError } from './errors.ts';
import { namespaceOf, type SnapshotMutation } from './mutations.ts';
import { parseJournal } from './read-journal.ts';
import { encodeRecord, type JournalRecord } from './record-codec.ts';

/**
 * The durable local journal of snapshot mutations (O3): an append-only file of records, each
 * fsynced before `append` returns, so the scale-down a record guards happens only once it is on
 * disk (R1). Replayed records are acknowledged, then dropped by `compact`, which writes the
 * remaining records to a new file, fsyncs it and renames it over the old one: a crash at any
 * point leaves either the old file or the new one, never a mix. One process per file.
 *
 * TODO(snapshots): nothing stops two processes from sharing a path; each controller process needs
 * a journal of its own (see docs/snapshots.md).
 */
export class SnapshotJournal {
  readonly path: string;
  /** Bytes of a torn last record found at open and cut off, 0 when the file was whole. */
  readonly droppedTornBytes: number;
  #handle: FileHandle;
  #records: JournalRecord[];
  #size: number;
  #nextSeq: number;
  #acknowledgedUpTo = 0;
  #broken: JournalError | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    path: string,
    handle: FileHandle,
    records: JournalRecord[],
    size: number,
    dropped: number,
  ) {
    this.path = path;
    this.#handle = handle;
    this.#records = records;
    this.#size = size;
    this.#nextSeq = (records.at(-1)?.seq ?? 0) + 1;
    this.droppedTornBytes = dropped;
  }

  /** Opens (or creates) the journal at `path`, cutting off a torn last record. */
  static async open(path: string): Promise<SnapshotJournal> {
    const data = await unwritable(path, 'cannot be read', () => readIfExists(path));
    const contents = parseJournal(data ?? Buffer.alloc(0), path);

    const problem =
      'cannot be opened for appending; NSSCALER_JOURNAL_PATH must name a file in a writable folder on a persistent volume';
    return unwritable(path, problem, async () => {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'a');
      if (contents.tornTail !== undefined) {
        await handle.truncate(contents.validBytes);
        await handle.sync();
      }
      if (data === undefined) {
        await syncDirectory(dirname(path));
      }
      const dropped = contents.tornTail?.bytes ?? 0;
      return new SnapshotJournal(path, handle, contents.records, contents.validBytes, dropped);
    });
  }

  /** Every record in the file, replayed or not, oldest first. */
  records(): readonly JournalRecord[] {
    return this.#records;
  }

  /** Records not yet acknowledged as replayed, oldest first. */
  pending(): JournalRecord[] {
    return this.#records.filter((record) => record.seq > this.#acknowledgedUpTo);
  }

  /** The namespace's records still in the file, replayed or not, oldest first. */
  recordsOf(namespace: string): JournalRecord[] {
    return this.#records.filter((record) => namespaceOf(record.mutation) === namespace);
  }

  /** Appends one mutation and returns once it is on disk. */
  append(mutation: SnapshotMutation, at: string): Promise<JournalRecord> {
    return this.#serially(async () => {
      if (this.#broken) throw this.#broken;
      const record: JournalRecord = { seq: this.#nextSeq, at, mutation };
      const line = Buffer.from(encodeRecord(record));
      try {
        await this.#handle.write(line);
        await this.#handle.sync();
      } catch (err) {
        await this.#undoPartialAppend();
        throw new JournalError('a record could not be appended', {
          code: 'Unwritable',
          path: this.path,
          cause: err,
        });
      }
      this.#size += line.length;
      this.#nextSeq += 1;
      this.#records.push(record);
      return record;
    });
  }

  /** Marks every record up to `seq` as replayed; `compact` drops them from the file. */
  acknowledge(seq: number): void {
    this.#acknowledgedUpTo = Math.max(this.#acknowledgedUpTo, seq);
  }

  /** Rewrites the file without the acknowledged records (write, fsync, rename, fsync dir). */
  compact(): Promise<void> {
    return this.#serially(async () => {
      const kept = this.#records.filter((record) => record.seq > this.#acknowledgedUpTo);
      if (this.#broken || kept.length === this.#records.length) return;
      const next = `${this.path}.compacting`;
      const content = Buffer.from(kept.map(encodeRecord).join(''));
      await unwritable(this.path, 'cannot be compacted', async () => {
        try {
          await writeDurably(next, content);
          await rename(next, this.path);
        } catch (err) {
          await rm(next, { force: true });
          throw err;
        }
      });
      await this.#reopen(content.length, kept);
    });
  }

  /** Whether an append can be expected to succeed: the journal works and its folder is writable. */
  async writable(): Promise<boolean> {
    if (this.#broken) return false;
    return access(dirname(this.path), constants.W_OK).then(
      () => true,
      () => false,
    );
  }

  close(): Promise<void> {
    return this.#serially(() => this.#handle.close());
  }

  async #reopen(size: number, kept: JournalRecord[]): Promise<void> {
    try {
      await syncDirectory(dirname(this.path));
      await this.#handle.close();
      this.#handle = await open(this.path, 'a');
      this.#size = size;
      this.#records = kept;
    } catch (err) {
      this.#broken = new JournalError('cannot be reopened after compaction', {
        code: 'Unwritable',
        path: this.path,
        cause: err,
      });
      throw this.#broken;
    }
  }

  /** Cuts a half-written record off again, so the next append does not follow garbage. */
  async #undoPartialAppend(): Promise<void> {
    try {
      await this.#handle.truncate(this.#size);
      await this.#handle.sync();
    } catch (err) {
      this.#broken = new JournalError('a failed append could not be undone', {
        code: 'Unwritable',
        path: this.path,
        cause: err,
      });
    }
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeDurably(path: string, content: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a created or renamed file's directory entry durable. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function unwritable<T>(path: string, problem: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof JournalError) throw err;
    throw new JournalError(problem, { code: 'Unwritable', path, cause: err });
  }
}
