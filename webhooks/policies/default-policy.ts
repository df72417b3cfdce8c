import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import { enabledKinds } from '../../src/scaling/inventory.ts';
import type { JsonPatchOperation } from '../admission/json-patch.ts';
import type { AdmissionDecision, AdmissionRequest } from '../admission/review.ts';
import { specChanged } from './spec-changed.ts';

/** The CRD allows at most this many wake order groups. */
const maxWakeOrderGroups = 5;

/**
 * Defaulting that depends on other fields (plain defaults are in the CRD schema): a `wakeOrder`
 * that leaves out some of the kinds the policy scales gets them as a last group, which is what
 * the controller does with unlisted kinds anyway (O1), so the stored order says it. Nothing is
 * filled when the order already has the most groups the CRD allows, or when the request does
 * not change the spec (the controller's finalizer and status writes pass through untouched).
 */
export function defaultPolicy(request: AdmissionRequest): AdmissionDecision {
  const object = request.object as { spec?: NamespaceScalingPolicySpec } | undefined;
  const old = request.oldObject as { spec?: NamespaceScalingPolicySpec } | undefined;
  const spec = object?.spec;
  if (!spec || typeof spec !== 'object') return { allowed: true };
  if (request.operation === 'UPDATE' && !specChanged(spec, old?.spec)) return { allowed: true };

  const patch: JsonPatchOperation[] = [];
  const wakeOrder = completeWakeOrder(spec);
  if (wakeOrder !== undefined)
    patch.push({ op: 'replace', path: '/spec/wakeOrder', value: wakeOrder });
  return patch.length > 0 ? { allowed: true, patch } : { allowed: true };
}

/** The wake order with the unlisted enabled kinds appended as one group; undefined if unchanged. */
export function completeWakeOrder(
  spec: NamespaceScalingPolicySpec,
): NamespaceScalingPolicySpec['wakeOrder'] {
  const order = spec.wakeOrder;
  if (!Array.isArray(order) || order.length === 0 || order.length >= maxWakeOrderGroups) {
    return undefined;
  }
  const listed = new Set(order.flat());
  const unlisted = enabledKinds(spec).filter((kind) => !listed.has(kind));
  return unlisted.length > 0 ? [...order, unlisted] : undefined;
}
