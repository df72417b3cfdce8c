import type { KubeClient } from '../../src/k8s/client.ts';
import { KubeApiError } from '../../src/k8s/errors.ts';
import type { ResourceType } from '../../src/k8s/resources.ts';
import { applyJsonPatch } from '../admission/json-patch.ts';
import type { JsonPatchOperation } from '../admission/json-patch.ts';

interface Stored {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  [field: string]: unknown;
}

/**
 * An in-memory API server for the calls the certificate code makes: get, create, replace (with
 * resourceVersion checks) and JSON Patch (with `test` of the resourceVersion). `writes` records
 * every successful write as `verb plural/name`.
 */
export class FakeKube {
  readonly objects = new Map<string, Stored>();
  readonly writes: string[] = [];
  private version = 1;
  /** Runs before each write, to simulate another writer racing this one. */
  beforeWrite: (() => void) | undefined;

  put(resource: ResourceType, object: Stored): void {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.version++);
    this.objects.set(this.key(resource, object.metadata.namespace, object.metadata.name), stored);
  }

  get<T = Stored>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): T | undefined {
    return this.objects.get(this.key(resource, namespace, name)) as T | undefined;
  }

  asClient(): KubeClient {
    const client = {
      get: (resource: ResourceType, namespace: string | undefined, name: string) => {
        const object = this.get(resource, namespace, name);
        if (!object) return Promise.reject(this.error(404, 'NotFound', resource, name));
        return Promise.resolve(structuredClone(object));
      },
      create: (resource: ResourceType, namespace: string | undefined, body: Stored) => {
        this.beforeWrite?.();
        if (this.get(resource, namespace, body.metadata.name)) {
          return Promise.reject(this.error(409, 'AlreadyExists', resource, body.metadata.name));
        }
        this.put(resource, body);
        this.writes.push(`create ${resource.plural}/${body.metadata.name}`);
        return Promise.resolve(body);
      },
      replace: (
        resource: ResourceType,
        namespace: string | undefined,
        name: string,
        body: Stored,
      ) => {
        this.beforeWrite?.();
        const current = this.get(resource, namespace, name);
        if (!current || current.metadata.resourceVersion !== body.metadata.resourceVersion) {
          return Promise.reject(this.error(409, 'Conflict', resource, name));
        }
        this.put(resource, body);
        this.writes.push(`update ${resource.plural}/${name}`);
        return Promise.resolve(body);
      },
      jsonPatch: (
        resource: ResourceType,
        namespace: string | undefined,
        name: string,
        operations: ({ op: 'test'; path: string; value: unknown } | JsonPatchOperation)[],
      ) => {
        this.beforeWrite?.();
        const current = this.get(resource, namespace, name);
        if (!current) return Promise.reject(this.error(404, 'NotFound', resource, name));
        const test = operations.find((operation) => operation.op === 'test');
        if (test && test.value !== current.metadata.resourceVersion) {
          return Promise.reject(this.error(422, 'Invalid', resource, name));
        }
        const rest = operations.filter((operation) => operation.op !== 'test');
        this.put(resource, applyJsonPatch(current, rest));
        this.writes.push(`patch ${resource.plural}/${name}`);
        return Promise.resolve(current);
      },
    };
    return client as unknown as KubeClient;
  }

  private key(resource: ResourceType, namespace: string | undefined, name: string): string {
    return `${resource.plural}/${namespace ?? ''}/${name}`;
  }

  private error(code: number, reason: string, resource: ResourceType, name: string): KubeApiError {
    return new KubeApiError(code, reason, `${reason}`, {
      verb: 'test',
      resource: resource.plural,
      name,
    });
  }
}
