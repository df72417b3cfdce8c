import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import pino from 'pino';

import type { KubeClient } from '../k8s/client.ts';
import { KubeApiError } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import { replicasScaler } from '../scaling/kinds/replicas.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import { present } from '../snapshots/types.ts';
import type { OperationDeps } from './operation.ts';
import { writeWithRetry } from './operation.ts';

const scaler = replicasScaler('Deployment', resources.deployment);
const target = { verb: 'patch', resource: 'deployments', namespace: 'team-a', name: 'web' };

function web(resourceVersion: string, replicas: number): WorkloadObject {
  return { metadata: { name: 'web', namespace: 'team-a', resourceVersion }, spec: { replicas } };
}

/**
 * An API server holding one Deployment: a merge patch whose resourceVersion is stale fails with
 * 409 as the real one does, and `racer` may change the object before each patch lands.
 */
function fakeApi(stored: WorkloadObject, racer: (attempt: number) => void = () => {}) {
  const patches: { resourceVersion: string | undefined; replicas: unknown }[] = [];
  const client = {
    fieldManager: 'nsscaler',
    mergePatch(_resource: unknown, _namespace: string, _name: string, patch: unknown) {
      const body = patch as { metadata: { resourceVersion?: string }; spec: { replicas: number } };
      patches.push({
        resourceVersion: body.metadata.resourceVersion,
        replicas: body.spec.replicas,
      });
      racer(patches.length);
      if (body.metadata.resourceVersion !== stored.metadata.resourceVersion) {
        return Promise.reject(new KubeApiError(409, 'Conflict', 'stale', target));
      }
      stored.spec = { replicas: body.spec.replicas };
      stored.metadata.resourceVersion = String(Number(stored.metadata.resourceVersion) + 1);
      return Promise.resolve(structuredClone(stored));
    },
    get: () => Promise.resolve(structuredClone(stored)),
  };
  const errors: unknown[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => errors.push(line) });
  const deps = { client: client as unknown as KubeClient, logger } as OperationDeps;
  return { deps, patches, logged: errors as string[] };
}

describe('writeWithRetry', () => {
  it('C7 re-reads after a 409 and writes again with the fresh resourceVersion, logging no error', async () => {
    const stored = web('5', 3);
    const { deps, patches, logged } = fakeApi(stored, (attempt) => {
      if (attempt === 1) stored.metadata.resourceVersion = '6';
    });

    const result = await writeWithRetry(deps, scaler, web('5', 3), present(0));

    assert.equal(result, 'written');
    assert.deepEqual(patches, [
      { resourceVersion: '5', replicas: 0 },
      { resourceVersion: '6', replicas: 0 },
    ]);
    assert.equal(stored.spec?.replicas, 0);
    assert.equal(
      logged.some((line) => (JSON.parse(line) as { level: number }).level >= 50),
      false,
    );
  });

  it('C7 stops when the fresh object no longer needs the write', async () => {
    const stored = web('5', 3);
    const { deps, patches } = fakeApi(stored, () => {
      stored.metadata.resourceVersion = '9';
      stored.spec = { replicas: 0 };
    });

    const result = await writeWithRetry(deps, scaler, web('5', 3), present(0), (fresh) => {
      return fresh.spec?.replicas !== 0;
    });

    assert.equal(result, 'not-wanted');
    assert.equal(patches.length, 1);
  });

  it('C7 gives up after 5 conflicts in a row and throws the 409', async () => {
    const stored = web('5', 3);
    const { deps, patches } = fakeApi(stored, () => {
      stored.metadata.resourceVersion = String(Number(stored.metadata.resourceVersion) + 1);
    });

    await assert.rejects(writeWithRetry(deps, scaler, web('5', 3), present(0)), (err: unknown) => {
      assert.ok(err instanceof KubeApiError);
      assert.equal(err.code, 409);
      return true;
    });
    assert.equal(patches.length, 5);
  });

  it('reports a workload deleted meanwhile as gone', async () => {
    const { deps } = fakeApi(web('5', 3));
    deps.client.mergePatch = () =>
      Promise.reject(new KubeApiError(404, 'NotFound', 'gone', target));

    assert.equal(await writeWithRetry(deps, scaler, web('5', 3), present(0)), 'gone');
  });
});
