import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { manyDeployments, snapshotOf } from '../testing/entries.ts';
import { defaultMaxChunkBytes, packIntoChunks } from './chunks.ts';
import { decodeSnapshot } from './decode.ts';
import { encodeSnapshot } from './encode.ts';

/**
 * An upper bound of the size DynamoDB counts for an item: attribute names plus values, with
 * every number counted at its maximum of 21 bytes and 3 bytes plus 1 per element for lists and
 * maps.
 */
function itemSizeBound(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return 21;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, element) => sum + 1 + itemSizeBound(element), 3);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.reduce(
    (sum, [name, element]) => sum + 1 + itemSizeBound(name) + itemSizeBound(element),
    3,
  );
}

describe('chunking the entries of a snapshot', () => {
  it('splits a namespace of 5,000 workloads into items under 350 KB and reassembles it equal', () => {
    const snapshot = snapshotOf('big', 'op-1', manyDeployments('big', 5_000));

    const encoded = encodeSnapshot(snapshot, 'b1', defaultMaxChunkBytes);

    assert.ok(encoded.chunks.length > 1, `expected several chunks, got ${encoded.chunks.length}`);
    for (const item of [encoded.header, ...encoded.chunks]) {
      assert.ok(itemSizeBound(item) < 350 * 1024, `${item.sk} is ${itemSizeBound(item)} bytes`);
    }
    const decoded = decodeSnapshot(encoded.header, encoded.chunks);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value.defects, []);
    assert.deepEqual(decoded.value.snapshot, snapshot);
  });

  it('keeps the order of the entries and never exceeds the budget', () => {
    const records = Array.from({ length: 50 }, (_, index) => ({ index, name: 'x'.repeat(index) }));

    const chunks = packIntoChunks(records, 300);

    assert.ok(chunks.every((chunk) => Buffer.byteLength(chunk) <= 300));
    assert.deepEqual(
      chunks.flatMap((chunk) => JSON.parse(chunk) as unknown[]),
      records,
    );
  });

  it('counts bytes, not characters, so names in other scripts stay under the budget', () => {
    const records = Array.from({ length: 40 }, () => ({ name: 'ü'.repeat(20) }));

    const chunks = packIntoChunks(records, 200);

    assert.ok(chunks.every((chunk) => Buffer.byteLength(chunk) <= 200));
    assert.equal(chunks.flatMap((chunk) => JSON.parse(chunk) as unknown[]).length, 40);
  });

  it('writes no chunk for a snapshot without entries', () => {
    assert.deepEqual(packIntoChunks([], 300), []);
  });

  it('refuses an entry larger than the budget, which could not be stored', () => {
    assert.throws(() => packIntoChunks([{ name: 'x'.repeat(400) }], 300), RangeError);
  });
});
