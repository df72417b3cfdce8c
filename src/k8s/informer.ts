import { ListWatch, Watch } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';

import type { KubeClient } from './client.ts';
import { isNotFound } from './errors.ts';
import type { ResourceType } from './resources.ts';
import { resourcePath } from './resources.ts';

export type InformerEvent = 'add' | 'update' | 'delete';
export type InformerHandler<T> = (event: InformerEvent, object: T) => void;

const initialBackoffMs = 1_000;
const maxBackoffMs = 30_000;

/**
 * A cluster-wide cache of one kind: list, then watch, relisting when the watch reports 410 Gone.
 * client-node's ListWatch stops for good on any other error; this restarts it with exponential
 * backoff (1 s to 30 s) so a broken connection or an API server restart never leaves the cache
 * silently stale.
 */
export class Informer<T extends KubernetesObject> {
  readonly resource: ResourceType;
  private readonly listWatch: ListWatch<T>;
  private readonly logger: Logger;
  private synced = false;
  private stopped = false;
  private backoffMs = initialBackoffMs;
  private restartTimer: NodeJS.Timeout | undefined;

  /**
   * An `optional` kind may be missing from the cluster (a CRD that is not installed, such as
   * KEDA's ScaledObject): its informer then holds nothing, counts as synced, and keeps retrying.
   */
  constructor(
    client: KubeClient,
    resource: ResourceType,
    logger: Logger,
    options: { labelSelector?: string; optional?: boolean; transform?: (object: T) => T } = {},
  ) {
    const { labelSelector, optional = false, transform = (object: T) => object } = options;
    this.resource = resource;
    this.logger = logger.child({ informer: resource.plural });
    const list = async (): Promise<KubernetesListObject<T>> => {
      let served = true;
      const result = await client.list<T>(resource, { labelSelector }).catch((err: unknown) => {
        if (!optional || !isNotFound(err)) throw err;
        this.logger.debug('kind not served by the API server; treating it as empty');
        served = false;
        return { metadata: {}, items: [] };
      });
      result.items = result.items.map((item) => {
        item.apiVersion ??= resource.group ? `${resource.group}/${resource.version}` : 'v1';
        item.kind ??= resource.kind;
        return transform(item);
      });
      this.synced = true;
      // A kind that is not served fails its watch at once: keep backing off (up to 30 s between
      // looks) rather than listing it again every second until its CRD is installed.
      if (served) this.backoffMs = initialBackoffMs;
      return result;
    };
    this.listWatch = new ListWatch<T>(
      resourcePath(resource),
      transformingWatch(new Watch(client.kubeConfig), transform),
      list,
      false,
      labelSelector,
    );
    this.listWatch.on('error', (err: unknown) => this.restartLater(err));
  }

  /** Starts listing and watching; resolves once the first list has filled the cache. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listWatch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.listWatch.stop();
  }

  hasSynced(): boolean {
    return this.synced;
  }

  on(handler: InformerHandler<T>): void {
    this.listWatch.on('add', (object: T) => handler('add', object));
    this.listWatch.on('update', (object: T) => handler('update', object));
    this.listWatch.on('delete', (object: T) => handler('delete', object));
  }

  get(name: string, namespace?: string): T | undefined {
    return this.listWatch.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.listWatch.list(namespace);
  }

  private restartLater(err: unknown): void {
    if (this.stopped || this.restartTimer !== undefined) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
    this.logger.warn({ err, retryInMs: delay }, 'watch failed; restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopped) {
        this.listWatch.start().catch((startErr: unknown) => this.restartLater(startErr));
      }
    }, delay);
  }
}

/**
 * A Watch whose objects pass through `transform` before the cache stores them, so the cache keeps
 * only what nsscaler reads (it holds thousands of workloads).
 */
function transformingWatch<T>(watch: Watch, transform: (object: T) => T): Watch {
  const wrapped = Object.create(watch) as Watch;
  wrapped.watch = (path, query, callback, done) =>
    watch.watch(
      path,
      query,
      (phase: string, object: T, raw: unknown) =>
        callback(
          phase,
          phase === 'ADDED' || phase === 'MODIFIED' ? transform(object) : object,
          raw,
        ),
      done,
    );
  return wrapped;
}
