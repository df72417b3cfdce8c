import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import formatV1 from '../fixtures/format-v1.json' with { type: 'json' };
import formatV2 from '../fixtures/format-v2.json' with { type: 'json' };
import { fixtureSnapshot, manyDeployments, replicasEntry, snapshotOf } from '../testing/entries.ts';
import { absent, present, unknown, type LoadedSnapshot } from '../types.ts';
import { decodeSnapshot, decodeSummary } from './decode.ts';
import { encodeSnapshot } from './encode.ts';

/** Decodes fixture items: the first is the active pointer, the second the header. */
function decodeFixture(items: readonly unknown[]): LoadedSnapshot {
  const [, header, ...parts] = items;
  const decoded = decodeSnapshot(header, parts);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.problem);
  return decoded.value;
}

function decodeEncoded(encoded: ReturnType<typeof encodeSnapshot>, parts = encoded.chunks) {
  const decoded = decodeSnapshot(encoded.header, parts);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.problem);
  return decoded.value;
}

describe('decoding stored snapshots', () => {
  it('G13 R7 reads the format 1 fixture into the exact originals of the rules', () => {
    const loaded = decodeFixture(formatV1);

    assert.equal(loaded.formatVersion, 1);
    assert.deepEqual(loaded.snapshot, fixtureSnapshot);
    assert.deepEqual(loaded.defects, []);
  });

  it('G13 R7 reads the format 2 fixture into the same model as the format 1 fixture', () => {
    const loaded = decodeFixture(formatV2);

    assert.equal(loaded.formatVersion, 2);
    assert.deepEqual(loaded.snapshot, decodeFixture(formatV1).snapshot);
    assert.deepEqual(loaded.defects, []);
  });

  it('R4 keeps 0, absent and unknown originals as three distinct states', () => {
    const entries = [
      replicasEntry('shop', 'Deployment', 'zero', present(0), 'left-alone'),
      replicasEntry('shop', 'Deployment', 'absent', absent, 0),
      replicasEntry('shop', 'Deployment', 'unknown', unknown, 0),
    ];

    const loaded = decodeEncoded(encodeSnapshot(snapshotOf('shop', 'op-1', entries), 'b1', 1000));

    const originals = loaded.snapshot.entries.map((entry) => entry.original);
    assert.deepEqual(originals, [
      { state: 'present', value: 0 },
      { state: 'absent' },
      { state: 'unknown' },
    ]);
  });

  it('R6 reports a missing chunk and still returns the entries of the other chunks', () => {
    const snapshot = snapshotOf('shop', 'op-1', manyDeployments('shop', 30));
    const encoded = encodeSnapshot(snapshot, 'b1', 2_000);
    assert.ok(encoded.chunks.length >= 3, 'the test needs at least three chunks');
    const [first, lost, ...rest] = encoded.chunks;
    const lostCount = (JSON.parse(lost!.entries) as unknown[]).length;

    const loaded = decodeEncoded(encoded, [first!, ...rest]);

    assert.deepEqual(loaded.defects, [{ part: 'batch b1 chunk 1', problem: 'missing' }]);
    assert.equal(loaded.snapshot.entries.length, 30 - lostCount);
  });

  it('R6 reports an entry that does not decode and keeps the others', () => {
    const entries = [
      replicasEntry('shop', 'StatefulSet', 'a', present(2), 1),
      replicasEntry('shop', 'StatefulSet', 'b', present(3), 1),
    ];
    const encoded = encodeSnapshot(snapshotOf('shop', 'op-1', entries), 'b1', 10_000);
    const chunk = encoded.chunks[0]!;
    const broken = { ...chunk, entries: chunk.entries.replace('"value":2', '"value":-2') };

    const loaded = decodeEncoded(encoded, [broken]);

    assert.deepEqual(
      loaded.snapshot.entries.map((entry) => entry.workload.name),
      ['b'],
    );
    assert.equal(loaded.defects.length, 1);
    assert.match(loaded.defects[0]!.problem, /StatefulSet\/a: original is not a replicas state/);
  });

  it('R6 reports a batch that holds fewer entries than its header says', () => {
    const encoded = encodeSnapshot(
      snapshotOf('shop', 'op-1', manyDeployments('shop', 2)),
      'b1',
      10_000,
    );
    const header = { ...encoded.header, batches: [{ id: 'b1', chunkCount: 1, entryCount: 3 }] };

    const decoded = decodeSnapshot(header, encoded.chunks);

    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value.defects, [
      { part: 'batch b1', problem: 'holds 2 entries where the header says 3' },
    ]);
  });

  it('R7 refuses a format version it does not know instead of guessing', () => {
    const [, header] = formatV2;

    const decoded = decodeSnapshot({ ...header, formatVersion: 3 }, []);

    assert.equal(decoded.ok, false);
    assert.equal(decoded.ok ? '' : decoded.code, 'UnsupportedFormat');
  });

  it('names every unreadable field of a header instead of guessing', () => {
    const [, header] = formatV2;

    const decoded = decodeSnapshot({ ...header, state: 'sleeping', takenAt: 'yesterday' }, []);

    assert.deepEqual(decoded.ok ? 'decoded' : [decoded.code, decoded.problem], [
      'CorruptSnapshot',
      "shop/sleep-2026-01-09T21.00Z: unreadable header: state 'sleeping' is not active, restored " +
        'or superseded; takenAt is not an ISO 8601 instant in UTC',
    ]);
  });

  it('R9 summarises a header of either format with its entry count', () => {
    const summaries = [formatV1[1], formatV2[1]].map((header) => decodeSummary(header));

    assert.deepEqual(
      summaries.map((summary) =>
        summary.ok ? [summary.value.formatVersion, summary.value.entryCount] : summary.problem,
      ),
      [
        [1, 7],
        [2, 7],
      ],
    );
  });
});
