import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { CoordinationV1Api, EventsV1Api, setHeaderOptions } from '@kubernetes/client-node';

import { uniqueName, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { scenarios } from '../support/scenarios.ts';
import {
  conditionOf,
  createPolicy,
  deletePolicy,
  deletePolicyAndWait,
  holdFor,
  quietSchedule,
  readPolicy,
  waitForNamespaceState,
} from '../support/policies.ts';
import { deployment, statefulSet } from '../support/workloads.ts';

const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');

/** Restarts, lost snapshot entries, bad namespaces, wake order, deletion and leader election. */
describe('controller lifecycle and safety', () => {
  let env: Nsscaler;
  const { scenario, onCleanUp, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('lifecycle');
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  const replicas = async (namespace: string, name: string, kind = 'Deployment') => {
    const object =
      kind === 'Deployment'
        ? await env.cluster.apps.readNamespacedDeployment({ name, namespace })
        : await env.cluster.apps.readNamespacedStatefulSet({ name, namespace });
    return object.spec?.replicas;
  };

  it('G08 R8 restores exact originals after the controller is killed while asleep', async () => {
    const s = await scenario('g08', { sleepReplicas: 1 });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('worker', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicas(s.namespace, 'web'), 1);
    assert.equal(await replicas(s.namespace, 'worker'), 1);

    await env.controller.kill();
    env.controller = await env.startReplica('lifecycle-after-g08');
    await s.wake();

    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicas(s.namespace, 'web'), 3);
    assert.equal(await replicas(s.namespace, 'worker'), 2);
  });

  it('G08 R8 converges to exact originals when the controller is killed in the middle of a sleep and of a wake', async () => {
    const s = await scenario('g08mid');
    const originals: Record<string, number> = {};
    for (let i = 0; i < 10; i += 1) {
      const name = `app-${i}`;
      originals[name] = 2 + (i % 3);
      await env.cluster.apps.createNamespacedDeployment({
        namespace: s.namespace,
        body: deployment(name, originals[name]),
      });
    }
    const current = async () => {
      const list = await env.cluster.apps.listNamespacedDeployment({ namespace: s.namespace });
      return Object.fromEntries(
        list.items.map((item) => [item.metadata?.name ?? '', item.spec?.replicas]),
      );
    };
    const countAt = async (want: (name: string, replicas: number | undefined) => boolean) =>
      Object.entries(await current()).filter(([name, value]) => want(name, value)).length;
    // One write a second, so each operation is still under way when the process is killed.
    const throttled = { env: { NSSCALER_KUBE_QPS: '1', NSSCALER_KUBE_BURST: '1' } };
    await env.controller.kill();
    let controller = await env.startReplica('lifecycle-g08-sleeping', throttled);

    await s.create();
    await waitFor('a sleep under way', async () => {
      const asleep = await countAt((_name, value) => value === 0);
      return asleep >= 2 && asleep < 10 ? asleep : undefined;
    });
    await controller.kill();
    controller = await env.startReplica('lifecycle-g08-resumed', throttled);
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await countAt((_name, value) => value === 0), 10);

    await s.wake();
    await waitFor('a wake under way', async () => {
      const awake = await countAt((name, value) => value === originals[name]);
      return awake >= 2 && awake < 10 ? awake : undefined;
    });
    await controller.kill();
    env.controller = await env.startReplica('lifecycle-after-g08mid');
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.deepEqual(await current(), originals);
  });

  it('G12 R6 reports a lost snapshot entry loudly and still restores the others', async () => {
    const s = await scenario('g12', { workloads: { kinds: ['StatefulSet'] } });
    await env.cluster.apps.createNamespacedStatefulSet({
      namespace: s.namespace,
      body: statefulSet('db', 2),
    });
    await env.cluster.apps.createNamespacedStatefulSet({
      namespace: s.namespace,
      body: statefulSet('cache', 3),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    const store = env.table.store();
    const active = await store.getActiveSnapshot(s.namespace);
    const cache = active?.snapshot.entries.find((entry) => entry.workload.name === 'cache');
    assert.ok(active && cache);
    assert.equal(
      await store.deleteEntry(s.namespace, active.snapshot.operationId, cache.workload),
      true,
    );
    // A fresh process reads the snapshot from the store, as it would after a restart.
    await env.controller.kill();
    env.controller = await env.startReplica('lifecycle-after-g12');
    await s.wake();

    const policy = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicas(s.namespace, 'db', 'StatefulSet'), 2);
    assert.equal(await replicas(s.namespace, 'cache', 'StatefulSet'), 0);
    const incomplete = conditionOf(policy, 'RestoreIncomplete');
    assert.equal(incomplete?.status, 'True');
    assert.match(incomplete?.message ?? '', /StatefulSet\/cache/);
    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: s.namespace });
    const warning = events.items.find((event) => event.reason === 'RestoreIncomplete');
    assert.equal(warning?.type, 'Warning');
    assert.match(warning?.note ?? '', /StatefulSet\/cache/);
  });

  it('G20 O5 reports one namespace with a bad annotation and wakes the others', async () => {
    const pid = env.controller.pid();
    const invalidBefore = await env.controller.metric('nsscaler_invalid_objects', {
      kind: 'Namespace',
    });
    const s = await scenario('g20', {}, 3);
    for (const namespace of s.namespaces) {
      await env.cluster.apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) });
    }
    await s.create();
    for (const namespace of s.namespaces) {
      await waitForNamespaceState(env.cluster, s.policy, namespace, 'Asleep');
    }
    const [teamA, teamB, teamC] = s.namespaces as [string, string, string];
    await env.cluster.core.patchNamespace(
      { name: teamB, body: { metadata: { annotations: { 'nsscaler.io/exclude': '"true"' } } } },
      mergePatch,
    );
    await s.wake();

    await waitForNamespaceState(env.cluster, s.policy, teamA, 'Awake');
    await waitForNamespaceState(env.cluster, s.policy, teamC, 'Awake');
    const policy = await waitForNamespaceState(env.cluster, s.policy, teamB, 'Failed');
    assert.equal(await replicas(teamA, 'web'), 2);
    assert.equal(await replicas(teamC, 'web'), 2);
    assert.equal(await replicas(teamB, 'web'), 0);
    const entry = policy.status?.namespaces?.find((candidate) => candidate.name === teamB);
    assert.match(entry?.message ?? '', /nsscaler\.io\/exclude/);
    assert.equal(conditionOf(policy, 'Ready')?.status, 'False');
    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: teamB });
    assert.ok(
      events.items.some(
        (event) => event.type === 'Warning' && /nsscaler\.io\/exclude/.test(event.note ?? ''),
      ),
    );
    assert.equal(env.controller.logged(/"level":"fatal"/).length, 0);
    assert.equal(env.controller.pid(), pid, 'the same process, never restarted');
    const invalid = await env.controller.metric('nsscaler_invalid_objects', { kind: 'Namespace' });
    assert.equal(invalid, invalidBefore + 1);
  });

  it('G23 O1 wakes StatefulSets first and Deployments only once the database is ready', async () => {
    const s = await scenario('g23', { wakeOrder: [['StatefulSet'], ['Deployment']] });
    await env.cluster.apps.createNamespacedStatefulSet({
      namespace: s.namespace,
      body: statefulSet('db', 2),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('app', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    await s.wake();
    // Record, while waking, whether app was ever scaled up while db was not ready yet. app is read
    // before db: db only becomes more ready during a wake, so app scaled up at the first read and
    // db not ready at the later one is a real violation, never an artefact of the read order.
    const violations: string[] = [];
    await waitFor(
      'the namespace to wake in order',
      async () => {
        const app = await env.cluster.apps.readNamespacedDeployment({
          name: 'app',
          namespace: s.namespace,
        });
        const db = await env.cluster.apps.readNamespacedStatefulSet({
          name: 'db',
          namespace: s.namespace,
        });
        const dbReady = (db.status?.readyReplicas ?? 0) >= 2;
        if ((app.spec?.replicas ?? 0) > 0 && !dbReady) {
          violations.push(
            `app at ${app.spec?.replicas} while db ready ${db.status?.readyReplicas ?? 0}`,
          );
        }
        return dbReady && app.spec?.replicas === 2 ? true : undefined;
      },
      { intervalMs: 50 },
    );
    assert.deepEqual(violations, []);
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
  });

  it('G24 R5 with onDelete Wake wakes the namespace before the policy goes', async () => {
    const s = await scenario('g24w');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    await deletePolicy(env.cluster, s.policy);
    await waitFor('the policy to be gone', async () => {
      try {
        await readPolicy(env.cluster, s.policy);
        return undefined;
      } catch {
        return true;
      }
    });
    assert.equal(await replicas(s.namespace, 'web'), 3);
    assert.equal(await env.table.store().getActiveSnapshot(s.namespace), undefined);
  });

  it('G24 R5 with onDelete KeepAsleep keeps the workloads at 0 and the snapshot for a manual restore', async () => {
    const s = await scenario('g24k', { onDelete: 'KeepAsleep' });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    await deletePolicyAndWait(env.cluster, s.policy);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(await replicas(s.namespace, 'web'), 0);
    const active = await env.table.store().getActiveSnapshot(s.namespace);
    const web = active?.snapshot.entries.find((entry) => entry.workload.name === 'web');
    assert.deepEqual(web?.original, { state: 'present', value: 3 });
  });

  it('C6 gives a namespace to the oldest policy and reports Conflict on the other', async () => {
    const s = await scenario('c6');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    const younger = uniqueName('c6-younger');
    onCleanUp(() => deletePolicyAndWait(env.cluster, younger));
    await createPolicy(env.cluster, younger, {
      ...quietSchedule(),
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.namespace } },
      overrides: [holdFor('Awake')],
    });

    const conflicted = await waitForNamespaceState(env.cluster, younger, s.namespace, 'Conflict');
    const conflict = conditionOf(conflicted, 'Conflict');
    assert.equal(conflict?.status, 'True');
    assert.match(conflict?.message ?? '', new RegExp(`${s.namespace}.*${s.policy}`));
    const policyEvents = await waitFor('a Warning Event on the younger policy', async () => {
      const list = await env.cluster.kubeConfig
        .makeApiClient(EventsV1Api)
        .listNamespacedEvent({ namespace: 'default' });
      const found = list.items.filter(
        (event) => event.regarding?.name === younger && event.reason === 'NamespaceConflict',
      );
      return found.length ? found : undefined;
    });
    assert.equal(policyEvents[0]?.type, 'Warning');
    // The owner still decides: the namespace stays asleep.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await replicas(s.namespace, 'web'), 0);
  });

  it('dryRun says what a sleep would do and writes nothing', async () => {
    const s = await scenario('dry', { dryRun: true });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    await s.create();

    const policy = await waitFor('the dry run to be reported', async () => {
      const object = await readPolicy(env.cluster, s.policy);
      const entry = object.status?.namespaces?.find((candidate) => candidate.name === s.namespace);
      return entry?.message?.includes('would put 1 workload') ? object : undefined;
    });
    assert.ok(policy);
    assert.equal(await replicas(s.namespace, 'web'), 2);
    assert.equal(await env.table.store().getActiveSnapshot(s.namespace), undefined);
    const web = await env.cluster.apps.readNamespacedDeployment({
      name: 'web',
      namespace: s.namespace,
    });
    assert.equal(
      web.metadata?.managedFields?.some((entry) => entry.manager === 'nsscaler'),
      false,
      'a dry run writes nothing at all',
    );
  });

  it('hands leadership to a standby within the lease duration plus the retry period when the leader dies', async () => {
    const leases = env.cluster.kubeConfig.makeApiClient(CoordinationV1Api);
    const standby = await env.startReplica('lifecycle-standby', { until: 'started' });
    const holder = async () =>
      (
        await leases.readNamespacedLease({
          name: 'nsscaler-lifecycle',
          namespace: 'nsscaler-system',
        })
      ).spec?.holderIdentity;
    assert.notEqual(await holder(), 'lifecycle-standby');
    assert.equal(standby.logged(/leading: reconciling/).length, 0);

    const killedAt = Date.now();
    await env.controller.kill();
    await waitFor(
      'the standby to lead',
      async () => ((await holder()) === 'lifecycle-standby' ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    const handover = Date.now() - killedAt;
    // Lease 6 s + retry period 1 s, as configured by the e2e harness, plus one poll of slack.
    assert.ok(handover <= 7_000 + 1_000, `handover took ${handover} ms`);
    await waitFor('the standby to reconcile', () =>
      Promise.resolve(standby.logged(/leading: reconciling/).length > 0 ? true : undefined),
    );
    env.controller = standby;
  });
});
