import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CliUsageError } from './help.ts';
import { historyLines } from './history.ts';
import { readRollbackOptions } from './rollback.ts';

describe('nsscaler rollback options', () => {
  it('O2 asks for the latest snapshot with the namespace alone', () => {
    assert.deepEqual(readRollbackOptions(['--policy', 'dev', '--namespace', 'team-a']), {
      policy: 'dev',
      value: 'team-a',
    });
  });

  it('R9 asks for a named snapshot with --snapshot', () => {
    const options = readRollbackOptions(['-p', 'dev', '-n', 'team-a', '--snapshot', 'mkb-01ab']);
    assert.deepEqual(options, { policy: 'dev', value: 'team-a/mkb-01ab' });
  });

  it('O5 refuses a missing policy, and a bad namespace naming the annotation', () => {
    assert.throws(() => readRollbackOptions(['--namespace', 'team-a']), /--policy <name>/);
    assert.throws(
      () => readRollbackOptions(['--policy', 'dev', '--namespace', 'Team_A']),
      (err: unknown) => err instanceof CliUsageError && /nsscaler\.io\/rollback/.test(err.message),
    );
  });
});

describe('nsscaler history lines', () => {
  it('R9 lists id, policy, taken at, state and workload count', () => {
    const lines = historyLines([
      {
        namespace: 'team-a',
        policy: 'dev',
        operationId: 'mkb-01ab',
        takenAt: '2026-01-12T20:00:00.000Z',
        state: 'restored',
        endedAt: '2026-01-13T08:00:00.000Z',
        entryCount: 4,
        formatVersion: 2,
      },
    ]);
    assert.deepEqual(lines, [
      {
        id: 'mkb-01ab',
        policy: 'dev',
        takenAt: '2026-01-12T20:00:00.000Z',
        state: 'restored',
        endedAt: '2026-01-13T08:00:00.000Z',
        workloads: 4,
      },
    ]);
  });
});
