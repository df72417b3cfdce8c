/**
 * Policy admission through the real API server (A1, A4, C6, S5): nsscaler's admission server runs
 * inside `nsscaler run`, registered by URL on the webhook host (127.0.0.1 locally) for this run's labelled policies only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../../../src/gen/namespace-scaling-policy.ts';
import { uniqueName, waitFor } from '../support/kube.ts';
import { deletePolicyAndWait, policiesApi, quietSchedule } from '../support/policies.ts';
import { createWithWarnings, refused } from './support/api-requests.ts';
import type { Registration } from './support/registration.ts';
import { registerWebhooks } from './support/registration.ts';
import type { WebhookEnvironment } from './support/webhook-server.ts';
import { runScope, startWithWebhooks } from './support/webhook-server.ts';

const scope = runScope('wh-policies');
const group = { group: 'nsscaler.io', version: 'v1alpha1', plural: 'namespacescalingpolicies' };
const denied = /admission webhook "validate\.policies\.nsscaler\.io" denied the request/;

describe('NamespaceScalingPolicy admission webhooks', () => {
  let env: WebhookEnvironment;
  let registration: Registration;
  const created: string[] = [];

  const body = (name: string, spec: NamespaceScalingPolicySpec) => ({
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    metadata: { name, labels: { [scope.key]: scope.value } },
    spec,
  });
  const create = async (prefix: string, spec: NamespaceScalingPolicySpec, dryRun?: 'All') => {
    const name = uniqueName(prefix);
    const object = (await policiesApi(env.nsscaler.cluster).createClusterCustomObject({
      ...group,
      body: body(name, spec),
      dryRun,
    })) as { metadata: { name: string }; spec: NamespaceScalingPolicySpec };
    if (dryRun === undefined) created.push(name);
    return object;
  };
  const valid = (namespaces = [uniqueName('wh-none')]): NamespaceScalingPolicySpec => ({
    ...quietSchedule(),
    namespaces,
  });

  before(async () => {
    env = await startWithWebhooks('webhook-policies');
    registration = await registerWebhooks(env.nsscaler.cluster, {
      name: uniqueName('nsscaler-e2e-policies'),
      port: env.port,
      caBundle: env.caCert,
      scope,
    });
    // The API server picks a new configuration up a moment after it is created.
    await waitFor('the policy webhooks to be called', async () => {
      const spec = { ...valid(), sleep: [{ days: 'Mon', start: '03:00', end: '03:00' }] };
      const { message } = await refused(() => create('wh-probe', spec, 'All'));
      if (!denied.test(message)) throw new Error(message);
      return true;
    });
  });

  after(async () => {
    for (const name of created) await deletePolicyAndWait(env.nsscaler.cluster, name);
    await registration.unregister();
    await env.close();
  });

  it('G02 S5 denies Mon-Sun 03:00-03:00 in UTC at admission, naming start and end', async () => {
    const spec = { ...valid(), sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }] };
    const result = await refused(() => create('g02', spec));

    assert.equal(result.code, 422);
    assert.match(result.message, denied);
    assert.match(result.message, /spec\.sleep\[0\]\.end: start and end are both 03:00/);
  });

  it('A1 lists every problem of a policy, each with its field path, in one denial', async () => {
    const result = await refused(() =>
      create('a1', {
        namespaces: ['kube-system', 'wh-twice'],
        excludeNamespaces: ['wh-twice'],
        timeZone: 'Europe/Atlantis',
        cron: { sleep: '61 * * * *' },
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] },
      }),
    );

    assert.match(result.message, denied);
    for (const field of [
      'spec.namespaces[0]',
      'spec.namespaces[1]',
      'spec.timeZone',
      'spec.cron.sleep',
      'spec.namespaceSelector.matchExpressions[0].values',
    ]) {
      assert.ok(result.message.includes(`${field}:`), `${field} missing in: ${result.message}`);
    }
  });

  it('A1 denies a dry-run create of an invalid policy the same way', async () => {
    const spec = { ...valid(), sleep: [{ days: 'Sat', start: '10:00', end: '10:00' }] };
    const result = await refused(() => create('dry', spec, 'All'));

    assert.match(result.message, /spec\.sleep\[0\]\.end/);
  });

  it("A4 denies a policy listing the controller's own namespace", async () => {
    const result = await refused(() => create('a4', valid(['nsscaler-system'])));

    assert.match(result.message, /spec\.namespaces\[0\]: nsscaler-system is a system namespace/);
  });

  it('A4 denies a selector that matches a system namespace now, naming it', async () => {
    const spec: NamespaceScalingPolicySpec = {
      ...quietSchedule(),
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-public'] },
        ],
      },
    };
    const result = await refused(() => create('a4s', spec));

    assert.match(result.message, /spec\.namespaceSelector: matches kube-public/);
  });

  it('C6 denies a namespace another policy already lists, naming that policy', async () => {
    const shared = uniqueName('wh-shared');
    const first = await create('c6-first', valid([shared]));
    const result = await refused(() => create('c6-second', valid([shared])));

    assert.match(
      result.message,
      new RegExp(
        `spec\\.namespaces\\[0\\]: ${shared} is already listed by policy "${first.metadata.name}"`,
      ),
    );
  });

  it('admits a policy whose Slack Secret does not exist yet, with a warning naming the field', async () => {
    const name = uniqueName('warn');
    const spec: NamespaceScalingPolicySpec = {
      ...valid(),
      notifications: {
        slack: {
          webhookSecretRef: {
            name: uniqueName('absent'),
            namespace: 'nsscaler-system',
            key: 'url',
          },
        },
      },
    };
    const result = await createWithWarnings(
      env.nsscaler.cluster,
      `/apis/nsscaler.io/v1alpha1/namespacescalingpolicies`,
      body(name, spec),
    );
    if (result.status === 201) created.push(name);

    assert.equal(result.status, 201);
    assert.ok(
      result.warnings.some((warning) =>
        /^spec\.notifications\.slack\.webhookSecretRef: Secret .* does not exist yet$/.test(
          warning,
        ),
      ),
      `warnings: ${result.warnings.join(' | ')}`,
    );
  });

  it('O1 defaulting makes an incomplete wake order explicit with a last group', async () => {
    const policy = await create('default', { ...valid(), wakeOrder: [['StatefulSet']] });

    assert.deepEqual(policy.spec.wakeOrder, [['StatefulSet'], ['Deployment', 'CronJob']]);
  });
});
