import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;
const samples = new URL('../../config/samples/', import.meta.url).pathname;

async function nsscaler(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function writePolicy(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nsscaler-explain-')), 'policy.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('nsscaler explain', () => {
  it('S9 prints state, reason, since, next and zone as JSON for a sample policy', async () => {
    const sample = join(samples, 'wake-now-override.yaml');
    const result = await nsscaler(
      'explain',
      '-f',
      sample,
      '--namespace',
      'team-b',
      '--at',
      '2026-03-29T01:30:00Z',
    );

    assert.equal(result.code, 0, result.stderr);
    // Sunday 03:30 CEST is inside the Fri 19:00 to Mon 07:00 span; team-b has no override.
    assert.deepEqual(JSON.parse(result.stdout), {
      namespace: 'team-b',
      at: '2026-03-29T01:30:00.000Z',
      state: 'Asleep',
      reason: { rule: 'window', detail: 'sleep[1] Fri 19:00 to Mon 07:00', index: 1 },
      since: '2026-03-27T18:00:00.000Z',
      next: { state: 'Awake', at: '2026-03-30T05:00:00.000Z' },
      timeZone: 'Europe/Berlin',
    });
  });

  it('S8 S9 names the override that keeps team-a awake', async () => {
    const sample = join(samples, 'wake-now-override.yaml');
    const result = await nsscaler(
      'explain',
      '-f',
      sample,
      '-n',
      'team-a',
      '--at',
      '2026-03-29T01:30:00Z',
    );

    const output = JSON.parse(result.stdout) as {
      state: string;
      reason: { rule: string };
      next: unknown;
    };
    assert.equal(output.state, 'Awake');
    assert.equal(output.reason.rule, 'override');
    assert.deepEqual(output.next, { state: 'Asleep', at: '2026-03-30T17:00:00.000Z' });
  });

  it('S2 uses --default-time-zone when the policy has no zone', async () => {
    const file = writePolicy(
      'kind: NamespaceScalingPolicy\nspec:\n  namespaces: [team-a]\n  sleep: [{days: Mon-Sun, start: "00:00", end: "01:00"}]\n',
    );
    const result = await nsscaler(
      'explain',
      '-f',
      file,
      '-n',
      'team-a',
      '--at',
      '2026-01-07T00:30:00Z',
      '--default-time-zone',
      'Asia/Tokyo',
    );

    const output = JSON.parse(result.stdout) as { state: string; timeZone: string };
    assert.deepEqual([output.state, output.timeZone], ['Awake', 'Asia/Tokyo']);
  });

  it('G02 lists every problem of an invalid policy with its path and exits 1', async () => {
    const file = writePolicy(
      'kind: NamespaceScalingPolicy\nspec:\n  namespaces: [team-a]\n  timeZone: CEST\n  sleep: [{days: Mon-Sun, start: "03:00", end: "03:00"}]\n',
    );
    const result = await nsscaler('explain', '-f', file, '-n', 'team-a');

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /spec\.timeZone: "CEST" is an abbreviation/);
    assert.match(result.stderr, /spec\.sleep\[0\]\.end: start and end are both 03:00/);
  });

  it('exits 2 on usage errors and says what is wrong', async () => {
    const sample = join(samples, 'cron.yaml');
    const cases: [string[], RegExp][] = [
      [['-f', sample], /--namespace <name> is required/],
      [['-f', sample, '-n', 'team-a', '--at', 'yesterday'], /--at "yesterday" is not an RFC 3339/],
      [['-f', sample, '-n', 'team-a', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['-f', join(samples, 'missing.yaml'), '-n', 'team-a'], /cannot read .*ENOENT/],
    ];
    const results = await Promise.all(cases.map(([args]) => nsscaler('explain', ...args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index]!;
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    });
  });

  it('prints its usage with --help and exits 0', async () => {
    const result = await nsscaler('explain', '--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: nsscaler explain -f <policy.yaml> --namespace <name>/);
  });
});
