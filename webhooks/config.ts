import { isIP } from 'node:net';

/** Where the admission server's serving certificate comes from. */
export type CertificateMode =
  | { kind: 'files'; dir: string }
  | {
      kind: 'self-signed';
      /** The Secret in nsscaler's namespace that keeps the CA and the serving certificate. */
      secretName: string;
      /** DNS names and IP addresses the serving certificate is valid for. */
      hosts: string[];
    };

/** How `nsscaler run` serves admission webhooks; see docs/webhooks.md for each variable. */
export interface WebhookConfig {
  enabled: boolean;
  port: number;
  bindAddress: string;
  certificates: CertificateMode;
  /** Name of nsscaler's own Validating- and MutatingWebhookConfiguration (caBundle patching). */
  configurationName: string;
}

export type WebhookConfigResult =
  { ok: true; config: WebhookConfig } | { ok: false; problems: string[] };

const dnsName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Reads the admission server's configuration from environment variables, listing every bad
 * variable at once (O5). The server is off unless NSSCALER_WEBHOOK_ENABLED is true, because it
 * cannot serve without a certificate: either files (NSSCALER_WEBHOOK_CERT_DIR, as cert-manager
 * mounts them) or a self-managed CA (NSSCALER_WEBHOOK_SELF_SIGNED=true), exactly one of them.
 */
export function readWebhookConfig(
  env: NodeJS.ProcessEnv = process.env,
  controllerNamespace = 'nsscaler-system',
): WebhookConfigResult {
  const problems: string[] = [];
  const flag = (name: string, fallback: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'true' && raw !== 'false') problems.push(`${name}: '${raw}' must be true or false`);
    return raw === 'true';
  };
  const name = (variable: string, fallback: string) => {
    const value = env[variable] || fallback;
    if (value.length > 253 || !dnsName.test(value)) {
      problems.push(`${variable}: '${value}' is not a Kubernetes object name`);
    }
    return value;
  };

  const enabled = flag('NSSCALER_WEBHOOK_ENABLED', false);
  const rawPort = env.NSSCALER_WEBHOOK_PORT || '9443';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`NSSCALER_WEBHOOK_PORT: '${rawPort}' must be a whole number from 1 to 65535`);
  }
  const bindAddress = env.NSSCALER_WEBHOOK_BIND_ADDRESS || '0.0.0.0';
  if (isIP(bindAddress) === 0) {
    problems.push(`NSSCALER_WEBHOOK_BIND_ADDRESS: '${bindAddress}' is not an IP address`);
  }
  const configurationName = name('NSSCALER_WEBHOOK_CONFIGURATION_NAME', 'nsscaler');
  const secretName = name('NSSCALER_WEBHOOK_SECRET_NAME', 'nsscaler-webhook-self-managed');
  const serviceName = name('NSSCALER_WEBHOOK_SERVICE_NAME', 'nsscaler-webhook');
  const extraHosts = (env.NSSCALER_WEBHOOK_CERT_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  for (const host of extraHosts) {
    if (isIP(host) === 0 && !dnsName.test(host)) {
      problems.push(`NSSCALER_WEBHOOK_CERT_HOSTS: '${host}' is neither a DNS name nor an IP`);
    }
  }

  const certDir = env.NSSCALER_WEBHOOK_CERT_DIR || undefined;
  const selfSigned = flag('NSSCALER_WEBHOOK_SELF_SIGNED', false);
  if (enabled && certDir !== undefined && selfSigned) {
    problems.push(
      'NSSCALER_WEBHOOK_CERT_DIR: set either it or NSSCALER_WEBHOOK_SELF_SIGNED=true, not both',
    );
  }
  if (enabled && certDir === undefined && !selfSigned) {
    problems.push(
      'NSSCALER_WEBHOOK_CERT_DIR: the webhook server needs a certificate: set this directory ' +
        '(tls.crt and tls.key) or NSSCALER_WEBHOOK_SELF_SIGNED=true',
    );
  }

  if (problems.length > 0) return { ok: false, problems };
  const service = `${serviceName}.${controllerNamespace}.svc`;
  const certificates: CertificateMode =
    certDir !== undefined
      ? { kind: 'files', dir: certDir }
      : {
          kind: 'self-signed',
          secretName,
          hosts: [
            ...new Set([
              serviceName,
              `${serviceName}.${controllerNamespace}`,
              service,
              `${service}.cluster.local`,
              ...extraHosts,
            ]),
          ],
        };
  return { ok: true, config: { enabled, port, bindAddress, certificates, configurationName } };
}
