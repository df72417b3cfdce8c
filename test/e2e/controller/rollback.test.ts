import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { EventsV1Api, setHeaderOptions } from '@kubernetes/client-node';

import { waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import {
  conditionOf,
  holdFor,
  patchPolicySpec,
  policiesApi,
  readPolicy,
  waitForNamespaceState,
} from '../support/policies.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment, statefulSet } from '../support/workloads.ts';
import { WebhookReceiver } from '../notifications/receivers.ts';
import { SmtpReceiver } from '../notifications/smtp-receiver.ts';

/** Where the controller's ServiceAccount may read Secrets (config/rbac/role.yaml). */
const secretNamespace = 'nsscaler-system';
const timeoutSeconds = 6;
const coolDownSeconds = 30;

const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
const main = new URL('../../../src/cli/main.ts', import.meta.url).pathname;

/** Runs the nsscaler command line as an operator would, with the test's cluster and table. */
async function nsscaler(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [main, ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', ...env },
  });
  return stdout;
}

/** A Deployment whose pods never become Ready: no fake node carries this label. */
function neverReady(name: string, replicas: number) {
  const object = deployment(name, replicas);
  object.spec!.template.spec!.nodeSelector = { 'nsscaler.io/e2e-no-such-node': 'true' };
  return object;
}

describe('verified wake-up and automatic rollback through the controller (O1, O2, O4)', () => {
  let env: Nsscaler;
  const { scenario, onCleanUp, cleanUp } = scenarios(() => env.cluster);
  const slack = new WebhookReceiver();
  const smtp = new SmtpReceiver({ disabledCommands: ['STARTTLS'] }, null);
  const secretName = `rollback-e2e-${process.pid}`;

  before(async () => {
    env = await startNsscaler('rollback');
    const url = `${await slack.start()}/services/T0/B0/rollback`;
    const port = await smtp.start();
    await env.cluster.core.createNamespacedSecret({
      namespace: secretNamespace,
      body: {
        metadata: { name: secretName },
        stringData: { url, host: '127.0.0.1', port: String(port) },
      },
    });
    onCleanUp(async () => {
      await env.cluster.core
        .deleteNamespacedSecret({ namespace: secretNamespace, name: secretName })
        .catch(() => undefined);
    });
  });

  after(async () => {
    await cleanUp();
    await env.close();
    await slack.stop();
    await smtp.stop();
  });

  const replicas = async (namespace: string, name: string) =>
    (await env.cluster.apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;

  const statusOf = async (policy: string, namespace: string) =>
    (await readPolicy(env.cluster, policy)).status?.namespaces?.find((n) => n.name === namespace);

  it('O1 O2 a wake that never becomes ready is rolled back to its sleep state, locked for the cool-down, and notified', async () => {
    const s = await scenario('o2-auto', {
      healthCheck: { timeoutSeconds },
      rollback: { coolDownSeconds },
      notifications: {
        slack: { webhookSecretRef: { namespace: secretNamespace, name: secretName, key: 'url' } },
        email: {
          smtpSecretRef: { namespace: secretNamespace, name: secretName },
          from: 'nsscaler@example.test',
          to: ['oncall@example.test'],
        },
      },
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 1),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: neverReady('stuck', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    const wokenAt = Date.now();
    await s.wake();
    await waitFor('the wake to restore stuck', async () =>
      (await replicas(s.namespace, 'stuck')) === 2 ? true : undefined,
    );
    const locked = await waitFor(
      'the namespace to be rolled back and locked',
      async () => {
        const entry = await statusOf(s.policy, s.namespace);
        return entry?.lockedUntil ? entry : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const rolledBackAt = Date.now();

    // O1: validation failed at the timeout, not before it.
    assert.ok(rolledBackAt - wokenAt >= timeoutSeconds * 1000, `${rolledBackAt - wokenAt} ms`);
    // O2: back to the sleep state recorded in the snapshot; no half-awake namespace.
    assert.equal(locked.state, 'Asleep');
    assert.equal(await replicas(s.namespace, 'stuck'), 0);
    assert.equal(await replicas(s.namespace, 'web'), 0);
    assert.match(locked.message ?? '', /trigger HealthCheckFailed/);
    assert.match(locked.message ?? '', /Deployment\/stuck 0\/2/);
    const lockEnds = Date.parse(locked.lockedUntil ?? '');
    assert.ok(Math.abs(lockEnds - (rolledBackAt + coolDownSeconds * 1000)) < 10_000);

    const policy = await readPolicy(env.cluster, s.policy);
    const rolledBack = conditionOf(policy, 'RolledBack');
    assert.equal(rolledBack?.status, 'True');
    assert.match(
      rolledBack?.message ?? '',
      new RegExp(`${s.namespace} \\(trigger HealthCheckFailed`),
    );
    assert.equal(
      await env.controller.metric('nsscaler_rollbacks_total', { trigger: 'HealthCheckFailed' }),
      1,
    );
    assert.ok(
      (await env.controller.metric('nsscaler_health_checks_total', { result: 'failed' })) >= 1,
    );

    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: s.namespace });
    const warning = events.items.find((event) => event.reason === 'RolledBack');
    assert.equal(warning?.type, 'Warning');
    const correlationId = /correlation id ([0-9a-f-]{36})/.exec(warning?.note ?? '')?.[1];
    assert.ok(correlationId, warning?.note);

    // O4: a Slack POST and an email with the policy, the namespace and the correlation id.
    const post = await waitFor('the Slack POST of the rollback', () =>
      Promise.resolve(slack.posts.find((candidate) => candidate.body.includes('Rolled back'))),
    );
    const { text } = JSON.parse(post.body) as { text: string };
    assert.ok(text.includes(`namespace ${s.namespace} (policy ${s.policy})`), text);
    assert.ok(text.includes(`correlation id \`${correlationId}\``), text);
    assert.ok(slack.posts.some((candidate) => candidate.body.includes('Health check failed')));
    const mail = await waitFor('the email of the rollback', () =>
      Promise.resolve(smtp.mails.find((candidate) => candidate.subject.includes('Rolled back'))),
    );
    assert.deepEqual(mail.rcptTo, ['oncall@example.test']);
    assert.equal(
      mail.subject,
      `[nsscaler] Rolled back: namespace ${s.namespace} (policy ${s.policy})`,
    );
    assert.ok(mail.body.includes(`Correlation id: ${correlationId}`), mail.body);

    // The lock holds: no wake is attempted while it lasts, although the schedule says Awake.
    while (Date.now() < lockEnds - 2_000) {
      assert.equal(await replicas(s.namespace, 'stuck'), 0, 'woken while locked');
      assert.equal(await replicas(s.namespace, 'web'), 0, 'woken while locked');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    // S1: after the cool-down the schedule takes over and wakes the namespace again.
    await waitFor(
      'the schedule to wake the namespace after the lock',
      async () => ((await replicas(s.namespace, 'web')) === 1 ? true : undefined),
      { timeoutMs: 30_000 },
    );
    assert.ok(Date.now() >= lockEnds - 1_000);

    // Clean-up: without the stuck workload the wake completes and the policy can go.
    await env.cluster.apps.deleteNamespacedDeployment({ namespace: s.namespace, name: 'stuck' });
  });

  it('O2 R9 a manual rollback to a named snapshot of the history restores exactly its originals', async () => {
    const s = await scenario('o2-manual', { rollback: { coolDownSeconds: 600 } });
    const apps = env.cluster.apps;
    await apps.createNamespacedDeployment({ namespace: s.namespace, body: deployment('api', 3) });
    await apps.createNamespacedStatefulSet({ namespace: s.namespace, body: statefulSet('db', 2) });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');

    // A person changes both while awake; the next sleep records the new values in a new snapshot.
    await apps.patchNamespacedDeployment(
      { namespace: s.namespace, name: 'api', body: { spec: { replicas: 5 } } },
      mergePatch,
    );
    await apps.patchNamespacedStatefulSet(
      { namespace: s.namespace, name: 'db', body: { spec: { replicas: 1 } } },
      mergePatch,
    );
    await patchPolicySpec(env.cluster, s.policy, { overrides: [holdFor('Asleep')] });
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    const dbReplicas = async () =>
      (await apps.readNamespacedStatefulSet({ namespace: s.namespace, name: 'db' })).spec?.replicas;
    assert.equal(await replicas(s.namespace, 'api'), 5);
    assert.equal(await dbReplicas(), 1);

    const tableEnv = {
      NSSCALER_DYNAMODB_TABLE: env.table.tableName,
      DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000',
    };
    const history = JSON.parse(
      await nsscaler(['history', '--namespace', s.namespace], tableEnv),
    ) as { snapshots: Array<{ id: string; policy: string; state: string; workloads: number }> };
    assert.equal(history.snapshots.length, 2);
    const [newer, older] = history.snapshots;
    assert.deepEqual(
      history.snapshots.map((line) => [line.policy, line.state, line.workloads]),
      [
        [s.policy, 'restored', 2],
        [s.policy, 'restored', 2],
      ],
    );
    assert.ok(older && newer && older.id !== newer.id);

    // O5: a bad value is reported, naming the annotation, and left as it is.
    const annotate = (value: string) =>
      policiesApi(env.cluster).patchClusterCustomObject(
        {
          group: 'nsscaler.io',
          version: 'v1alpha1',
          plural: 'namespacescalingpolicies',
          name: s.policy,
          body: { metadata: { annotations: { 'nsscaler.io/rollback': value } } },
        },
        mergePatch,
      );
    await annotate('Not_A_Namespace');
    await waitFor('the Warning about the bad annotation', async () => {
      const list = await env.cluster.kubeConfig
        .makeApiClient(EventsV1Api)
        .listNamespacedEvent({ namespace: 'default' });
      return list.items.find(
        (event) =>
          event.regarding?.name === s.policy &&
          event.reason === 'InvalidRollbackRequest' &&
          /nsscaler\.io\/rollback: 'Not_A_Namespace'/.test(event.note ?? ''),
      );
    });
    const annotated = await readPolicy(env.cluster, s.policy);
    assert.equal(
      (annotated.metadata as { annotations?: Record<string, string> }).annotations?.[
        'nsscaler.io/rollback'
      ],
      'Not_A_Namespace',
    );
    assert.equal(await replicas(s.namespace, 'api'), 5);

    const requested = JSON.parse(
      await nsscaler(
        ['rollback', '--policy', s.policy, '--namespace', s.namespace, '--snapshot', older.id],
        {},
      ),
    ) as { requested: { value: string } };
    assert.equal(requested.requested.value, `${s.namespace}/${older.id}`);

    const locked = await waitFor('the manual rollback to finish', async () => {
      const policy = await readPolicy(env.cluster, s.policy);
      const annotations = (policy.metadata as { annotations?: Record<string, string> }).annotations;
      const entry = policy.status?.namespaces?.find((n) => n.name === s.namespace);
      return !annotations?.['nsscaler.io/rollback'] && entry?.lockedUntil ? policy : undefined;
    });
    // Exactly the originals of the older snapshot, not the newer one's.
    assert.equal(await replicas(s.namespace, 'api'), 3);
    assert.equal(await dbReplicas(), 2);
    const chosen = await env.table.store().getSnapshot(s.namespace, older.id);
    const originals = Object.fromEntries(
      (chosen?.snapshot.entries ?? []).map((entry) => [entry.workload.name, entry.original]),
    );
    assert.deepEqual(originals, {
      api: { state: 'present', value: 3 },
      db: { state: 'present', value: 2 },
    });
    assert.equal(conditionOf(locked, 'RolledBack')?.status, 'True');
    assert.match(conditionOf(locked, 'RolledBack')?.message ?? '', /trigger Manual/);
    const entry = locked.status?.namespaces?.find((n) => n.name === s.namespace);
    assert.equal(entry?.state, 'Awake');
    assert.match(entry?.message ?? '', new RegExp(`snapshot ${older.id}`));
    assert.equal(await env.controller.metric('nsscaler_rollbacks_total', { trigger: 'Manual' }), 1);
    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: s.namespace });
    assert.ok(events.items.some((e) => e.reason === 'RolledBack' && e.type === 'Warning'));
  });

  it('R8 O1 O2 a fresh process keeps the health clock of a wake and the lock of a rollback', async () => {
    const timeout = 15;
    const s = await scenario('o2-restart', {
      healthCheck: { timeoutSeconds: timeout },
      rollback: { coolDownSeconds: 600 },
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: neverReady('stuck', 1),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await s.wake();
    await waitFor('the wake to restore stuck', async () =>
      (await replicas(s.namespace, 'stuck')) === 1 ? true : undefined,
    );
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Waking');

    // Killed while waiting for readiness: the fresh process measures from the stored restore time.
    await env.controller.kill();
    env.controller = await env.startReplica('rollback-after-restart');
    const leadingAt = Date.now();
    const locked = await waitFor(
      'the fresh process to roll the wake back',
      async () => {
        const entry = await statusOf(s.policy, s.namespace);
        return entry?.lockedUntil ? entry : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // The old Lease delays the new leader by its duration (6 s), so a clock restarted by the new
    // process would end `timeout` after it leads; the stored one ends well before.
    const waited = Date.now() - leadingAt;
    assert.ok(waited < (timeout - 4) * 1000, `the clock restarted: ${waited} ms after leading`);
    assert.equal(await replicas(s.namespace, 'stuck'), 0);

    // Killed while locked: the next process reads the lock back from the policy's status.
    await env.controller.kill();
    env.controller = await env.startReplica('rollback-after-lock');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    assert.equal(await replicas(s.namespace, 'stuck'), 0, 'woken while locked');
    const after = await statusOf(s.policy, s.namespace);
    assert.equal(after?.lockedUntil, locked.lockedUntil);
    assert.equal(after?.state, 'Asleep');

    await env.cluster.apps.deleteNamespacedDeployment({ namespace: s.namespace, name: 'stuck' });
  });
});
