/**
 * config/manager's Deployment and the Services on the real API server: the objects are accepted as
 * written, and the Endpoints of the webhook and metrics Services are exactly the controller's two
 * pods (the selectors match the pod labels and nothing else). The pods run the cluster's test
 * image, so nothing of nsscaler starts; the test removes what it created.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DiscoveryV1Api } from '@kubernetes/client-node';
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';

import { workloadImage } from './support/cluster-env.ts';
import { applyManifests, readManifests } from './support/install.ts';
import type { Cluster } from './support/kube.ts';
import { connect, waitFor } from './support/kube.ts';

const namespace = 'nsscaler-system';

describe('the controller Deployment of config/manager', () => {
  let cluster: Cluster;
  const objects: KubernetesObject[] = [
    ...readManifests('config/manager'),
    ...readManifests('config/webhook').filter((object) => object.kind === 'Service'),
  ];

  before(async () => {
    cluster = connect();
    await applyManifests(cluster, readManifests('config/rbac'));
    for (const object of objects) {
      if (object.kind !== 'Deployment') continue;
      const containers = (object as V1Deployment).spec!.template.spec!.containers;
      for (const container of containers) container.image = workloadImage;
    }
    await applyManifests(cluster, objects);
  });

  after(async () => {
    await cluster.apps
      .deleteNamespacedDeployment({ namespace, name: 'nsscaler-controller' })
      .catch(() => undefined);
    for (const name of ['nsscaler-webhook', 'nsscaler-metrics']) {
      await cluster.core.deleteNamespacedService({ namespace, name }).catch(() => undefined);
    }
  });

  it('A2 sends webhook and metrics traffic to exactly the two controller pods', async () => {
    const discovery = cluster.kubeConfig.makeApiClient(DiscoveryV1Api);
    const pods = await waitFor('two controller pods with addresses', async () => {
      const list = await cluster.core.listNamespacedPod({
        namespace,
        labelSelector: 'app.kubernetes.io/name=nsscaler,app.kubernetes.io/component=controller',
      });
      const ips = list.items.map((pod) => pod.status?.podIP).filter((ip) => ip !== undefined);
      return ips.length === 2 && list.items.length === 2 ? ips.sort() : undefined;
    });

    for (const service of ['nsscaler-webhook', 'nsscaler-metrics']) {
      const addresses = await waitFor(`the endpoints of ${service}`, async () => {
        const slices = await discovery.listNamespacedEndpointSlice({
          namespace,
          labelSelector: `kubernetes.io/service-name=${service}`,
        });
        const found = slices.items
          .flatMap((slice) => slice.endpoints ?? [])
          .flatMap((endpoint) => endpoint.addresses)
          .sort();
        return found.length === 2 ? found : undefined;
      });
      assert.deepEqual(addresses, pods, service);
    }
  });
});
