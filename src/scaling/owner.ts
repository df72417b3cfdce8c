import type { WorkloadObject } from './workload.ts';

/**
 * The controller owner of a workload, when it has one (C4). A Deployment, StatefulSet or CronJob
 * with a controlling owner belongs to another operator, which would undo any change nsscaler made.
 */
export function controllerOwner(
  object: WorkloadObject,
): { kind: string; name: string } | undefined {
  const owner = object.metadata.ownerReferences?.find((reference) => reference.controller === true);
  return owner ? { kind: owner.kind, name: owner.name } : undefined;
}
