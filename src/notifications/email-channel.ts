import type { ConnectionOptions } from 'node:tls';

import { createTransport } from 'nodemailer';

import type { EmailNotifications } from '../gen/namespace-scaling-policy.ts';
import { NotificationError } from './errors.ts';
import type { NotificationErrorCode } from './errors.ts';
import { readChannelSecret } from './secrets.ts';
import { readSmtpSettings } from './smtp-settings.ts';
import type { SmtpSettings } from './smtp-settings.ts';
import type { NotificationChannel, NotificationMessage, SecretReader } from './types.ts';

const channel = 'email';

export interface EmailChannelOptions {
  /** Connect, greeting and idle-socket timeout of one SMTP session. */
  readonly timeoutMs: number;
  /** Extra TLS options, such as `ca` for a server whose certificate a private CA signed. */
  readonly tls?: ConnectionOptions | undefined;
}

/**
 * Sends messages as plain-text email through the SMTP server a Secret describes. The Secret is
 * read at each send, and each send opens and closes its own SMTP session: notifications are
 * rare, and nothing is left connected to a server that may go away.
 */
export class EmailChannel implements NotificationChannel {
  readonly kind = channel;
  readonly destination: string;
  readonly #spec: EmailNotifications;
  readonly #readSecret: SecretReader;
  readonly #options: EmailChannelOptions;

  constructor(spec: EmailNotifications, readSecret: SecretReader, options: EmailChannelOptions) {
    this.#spec = spec;
    this.#readSecret = readSecret;
    this.#options = options;
    this.destination = `${spec.smtpSecretRef.namespace}/${spec.smtpSecretRef.name}`;
  }

  async send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
    const ref = this.#spec.smtpSecretRef;
    const settings = readSmtpSettings(await readChannelSecret(this.#readSecret, ref, channel), ref);
    const transport = createTransport(transportOptions(settings, this.#options));

    try {
      await transport.sendMail({
        from: this.#spec.from,
        to: this.#spec.to,
        subject: message.subject,
        text: message.text,
        signal,
      });
    } catch (err) {
      throw smtpError(err, settings);
    } finally {
      transport.close();
    }
  }
}

function transportOptions(settings: SmtpSettings, options: EmailChannelOptions) {
  const { credentials } = settings;
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.tlsMode === 'implicit',
    requireTLS: settings.tlsMode === 'starttls-required',
    ...(credentials ? { auth: { user: credentials.username, pass: credentials.password } } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  };
}

interface SmtpFailure {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  message?: string;
}

/** Node's codes for a server certificate that is not trusted, expired, or for another host. */
const untrustedCertificate = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

/**
 * Turns a nodemailer error into a NotificationError. The original is not kept as `cause`: its
 * fields can repeat commands of the session, so only its codes and first line are kept.
 */
function smtpError(err: unknown, settings: SmtpSettings): NotificationError {
  const failure = (typeof err === 'object' && err !== null ? err : {}) as SmtpFailure;
  const code = errorCode(failure);
  const server = `SMTP server ${settings.host}:${settings.port}`;
  const codes = [failure.code, failure.originalCode].filter(Boolean).join(' ') || 'error';
  const detail = String(failure.message ?? 'no detail')
    .split('\n')[0]
    ?.slice(0, 200);
  return new NotificationError(`${server} did not take the message (${codes}): ${detail}`, {
    code,
    channel,
  });
}

function errorCode(failure: SmtpFailure): NotificationErrorCode {
  if (failure.code === 'EABORT') return 'Timeout';
  if (failure.code === 'EAUTH' || failure.code === 'ETLS') return 'Refused';
  if (untrustedCertificate.test(failure.originalCode ?? '')) return 'Refused';
  if (failure.responseCode !== undefined) {
    return failure.responseCode >= 500 ? 'Refused' : 'ServerError';
  }
  return failure.code === 'ETIMEDOUT' ? 'Timeout' : 'Unreachable';
}
