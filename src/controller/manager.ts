import type { Logger } from 'pino';

import type { ControllerConfig } from '../config/env.ts';
import type { KubeClient } from '../k8s/client.ts';
import type { OperationDeps } from './operation.ts';
import { EventRecorder } from '../k8s/events.ts';
import { Informer } from '../k8s/informer.ts';
import { LeaderElector } from '../k8s/leader-election.ts';
import { resources } from '../k8s/resources.ts';
import type { SnapshotStore } from '../snapshots/store.ts';
import { newCorrelationId, withOperationContext } from '../telemetry/context.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { SavingsGauge } from '../telemetry/savings-metrics.ts';
import { ContestTracker } from './contests.ts';
import { OperationMemory } from './operation-memory.ts';
import { collectStateMetrics } from './state-metrics.ts';
import { NamespaceReconciler } from './namespace-reconciler.ts';
import type { NamespaceReconcilerDeps } from './namespace-reconciler.ts';
import { OutcomeBook } from './outcome-book.ts';
import { policyTargets, systemNamespaces } from './ownership.ts';
import { PolicyReconciler } from './policy-reconciler.ts';
import { WorkQueue } from './queue.ts';
import { SnapshotCache } from './snapshot-cache.ts';
import type { NamespaceObject, Policy } from './types.ts';
import { WorkloadCache } from './workload-cache.ts';
import { WriteExpectations } from './write-expectations.ts';

const namespaceKey = (name: string) => `ns/${name}`;
const policyKey = (name: string) => `policy/${name}`;

/**
 * The controller process: informers for policies and namespaces (and workloads, per enabled
 * kind), one work queue keyed by namespace and by policy, and leader election. Every replica
 * keeps its policy and namespace caches warm (the admission webhooks read them); only the leader
 * processes the queue, and workload informers start with the first reconcile that needs a kind.
 *
 * Known limitations: after losing the Lease, reconciles already in flight run to their end; their
 * writes stay guarded by resourceVersion and the snapshot store's conditional writes.
 */
export class Controller {
  readonly policies: Informer<Policy>;
  readonly namespaces: Informer<NamespaceObject>;
  private readonly queue: WorkQueue;
  private readonly workloads: WorkloadCache;
  private readonly snapshots: SnapshotCache;
  private readonly book: OutcomeBook;
  private readonly elector: LeaderElector | undefined;
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private readonly metrics: Metrics;
  private readonly reconcilerDeps: NamespaceReconcilerDeps;
  private readonly namespaceReconciler: NamespaceReconciler;
  private electorRun: Promise<void> | undefined;
  private leading = false;

  constructor(
    config: ControllerConfig,
    client: KubeClient,
    store: SnapshotStore,
    logger: Logger,
    metrics: Metrics = createMetrics(),
    degradation: () => { dependency: string; message: string } | undefined = () => undefined,
  ) {
    this.logger = logger;
    this.metrics = metrics;
    this.policies = new Informer<Policy>(client, resources.policy, logger);
    this.namespaces = new Informer<NamespaceObject>(client, resources.namespace, logger);
    this.snapshots = new SnapshotCache(store);
    this.workloads = new WorkloadCache(client, logger, (namespace) =>
      this.enqueueNamespace(namespace),
    );
    this.book = new OutcomeBook((policy) => this.enqueue(policyKey(policy)));
    const events = new EventRecorder(client, logger, config.identity);
    const protectedNamespaces = new Set([...systemNamespaces, config.namespace]);
    const now = () => new Date();

    this.reconcilerDeps = {
      client,
      snapshots: this.snapshots,
      workloads: this.workloads,
      events,
      metrics,
      contests: new ContestTracker(),
      memory: new OperationMemory(),
      expectations: new WriteExpectations(),
      logger,
      now,
      namespaces: this.namespaces,
      policies: this.policies,
      protectedNamespaces,
      defaultTimeZone: config.defaultTimeZone,
      report: (outcome) => this.book.report(outcome),
    };
    const namespaceReconciler = new NamespaceReconciler(this.reconcilerDeps);
    this.namespaceReconciler = namespaceReconciler;
    const policyReconciler = new PolicyReconciler({
      client,
      policies: this.policies,
      namespaces: this.namespaces,
      snapshots: this.snapshots,
      book: this.book,
      events,
      logger,
      protectedNamespaces,
      defaultTimeZone: config.defaultTimeZone,
      enqueueNamespace: (name) => this.enqueueNamespace(name),
      degradation,
      savings: config.savings,
      savingsSources: {
        getActiveSnapshot: (namespace) => this.snapshots.getActive(namespace),
        getWorkload: (kind, namespace, name) => this.workloads.get(kind, namespace, name),
      },
      savingsGauge: new SavingsGauge(metrics),
      now,
    });

    this.queue = new WorkQueue({
      concurrency: config.maxConcurrentNamespaces,
      process: async (key) => {
        const [kind, name = ''] = splitKey(key);
        // Log lines inside carry the operation; a sleep, wake or transition line names its own.
        const context =
          kind === 'ns'
            ? { correlationId: newCorrelationId(), operation: 'reconcile', namespace: name }
            : { correlationId: newCorrelationId(), operation: 'reconcile', policy: name };
        return withOperationContext(context, async () => {
          logger.debug({ key }, 'reconcile');
          const began = performance.now();
          let result: 'success' | 'error' = 'error';
          try {
            const next =
              kind === 'ns'
                ? await namespaceReconciler.reconcile(name)
                : await policyReconciler.reconcile(name);
            result = 'success';
            return next;
          } finally {
            metrics.reconciles.inc({ result });
            metrics.reconcileDuration.observe((performance.now() - began) / 1000);
          }
        });
      },
      onError: (key, err, retryInMs) => {
        metrics.queueRetries.inc();
        logger.error({ err, key, retryInMs }, 'reconcile failed; retrying with backoff');
      },
    });

    if (config.leaderElection.enabled) {
      this.elector = new LeaderElector(
        client,
        {
          namespace: config.namespace,
          name: config.leaderElection.leaseName,
          identity: config.identity,
          leaseDurationSeconds: config.leaderElection.leaseDurationSeconds,
          renewDeadlineSeconds: config.leaderElection.renewDeadlineSeconds,
          retryPeriodSeconds: config.leaderElection.retryPeriodSeconds,
        },
        logger,
        {
          onStartedLeading: () => this.startLeading(),
          onStoppedLeading: () => void this.stopLeading(),
        },
      );
    }
  }

  /** The Prometheus check after a wake and the notifier (O1, O4); before `start`. */
  attachServices(services: Pick<OperationDeps, 'prometheus' | 'notifier'>): void {
    Object.assign(this.reconcilerDeps, services);
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** Drops a namespace's cached snapshot and reconciles it, after the store changed under it. */
  reloadSnapshot(namespace: string): void {
    this.snapshots.forget(namespace);
    this.enqueueNamespace(namespace);
  }

  /** Rewrites every policy's status, for example when a dependency fails or recovers. */
  refreshPolicies(): void {
    for (const policy of this.policies.list()) this.enqueue(policyKey(policy.metadata.name));
  }

  /** Refreshes the state gauges; the metrics endpoint calls it before each scrape. */
  collectStateMetrics(): void {
    collectStateMetrics(this.metrics, this.book, this.queue.depth());
  }

  /** Policies, namespaces and every workload kind a policy asked for have been listed. */
  informersSynced(): boolean {
    return this.policies.hasSynced() && this.namespaces.hasSynced() && this.workloads.allSynced();
  }

  async start(): Promise<void> {
    this.policies.on((_event, policy) => this.onPolicyChange(policy));
    this.namespaces.on((_event, namespace) => this.onNamespaceChange(namespace));
    await Promise.all([this.policies.start(), this.namespaces.start()]);
    if (this.elector) this.electorRun = this.elector.run(this.abort.signal);
    else this.startLeading();
  }

  /** Stops taking work, lets in-flight reconciles finish, releases the Lease, stops watches. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.stopLeading();
    await this.electorRun;
    await this.elector?.release();
    await Promise.all([this.policies.stop(), this.namespaces.stop(), this.workloads.stop()]);
  }

  private startLeading(): void {
    this.leading = true;
    this.metrics.isLeader.set(1);
    this.snapshots.forget();
    this.book.clear();
    this.namespaceReconciler.seedLocks();
    this.queue.start();
    for (const policy of this.policies.list()) this.enqueue(policyKey(policy.metadata.name));
    for (const namespace of this.namespaces.list()) this.enqueueNamespace(namespace.metadata.name);
    this.logger.info('leading: reconciling');
  }

  private async stopLeading(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.metrics.isLeader.set(0);
    await this.queue.stop();
    this.logger.info('stopped reconciling');
  }

  private enqueue(key: string): void {
    if (this.leading) this.queue.add(key);
  }

  private enqueueNamespace(name: string): void {
    this.enqueue(namespaceKey(name));
  }

  private onPolicyChange(policy: Policy): void {
    this.enqueue(policyKey(policy.metadata.name));
    for (const outcome of this.book.outcomesOf(policy.metadata.name)) {
      this.enqueueNamespace(outcome.namespace);
    }
    for (const namespace of this.namespaces.list()) {
      if (policyTargets(policy, namespace)) this.enqueueNamespace(namespace.metadata.name);
    }
  }

  private onNamespaceChange(namespace: NamespaceObject): void {
    this.enqueueNamespace(namespace.metadata.name);
    for (const policy of this.policies.list()) {
      if (policyTargets(policy, namespace)) this.enqueue(policyKey(policy.metadata.name));
    }
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
