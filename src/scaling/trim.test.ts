import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { managersOf } from '../controller/field-managers.ts';
import { trimWorkload } from './trim.ts';
import type { WorkloadObject } from './workload.ts';

// Stored in a variable first: the informer receives whole objects, more than the type names.
const podTemplate = {
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.example/app:1',
        env: [{ name: 'MODE', value: 'production' }],
        resources: { requests: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '1Gi' } },
      },
    ],
  },
};

const deployment: WorkloadObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'team-a',
    resourceVersion: '42',
    annotations: { 'nsscaler.io/intended-replicas': '3' },
    managedFields: [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        time: new Date('2026-01-01T00:00:00Z'),
        fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': {} }, 'f:strategy': {} } },
      },
      {
        manager: 'nsscaler',
        operation: 'Update',
        time: new Date('2026-01-02T00:00:00Z'),
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ],
  },
  spec: {
    replicas: 0,
    template: podTemplate,
  },
  status: { replicas: 0, readyReplicas: 0, observedGeneration: 2 },
};

describe('trimWorkload', () => {
  it('keeps what nsscaler reads: identity, annotations, scaling fields and their managers', () => {
    const trimmed = trimWorkload(deployment);

    assert.equal(trimmed.metadata.resourceVersion, '42');
    assert.equal(trimmed.metadata.annotations?.['nsscaler.io/intended-replicas'], '3');
    assert.equal(trimmed.spec?.replicas, 0);
    assert.equal(trimmed.status?.observedGeneration, 2);
    assert.deepEqual(managersOf(trimmed, 'replicas'), managersOf(deployment, 'replicas'));
  });

  it('drops managedFields entries that own none of the scaling fields', () => {
    const trimmed = trimWorkload(deployment);

    assert.deepEqual(
      trimmed.metadata.managedFields?.map((entry) => entry.manager),
      ['nsscaler'],
    );
  });

  it('keeps the CPU and memory requests of the pod template and nothing else of it', () => {
    const trimmed = trimWorkload(deployment);

    assert.deepEqual(trimmed.spec?.template, {
      spec: {
        containers: [{ name: 'app', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
      },
    });
  });
});
