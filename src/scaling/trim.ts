import type { PodTemplateRequests } from '../savings/requests.ts';
import type { WorkloadObject } from './workload.ts';

type ManagedFields = NonNullable<WorkloadObject['metadata']['managedFields']>;

/** The managedFields paths nsscaler reads: the fields it owns on each kind. */
const ownedPaths: ReadonlyArray<readonly string[]> = [
  ['f:spec', 'f:replicas'],
  ['f:spec', 'f:suspend'],
  ['f:spec', 'f:minReplicas'],
  ['f:metadata', 'f:annotations', 'f:autoscaling.keda.sh/paused-replicas'],
];

/**
 * Keeps of a workload only what nsscaler reads: identity, labels, annotations, owners, the
 * managedFields entries of the fields it owns, the scaling fields of the spec, the CPU and memory
 * requests of the pod template's containers (for estimated savings) and the readiness fields of
 * the status. A Deployment's pod template alone is often larger than all of that, and
 * the informers hold every workload of every managed namespace.
 */
export function trimWorkload(object: WorkloadObject): WorkloadObject {
  const { metadata, spec, status } = object;
  const trimmed: WorkloadObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      generation: metadata.generation,
      labels: metadata.labels,
      annotations: metadata.annotations,
      ownerReferences: metadata.ownerReferences,
      deletionTimestamp: metadata.deletionTimestamp,
      managedFields: trimManagedFields(metadata.managedFields),
    },
  };
  if (spec) {
    trimmed.spec = {
      replicas: spec.replicas,
      suspend: spec.suspend,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      scaleTargetRef: spec.scaleTargetRef,
    };
    const template = trimTemplate(spec.template);
    if (template) trimmed.spec.template = template;
  }
  if (status) {
    trimmed.status = {
      replicas: status.replicas,
      readyReplicas: status.readyReplicas,
      updatedReplicas: status.updatedReplicas,
      observedGeneration: status.observedGeneration,
    };
  }
  return trimmed;
}

/** The pod template reduced to each container's `cpu` and `memory` requests. */
function trimTemplate(template: PodTemplateRequests | undefined): PodTemplateRequests | undefined {
  const containers = template?.spec?.containers;
  if (!containers) return undefined;
  return {
    spec: {
      containers: containers.map((container) => {
        const requests = container.resources?.requests;
        if (!requests) return { name: container.name };
        const kept: Record<string, string> = {};
        if (requests.cpu !== undefined) kept.cpu = requests.cpu;
        if (requests.memory !== undefined) kept.memory = requests.memory;
        return { name: container.name, resources: { requests: kept } };
      }),
    },
  };
}

function trimManagedFields(entries: ManagedFields | undefined): ManagedFields | undefined {
  if (!entries) return undefined;
  const kept: ManagedFields = [];
  for (const entry of entries) {
    const fields = pick(entry.fieldsV1);
    if (fields === undefined) continue;
    kept.push({
      manager: entry.manager,
      operation: entry.operation,
      time: entry.time,
      fieldsV1: fields,
    });
  }
  return kept;
}

/** A fieldsV1 tree holding only the owned paths present in `fields`, or undefined if none is. */
function pick(fields: unknown): object | undefined {
  let result: Record<string, unknown> | undefined;
  for (const path of ownedPaths) {
    let node: unknown = fields;
    for (const step of path) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[step]
          : undefined;
    }
    if (node === undefined) continue;
    result ??= {};
    let target = result;
    for (const step of path.slice(0, -1)) {
      target[step] ??= {};
      target = target[step] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = {};
  }
  return result;
}
