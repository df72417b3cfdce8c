import type { ConnectionOptions } from 'node:tls';

import type { Notifications } from '../gen/namespace-scaling-policy.ts';
import { EmailChannel } from './email-channel.ts';
import { SlackChannel } from './slack-channel.ts';
import type { NotificationChannel, SecretReader } from './types.ts';

export interface ChannelDependencies {
  readonly readSecret: SecretReader;
  /** SMTP session timeouts; the breaker's timeout should be the same or longer. */
  readonly smtpTimeoutMs: number;
  /** Extra TLS options for SMTP servers, such as a private CA (`ca`). */
  readonly smtpTls?: ConnectionOptions | undefined;
}

/**
 * The Slack and email channels a policy's `notifications` configures. Kubernetes Events are not
 * among them: the controller emits those itself, for every outcome, whatever `on` says.
 */
export function channelsFromSpec(
  spec: Notifications | undefined,
  deps: ChannelDependencies,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (spec?.slack) channels.push(new SlackChannel(spec.slack, deps.readSecret));
  if (spec?.email) {
    const options = { timeoutMs: deps.smtpTimeoutMs, tls: deps.smtpTls };
    channels.push(new EmailChannel(spec.email, deps.readSecret, options));
  }
  return channels;
}
