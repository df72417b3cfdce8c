import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import { assignNamespace } from '../../src/controller/ownership.ts';
import type { NamespaceObject, Policy } from '../../src/controller/types.ts';
import { validatePolicySpec } from '../../src/policy/validate.ts';
import { computeDesiredState } from '../../src/schedule/compute-desired-state.ts';
import type { DesiredState } from '../../src/schedule/types.ts';
import type { ClusterView } from '../cluster-view.ts';

/** Whether a namespace is asleep now, and if so under which policy. */
export type NamespaceSleep =
  | { asleep: false; why: string }
  | { asleep: true; policy: Policy; spec: NamespaceScalingPolicySpec };

export interface SleepLookupOptions {
  /** System namespaces and the controller's own (A4): never asleep. */
  protectedNamespaces: ReadonlySet<string>;
  defaultTimeZone?: string | undefined;
  now(): Date;
}

const exclusionKey = 'nsscaler.io/exclude';

interface CachedState {
  state: DesiredState;
  /** Epoch ms of the next transition; the state holds until then (S1). */
  until: number;
}

/**
 * Answers "is this namespace asleep now?" the way the controller decides it, without writing
 * anything: the namespace's owner is the oldest policy that targets it (C6), and its state is the
 * schedule engine's answer for the current instant (S1). A namespace is never asleep for the
 * webhook when it opts out, when its policy is suspended, in dry-run, invalid or being deleted:
 * then the webhook leaves workloads as they are and the controller decides at its next reconcile.
 *
 * Answers are kept per policy spec and namespace until the schedule's next transition, and
 * owners per namespace object while the policies are the same objects, so a request costs a few
 * cache look-ups; a changed policy or namespace is a new object and starts afresh.
 */
export class NamespaceSleepLookup {
  private readonly view: ClusterView;
  private readonly options: SleepLookupOptions;
  private readonly validity = new WeakMap<object, boolean>();
  private readonly states = new WeakMap<object, Map<string, CachedState>>();
  private policiesSeen: readonly Policy[] = [];
  private owners = new WeakMap<NamespaceObject, Policy | undefined>();

  constructor(view: ClusterView, options: SleepLookupOptions) {
    this.view = view;
    this.options = options;
  }

  lookup(namespaceName: string): NamespaceSleep {
    const namespace = this.view.namespace(namespaceName);
    if (!namespace) return { asleep: false, why: 'the namespace is not in the cache yet' };
    if (optsOut(namespace)) return { asleep: false, why: 'the namespace opts out' };

    const owner = this.ownerOf(namespace);
    if (!owner) return { asleep: false, why: 'no policy manages the namespace' };
    const { spec } = owner;
    if (owner.metadata.deletionTimestamp) return { asleep: false, why: 'its policy is deleted' };
    if (spec.suspend) return { asleep: false, why: 'its policy is suspended' };
    if (spec.dryRun) return { asleep: false, why: 'its policy is in dry run' };
    if (!this.isValid(spec)) return { asleep: false, why: 'its policy is invalid' };

    const state = this.desiredState(spec, namespaceName);
    return state === 'Asleep'
      ? { asleep: true, policy: owner, spec }
      : { asleep: false, why: 'the namespace is awake' };
  }

  /**
   * The owning policy (C6), kept per namespace object while the policy cache holds the same
   * objects: the informers replace an object when it changes, so identity is enough.
   */
  private ownerOf(namespace: NamespaceObject): Policy | undefined {
    const policies = this.view.policies();
    const unchanged =
      policies.length === this.policiesSeen.length &&
      policies.every((policy, index) => policy === this.policiesSeen[index]);
    if (!unchanged) {
      this.policiesSeen = policies;
      this.owners = new WeakMap();
    }
    if (this.owners.has(namespace)) return this.owners.get(namespace);
    const { owner } = assignNamespace(namespace, policies, this.options.protectedNamespaces);
    this.owners.set(namespace, owner);
    return owner;
  }

  private isValid(spec: NamespaceScalingPolicySpec): boolean {
    let valid = this.validity.get(spec);
    if (valid === undefined) {
      valid = validatePolicySpec(spec).length === 0;
      this.validity.set(spec, valid);
    }
    return valid;
  }

  private desiredState(spec: NamespaceScalingPolicySpec, namespace: string): DesiredState {
    const now = this.options.now();
    let byNamespace = this.states.get(spec);
    if (byNamespace === undefined) {
      byNamespace = new Map();
      this.states.set(spec, byNamespace);
    }
    const cached = byNamespace.get(namespace);
    if (cached !== undefined && now.getTime() < cached.until) return cached.state;

    const decision = computeDesiredState(spec, namespace, now, this.options.defaultTimeZone);
    const until = decision.next?.at.getTime() ?? Number.POSITIVE_INFINITY;
    byNamespace.set(namespace, { state: decision.state, until });
    return decision.state;
  }
}

/** `nsscaler.io/exclude: "true"` as a label (what the webhook's selector sees) or annotation. */
function optsOut(namespace: NamespaceObject): boolean {
  return (
    namespace.metadata.labels?.[exclusionKey] === 'true' ||
    namespace.metadata.annotations?.[exclusionKey] === 'true'
  );
}
