import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { KubeClient } from '../../../src/k8s/client.ts';
import { Notifier } from '../../../src/notifications/notifier.ts';
import { kubeSecretReader } from '../../../src/notifications/secrets.ts';
import {
  capturingLogger,
  freshMetrics,
  metricValue,
  wakeFailure,
} from '../../../src/notifications/testing/fixtures.ts';
import type { Cluster } from '../support/kube.ts';
import { connect, createTestNamespace, deleteNamespace } from '../support/kube.ts';
import { WebhookReceiver, closedPort } from './receivers.ts';

/** The part of a Slack webhook URL that is a credential; it must never reach a log line. */
const webhookToken = 'T0E2E/B0E2E/xoxb-e2e-webhook-token';

describe('Slack notifications through a real Secret and a real HTTP server (O2, O4)', () => {
  let cluster: Cluster;
  let namespace: string;
  let client: KubeClient;
  const receiver = new WebhookReceiver();

  before(async () => {
    cluster = connect();
    namespace = await createTestNamespace(cluster, 'notify-slack');
    client = new KubeClient(cluster.kubeConfig, { fieldManager: 'nsscaler-e2e' });
    const url = `${await receiver.start()}/services/${webhookToken}`;
    const down = `http://127.0.0.1:${await closedPort()}/services/${webhookToken}`;
    await cluster.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'slack' }, stringData: { url, down } },
    });
  });

  after(async () => {
    await receiver.stop();
    await deleteNamespace(cluster, namespace);
  });

  function slackSpec(key: string) {
    return { slack: { webhookSecretRef: { namespace, name: 'slack', key } } };
  }

  it('POSTs JSON naming the policy, namespace, what happened, what nsscaler did, the next step and the correlation id', async () => {
    const metrics = freshMetrics();
    const { logger, lines } = capturingLogger();
    const notifier = new Notifier({ readSecret: kubeSecretReader(client), metrics, logger });
    const notification = wakeFailure();

    const result = notifier.notify(slackSpec('url'), notification);
    await notifier.idle();
    await notifier.close();

    assert.deepEqual(result, { decision: 'Queued', channels: ['slack'] });
    assert.equal(receiver.posts.length, 1);
    const post = receiver.posts[0];
    assert.equal(post?.path, `/services/${webhookToken}`);
    assert.equal(post?.contentType, 'application/json');
    const { text } = JSON.parse(post?.body ?? '{}') as { text: string };
    assert.ok(text.includes('namespace team-a (policy nightly)'), text);
    assert.ok(text.includes(`*What happened:* ${notification.summary}`), text);
    assert.ok(text.includes(`*What nsscaler did:* ${notification.action}`), text);
    assert.ok(text.includes(`*Next step:* ${notification.nextStep}`), text);
    assert.ok(text.includes(notification.correlationId), text);
    assert.equal(await metricValue(metrics.notifications, { channel: 'slack', result: 'sent' }), 1);
    assert.ok(!JSON.stringify(lines).includes(webhookToken), 'a log line holds the webhook URL');
  });

  it('a webhook that is down does not delay notify(), and counts a failure without logging the URL', async () => {
    const metrics = freshMetrics();
    const { logger, lines } = capturingLogger();
    const notifier = new Notifier({
      readSecret: kubeSecretReader(client),
      metrics,
      logger,
      delivery: { maxAttempts: 2, retryDelayMs: 10 },
    });

    const started = performance.now();
    const result = notifier.notify(slackSpec('down'), wakeFailure());
    const notifyMs = performance.now() - started;
    await notifier.idle();
    await notifier.close();

    assert.equal(result.decision, 'Queued');
    assert.ok(notifyMs < 50, `notify() took ${notifyMs.toFixed(1)} ms`);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'slack', result: 'failed' }),
      1,
    );
    const failure = lines.find((line) => line.msg === 'notification failed');
    assert.equal((failure?.err as { code?: string } | undefined)?.code, 'Unreachable');
    assert.equal(failure?.attempts, 2);
    assert.ok(!JSON.stringify(lines).includes(webhookToken), 'a log line holds the webhook URL');
  });

  it('a webhook that refuses the message (404 no_service) is not retried', async () => {
    const metrics = freshMetrics();
    const notifier = new Notifier({
      readSecret: kubeSecretReader(client),
      metrics,
      delivery: { maxAttempts: 3, retryDelayMs: 10 },
    });
    receiver.status = 404;
    const before = receiver.posts.length;

    notifier.notify(slackSpec('url'), wakeFailure({ outcome: 'RolledBack' }));
    await notifier.idle();
    await notifier.close();
    receiver.status = 200;

    assert.equal(receiver.posts.length - before, 1);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'slack', result: 'failed' }),
      1,
    );
  });

  it('a Secret that does not exist fails the delivery with the Secret named, once', async () => {
    const { logger, lines } = capturingLogger();
    const notifier = new Notifier({ readSecret: kubeSecretReader(client), logger });
    const spec = { slack: { webhookSecretRef: { namespace, name: 'no-such-secret', key: 'url' } } };

    notifier.notify(spec, wakeFailure());
    await notifier.idle();
    await notifier.close();

    const failure = lines.find((line) => line.msg === 'notification failed');
    const err = failure?.err as { code?: string; message?: string } | undefined;
    assert.equal(err?.code, 'SecretUnreadable');
    assert.equal(err?.message, `slack: Secret ${namespace}/no-such-secret does not exist`);
    assert.equal(failure?.attempts, 1);
  });
});
