import type { NamespaceObject, Policy } from '../src/controller/types.ts';

/**
 * What the webhooks know about the cluster: the controller's policy and namespace caches, which
 * every replica keeps warm whether it leads or not. Reading them costs no API call.
 */
export interface ClusterView {
  policies(): readonly Policy[];
  namespace(name: string): NamespaceObject | undefined;
  namespaces(): readonly NamespaceObject[];
}

/** A view over anything shaped like the controller's informers (`Controller.policies`, ...). */
export function viewOfInformers(informers: {
  policies: { list(): readonly Policy[] };
  namespaces: {
    list(): readonly NamespaceObject[];
    get(name: string): NamespaceObject | undefined;
  };
}): ClusterView {
  return {
    policies: () => informers.policies.list(),
    namespace: (name) => informers.namespaces.get(name),
    namespaces: () => informers.namespaces.list(),
  };
}

/** A fixed view, for tests and the benchmark. */
export function staticView(policies: Policy[], namespaces: NamespaceObject[]): ClusterView {
  return {
    policies: () => policies,
    namespace: (name) => namespaces.find((namespace) => namespace.metadata.name === name),
    namespaces: () => namespaces,
  };
}
