import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';

import pino from 'pino';

import { KubeClient } from './client.ts';
import { Informer } from './informer.ts';
import { resources } from './resources.ts';
import { localKubeConfig } from './testing/local-kubeconfig.ts';

describe('Informer of an optional kind', () => {
  // An API server without KEDA: every request about ScaledObjects is answered 404.
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ kind: 'Status', reason: 'NotFound', code: 404 }));
  });
  const retries: number[] = [];
  let informer: Informer<{ metadata: { name: string } }>;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new KubeClient(localKubeConfig(port), { fieldManager: 'nsscaler' });
    const lines = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = JSON.parse(chunk.toString()) as { retryInMs?: number };
        if (line.retryInMs !== undefined) retries.push(line.retryInMs);
        done();
      },
    });
    informer = new Informer(client, resources.scaledObject, pino({ level: 'warn' }, lines), {
      optional: true,
    });
  });

  after(async () => {
    await informer.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts as synced and empty when its kind is not served', async () => {
    await informer.start();

    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(informer.list(), []);
    assert.ok(requests >= 1);
  });

  it('backs off further each time it looks again, instead of listing every second', async () => {
    const deadline = Date.now() + 10_000;
    while (retries.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    assert.deepEqual(retries.slice(0, 3), [1_000, 2_000, 4_000]);
  });
});
