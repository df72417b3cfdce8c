import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { cancelRequestsWithScopeSignal } from './abort-scope.ts';
import { DynamoDbBreaker, type BreakerEvent, type DynamoDbRequestOutcome } from './breaker.ts';
import { SnapshotStoreError } from './errors.ts';

const settings = {
  timeoutMs: 200,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 100,
  volumeThreshold: 2,
};

const refused = () =>
  Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

describe('the DynamoDB circuit breaker', () => {
  it('O3 opens after failures, fails fast while open, and closes after a successful trial', async () => {
    const breaker = new DynamoDbBreaker(settings);
    const events: BreakerEvent[] = [];
    const requests: DynamoDbRequestOutcome[] = [];
    breaker.on('breaker', (event) => events.push(event));
    breaker.on('request', (outcome) => requests.push(outcome));
    let sent = 0;

    const first = await breaker.call('putSnapshot', refused);
    const second = await breaker.call('putSnapshot', refused);
    const whileOpen = await breaker.call('putSnapshot', () => Promise.resolve((sent += 1)));
    assert.equal(breaker.state(), 'open');
    await once(breaker, 'breaker'); // halfOpen after resetTimeoutMs
    const trial = await breaker.call('getActiveSnapshot', () => Promise.resolve('answer'));

    assert.deepEqual(
      [first.ok, second.ok, whileOpen.ok, trial],
      [false, false, false, { ok: true, value: 'answer' }],
    );
    assert.equal(!first.ok && first.error.code, 'Unavailable');
    assert.equal(sent, 0, 'nothing is sent while the breaker is open');
    assert.equal(breaker.state(), 'closed');
    assert.deepEqual(
      events.filter((event) => ['open', 'halfOpen', 'close'].includes(event)),
      ['open', 'halfOpen', 'close'],
    );
    assert.deepEqual(
      requests.map((request) => request.result),
      ['error', 'error', 'short-circuited', 'ok'],
    );
    assert.equal(requests[2]?.durationSeconds, undefined);
    breaker.shutdown();
  });

  it('does not count requests DynamoDB refused for what they asked, and throws them as they are', async () => {
    const breaker = new DynamoDbBreaker(settings);
    const invalid = new SnapshotStoreError('sleep-1 is not an active snapshot', {
      code: 'InvalidRequest',
      operation: 'markEntryRestored',
    });

    for (let i = 0; i < 5; i += 1) {
      await assert.rejects(
        breaker.call('markEntryRestored', () => Promise.reject(invalid)),
        (err) => err === invalid,
      );
    }

    assert.equal(breaker.state(), 'closed');
    breaker.shutdown();
  });

  it('O3 cancels the HTTP request of a call that times out, instead of leaving it running', async () => {
    const sockets: Socket[] = [];
    // Reads every request and never answers; reading lets it see the client close the connection.
    const silent = createServer((socket) => sockets.push(socket.resume()));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    cancelRequestsWithScopeSignal(client);
    const breaker = new DynamoDbBreaker({ ...settings, volumeThreshold: 10 });

    const started = Date.now();
    const call = await breaker.call('getActiveSnapshot', () =>
      client.send(new ListTablesCommand({})),
    );

    assert.ok(Date.now() - started < 1_000, 'the breaker gave up after its timeout');
    assert.equal(!call.ok && call.error.code, 'Unavailable');
    assert.equal(sockets.length, 1);
    const socket = sockets[0]!;
    const closed = socket.closed || (await Promise.race([once(socket, 'close'), delay(2_000)]));
    assert.ok(closed, 'the request was cancelled: its connection is closed');
    breaker.shutdown();
    client.destroy();
    for (const open of sockets) open.destroy();
    silent.close();
  });
});
