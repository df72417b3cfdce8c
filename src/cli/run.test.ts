import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;

describe('nsscaler run', () => {
  it('O5 refuses to start on bad environment variables, listing every one in one message', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      NSSCALER_KUBE_QPS: 'lots',
      NSSCALER_DEFAULT_TIME_ZONE: 'PST',
      NSSCALER_METRICS_PORT: '-1',
      NSSCALER_DYNAMODB_TABLE: 'a b',
      NSSCALER_WEBHOOK_PORT: 'https',
    };

    const failure = await run(process.execPath, [main, 'run'], { env }).then(
      () => assert.fail('nsscaler run started with bad configuration'),
      (err: { code: number; stderr: string }) => err,
    );

    assert.equal(failure.code, 1);
    assert.match(failure.stderr, /invalid configuration/);
    for (const name of [
      'NSSCALER_KUBE_QPS',
      'NSSCALER_DEFAULT_TIME_ZONE',
      'NSSCALER_METRICS_PORT',
      'NSSCALER_DYNAMODB_TABLE',
      'NSSCALER_WEBHOOK_PORT',
    ]) {
      assert.match(failure.stderr, new RegExp(`- ${name}:`));
    }
    assert.match(failure.stderr, /PST.*(America\/Los_Angeles|IANA)/);
  });
});
