import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import pino from 'pino';

import { KubeClient } from '../k8s/client.ts';
import { localKubeConfig } from '../k8s/testing/local-kubeconfig.ts';
import { CacheNotSyncedError, WorkloadCache } from './workload-cache.ts';

const deployment = {
  metadata: { name: 'web', namespace: 'team-a', resourceVersion: '7' },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'web' }] } } },
};

/**
 * A stand-in API server for Deployments whose list fails until `listFailures` runs out, then
 * serves one Deployment; watch requests are held open until the server closes.
 */
function deploymentServer(state: { listFailures: number }): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/apis/apps/v1/deployments') {
      response.writeHead(404).end();
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.flushHeaders();
      return;
    }
    if (state.listFailures > 0) {
      state.listFailures -= 1;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', reason: 'InternalError', message: 'etcd' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        kind: 'DeploymentList',
        apiVersion: 'apps/v1',
        metadata: { resourceVersion: '7' },
        items: [deployment],
      }),
    );
  });
}

describe('WorkloadCache', () => {
  const state = { listFailures: 1 };
  const server = deploymentServer(state);
  let cache: WorkloadCache;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new KubeClient(localKubeConfig(port), { fieldManager: 'nsscaler' });
    cache = new WorkloadCache(client, pino({ level: 'silent' }), () => {});
  });

  after(async () => {
    await cache.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses to answer while the first list of a kind has failed, never as "no workloads"', async () => {
    await assert.rejects(cache.ensureKinds(['Deployment']), (err: unknown) => {
      assert.ok(err instanceof CacheNotSyncedError);
      assert.deepEqual(err.kinds, ['Deployment']);
      return true;
    });
    assert.equal(cache.synced(['Deployment']), false);
    assert.equal(state.listFailures, 0, 'the failing list reached the server');
  });

  it('answers once the informer has listed again after its backoff', async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await cache.ensureKinds(['Deployment']);
        break;
      } catch (err) {
        assert.ok(err instanceof CacheNotSyncedError);
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const listed = cache.inNamespace(['Deployment'], 'team-a').Deployment ?? [];
    assert.deepEqual(
      listed.map((object) => object.metadata.name),
      ['web'],
    );
  });
});
