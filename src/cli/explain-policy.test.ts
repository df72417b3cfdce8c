import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { createExplainCommand } from './explain.ts';
import type { LivePolicyReader } from './explain-policy.ts';
import { ClusterReadError, kubeconfigPolicyReader } from './explain-policy.ts';
import { CliUsageError } from './help.ts';

const samples = new URL('../../config/samples/', import.meta.url).pathname;

interface Explained {
  at?: string;
  state?: string;
  since?: string | null;
  next?: { state: string; at: string } | null;
}

/** explain with an injected clock and cluster; returns the exit code and what it printed. */
async function explain(args: string[], options: { now?: string; live?: LivePolicyReader } = {}) {
  let stdout = '';
  let stderr = '';
  const command = createExplainCommand({
    now: () => new Date(options.now ?? '2026-01-05T12:00:00Z'),
    readLivePolicy: options.live ?? (() => Promise.reject(new Error('no cluster in this test'))),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  const code = await command.run(args);
  const output = (stdout === '' ? {} : JSON.parse(stdout)) as Explained;
  return { code, stdout, stderr, output };
}

function writeManifest(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nsscaler-explain-')), 'policies.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Two policies for team-a in one file: `nights` sleeps 19:00-07:00 UTC, `never` has no window. */
const twoPolicies = `apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: nsscaler.io/v1alpha1
kind: NamespaceScalingPolicy
metadata: { name: nights }
spec:
  namespaces: [team-a]
  timeZone: UTC
  sleep: [{ days: Mon-Sun, start: "19:00", end: "07:00" }]
---
apiVersion: nsscaler.io/v1alpha1
kind: NamespaceScalingPolicy
metadata: { name: mornings }
spec:
  namespaces: [team-a]
  timeZone: UTC
  sleep: [{ days: Mon-Sun, start: "06:00", end: "08:00" }]
`;

describe('nsscaler explain: where the policy and the instant come from', () => {
  it('S9 without --at explains the current instant of the injected clock', async () => {
    const sample = join(samples, 'wake-now-override.yaml');
    const result = await explain(['-f', sample, '-n', 'team-b'], { now: '2026-03-29T01:30:00Z' });

    assert.equal(result.code, 0, result.stderr);
    // Sunday 03:30 CEST lies in the Fri 19:00 to Mon 07:00 span, which ends Monday 07:00 CEST.
    assert.equal(result.output.at, '2026-03-29T01:30:00.000Z');
    assert.equal(result.output.state, 'Asleep');
    assert.equal(result.output.since, '2026-03-27T18:00:00.000Z');
    assert.deepEqual(result.output.next, { state: 'Awake', at: '2026-03-30T05:00:00.000Z' });
  });

  it('S9 picks the policy named by --policy from a file holding several documents', async () => {
    const file = writeManifest(twoPolicies);
    const at = ['--at', '2026-01-07T07:30:00Z'];

    const nights = await explain(['-f', file, '--policy', 'nights', '-n', 'team-a', ...at]);
    const mornings = await explain(['-f', file, '-p', 'mornings', '-n', 'team-a', ...at]);

    // 07:30 UTC is after 19:00-07:00 ended and inside 06:00-08:00.
    assert.deepEqual(
      [nights.output.state, nights.output.since],
      ['Awake', '2026-01-07T07:00:00.000Z'],
    );
    assert.deepEqual(
      [mornings.output.state, mornings.output.since],
      ['Asleep', '2026-01-07T06:00:00.000Z'],
    );
  });

  it('asks for --policy when a file holds several policies, naming them', async () => {
    const file = writeManifest(twoPolicies);

    await assert.rejects(
      explain(['-f', file, '-n', 'team-a']),
      (err: unknown) =>
        err instanceof CliUsageError &&
        /holds 2 policies \(nights, mornings\): choose one with --policy/.test(err.message),
    );
    await assert.rejects(
      explain(['-f', file, '--policy', 'weekends', '-n', 'team-a']),
      /has no NamespaceScalingPolicy named weekends \(it has nights, mornings\)/,
    );
  });

  it('says what a file holds when it has no policy at all', async () => {
    const file = writeManifest('apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }\n');

    await assert.rejects(
      explain(['-f', file, '-n', 'team-a']),
      /holds no NamespaceScalingPolicy \(it holds Namespace\)/,
    );
  });

  it('S9 explains a live policy read from the cluster by --policy', async () => {
    const requested: string[] = [];
    const live: LivePolicyReader = (name) => {
      requested.push(name);
      return Promise.resolve({
        namespaces: ['team-a'],
        timeZone: 'Asia/Kolkata',
        sleep: [{ days: 'Mon-Sun', start: '11:25', end: '11:35' }],
      });
    };

    // G03: 11:30 in Kolkata (06:00Z) is Asleep until 11:35 (06:05Z).
    const result = await explain(['--policy', 'kolkata', '-n', 'team-a'], {
      now: '2026-01-07T06:00:00Z',
      live,
    });

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(requested, ['kolkata']);
    assert.equal(result.output.state, 'Asleep');
    assert.deepEqual(result.output.next, { state: 'Awake', at: '2026-01-07T06:05:00.000Z' });
  });

  it('O5 lists the problems of an invalid live policy under its name and exits 1', async () => {
    const live: LivePolicyReader = () =>
      Promise.resolve({
        namespaces: ['team-a'],
        sleep: [{ days: 'Mon', start: '03:00', end: '03:00' }],
      });

    const result = await explain(['--policy', 'broken', '-n', 'team-a'], { live });

    assert.equal(result.code, 1);
    assert.match(result.stderr, /policy broken is not a valid policy/);
    assert.match(result.stderr, /spec\.sleep\[0\]\.end: start and end are both 03:00/);
  });

  it('names a live policy the cluster does not have, and exits 3 when the cluster cannot be read', async () => {
    const missing = await explain(['--policy', 'gone', '-n', 'team-a'], {
      live: () => Promise.resolve(undefined),
    }).catch((err: unknown) => err);
    const unreachable = await explain(['--policy', 'any', '-n', 'team-a'], {
      live: () =>
        Promise.reject(new ClusterReadError('cannot read policy any: connect ECONNREFUSED')),
    });

    assert.ok(missing instanceof CliUsageError);
    assert.match(missing.message, /the cluster has no NamespaceScalingPolicy named gone/);
    assert.equal(unreachable.code, 3);
    assert.match(unreachable.stderr, /cannot read policy any: connect ECONNREFUSED/);
  });

  it('turns a kubeconfig without a cluster into a ClusterReadError that names the cause', async () => {
    const kubeconfig = writeManifest('apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n');
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      await assert.rejects(
        kubeconfigPolicyReader()('nights'),
        (err: unknown) =>
          err instanceof ClusterReadError &&
          /cannot read policy nights .*no current cluster/.test(err.message),
      );
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });

  it('requires -f or --policy', async () => {
    await assert.rejects(
      explain(['-n', 'team-a']),
      /-f <policy.yaml> or --policy <name> is required/,
    );
  });
});
