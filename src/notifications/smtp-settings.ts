import { NotificationError } from './errors.ts';

/** How the connection to the SMTP server is protected. */
export type SmtpTlsMode = 'implicit' | 'starttls-required' | 'starttls-if-offered';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly tlsMode: SmtpTlsMode;
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** The port on which SMTP servers speak TLS from the first byte (RFC 8314 submissions). */
const implicitTlsPort = 465;

/**
 * Reads the SMTP connection from the keys of the policy's `smtpSecretRef` Secret, as the CRD
 * documents them: `host`, `port`, and optionally `username` and `password`. The CRD has no TLS
 * key, so the mode follows from the port and the credentials:
 *
 * - port 465: TLS from the first byte;
 * - any other port with credentials: STARTTLS is required, so a password never crosses the
 *   network in clear text;
 * - any other port without credentials: STARTTLS when the server offers it.
 *
 * Certificates are always verified.
 */
export function readSmtpSettings(
  data: Record<string, string>,
  where: { namespace: string; name: string },
): SmtpSettings {
  const invalid = (problem: string) =>
    new NotificationError(`Secret ${where.namespace}/${where.name}: ${problem}`, {
      code: 'SecretInvalid',
      channel: 'email',
    });
  const host = data.host?.trim();
  const portText = data.port?.trim();
  const username = data.username?.trim();
  const password = data.password;

  if (!host) throw invalid('key "host" is missing or empty');
  if (!portText) throw invalid('key "port" is missing or empty');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw invalid(`key "port" must be a TCP port (1-65535), not "${portText}"`);
  }
  if (Boolean(username) !== Boolean(password)) {
    throw invalid('keys "username" and "password" go together: set both or neither');
  }

  const credentials = username && password ? { username, password } : undefined;
  const tlsMode: SmtpTlsMode =
    port === implicitTlsPort
      ? 'implicit'
      : credentials
        ? 'starttls-required'
        : 'starttls-if-offered';
  return { host, port, tlsMode, ...(credentials ? { credentials } : {}) };
}
