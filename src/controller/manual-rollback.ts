import type { KubeClient } from '../k8s/client.ts';
import { isNotFound } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import type { LoadedSnapshot } from '../snapshots/types.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { parseRollbackRequest, rollbackAnnotation } from './rollback-annotation.ts';
import type { Rollbacks } from './rollbacks.ts';
import type { NamespaceOutcome, Policy } from './types.ts';

/**
 * A person's rollback of one namespace, asked for with the policy annotation
 * `nsscaler.io/rollback` (O2, R9). Each request is carried out once per version of the policy:
 * a reconcile that still sees the annotation in a stale cache does not repeat it.
 */
export class ManualRollbacks {
  private readonly deps: OperationDeps & { client: KubeClient };
  private readonly rollbacks: Rollbacks;
  private readonly handled = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(deps: OperationDeps, rollbacks: Rollbacks) {
    this.deps = deps;
    this.rollbacks = rollbacks;
  }

  /**
   * Carries out the request on `policy` if it names this namespace, and returns the outcome;
   * undefined when there is nothing to do here. A snapshot that is not in the history is a
   * Warning Event naming the annotation, once; the annotation stays and nothing else changes.
   */
  async run(target: OperationTarget, policy: Policy): Promise<NamespaceOutcome | undefined> {
    const value = policy.metadata.annotations?.[rollbackAnnotation];
    if (value === undefined) return undefined;
    const request = parseRollbackRequest(value);
    // Values that do not parse, or name another namespace, are the policy reconciler's to report.
    if (!request.ok || request.namespace !== target.namespace) return undefined;
    const version = `${policy.metadata.uid ?? ''}/${policy.metadata.resourceVersion ?? ''}`;
    if (this.handled.get(target.namespace) === version) return undefined;

    const chosen = await this.find(target.namespace, request.snapshotId);
    if (!chosen) {
      const key = `${version}/${value}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        const what = request.snapshotId ? `snapshot ${request.snapshotId}` : 'any snapshot';
        await this.deps.events.emit({
          type: 'Warning',
          reason: 'InvalidRollbackRequest',
          action: 'Rollback',
          note: `annotation ${rollbackAnnotation}: '${value}': the history of ${target.namespace} holds no ${what}; nothing was rolled back`,
          regarding: policyRef(target),
        });
      }
      return undefined;
    }

    const outcome = await this.rollbacks.restore(target, chosen);
    this.handled.set(target.namespace, version);
    await this.removeAnnotation(target, value);
    return outcome;
  }

  private async find(
    namespace: string,
    snapshotId: string | undefined,
  ): Promise<LoadedSnapshot | undefined> {
    if (snapshotId) return this.deps.snapshots.getSnapshot(namespace, snapshotId);
    const [latest] = await this.deps.snapshots.listHistory(namespace, 1);
    if (!latest) return undefined;
    return this.deps.snapshots.getSnapshot(namespace, latest.operationId);
  }

  private async removeAnnotation(target: OperationTarget, value: string): Promise<void> {
    try {
      await this.deps.client.mergePatch(resources.policy, undefined, target.policyName, {
        metadata: { annotations: { [rollbackAnnotation]: null } },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      this.deps.logger.warn(
        { err, operation: 'rollback', annotation: rollbackAnnotation, value },
        'rolled back, but could not remove the annotation',
      );
    }
  }
}

function policyRef(target: OperationTarget) {
  return {
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    name: target.policyName,
    uid: target.policyUid,
  };
}
