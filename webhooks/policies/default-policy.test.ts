import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import { applyJsonPatch } from '../admission/json-patch.ts';
import { admissionRequest, awakeAtNoon } from '../testing/fixtures.ts';
import { defaultPolicy } from './default-policy.ts';

function stored(spec: NamespaceScalingPolicySpec, oldSpec?: NamespaceScalingPolicySpec) {
  const object = { kind: 'NamespaceScalingPolicy', metadata: { name: 'p' }, spec };
  const request = admissionRequest(
    object,
    oldSpec ? { operation: 'UPDATE', oldObject: { ...object, spec: oldSpec } } : {},
  );
  const decision = defaultPolicy(request);
  assert.equal(decision.allowed, true);
  return applyJsonPatch(object, decision.allowed ? (decision.patch ?? []) : []).spec;
}

describe('policy defaulting', () => {
  const base = { ...awakeAtNoon, namespaces: ['team-a'] };

  it('O1 appends the kinds a wake order leaves out as its last group', () => {
    const spec = stored({ ...base, wakeOrder: [['StatefulSet']] });

    assert.deepEqual(spec.wakeOrder, [['StatefulSet'], ['Deployment', 'CronJob']]);
  });

  it('follows the kinds the policy scales', () => {
    const spec = stored({
      ...base,
      workloads: { kinds: ['Deployment', 'StatefulSet', 'HorizontalPodAutoscaler'] },
      wakeOrder: [['StatefulSet'], ['Deployment']],
    });

    assert.deepEqual(spec.wakeOrder, [
      ['StatefulSet'],
      ['Deployment'],
      ['HorizontalPodAutoscaler'],
    ]);
  });

  it('leaves a complete wake order, and a policy without one, as they are', () => {
    const complete: NamespaceScalingPolicySpec = {
      ...base,
      wakeOrder: [['StatefulSet'], ['Deployment', 'CronJob']],
    };

    assert.deepEqual(stored(complete), complete);
    assert.deepEqual(stored(base), base);
  });

  it('changes nothing in an update that leaves the spec alone', () => {
    const spec = { ...base, wakeOrder: [['StatefulSet']] } as NamespaceScalingPolicySpec;

    assert.deepEqual(stored(spec, spec), spec);
  });
});
