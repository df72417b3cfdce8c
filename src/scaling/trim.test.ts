import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { managersOf } from '../controller/field-managers.ts';
import { trimWorkload } from './trim.ts';
import type { WorkloadObject } from './workload.ts';

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
  spec: { replicas: 0 },
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
});
