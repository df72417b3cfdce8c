import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NotificationError } from './errors.ts';
import { readSmtpSettings } from './smtp-settings.ts';

const where = { namespace: 'nsscaler-system', name: 'smtp' };

describe('SMTP settings from the smtpSecretRef Secret (keys host, port, username, password)', () => {
  const modes = [
    { port: '465', credentials: true, mode: 'implicit' },
    { port: '465', credentials: false, mode: 'implicit' },
    { port: '587', credentials: true, mode: 'starttls-required' },
    { port: '25', credentials: true, mode: 'starttls-required' },
    { port: '25', credentials: false, mode: 'starttls-if-offered' },
  ] as const;
  for (const { port, credentials, mode } of modes) {
    it(`port ${port} ${credentials ? 'with' : 'without'} credentials uses TLS mode ${mode}`, () => {
      const auth: Record<string, string> = credentials
        ? { username: 'nsscaler', password: 's3cret' }
        : {};

      const settings = readSmtpSettings({ host: 'smtp.example.com', port, ...auth }, where);

      assert.equal(settings.tlsMode, mode);
      assert.equal(settings.port, Number(port));
      assert.equal(settings.credentials?.username, credentials ? 'nsscaler' : undefined);
    });
  }

  const invalid: { case: string; data: Record<string, string>; key: string }[] = [
    { case: 'no host', data: { port: '25' }, key: 'host' },
    { case: 'no port', data: { host: 'smtp' }, key: 'port' },
    { case: 'a port that is not a number', data: { host: 'smtp', port: 'smtp' }, key: 'port' },
    { case: 'a port above 65535', data: { host: 'smtp', port: '70000' }, key: 'port' },
    {
      case: 'a password without a username',
      data: { host: 'smtp', port: '25', password: 'p4ss-not-shown' },
      key: 'username',
    },
  ];
  for (const { case: name, data, key } of invalid) {
    it(`O5: a Secret with ${name} is SecretInvalid, naming key "${key}" and not the password`, () => {
      assert.throws(
        () => readSmtpSettings(data, where),
        (err: unknown) =>
          err instanceof NotificationError &&
          err.code === 'SecretInvalid' &&
          err.retryable === false &&
          err.message.includes(`"${key}"`) &&
          err.message.includes('nsscaler-system/smtp') &&
          !err.message.includes('p4ss-not-shown'),
      );
    });
  }
});
