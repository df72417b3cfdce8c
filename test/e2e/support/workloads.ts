import type {
  V1CronJob,
  V1CronJobSpec,
  V1Deployment,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

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

/** A CronJob whose job runs the same container; `spec` adds to or replaces its fields. */
export function cronJob(name: string, spec: Partial<V1CronJobSpec> = {}): V1CronJob {
  return {
    metadata: { name },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
      },
      ...spec,
    },
  };
}

/** An HPA on Deployment `name`, scaling on CPU between `minReplicas` and `maxReplicas`. */
export function horizontalPodAutoscaler(
  name: string,
  minReplicas: number,
  maxReplicas: number,
): V2HorizontalPodAutoscaler {
  return {
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas,
      maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    },
  };
}
