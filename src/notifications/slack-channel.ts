import type { SlackNotifications } from '../gen/namespace-scaling-policy.ts';
import { NotificationError } from './errors.ts';
import { readChannelSecret, requireSecretKey } from './secrets.ts';
import { slackPayload } from './slack-payload.ts';
import type { NotificationChannel, NotificationMessage, SecretReader } from './types.ts';

const channel = 'slack';

/**
 * Posts messages to a Slack incoming webhook whose URL is read from a Secret at each send. The
 * URL is a credential: it never appears in an error, a log line or a metric label.
 */
export class SlackChannel implements NotificationChannel {
  readonly kind = channel;
  readonly destination: string;
  readonly #ref: SlackNotifications['webhookSecretRef'];
  readonly #readSecret: SecretReader;

  constructor(spec: SlackNotifications, readSecret: SecretReader) {
    this.#ref = spec.webhookSecretRef;
    this.#readSecret = readSecret;
    this.destination = `${this.#ref.namespace}/${this.#ref.name}/${this.#ref.key}`;
  }

  async send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
    const data = await readChannelSecret(this.#readSecret, this.#ref, channel);
    const url = webhookUrl(requireSecretKey(data, this.#ref.key, { ...this.#ref, channel }));

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(message)),
      signal,
    }).catch((err: unknown) => {
      throw new NotificationError('the webhook could not be reached', {
        code: signal.aborted ? 'Timeout' : 'Unreachable',
        channel,
        cause: err,
      });
    });
    // Slack answers with a short word ("ok", "invalid_token"); read it to free the connection.
    const answer = (await response.text().catch(() => '')).slice(0, 100);

    if (response.ok) return;
    const retryable = response.status === 429 || response.status >= 500;
    throw new NotificationError(`the webhook answered ${response.status} ${answer}`.trim(), {
      code: retryable ? 'ServerError' : 'Refused',
      channel,
    });
  }
}

/** Parses the Secret's value; the error says what is wrong without repeating the value. */
function webhookUrl(value: string): URL {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new NotificationError('the webhook Secret key does not hold an http(s) URL', {
      code: 'SecretInvalid',
      channel,
    });
  }
  return url;
}
