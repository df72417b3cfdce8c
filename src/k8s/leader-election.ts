import type { Logger } from 'pino';

import type { KubeClient } from './client.ts';
import { isConflict, isNotFound } from './errors.ts';
import { resources } from './resources.ts';

export interface LeaderElectionConfig {
  namespace: string;
  name: string;
  /** Unique per process: pod name plus a random suffix. */
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
}

export interface LeaderCallbacks {
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

interface Lease {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const microTime = (date: Date) => date.toISOString().replace('Z', '000Z');

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules: a lease is taken over
 * only when its holder has not renewed it for leaseDurationSeconds, measured on this process's own
 * clock from when the current record was first observed (so clock skew between nodes does not
 * matter); the leader renews every retryPeriodSeconds and steps down when it could not renew for
 * renewDeadlineSeconds; `release()` hands the lease back so a successor need not wait.
 */
export class LeaderElector {
  private readonly client: KubeClient;
  private readonly config: LeaderElectionConfig;
  private readonly logger: Logger;
  private readonly callbacks: LeaderCallbacks;
  private leading = false;
  private observedRecord = '';
  private observedAt = 0;
  private lastRenewal = 0;

  constructor(
    client: KubeClient,
    config: LeaderElectionConfig,
    logger: Logger,
    callbacks: LeaderCallbacks,
  ) {
    this.client = client;
    this.config = config;
    this.logger = logger.child({ lease: `${config.namespace}/${config.name}` });
    this.callbacks = callbacks;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Acquires, renews and re-acquires the lease until `signal` aborts. A leader's attempt is cut
   * off at its renew deadline, so facing a hung API server it steps down by then, before any
   * standby may take the lease over (leaseDuration after the last renewal).
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.attemptTimeoutMs())]);
      const held = await this.tryAcquireOrRenew(attempt).catch((err: unknown) => {
        if (!signal.aborted) this.logger.warn({ err }, 'lease update failed');
        return false;
      });
      // Stopping: an attempt that finished meanwhile must not start leading again.
      if (signal.aborted) break;
      this.afterAttempt(held);
      await sleep(this.config.retryPeriodSeconds * 1000, signal);
    }
  }

  /** Gives the lease up (on SIGTERM) so another replica can take over at once. */
  async release(): Promise<void> {
    if (!this.leading) return;
    this.setLeading(false);
    try {
      const lease = await this.client.get<Lease>(
        resources.lease,
        this.config.namespace,
        this.config.name,
      );
      if (lease.spec?.holderIdentity !== this.config.identity) return;
      await this.client.replace(resources.lease, this.config.namespace, this.config.name, {
        ...lease,
        spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1 },
      });
      this.logger.info('lease released');
    } catch (err) {
      this.logger.warn({ err }, 'could not release the lease; it will expire');
    }
  }

  private attemptTimeoutMs(): number {
    const { renewDeadlineSeconds, retryPeriodSeconds } = this.config;
    const full = Math.max(1_000, (renewDeadlineSeconds - retryPeriodSeconds) * 1000);
    if (!this.leading) return full;
    const untilDeadline = this.lastRenewal + renewDeadlineSeconds * 1000 - Date.now();
    return Math.max(1, Math.min(full, untilDeadline));
  }

  private afterAttempt(held: boolean): void {
    const now = Date.now();
    if (held) {
      this.lastRenewal = now;
      if (!this.leading) this.setLeading(true);
      return;
    }
    const deadlinePassed = now - this.lastRenewal >= this.config.renewDeadlineSeconds * 1000;
    if (this.leading && deadlinePassed) {
      this.logger.error('could not renew the lease before the renew deadline; stepping down');
      this.setLeading(false);
    }
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    this.logger.info({ identity: this.config.identity }, leading ? 'became leader' : 'not leader');
    if (leading) this.callbacks.onStartedLeading();
    else this.callbacks.onStoppedLeading();
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { namespace, name, identity, leaseDurationSeconds } = this.config;
    const now = new Date();
    let lease: Lease;
    try {
      lease = await this.client.get<Lease>(resources.lease, namespace, name, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const spec = {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      };
      return this.write(() =>
        this.client.create(
          resources.lease,
          namespace,
          { metadata: { name, namespace }, spec },
          { signal },
        ),
      );
    }

    const spec = lease.spec ?? {};
    const record = `${spec.holderIdentity ?? ''}|${spec.renewTime ?? ''}`;
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
    const holder = spec.holderIdentity ?? '';
    const duration = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    const expired = this.observedAt + duration < Date.now();
    if (holder !== '' && holder !== identity && !expired) return false;

    const takingOver = holder !== identity;
    const next: Lease = {
      metadata: lease.metadata,
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: takingOver ? microTime(now) : spec.acquireTime,
        renewTime: microTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver && holder !== '' ? 1 : 0),
      },
    };
    return this.write(() =>
      this.client.replace(resources.lease, namespace, name, next, undefined, { signal }),
    );
  }

  /** A write that lost a race (409) means another replica holds or just took the lease. */
  private async write(update: () => Promise<unknown>): Promise<boolean> {
    try {
      await update();
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
