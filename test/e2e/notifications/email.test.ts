import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EmailNotifications } from '../../../src/gen/namespace-scaling-policy.ts';
import { Notifier } from '../../../src/notifications/notifier.ts';
import type { NotifierOptions } from '../../../src/notifications/notifier.ts';
import {
  capturingLogger,
  freshMetrics,
  metricValue,
  wakeFailure,
} from '../../../src/notifications/testing/fixtures.ts';
import { generateCertificateBundle } from '../../../webhooks/tls/generate.ts';
import { closedPort } from './receivers.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

const credentials = { username: 'nsscaler', password: 'smtp-e2e-password' };

/** The spec of a policy mailing two people through the Secret `smtp`. */
const emailSpec: { email: EmailNotifications } = {
  email: {
    smtpSecretRef: { namespace: 'nsscaler-system', name: 'smtp' },
    from: 'nsscaler@example.com',
    to: ['oncall@example.com', 'team-a@example.com'],
  },
};

/** A Secret reader stub that holds the one Secret `nsscaler-system/smtp`. */
function secretHolding(data: Record<string, string>): NotifierOptions['readSecret'] {
  return (namespace, name) =>
    namespace === 'nsscaler-system' && name === 'smtp'
      ? Promise.resolve(data)
      : Promise.reject(new Error(`no Secret ${namespace}/${name} in this test`));
}

async function sendOne(readSecret: NotifierOptions['readSecret'], extra: Partial<NotifierOptions>) {
  const metrics = freshMetrics();
  const { logger, lines } = capturingLogger();
  const notifier = new Notifier({ readSecret, metrics, logger, ...extra });
  const started = performance.now();
  const result = notifier.notify(emailSpec, wakeFailure());
  const notifyMs = performance.now() - started;
  await notifier.idle();
  await notifier.close();
  return { result, notifyMs, metrics, lines };
}

describe('email notifications to a real SMTP server on 127.0.0.1 (O2, O4)', () => {
  const plain = new SmtpReceiver({ disabledCommands: ['STARTTLS'] }, null);
  let plainPort: number;
  let tlsReceiver: SmtpReceiver;
  let tlsPort: number;
  let caCert: string;

  before(async () => {
    plainPort = await plain.start();
    const bundle = await generateCertificateBundle(['127.0.0.1']);
    caCert = bundle.caCert;
    tlsReceiver = new SmtpReceiver({ key: bundle.key, cert: bundle.cert }, credentials);
    tlsPort = await tlsReceiver.start();
  });

  after(async () => {
    await plain.stop();
    await tlsReceiver.stop();
  });

  it('delivers one mail to every recipient with a subject and body that say what happened and what to do', async () => {
    const secret = secretHolding({ host: '127.0.0.1', port: String(plainPort) });

    const { result, metrics } = await sendOne(secret, {});

    assert.deepEqual(result, { decision: 'Queued', channels: ['email'] });
    assert.equal(plain.mails.length, 1);
    const mail = plain.mails[0];
    const n = wakeFailure();
    assert.equal(mail?.mailFrom, 'nsscaler@example.com');
    assert.deepEqual(mail?.rcptTo, ['oncall@example.com', 'team-a@example.com']);
    assert.equal(mail?.subject, '[nsscaler] Wake failed: namespace team-a (policy nightly)');
    for (const line of [
      'Policy: nightly',
      'Namespace: team-a',
      `What happened: ${n.summary}`,
      `What nsscaler did: ${n.action}`,
      `Next step: ${n.nextStep}`,
      `Correlation id: ${n.correlationId}`,
    ]) {
      assert.ok(mail?.body.includes(line), `the body lacks "${line}":\n${mail?.body}`);
    }
    assert.equal(await metricValue(metrics.notifications, { channel: 'email', result: 'sent' }), 1);
  });

  it('with username and password, logs in only after STARTTLS, verifying the server certificate', async () => {
    const secret = secretHolding({ host: '127.0.0.1', port: String(tlsPort), ...credentials });

    const { metrics, lines } = await sendOne(secret, { smtpTls: { ca: caCert } });

    assert.equal(tlsReceiver.mails.length, 1);
    assert.equal(tlsReceiver.mails[0]?.secure, true);
    assert.equal(tlsReceiver.mails[0]?.user, 'nsscaler');
    assert.equal(await metricValue(metrics.notifications, { channel: 'email', result: 'sent' }), 1);
    assert.ok(
      !JSON.stringify(lines).includes(credentials.password),
      'a log line holds the password',
    );
  });

  it('does not trust a server certificate that no configured CA signed, and does not retry', async () => {
    const secret = secretHolding({ host: '127.0.0.1', port: String(tlsPort), ...credentials });
    const before = tlsReceiver.logins;

    const { metrics, lines } = await sendOne(secret, { delivery: { maxAttempts: 3 } });

    assert.equal(tlsReceiver.logins, before);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'email', result: 'failed' }),
      1,
    );
    const failure = lines.find((line) => line.msg === 'notification failed');
    const err = failure?.err as { code?: string; message?: string } | undefined;
    assert.equal(err?.code, 'Refused');
    assert.match(err?.message ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    assert.equal(failure?.attempts, 1);
  });

  it('never sends the password to a server that does not offer STARTTLS, and says so', async () => {
    const insecure = new SmtpReceiver(
      { disabledCommands: ['STARTTLS'], allowInsecureAuth: true },
      credentials,
    );
    const port = await insecure.start();
    const secret = secretHolding({ host: '127.0.0.1', port: String(port), ...credentials });

    const { metrics, lines } = await sendOne(secret, { delivery: { maxAttempts: 3 } });
    await insecure.stop();

    assert.equal(insecure.logins, 0);
    assert.equal(insecure.mails.length, 0);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'email', result: 'failed' }),
      1,
    );
    const failure = lines.find((line) => line.msg === 'notification failed');
    assert.equal((failure?.err as { code?: string } | undefined)?.code, 'Refused');
    assert.equal(failure?.attempts, 1);
  });

  it('a server that is down does not delay notify(), and counts a failure', async () => {
    const secret = secretHolding({ host: '127.0.0.1', port: String(await closedPort()) });

    const { result, notifyMs, metrics } = await sendOne(secret, {
      delivery: { maxAttempts: 2, retryDelayMs: 10 },
    });

    assert.equal(result.decision, 'Queued');
    assert.ok(notifyMs < 50, `notify() took ${notifyMs.toFixed(1)} ms`);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'email', result: 'failed' }),
      1,
    );
  });
});
