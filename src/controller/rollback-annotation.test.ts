import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseRollbackRequest, rollbackRequestProblem } from './rollback-annotation.ts';

describe('parseRollbackRequest', () => {
  it('O2 a namespace alone asks for its latest snapshot', () => {
    assert.deepEqual(parseRollbackRequest('team-a'), { ok: true, namespace: 'team-a' });
  });

  it('R9 a namespace and a snapshot id ask for that snapshot', () => {
    assert.deepEqual(parseRollbackRequest(' team-a/mkb3x1-0a1b2c3d '), {
      ok: true,
      namespace: 'team-a',
      snapshotId: 'mkb3x1-0a1b2c3d',
    });
  });

  const bad: Array<[string, RegExp]> = [
    ['', /does not start with a namespace name/],
    ['Team_A', /does not start with a namespace name/],
    ['/mkb3x1', /does not start with a namespace name/],
    ['team-a/', /is not a snapshot id/],
    ['team-a/a#b', /is not a snapshot id/],
  ];
  for (const [value, why] of bad) {
    it(`O5 '${value}' is refused with a message naming the annotation`, () => {
      const result = parseRollbackRequest(value);
      assert.equal(result.ok, false);
      const problem = result.ok ? '' : result.problem;
      assert.match(problem, /^annotation nsscaler\.io\/rollback: /);
      assert.match(problem, why);
    });
  }
});

describe('rollbackRequestProblem', () => {
  it('O5 a request for a namespace the policy does not manage is a problem naming both', () => {
    assert.match(
      rollbackRequestProblem('team-z', ['team-a']) ?? '',
      /nsscaler\.io\/rollback: 'team-z' names team-z, which this policy does not manage/,
    );
  });

  it('O2 a request for a managed namespace, or none at all, is fine', () => {
    assert.equal(rollbackRequestProblem('team-a/abc', ['team-a']), undefined);
    assert.equal(rollbackRequestProblem(undefined, []), undefined);
  });
});
