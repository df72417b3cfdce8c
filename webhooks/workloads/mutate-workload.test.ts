import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import type { WorkloadObject } from '../../src/scaling/workload.ts';
import { applyJsonPatch } from '../admission/json-patch.ts';
import { staticView } from '../cluster-view.ts';
import {
  admissionRequest,
  asleepAtNoon,
  awakeAtNoon,
  cronJob,
  namespace,
  noon,
  policy,
  replicasWorkload,
} from '../testing/fixtures.ts';
import { mutateWorkload } from './mutate-workload.ts';
import { NamespaceSleepLookup } from './namespace-sleep.ts';

const controllerUsername = 'system:serviceaccount:nsscaler-system:nsscaler';

function setup(spec: NamespaceScalingPolicySpec = asleepAtNoon) {
  const view = staticView(
    [policy('nights', { ...spec, namespaces: ['team-a'] })],
    [namespace('team-a'), namespace('team-b')],
  );
  const sleep = new NamespaceSleepLookup(view, {
    protectedNamespaces: new Set(['kube-system', 'nsscaler-system']),
    now: () => noon,
  });
  return { sleep, controllerUsername };
}

/** The object the API server would store after applying the webhook's patch. */
function admitted(
  object: WorkloadObject,
  options: Parameters<typeof admissionRequest>[1] = {},
  spec?: NamespaceScalingPolicySpec,
) {
  const { patch } = mutateWorkload(admissionRequest(object, options), setup(spec));
  return applyJsonPatch(object, patch);
}

describe('workload mutation in an asleep namespace (A3)', () => {
  it('G22 stores a Deployment created with 3 replicas with 0 and the intent 3', () => {
    const stored = admitted(replicasWorkload('Deployment', 'web', 'team-a', 3));

    assert.equal(stored.spec?.replicas, 0);
    assert.deepEqual(stored.metadata.annotations, { 'nsscaler.io/intended-replicas': '3' });
  });

  it('A3 stores a StatefulSet with the policy sleepReplicas, keeping other annotations', () => {
    const object = replicasWorkload('StatefulSet', 'db', 'team-a', 4, {
      annotations: { 'team/owner': 'db-team' },
    });
    const stored = admitted(object, {}, { ...asleepAtNoon, sleepReplicas: 1 });

    assert.equal(stored.spec?.replicas, 1);
    assert.deepEqual(stored.metadata.annotations, {
      'team/owner': 'db-team',
      'nsscaler.io/intended-replicas': '4',
    });
  });

  it('takes a Deployment without replicas as the API default of 1', () => {
    const stored = admitted(replicasWorkload('Deployment', 'web', 'team-a', undefined));

    assert.equal(stored.spec?.replicas, 0);
    assert.equal(stored.metadata.annotations?.['nsscaler.io/intended-replicas'], '1');
  });

  it('R3 admits unchanged a Deployment at or below the sleep target', () => {
    const request = admissionRequest(replicasWorkload('Deployment', 'web', 'team-a', 1));
    const result = mutateWorkload(request, setup({ ...asleepAtNoon, sleepReplicas: 1 }));

    assert.deepEqual(result.patch, []);
  });

  it('mutates an update that raises replicas of a sleeping Deployment, recording the new intent', () => {
    const old = replicasWorkload('Deployment', 'web', 'team-a', 0, {
      annotations: { 'nsscaler.io/intended-replicas': '2' },
    });
    const raised = { ...old, spec: { replicas: 5 } };
    const stored = admitted(raised, { operation: 'UPDATE', oldObject: old });

    assert.equal(stored.spec?.replicas, 0);
    assert.equal(stored.metadata.annotations?.['nsscaler.io/intended-replicas'], '5');
  });

  it('leaves an update that does not raise replicas to the controller', () => {
    const old = replicasWorkload('Deployment', 'web', 'team-a', 3);
    const lowered = { ...old, spec: { replicas: 2 } };
    const result = mutateWorkload(
      admissionRequest(lowered, { operation: 'UPDATE', oldObject: old }),
      setup(),
    );

    assert.deepEqual(result.patch, []);
  });

  it('suspends a CronJob created unsuspended and records the intent "false"', () => {
    const stored = admitted(cronJob('report', 'team-a', false));

    assert.equal(stored.spec?.suspend, true);
    assert.deepEqual(stored.metadata.annotations, { 'nsscaler.io/intended-suspend': 'false' });
  });

  it('suspends again a sleeping CronJob that an update unsuspends', () => {
    const old = cronJob('report', 'team-a', true);
    const stored = admitted(cronJob('report', 'team-a', false), {
      operation: 'UPDATE',
      oldObject: old,
    });

    assert.equal(stored.spec?.suspend, true);
    assert.equal(stored.metadata.annotations?.['nsscaler.io/intended-suspend'], 'false');
  });

  it('R4 admits unchanged a CronJob created suspended', () => {
    const result = mutateWorkload(admissionRequest(cronJob('legacy', 'team-a', true)), setup());

    assert.deepEqual(result.patch, []);
  });

  it('mutates the same way for a dry-run request: the answer has no side effects', () => {
    const stored = admitted(replicasWorkload('Deployment', 'web', 'team-a', 3), { dryRun: true });

    assert.equal(stored.spec?.replicas, 0);
  });
});

describe('workloads admitted unchanged', () => {
  const cases: [string, WorkloadObject, NamespaceScalingPolicySpec?, string?][] = [
    ['in an awake namespace', replicasWorkload('Deployment', 'web', 'team-a', 3), awakeAtNoon],
    ['in a namespace no policy manages', replicasWorkload('Deployment', 'web', 'team-b', 3)],
    [
      'labelled nsscaler.io/exclude=true',
      replicasWorkload('Deployment', 'web', 'team-a', 3, {
        labels: { 'nsscaler.io/exclude': 'true' },
      }),
    ],
    [
      'of a kind the policy does not scale',
      cronJob('report', 'team-a', false),
      { ...asleepAtNoon, workloads: { kinds: ['Deployment'] } },
    ],
    [
      'excluded by the policy',
      replicasWorkload('Deployment', 'web', 'team-a', 3),
      { ...asleepAtNoon, workloads: { exclude: [{ kind: 'Deployment', name: 'web' }] } },
    ],
    [
      'C4 controlled by another operator',
      replicasWorkload('StatefulSet', 'db', 'team-a', 3, {
        ownerReferences: [
          { apiVersion: 'db.example/v1', kind: 'Cluster', name: 'db', uid: 'u1', controller: true },
        ],
      }),
    ],
    [
      'C3 when the policy scales through ScaledObjects',
      replicasWorkload('Deployment', 'api', 'team-a', 3),
      { ...asleepAtNoon, workloads: { kinds: ['Deployment', 'ScaledObject'] } },
    ],
    [
      'in a suspended policy',
      replicasWorkload('Deployment', 'web', 'team-a', 3),
      { ...asleepAtNoon, suspend: true },
    ],
    [
      'in a dry-run policy',
      replicasWorkload('Deployment', 'web', 'team-a', 3),
      { ...asleepAtNoon, dryRun: true },
    ],
    [
      "written by nsscaler's own ServiceAccount",
      replicasWorkload('Deployment', 'web', 'team-a', 3),
      undefined,
      controllerUsername,
    ],
  ];

  for (const [title, object, spec, username] of cases) {
    it(`a workload ${title}`, () => {
      const result = mutateWorkload(
        admissionRequest(object, username ? { username } : {}),
        setup(spec),
      );
      assert.deepEqual(result.patch, []);
      assert.ok(result.skipped);
    });
  }

  it('a request for another kind', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' } };
    assert.deepEqual(mutateWorkload(admissionRequest(pod), setup()).patch, []);
  });
});
