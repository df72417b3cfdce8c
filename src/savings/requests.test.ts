import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseQuantity } from './quantity.ts';
import { podTemplateRequests, removedRequests } from './requests.ts';

describe('resource requests of removed replicas', () => {
  it('reads CPU and memory quantities in every suffix Kubernetes writes', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('2'), 2);
    assert.equal(parseQuantity('1.5'), 1.5);
    assert.equal(parseQuantity('256Mi'), 256 * 1024 * 1024);
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 1024 ** 3);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('2e3'), 2000);
    assert.equal(parseQuantity('12 cores'), undefined);
    assert.equal(parseQuantity('5Xi'), undefined);
  });

  it('sums a pod template requests over its containers', () => {
    // app: 250m + 512Mi, sidecar: 100m + 256Mi, an unrequested container adds nothing.
    // CPU 0.25 + 0.1 = 0.35 cores; memory 512 + 256 = 768 MiB = 0.75 GiB.
    const { requests, problems } = podTemplateRequests({
      spec: {
        containers: [
          { name: 'app', resources: { requests: { cpu: '250m', memory: '512Mi' } } },
          { name: 'sidecar', resources: { requests: { cpu: '100m', memory: '256Mi' } } },
          { name: 'bare' },
        ],
      },
    });
    assert.deepEqual(problems, []);
    assert.ok(Math.abs(requests.cpu - 0.35) < 1e-12);
    assert.equal(requests.memoryGiB, 0.75);
  });

  it('O5 names a request that is not a quantity and counts the rest', () => {
    const { requests, problems } = podTemplateRequests({
      spec: {
        containers: [{ name: 'app', resources: { requests: { cpu: 'lots', memory: '1Gi' } } }],
      },
    });
    assert.deepEqual(requests, { cpu: 0, memoryGiB: 1 });
    assert.deepEqual(problems, [
      "containers[app].resources.requests.cpu: 'lots' is not a resource quantity",
    ]);
  });

  it('multiplies each replica by the replicas removed and never counts added ones', () => {
    // web: 3 replicas of 500m + 1Gi removed = 1.5 cores, 3 GiB;
    // db: 1 replica of 2 cores + 4Gi removed = 2 cores, 4 GiB;
    // a workload that has more replicas asleep than before (-1 removed) counts 0.
    const total = removedRequests([
      { perReplica: { cpu: 0.5, memoryGiB: 1 }, removed: 3 },
      { perReplica: { cpu: 2, memoryGiB: 4 }, removed: 1 },
      { perReplica: { cpu: 8, memoryGiB: 8 }, removed: -1 },
    ]);
    assert.deepEqual(total, { cpu: 3.5, memoryGiB: 7 });
  });
});
