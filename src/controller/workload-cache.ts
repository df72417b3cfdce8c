import type { Logger } from 'pino';

import type { KubeClient } from '../k8s/client.ts';
import { Informer } from '../k8s/informer.ts';
import { scalers } from '../scaling/scalers.ts';
import { trimWorkload } from '../scaling/trim.ts';
import type { WorkloadsByKind } from '../scaling/inventory.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import type { WorkloadKind } from '../snapshots/types.ts';
import { CacheNotSyncedError } from './cache-not-synced.ts';

export { CacheNotSyncedError };

/**
 * Informers for the workload kinds some policy enables, started the first time a policy asks for
 * a kind. Every change to a workload calls `onChange` with its namespace, so the namespace is
 * reconciled again (for example when a woken Deployment becomes ready).
 */
export class WorkloadCache {
  private readonly client: KubeClient;
  private readonly logger: Logger;
  private readonly onChange: (namespace: string) => void;
  private readonly informers = new Map<WorkloadKind, Informer<WorkloadObject>>();
  private readonly starting = new Map<WorkloadKind, Promise<void>>();

  constructor(client: KubeClient, logger: Logger, onChange: (namespace: string) => void) {
    this.client = client;
    this.logger = logger;
    this.onChange = onChange;
  }

  /**
   * Starts the informers of `kinds` that are not running yet, and resolves once all of them hold
   * a complete list. A kind whose first list failed (its informer keeps retrying with backoff)
   * rejects with CacheNotSyncedError: an empty cache must never be read as "no workloads", or a
   * wake would settle every snapshot entry as gone and a sleep would record an empty snapshot.
   */
  async ensureKinds(kinds: readonly WorkloadKind[]): Promise<void> {
    await Promise.all(kinds.map((kind) => this.ensureKind(kind)));
    const unsynced = kinds.filter((kind) => this.informers.get(kind)?.hasSynced() !== true);
    if (unsynced.length > 0) throw new CacheNotSyncedError(unsynced);
  }

  /** True once every informer started so far has listed its kind. */
  allSynced(): boolean {
    return [...this.informers.values()].every((informer) => informer.hasSynced());
  }

  synced(kinds: readonly WorkloadKind[]): boolean {
    return kinds.every((kind) => this.informers.get(kind)?.hasSynced() === true);
  }

  get(kind: WorkloadKind, namespace: string, name: string): WorkloadObject | undefined {
    return this.informers.get(kind)?.get(name, namespace);
  }

  inNamespace(kinds: readonly WorkloadKind[], namespace: string): WorkloadsByKind {
    const result: WorkloadsByKind = {};
    for (const kind of kinds) result[kind] = this.informers.get(kind)?.list(namespace) ?? [];
    return result;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  private ensureKind(kind: WorkloadKind): Promise<void> {
    let started = this.starting.get(kind);
    if (!started) {
      const informer = new Informer<WorkloadObject>(
        this.client,
        scalers[kind].resource,
        this.logger,
        {
          optional: kind === 'ScaledObject',
          transform: trimWorkload,
        },
      );
      informer.on((_event, object) => this.onChange(object.metadata.namespace));
      this.informers.set(kind, informer);
      started = informer.start();
      this.starting.set(kind, started);
    }
    return started;
  }
}
