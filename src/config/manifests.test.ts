/**
 * The controller's manifests (config/manager, config/webhook) against the code that reads them:
 * Services select exactly the controller pods, ports and paths are the ones nsscaler serves, and
 * every environment variable the Deployment sets is one the configuration readers read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import type { V1Container, V1Deployment, V1Service } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

import { readWebhookConfig } from '../../webhooks/config.ts';
import { readControllerConfig } from './env.ts';

const repoRoot = new URL('../../', import.meta.url);

function manifests<T>(path: string): T[] {
  const text = readFileSync(new URL(path, repoRoot), 'utf8');
  return parseAllDocuments(text).map((document) => document.toJS() as T);
}

const [deployment] = manifests<V1Deployment>('config/manager/deployment.yaml');
const [webhookService] = manifests<V1Service>('config/webhook/service.yaml');
const [metricsService] = manifests<V1Service>('config/manager/metrics-service.yaml');
const [, certificate] = manifests<{ kind: string; spec: { secretName: string } }>(
  'config/webhook/certificate.yaml',
);
const pod = deployment!.spec!.template;
const container: V1Container = pod.spec!.containers[0]!;

/** The Deployment's environment, with fieldRefs resolved as the kubelet would for one pod. */
function podEnvironment(): Record<string, string> {
  const fieldValues: Record<string, string> = {
    'metadata.namespace': deployment!.metadata!.namespace!,
    'metadata.name': 'nsscaler-controller-6f9c7d8b5-x2k4q',
  };
  const entries = (container.env ?? []).map((variable) => {
    const field = variable.valueFrom?.fieldRef?.fieldPath;
    const value = field === undefined ? variable.value : fieldValues[field];
    assert.ok(value !== undefined, `${variable.name} has no value the test can resolve`);
    return [variable.name, value] as const;
  });
  return Object.fromEntries(entries);
}

/** Variables read outside the configuration readers: the logger's level (src/telemetry/logger.ts). */
const readElsewhere = new Set(['LOG_LEVEL']);

describe('controller manifests', () => {
  it('A2 the webhook and metrics Services select the controller pods by a label only they carry', () => {
    const labels = pod.metadata!.labels!;
    assert.equal(labels['app.kubernetes.io/component'], 'controller');
    assert.deepEqual(deployment!.spec!.selector.matchLabels, labels);

    for (const service of [webhookService!, metricsService!]) {
      const selector = service.spec!.selector!;
      assert.deepEqual(selector, labels, `${service.metadata!.name} selects other pods`);
      assert.equal(service.metadata!.namespace, deployment!.metadata!.namespace);
    }
  });

  it('O5 sets only variables that the configuration readers read, with values they accept', () => {
    const env = podEnvironment();
    const read = new Set<string>();
    const recording = new Proxy(env, {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    });

    const controller = readControllerConfig(recording);
    const webhooks = readWebhookConfig(recording, env.NSSCALER_NAMESPACE);

    assert.deepEqual(controller.ok ? [] : controller.problems, []);
    assert.deepEqual(webhooks.ok ? [] : webhooks.problems, []);
    const unread = Object.keys(env).filter((name) => !read.has(name) && !readElsewhere.has(name));
    assert.deepEqual(unread, []);
    assert.ok(controller.ok && controller.config.leaderElection.enabled);
    assert.ok(webhooks.ok && webhooks.config.enabled);
  });

  it('serves the ports and probe paths nsscaler listens on', () => {
    const env = podEnvironment();
    const port = (name: string) => container.ports?.find((entry) => entry.name === name);

    assert.equal(String(port('metrics')?.containerPort), env.NSSCALER_METRICS_PORT);
    assert.equal(String(port('webhook')?.containerPort), env.NSSCALER_WEBHOOK_PORT);
    assert.equal(container.livenessProbe?.httpGet?.path, '/healthz');
    assert.equal(container.readinessProbe?.httpGet?.path, '/readyz');
    assert.equal(container.readinessProbe?.httpGet?.port, 'metrics');
    assert.equal(webhookService!.spec!.ports![0]!.targetPort, 'webhook');
    assert.equal(metricsService!.spec!.ports![0]!.targetPort, 'metrics');
  });

  it("mounts cert-manager's Secret where NSSCALER_WEBHOOK_CERT_DIR points, and a writable journal folder", () => {
    const env = podEnvironment();
    const mount = (path: string) =>
      container.volumeMounts?.find((entry) => path.startsWith(`${entry.mountPath}/`));
    const volume = (name: string | undefined) =>
      pod.spec!.volumes?.find((entry) => entry.name === name);

    const certs = mount(`${env.NSSCALER_WEBHOOK_CERT_DIR}/tls.crt`);
    assert.equal(volume(certs?.name)?.secret?.secretName, certificate!.spec.secretName);
    const journal = mount(env.NSSCALER_JOURNAL_PATH!);
    assert.ok(journal !== undefined && journal.readOnly !== true, 'the journal folder is writable');
  });

  it('runs as non-root with a read-only root file system, 2 replicas and resource requests', () => {
    assert.equal(deployment!.spec!.replicas, 2);
    assert.equal(pod.spec!.securityContext?.runAsNonRoot, true);
    assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
    assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory);
    assert.ok(container.resources?.limits?.memory);
  });
});
