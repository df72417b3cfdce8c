import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;

async function nsscaler(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('nsscaler command line', () => {
  it('lists its commands with --help and exits 0', async () => {
    const result = await nsscaler('--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: nsscaler <command>/);
    assert.match(result.stdout, /^ {2}version +Print the nsscaler version$/m);
    assert.match(result.stdout, /^ {2}rollback +Roll a namespace back/m);
    assert.match(result.stdout, /^ {2}history +List a namespace's snapshot history/m);
  });

  it('O2 rollback without --namespace is a usage error (exit 2)', async () => {
    const result = await nsscaler('rollback', '--policy', 'dev');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--namespace <name> is required/);
  });

  it('rejects an unknown command with exit code 2 and names it', async () => {
    const result = await nsscaler('frobnicate');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });

  it('prints its version and the Node.js it runs on', async () => {
    const result = await nsscaler('version');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^nsscaler \d+\.\d+\.\d+ \(node v24\./);
  });
});
