import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';

import type { KubeRequestTarget } from './errors.ts';
import { KubeApiError, errorFromResponse } from './errors.ts';
import type { TokenBucket } from './rate-limiter.ts';
import type { ResourceType } from './resources.ts';
import { resourcePath, resources } from './resources.ts';
import type { KubeWriteBreaker } from './write-breaker.ts';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/** One finished API call, for metrics. `code` is 0 when no response arrived. */
export interface RequestSample {
  verb: Verb;
  resource: string;
  code: number;
  seconds: number;
}

export interface KubeClientOptions {
  /** Written on every create, update and patch (`?fieldManager=`). */
  fieldManager: string;
  /** Rate limit for writes; reads come from informer caches and are not limited. */
  writeLimiter?: TokenBucket | undefined;
  /**
   * Guards writes to workloads and policies. Writes of Events, Leases and status go around it:
   * leader election keeps its own deadlines, Events are best effort, and status is where an open
   * breaker is reported.
   */
  writeBreaker?: KubeWriteBreaker | undefined;
  onRequest?: ((sample: RequestSample) => void) | undefined;
  /** How often a 429 is retried after its Retry-After before the error is returned. */
  maxThrottleRetries?: number;
  timeoutMs?: number;
}

/** Per-call options of get, create and replace. */
export interface CallOptions {
  /** Aborts the request (the client's own timeout applies as well). */
  signal?: AbortSignal | undefined;
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  limit?: number | undefined;
}

export interface KubeList<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

const methods: Record<Verb, string> = {
  get: HttpMethod.GET,
  list: HttpMethod.GET,
  create: HttpMethod.POST,
  update: HttpMethod.PUT,
  patch: HttpMethod.PATCH,
  delete: HttpMethod.DELETE,
};

interface Call {
  verb: Verb;
  resource: ResourceType;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

/**
 * A small REST client for the kinds nsscaler reads and writes. It authenticates with the
 * kubeconfig (the same TLS agent as client-node's Watch), normalises every failure into a
 * KubeApiError, rate-limits writes, and waits out 429 responses as their Retry-After asks.
 */
export class KubeClient {
  readonly kubeConfig: KubeConfig;
  private readonly server: string;
  private readonly options: Required<
    Omit<KubeClientOptions, 'writeLimiter' | 'writeBreaker' | 'onRequest'>
  > &
    KubeClientOptions;

  constructor(kubeConfig: KubeConfig, options: KubeClientOptions) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.kubeConfig = kubeConfig;
    this.server = cluster.server.replace(/\/+$/, '');
    this.options = { maxThrottleRetries: 5, timeoutMs: 30_000, ...options };
  }

  get fieldManager(): string {
    return this.options.fieldManager;
  }

  get<T>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    options: CallOptions = {},
  ): Promise<T> {
    return this.call<T>({ verb: 'get', resource, namespace, name, signal: options.signal });
  }

  list<T>(resource: ResourceType, options: ListOptions = {}): Promise<KubeList<T>> {
    const query = {
      labelSelector: options.labelSelector,
      limit: options.limit === undefined ? undefined : String(options.limit),
    };
    return this.call<KubeList<T>>({ verb: 'list', resource, namespace: options.namespace, query });
  }

  create<T>(
    resource: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: CallOptions = {},
  ): Promise<T> {
    return this.call<T>({ verb: 'create', resource, namespace, body, signal: options.signal });
  }

  replace<T>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    subresource?: string,
    options: CallOptions = {},
  ): Promise<T> {
    const { signal } = options;
    return this.call<T>({ verb: 'update', resource, namespace, name, subresource, body, signal });
  }

  /** A JSON merge patch (RFC 7386): only the fields in `patch` are touched. */
  mergePatch<T>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    subresource?: string,
  ): Promise<T> {
    const contentType = 'application/merge-patch+json';
    return this.call<T>({
      verb: 'patch',
      resource,
      namespace,
      name,
      subresource,
      body: patch,
      contentType,
    });
  }

  /** A JSON patch (RFC 6902), for guarded edits such as `test` then `replace`. */
  jsonPatch<T>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    operations: unknown[],
    subresource?: string,
  ): Promise<T> {
    const contentType = 'application/json-patch+json';
    return this.call<T>({
      verb: 'patch',
      resource,
      namespace,
      name,
      subresource,
      body: operations,
      contentType,
    });
  }

  delete(resource: ResourceType, namespace: string | undefined, name: string): Promise<unknown> {
    return this.call({ verb: 'delete', resource, namespace, name });
  }

  private async call<T>(call: Call): Promise<T> {
    const target: KubeRequestTarget = {
      verb: call.verb,
      resource: call.subresource
        ? `${call.resource.plural}/${call.subresource}`
        : call.resource.plural,
      namespace: call.namespace,
      name: call.name,
    };
    const isWrite = call.verb !== 'get' && call.verb !== 'list';
    const url = new URL(
      this.server + resourcePath(call.resource, call.namespace, call.name, call.subresource),
    );
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    if (isWrite && call.verb !== 'delete') {
      url.searchParams.set('fieldManager', this.options.fieldManager);
    }

    // Leader election keeps its own deadlines: its requests never wait for write tokens or 429s.
    const coordination = call.resource.plural === resources.lease.plural;
    const limited = isWrite && !coordination;
    const breaker = isWrite && !bypassesBreaker(call) ? this.options.writeBreaker : undefined;
    const maxThrottleRetries = coordination ? 0 : this.options.maxThrottleRetries;
    for (let attempt = 0; ; attempt += 1) {
      if (limited) await this.options.writeLimiter?.take();
      try {
        if (!breaker) return await this.send<T>(url, call, target, call.signal);
        return await breaker.run(target, (signal) =>
          this.send<T>(url, call, target, anySignal(signal, call.signal)),
        );
      } catch (err) {
        const throttled = err instanceof KubeApiError && err.code === 429;
        if (!throttled || attempt >= maxThrottleRetries) throw err;
        const seconds = Math.min(err.retryAfterSeconds ?? 1, 60);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    }
  }

  private async send<T>(
    url: URL,
    call: Call,
    target: KubeRequestTarget,
    signal?: AbortSignal,
  ): Promise<T> {
    const context = new RequestContext(url.toString(), methods[call.verb] as HttpMethod);
    await this.kubeConfig.applySecurityAuthentication(context);
    const headers: Record<string, string> = { ...context.getHeaders(), accept: 'application/json' };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = call.contentType ?? 'application/json';
    }

    const started = performance.now();
    let code = 0;
    try {
      const response = await fetch(url, {
        method: methods[call.verb],
        headers,
        body,
        dispatcher: context.getDispatcher(),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)])
          : AbortSignal.timeout(this.options.timeoutMs),
      });
      code = response.status;
      const text = await response.text();
      if (!response.ok) {
        throw errorFromResponse(response.status, text, response.headers.get('retry-after'), target);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (err) {
      if (err instanceof KubeApiError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new KubeApiError(0, 'NetworkError', message, target, { cause: err });
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.options.onRequest?.({ verb: call.verb, resource: target.resource, code, seconds });
    }
  }
}

function anySignal(first: AbortSignal, second: AbortSignal | undefined): AbortSignal {
  return second ? AbortSignal.any([first, second]) : first;
}

function bypassesBreaker(call: Call): boolean {
  return (
    call.subresource === 'status' ||
    call.resource.plural === 'events' ||
    call.resource.plural === 'leases'
  );
}
