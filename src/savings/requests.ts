import { parseQuantity } from './quantity.ts';

/** Requested resources: CPU in cores, memory in GiB (2^30 bytes). */
export interface Requests {
  cpu: number;
  memoryGiB: number;
}

export const noRequests: Requests = Object.freeze({ cpu: 0, memoryGiB: 0 });

/** The part of a pod template the estimate reads. */
export interface PodTemplateRequests {
  spec?: {
    containers?: ReadonlyArray<{
      name?: string;
      resources?: { requests?: Record<string, string> };
    }>;
  };
}

const gibibyte = 2 ** 30;

/**
 * What one replica of a pod template requests: the `cpu` and `memory` requests summed over its
 * containers. A container without a request adds nothing; a request that is not a quantity adds
 * nothing and is named in `problems`.
 *
 * Known limitations: init containers and pod overhead are not counted. Init containers run before
 * the others and mostly finish; sidecars declared as init containers with `restartPolicy: Always`
 * do keep running, so a pod with such sidecars is underestimated.
 */
export function podTemplateRequests(template: PodTemplateRequests | undefined): {
  requests: Requests;
  problems: string[];
} {
  const problems: string[] = [];
  let cpu = 0;
  let memory = 0;
  for (const [index, container] of (template?.spec?.containers ?? []).entries()) {
    const requests = container.resources?.requests ?? {};
    const at = `containers[${container.name ?? index}].resources.requests`;
    const cores = read(requests.cpu, `${at}.cpu`, problems);
    const bytes = read(requests.memory, `${at}.memory`, problems);
    cpu += cores;
    memory += bytes;
  }
  return { requests: { cpu, memoryGiB: memory / gibibyte }, problems };
}

function read(quantity: string | undefined, path: string, problems: string[]): number {
  if (quantity === undefined) return 0;
  const value = parseQuantity(quantity);
  if (value === undefined || value < 0) {
    problems.push(`${path}: '${quantity}' is not a resource quantity`);
    return 0;
  }
  return value;
}

/** One workload's share of a sleep: what a replica requests and how many replicas were removed. */
export interface RemovedReplicas {
  perReplica: Requests;
  /** Original replicas minus the replicas it has while asleep; never negative. */
  removed: number;
}

/** The requests of every removed replica, summed over workloads. */
export function removedRequests(workloads: readonly RemovedReplicas[]): Requests {
  let cpu = 0;
  let memoryGiB = 0;
  for (const { perReplica, removed } of workloads) {
    const replicas = Math.max(0, removed);
    cpu += perReplica.cpu * replicas;
    memoryGiB += perReplica.memoryGiB * replicas;
  }
  return { cpu, memoryGiB };
}
