import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { describe, it } from 'node:test';

import { fixtureSnapshot } from '../testing/entries.ts';
import { decodeLine, encodeRecord, type JournalRecord } from './record-codec.ts';

const record: JournalRecord = {
  seq: 7,
  at: '2026-01-09T21:00:00.000Z',
  mutation: { type: 'putSnapshot', snapshot: fixtureSnapshot, supersedes: 'sleep-0' },
};

function lineOf(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
}

describe('journal records', () => {
  it('R4 decode to exactly what was encoded: 0, true, absent and unknown survive', () => {
    const line = encodeRecord(record);

    assert.ok(line.endsWith('\n'));
    assert.deepEqual(decodeLine(line.slice(0, -1)), { ok: true, record });
  });

  it('are refused when the checksum does not match the JSON', () => {
    const line = encodeRecord(record).slice(0, -1).replace('"seq":7', '"seq":8');

    assert.deepEqual(decodeLine(line), { ok: false, problem: 'checksum does not match' });
  });

  it('R4 are refused when the mutation breaks the model, even with a valid checksum', () => {
    const entry = { ...fixtureSnapshot.entries[0], original: { state: 'present', value: -1 } };
    const snapshot = { ...fixtureSnapshot, entries: [entry] };
    const json = JSON.stringify({
      v: 1,
      seq: 1,
      at: record.at,
      mutation: { type: 'putSnapshot', snapshot },
    });

    const decoded = decodeLine(lineOf(json));

    assert.equal(decoded.ok, false);
    assert.match(!decoded.ok ? decoded.problem : '', /original is not a replicas state/);
  });

  it('name an unknown mutation type', () => {
    const json = JSON.stringify({ v: 1, seq: 1, at: record.at, mutation: { type: 'dropTable' } });

    const decoded = decodeLine(lineOf(json));

    assert.deepEqual(decoded, {
      ok: false,
      problem: "mutation: type 'dropTable' is not a store mutation",
    });
  });
});
