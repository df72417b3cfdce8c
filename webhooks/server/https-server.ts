import { once } from 'node:events';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

import type { ServingCertificate } from '../tls/certificate-files.ts';

export interface HttpsListener {
  /** The port listened on (useful when 0 asked for any free port). */
  readonly port: number;
  /** Serves new connections with this certificate from now on; open ones keep theirs. */
  setCertificate(certificate: ServingCertificate): void;
  /** Stops accepting, lets requests in flight finish for up to `graceMs`, then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves `app` over HTTPS (TLS 1.2 or later) on host:port. The API server keeps connections to
 * webhooks open, so keep-alive outlasts its idle timeout instead of racing it.
 */
export async function listenHttps(
  app: RequestListener,
  certificate: ServingCertificate,
  address: { host: string; port: number },
): Promise<HttpsListener> {
  const server: Server = createServer(
    { ...certificate, minVersion: 'TLSv1.2', keepAlive: true },
    app,
  );
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  server.listen(address.port, address.host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([err]) => Promise.reject(err as Error)),
  ]);
  const { port } = server.address() as AddressInfo;

  return {
    port,
    setCertificate(next) {
      server.setSecureContext({ ...next, minVersion: 'TLSv1.2' });
    },
    async close(graceMs = 2_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
