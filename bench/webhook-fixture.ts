import type { NamespaceObject, Policy } from '../src/controller/types.ts';

/** Every namespace of the benchmark cluster view; `team-042` is the one the requests go to. */
export const namespaceCount = 500;
export const policyCount = 50;
export const targetNamespace = 'team-042';

/**
 * A cluster view like a busy one: 50 policies, each selecting 10 of 500 namespaces by label,
 * asleep around the clock (so the workload webhook has to mutate), with holidays and overrides
 * for the schedule engine to look through.
 */
export function benchClusterView(): { policies: Policy[]; namespaces: NamespaceObject[] } {
  const namespaces: NamespaceObject[] = Array.from({ length: namespaceCount }, (_, i) => {
    const name = `team-${String(i).padStart(3, '0')}`;
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { 'kubernetes.io/metadata.name': name, group: `g${i % policyCount}` },
      },
    };
  });
  const policies: Policy[] = Array.from({ length: policyCount }, (_, i) => ({
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    metadata: { name: `policy-${i}`, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, i)) },
    spec: {
      namespaceSelector: { matchLabels: { group: `g${i}` } },
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Sun', start: '00:00', end: '24:00' }],
      holidays: [{ date: '2026-12-24' }, { from: '2026-12-27', to: '2026-12-31', state: 'Asleep' }],
      overrides: [{ state: 'Asleep', until: '2099-01-01T00:00:00Z', namespaces: ['team-999'] }],
    },
  }));
  return { policies, namespaces };
}

/** The AdmissionReview the benchmark posts: a Deployment with 3 replicas created while asleep. */
export function benchReview(): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '0b6e2d1c-5a4f-4e1b-9c8d-7f6a5b4c3d2e',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      name: 'web',
      namespace: targetNamespace,
      operation: 'CREATE',
      userInfo: { username: 'jane@example.com', groups: ['system:authenticated'] },
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'web',
          namespace: targetNamespace,
          labels: { app: 'web', tier: 'frontend' },
          annotations: { 'deployment.kubernetes.io/revision': '1' },
        },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web', tier: 'frontend' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'registry.example/web:1.2.3',
                  ports: [{ containerPort: 8080 }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  });
}
