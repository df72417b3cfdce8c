import { randomBytes } from 'node:crypto';

import type { Logger } from 'pino';

import { currentOperationContext } from '../telemetry/context.ts';
import type { KubeClient } from './client.ts';
import { resources } from './resources.ts';

export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  uid?: string | undefined;
}

export interface EventSpec {
  type: 'Normal' | 'Warning';
  /** CamelCase, such as `NamespaceAsleep` or `RestoreIncomplete`. */
  reason: string;
  /** What nsscaler did, such as `Sleep`, `Wake`, `Skip`. */
  action: string;
  note: string;
  regarding: ObjectReference;
  related?: ObjectReference | undefined;
}

/** Events of cluster-scoped objects (policies, namespaces) live here, as Kubernetes does it. */
const clusterScopedEventNamespace = 'default';

/**
 * Writes events.k8s.io/v1 Events. The note ends with the correlation id of the operation that
 * caused it, so an Event leads to the log lines of the same operation. Failing to write an Event
 * is logged and never fails the operation.
 */
export class EventRecorder {
  private readonly client: KubeClient;
  private readonly logger: Logger;
  private readonly instance: string;

  constructor(client: KubeClient, logger: Logger, instance: string) {
    this.client = client;
    this.logger = logger;
    this.instance = instance;
  }

  async emit(event: EventSpec): Promise<void> {
    const correlationId = currentOperationContext()?.correlationId;
    const note = correlationId ? `${event.note} (correlation id ${correlationId})` : event.note;
    // A Namespace's Events live in the namespace itself, so `kubectl get events -n` shows them.
    const regarding =
      event.regarding.kind === 'Namespace'
        ? { ...event.regarding, namespace: event.regarding.name }
        : event.regarding;
    const namespace = regarding.namespace ?? clusterScopedEventNamespace;
    const body = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: {
        name: `${event.regarding.name}.${Date.now().toString(16)}${randomBytes(3).toString('hex')}`,
        namespace,
      },
      eventTime: new Date().toISOString().replace('Z', '000Z'),
      reportingController: 'nsscaler.io/controller',
      reportingInstance: this.instance,
      type: event.type,
      reason: event.reason,
      action: event.action,
      note: note.slice(0, 1024),
      regarding,
      ...(event.related ? { related: event.related } : {}),
    };
    try {
      await this.client.create(resources.event, namespace, body);
    } catch (err) {
      this.logger.warn({ err, reason: event.reason }, 'could not write an Event');
    }
  }
}
