import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { replicasEntry, snapshotOf } from '../testing/entries.ts';
import { present } from '../types.ts';
import { JournalError } from './errors.ts';
import { SnapshotJournal } from './journal-file.ts';
import type { SnapshotMutation } from './mutations.ts';
import { encodeRecord } from './record-codec.ts';

const at = '2026-01-09T21:00:00.000Z';
const web = replicasEntry('shop', 'Deployment', 'web', present(3), 0);
const put: SnapshotMutation = {
  type: 'putSnapshot',
  snapshot: snapshotOf('shop', 'sleep-1', [web]),
};
const settle: SnapshotMutation = {
  type: 'markEntryRestored',
  namespace: 'shop',
  operationId: 'sleep-1',
  workload: web.workload,
  outcome: 'restored',
};
const end: SnapshotMutation = {
  type: 'markSnapshotRestored',
  namespace: 'shop',
  operationId: 'sleep-1',
};

describe('the snapshot journal file', () => {
  let dir: string;
  let count = 0;
  const freshPath = () => join(dir, `journal-${(count += 1)}`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nsscaler-journal-test-'));
  });

  after(async () => {
    await rm(dir, { recursive: true });
  });

  it('R1 R8 keeps every appended record, in order, for a fresh process that opens it', async () => {
    const path = freshPath();
    const journal = await SnapshotJournal.open(path);
    await journal.append(put, at);
    await journal.append(settle, at);
    await journal.close();

    const reopened = await SnapshotJournal.open(path);

    assert.deepEqual(
      reopened.records().map((record) => [record.seq, record.mutation]),
      [
        [1, put],
        [2, settle],
      ],
    );
    assert.equal(reopened.droppedTornBytes, 0);
    const next = await reopened.append(end, at);
    assert.equal(next.seq, 3);
    await reopened.close();
  });

  it('R8 ignores a torn last record (a crash mid-append) and appends cleanly after it', async () => {
    const path = freshPath();
    const whole = encodeRecord({ seq: 1, at, mutation: put });
    const torn = encodeRecord({ seq: 2, at, mutation: settle }).slice(0, 40);
    await writeFile(path, whole + torn);

    const journal = await SnapshotJournal.open(path);
    await journal.append(end, at);
    await journal.close();

    assert.equal(journal.droppedTornBytes, Buffer.byteLength(torn));
    const reopened = await SnapshotJournal.open(path);
    assert.deepEqual(
      reopened.records().map((record) => [record.seq, record.mutation.type]),
      [
        [1, 'putSnapshot'],
        [2, 'markSnapshotRestored'],
      ],
    );
    await reopened.close();
  });

  it('R8 treats complete lines that fail their checksum at the end as torn too', async () => {
    const path = freshPath();
    const mangled = encodeRecord({ seq: 2, at, mutation: settle }).replace('restored', 'restorez');
    await writeFile(path, encodeRecord({ seq: 1, at, mutation: put }) + mangled);

    const journal = await SnapshotJournal.open(path);

    assert.deepEqual(
      journal.records().map((record) => record.seq),
      [1],
    );
    assert.equal(journal.droppedTornBytes, Buffer.byteLength(mangled));
    await journal.close();
  });

  it('refuses a journal damaged in the middle, naming the line, rather than skip a change', async () => {
    const path = freshPath();
    const mangled = encodeRecord({ seq: 2, at, mutation: settle }).replace('restored', 'restorez');
    const lines = [
      encodeRecord({ seq: 1, at, mutation: put }),
      mangled,
      encodeRecord({ seq: 3, at, mutation: end }),
    ];
    await writeFile(path, lines.join(''));

    await assert.rejects(
      SnapshotJournal.open(path),
      (err: JournalError) =>
        err instanceof JournalError && err.code === 'Corrupt' && err.message.includes('line 2'),
    );
  });

  it('R7 refuses a record of a journal format it does not read', async () => {
    const path = freshPath();
    const json = JSON.stringify({ v: 9, seq: 1, at, mutation: end });
    const { crc32 } = await import('node:zlib');
    await writeFile(path, `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);

    await assert.rejects(SnapshotJournal.open(path), { code: 'UnsupportedFormat' });
  });

  it('O3 compaction drops acknowledged records atomically and keeps the pending ones', async () => {
    const path = freshPath();
    const journal = await SnapshotJournal.open(path);
    await journal.append(put, at);
    await journal.append(settle, at);
    await journal.append(end, at);

    journal.acknowledge(2);
    await journal.compact();
    await journal.append(end, at);
    await journal.close();

    const reopened = await SnapshotJournal.open(path);
    assert.deepEqual(
      reopened.records().map((record) => record.seq),
      [3, 4],
    );
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith(`${path.split('/').at(-1)}.`)),
      [],
      'no temporary file is left behind',
    );
    await reopened.close();
  });

  it('O3 leaves an empty file once every record is acknowledged', async () => {
    const path = freshPath();
    const journal = await SnapshotJournal.open(path);
    const record = await journal.append(put, at);

    journal.acknowledge(record.seq);
    await journal.compact();

    assert.equal(await readFile(path, 'utf8'), '');
    assert.deepEqual(journal.pending(), []);
    await journal.close();
  });

  it('R1 fails an append it cannot make durable, and says so at every later append', async () => {
    const path = freshPath();
    const journal = await SnapshotJournal.open(path);
    await journal.close();

    await assert.rejects(journal.append(put, at), { name: 'JournalError', code: 'Unwritable' });
    await assert.rejects(journal.append(put, at), { name: 'JournalError', code: 'Unwritable' });
    assert.equal(await journal.writable(), false);
  });

  it('lists the records of one namespace', async () => {
    const path = freshPath();
    const journal = await SnapshotJournal.open(path);
    await journal.append(put, at);
    await journal.append({ ...end, namespace: 'other' }, at);

    assert.deepEqual(
      journal.recordsOf('shop').map((record) => record.seq),
      [1],
    );
    await journal.close();
  });
});
