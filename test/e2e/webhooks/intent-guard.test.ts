/**
 * The ValidatingAdmissionPolicy of config/webhook/ on the real API server: only nsscaler's
 * ServiceAccount may remove or rewrite the intent annotations (A3); the values the workload webhook
 * writes during a user's own request stay admissible. No nsscaler process is needed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AppsV1Api, BatchV1Api, KubeConfig, setHeaderOptions } from '@kubernetes/client-node';
import type { V1CronJob } from '@kubernetes/client-node';

import { workloadImage } from '../support/cluster-env.ts';
import { installNsscaler } from '../support/install.ts';
import type { Cluster } from '../support/kube.ts';
import { connect, deleteNamespace, uniqueName, waitFor } from '../support/kube.ts';
import { serviceAccountKubeconfig } from '../support/service-account.ts';
import { deployment } from '../support/workloads.ts';
import { refused } from './support/api-requests.ts';
import { installIntentGuard } from './support/registration.ts';
import { runScope } from './support/webhook-server.ts';

const scope = runScope('wh-guard');
const intent = 'nsscaler.io/intended-replicas';
const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');

describe('intent annotations guarded by a ValidatingAdmissionPolicy', () => {
  let cluster: Cluster;
  let nsscaler: AppsV1Api;
  let uninstall: () => Promise<void>;
  let namespace: string;

  const annotate = (apps: AppsV1Api, name: string, value: string | null, dryRun?: 'All') =>
    apps.patchNamespacedDeployment(
      { namespace, name, body: { metadata: { annotations: { [intent]: value } } }, dryRun },
      mergePatch,
    );
  /** A Deployment as the workload webhook stores it in an asleep namespace. */
  const sleepingDeployment = async (name: string) => {
    const body = deployment(name, 0);
    body.metadata = { ...body.metadata, annotations: { [intent]: '3' } };
    await cluster.apps.createNamespacedDeployment({ namespace, body });
  };

  before(async () => {
    cluster = connect();
    await installNsscaler(cluster);
    const serviceAccount = new KubeConfig();
    serviceAccount.loadFromFile(await serviceAccountKubeconfig(cluster));
    nsscaler = serviceAccount.makeApiClient(AppsV1Api);
    namespace = uniqueName('wh-guard');
    await cluster.core.createNamespace({
      body: { metadata: { name: namespace, labels: { [scope.key]: scope.value } } },
    });
    uninstall = await installIntentGuard(cluster, uniqueName('e2e'), scope);
    await sleepingDeployment('probe');
    await waitFor('the policy to be enforced', async () => {
      const result = await refused(() => annotate(cluster.apps, 'probe', null, 'All')).catch(
        () => undefined,
      );
      return result?.code === 403 ? true : undefined;
    });
  });

  after(async () => {
    await uninstall();
    await deleteNamespace(cluster, namespace);
  });

  it("A3 admits a user's request that stores the webhook's intent above the stored replicas", async () => {
    await sleepingDeployment('web');

    const stored = await cluster.apps.readNamespacedDeployment({ namespace, name: 'web' });
    assert.equal(stored.metadata?.annotations?.[intent], '3');
  });

  it("A3 rejects a user's removal of nsscaler's intent annotation", async () => {
    await sleepingDeployment('removed');
    const result = await refused(() => annotate(cluster.apps, 'removed', null));

    assert.equal(result.code, 403);
    assert.match(
      result.message,
      /nsscaler\.io\/intended-replicas is kept by nsscaler: .* remove it/,
    );
  });

  it("A3 rejects a user's edit that does not describe a sleeping workload", async () => {
    await sleepingDeployment('edited');

    for (const value of ['lots', '0']) {
      const result = await refused(() => annotate(cluster.apps, 'edited', value));
      assert.equal(result.code, 403, value);
      assert.match(
        result.message,
        new RegExp(`set it to "${value}" on a Deployment stored with 0`),
      );
    }
  });

  it("A3 allows nsscaler's ServiceAccount to remove the annotation, as it does at wake", async () => {
    await sleepingDeployment('woken');
    await nsscaler.patchNamespacedDeployment(
      {
        namespace,
        name: 'woken',
        body: { metadata: { annotations: { [intent]: null } }, spec: { replicas: 3 } },
      },
      mergePatch,
    );

    const stored = await cluster.apps.readNamespacedDeployment({ namespace, name: 'woken' });
    assert.equal(stored.metadata?.annotations?.[intent], undefined);
    assert.equal(stored.spec?.replicas, 3);
  });

  it("A3 rejects a user's intended-suspend on a CronJob that is not suspended", async () => {
    const cronJob: V1CronJob = {
      metadata: { name: 'report', annotations: { 'nsscaler.io/intended-suspend': 'false' } },
      spec: {
        schedule: '0 * * * *',
        suspend: false,
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'job', image: workloadImage }],
              },
            },
          },
        },
      },
    };
    const batch = cluster.kubeConfig.makeApiClient(BatchV1Api);
    const result = await refused(() => batch.createNamespacedCronJob({ namespace, body: cronJob }));

    assert.equal(result.code, 403);
    assert.match(result.message, /intended-suspend is kept by nsscaler: .* on a running CronJob/);
  });
});
