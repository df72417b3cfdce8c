import type { WorkloadObject } from '../scaling/workload.ts';
import type { WorkloadField } from '../snapshots/types.ts';

/** Where each field nsscaler changes sits in managedFields' fieldsV1. */
const fieldPaths: Record<WorkloadField, string[]> = {
  replicas: ['f:spec', 'f:replicas'],
  suspend: ['f:spec', 'f:suspend'],
  minReplicas: ['f:spec', 'f:minReplicas'],
  pausedReplicas: ['f:metadata', 'f:annotations', 'f:autoscaling.keda.sh/paused-replicas'],
};

function ownsPath(fields: unknown, path: readonly string[]): boolean {
  let node = fields;
  for (const step of path) {
    if (typeof node !== 'object' || node === null || !(step in node)) return false;
    node = (node as Record<string, unknown>)[step];
  }
  return true;
}

/** The field managers that own `field` on the object, most recent first. */
export function managersOf(object: WorkloadObject, field: WorkloadField): string[] {
  return (object.metadata.managedFields ?? [])
    .filter((entry) => ownsPath(entry.fieldsV1, fieldPaths[field]))
    .sort((a, b) => String(b.time ?? '').localeCompare(String(a.time ?? '')))
    .map((entry) => entry.manager ?? 'unknown');
}
