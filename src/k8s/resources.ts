/** Where a kind lives in the API: enough to build its REST paths. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const type = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced = true,
): ResourceType => ({ group, version, plural, kind, namespaced });

export const resources = {
  namespace: type('', 'v1', 'namespaces', 'Namespace', false),
  secret: type('', 'v1', 'secrets', 'Secret'),
  pod: type('', 'v1', 'pods', 'Pod'),
  deployment: type('apps', 'v1', 'deployments', 'Deployment'),
  statefulSet: type('apps', 'v1', 'statefulsets', 'StatefulSet'),
  cronJob: type('batch', 'v1', 'cronjobs', 'CronJob'),
  horizontalPodAutoscaler: type(
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
  ),
  scaledObject: type('keda.sh', 'v1alpha1', 'scaledobjects', 'ScaledObject'),
  lease: type('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  event: type('events.k8s.io', 'v1', 'events', 'Event'),
  policy: type(
    'nsscaler.io',
    'v1alpha1',
    'namespacescalingpolicies',
    'NamespaceScalingPolicy',
    false,
  ),
} as const;

export function apiVersionOf(resource: ResourceType): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** The REST path of a collection, an object, or an object's subresource. */
export function resourcePath(
  resource: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}` : '/api/v1';
  const scope =
    resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${base}${scope}/${resource.plural}${object}${sub}`;
}
