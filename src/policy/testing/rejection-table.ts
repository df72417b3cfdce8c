import assert from 'node:assert/strict';
import { it } from 'node:test';

import { validatePolicySpec } from '../validate.ts';

/** A valid spec that each row changes in one place. */
export const validSpec = {
  namespaces: ['team-a'],
  timeZone: 'Europe/Berlin',
  sleep: [{ days: 'Mon-Fri', start: '19:00', end: '07:00' }],
};

/** [rule, changes to a valid spec, path of the problem, what its message says] */
export type RejectionRow = [string, Record<string, unknown>, string, RegExp];

/** One test per row: the changed spec has a problem at the path, with the message. */
export function rejects(rows: RejectionRow[]): void {
  for (const [name, changes, path, message] of rows) {
    it(name, () => {
      const problems = validatePolicySpec({ ...validSpec, ...changes });
      const found = problems.find((problem) => problem.path === path);
      assert.ok(found, `no problem at ${path}; got ${JSON.stringify(problems)}`);
      assert.match(found.message, message);
    });
  }
}
