import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import { describeLeftAlone, observedKinds, takeInventory } from './inventory.ts';
import type { WorkloadObject } from './workload.ts';

function workload(name: string, extra: Partial<WorkloadObject['metadata']> = {}): WorkloadObject {
  return { metadata: { name, namespace: 'team-a', ...extra }, spec: { replicas: 3 } };
}

function scaledObject(name: string, target: { kind?: string; name: string }): WorkloadObject {
  return { metadata: { name, namespace: 'team-a' }, spec: { scaleTargetRef: target } };
}

const names = (items: { object: WorkloadObject }[]) =>
  items.map((item) => item.object.metadata.name);

describe('takeInventory', () => {
  it('C3 reads ScaledObjects even when the policy enables only the default kinds', () => {
    assert.deepEqual(observedKinds({}), ['Deployment', 'StatefulSet', 'CronJob', 'ScaledObject']);
    const spec = { workloads: { kinds: ['Deployment', 'ScaledObject'] } };
    assert.deepEqual(observedKinds(spec as NamespaceScalingPolicySpec), [
      'Deployment',
      'ScaledObject',
    ]);
  });

  it('C3 leaves a ScaledObject target alone under the default kinds (no kind means Deployment)', () => {
    const inventory = takeInventory(
      {},
      {
        Deployment: [workload('api'), workload('web')],
        ScaledObject: [scaledObject('so-api', { name: 'api' })],
      },
    );

    assert.deepEqual(names(inventory.managed), ['web']);
    assert.deepEqual(names(inventory.leftAlone), ['api']);
    assert.equal(inventory.leftAlone[0]?.reason, 'targeted-by-scaled-object');
    assert.deepEqual(describeLeftAlone(inventory), [
      'Deployment/api (scaled by ScaledObject/so-api)',
    ]);
  });

  it('C3 manages ScaledObjects only when the policy enables them', () => {
    const workloads = {
      Deployment: [workload('api')],
      ScaledObject: [scaledObject('so-api', { kind: 'Deployment', name: 'api' })],
    };
    const enabled = { workloads: { kinds: ['Deployment', 'ScaledObject'] } };

    assert.deepEqual(names(takeInventory({}, workloads).managed), []);
    assert.deepEqual(
      names(takeInventory(enabled as NamespaceScalingPolicySpec, workloads).managed),
      ['so-api'],
    );
  });

  it('C4 names the controlling owner of a workload it leaves alone', () => {
    const owned = workload('db', {
      ownerReferences: [
        { apiVersion: 'x/v1', kind: 'Cluster', name: 'pg', uid: '1', controller: true },
      ],
    });
    const merelyReferenced = workload('cache', {
      ownerReferences: [{ apiVersion: 'x/v1', kind: 'Team', name: 'a', uid: '2' }],
    });

    const inventory = takeInventory({}, { StatefulSet: [owned, merelyReferenced] });

    assert.deepEqual(names(inventory.managed), ['cache']);
    assert.deepEqual(describeLeftAlone(inventory), ['StatefulSet/db (controlled by Cluster/pg)']);
  });

  it('drops excluded workloads by label, by kind and name, and by selector', () => {
    const spec = {
      workloads: {
        exclude: [
          { kind: 'Deployment', name: 'keep' },
          { selector: { matchLabels: { tier: 'db' } } },
        ],
      },
    } as NamespaceScalingPolicySpec;
    const inventory = takeInventory(spec, {
      Deployment: [
        workload('keep'),
        workload('labelled', { labels: { 'nsscaler.io/exclude': 'true' } }),
        workload('database', { labels: { tier: 'db' } }),
        workload('web'),
      ],
      StatefulSet: [workload('keep')],
    });

    assert.deepEqual(names(inventory.managed), ['web', 'keep']);
    assert.deepEqual(
      inventory.managed.map((item) => item.kind),
      ['Deployment', 'StatefulSet'],
    );
    assert.deepEqual(inventory.leftAlone, []);
  });
});
