import type { V1Deployment, V1StatefulSet } from '@kubernetes/client-node';

import { workloadImage } from './cluster-env.ts';

/** A container that the cluster's nodes run: see workloadImage. */
const container = {
  name: 'app',
  image: workloadImage,
  resources: { requests: { cpu: '10m', memory: '16Mi' } },
};

export function deployment(name: string, replicas: number): V1Deployment {
  const labels = { app: name };
  return {
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  };
}

export function statefulSet(name: string, replicas: number): V1StatefulSet {
  const labels = { app: name };
  return {
    metadata: { name, labels },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  };
}
