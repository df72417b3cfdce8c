import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { KubeConfig } from '@kubernetes/client-node';

import { localKubeConfig } from './local-kubeconfig.ts';

export interface StoredLease {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { holderIdentity?: string | null; renewTime?: string; leaseDurationSeconds?: number };
}

/**
 * An HTTP stand-in for the API server's Leases in one namespace: get, create and replace with
 * resourceVersion checks (409 on a stale write). While `hung` is true it answers nothing, as an
 * API server that stopped responding; `renewedAt` is when a replace last succeeded.
 */
export class LeaseServer {
  readonly leases = new Map<string, StoredLease>();
  hung = false;
  renewedAt = 0;
  private version = 1;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      if (this.hung) return;
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => this.answer(request, response, body));
    });
  }

  async listen(): Promise<KubeConfig> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return localKubeConfig(port);
  }

  /** Stores a lease as another writer would. */
  put(lease: Omit<StoredLease, 'metadata'> & { metadata: { name: string; namespace: string } }) {
    const stored = {
      ...lease,
      metadata: { ...lease.metadata, resourceVersion: this.nextVersion() },
    };
    this.leases.set(lease.metadata.name, stored);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private nextVersion(): string {
    this.version += 1;
    return String(this.version);
  }

  private answer(request: IncomingMessage, response: ServerResponse, body: string): void {
    const match =
      /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/[^/]+\/leases(?:\/([^/?]+))?/.exec(
        request.url ?? '',
      );
    const send = (status: number, object: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(object));
    };
    const status = (code: number, reason: string): void =>
      send(code, { kind: 'Status', code, reason, message: reason });
    if (!match) return status(404, 'NotFound');

    const name = match[1];
    const existing = name ? this.leases.get(name) : undefined;
    if (request.method === 'GET') return existing ? send(200, existing) : status(404, 'NotFound');
    const lease = JSON.parse(body) as StoredLease;
    if (request.method === 'POST') {
      if (this.leases.has(lease.metadata.name)) return status(409, 'AlreadyExists');
      this.put(lease);
      return send(201, this.leases.get(lease.metadata.name));
    }
    if (request.method === 'PUT' && name) {
      if (!existing || existing.metadata.resourceVersion !== lease.metadata.resourceVersion) {
        return status(409, 'Conflict');
      }
      this.put({ ...lease, metadata: { name, namespace: existing.metadata.namespace } });
      this.renewedAt = Date.now();
      return send(200, this.leases.get(name));
    }
    return status(405, 'MethodNotAllowed');
  }
}
