/**
 * `nsscaler explain --policy NAME` against the real API server (S9): the live policy is read
 * through KUBECONFIG, the way kubectl reads it, and explained with the same engine as a file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { installNsscaler } from '../support/install.ts';
import type { Cluster } from '../support/kube.ts';
import { connect, uniqueName } from '../support/kube.ts';
import { createPolicy, deletePolicy } from '../support/policies.ts';

const exec = promisify(execFile);
const main = new URL('../../../src/cli/main.ts', import.meta.url).pathname;

async function nsscaler(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [main, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('nsscaler explain with a live policy', () => {
  const name = uniqueName('explain-live');
  let cluster: Cluster;

  before(async () => {
    cluster = connect();
    await installNsscaler(cluster);
    // G04: Europe/Berlin, Mon-Fri 22:00-06:00 only.
    await createPolicy(cluster, name, {
      namespaces: ['team-a'],
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Fri', start: '22:00', end: '06:00' }],
    });
  });

  after(async () => {
    await deletePolicy(cluster, name);
  });

  it('S9 G04 reads the policy from the cluster and explains Saturday 05:00 in Berlin as Asleep', async () => {
    const result = await nsscaler(
      'explain',
      '--policy',
      name,
      '-n',
      'team-a',
      '--at',
      '2026-01-10T04:00:00Z',
    );

    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(output.state, 'Asleep');
    // The Friday window started at 22:00 CET (21:00Z) and ends Saturday 06:00 CET (05:00Z).
    assert.equal(output.since, '2026-01-09T21:00:00.000Z');
    assert.deepEqual(output.next, { state: 'Awake', at: '2026-01-10T05:00:00.000Z' });
    assert.equal(output.timeZone, 'Europe/Berlin');
  });

  it('names a policy the cluster does not have and exits 2', async () => {
    const result = await nsscaler('explain', '--policy', `${name}-missing`, '-n', 'team-a');

    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`no NamespaceScalingPolicy named ${name}-missing`));
  });
});
