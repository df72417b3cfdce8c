import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { WaitAborted, waitFor } from './kube.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const stateDir = process.env.NSSCALER_STATE ?? join(repoRoot, '.local');

export interface ControllerOptions {
  /** Kubeconfig the controller uses (the ServiceAccount's, in the e2e suite). */
  kubeconfig: string;
  /** DynamoDB table; each test file uses its own. */
  table: string;
  /** A name for the log file in .local/e2e/. */
  name: string;
  env?: Record<string, string>;
  /** Run the compiled JavaScript in dist/ (after `make build`) instead of the TypeScript source. */
  compiled?: boolean;
  /** Extra options for node itself, such as V8 heap flags. */
  nodeArgs?: string[];
}

/**
 * `nsscaler run` as a child process, the way an operator runs it: real API server, real
 * DynamoDB Local, configuration from the environment. Its JSON log goes to .local/e2e/<name>.log
 * and is kept in memory for assertions.
 */
export class ControllerProcess {
  readonly options: ControllerOptions;
  readonly logLines: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(options: ControllerOptions) {
    this.options = options;
  }

  /** Starts the process and waits until it leads and reconciles (or, as a standby, has started). */
  async start(until: 'leading' | 'started' = 'leading'): Promise<void> {
    const dir = join(stateDir, 'e2e');
    mkdirSync(dir, { recursive: true });
    const log = createWriteStream(join(dir, `${this.options.name}.log`), { flags: 'a' });
    const entry = this.options.compiled ? 'dist/src/cli/main.js' : 'src/cli/main.ts';
    const args = [...(this.options.nodeArgs ?? []), join(repoRoot, entry), 'run'];
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        KUBECONFIG: this.options.kubeconfig,
        DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        NSSCALER_DYNAMODB_TABLE: this.options.table,
        NSSCALER_DYNAMODB_CREATE_TABLE: 'true',
        NSSCALER_LEASE_NAME: `nsscaler-${this.options.name}`,
        NSSCALER_LEASE_DURATION_SECONDS: '6',
        NSSCALER_RENEW_DEADLINE_SECONDS: '4',
        NSSCALER_RETRY_PERIOD_SECONDS: '1',
        LOG_LEVEL: 'debug',
        NSSCALER_METRICS_BIND_ADDRESS: '127.0.0.1',
        NSSCALER_METRICS_PORT: '0',
        // A snapshot journal of its own per process (a restart passes the same path to replay it).
        NSSCALER_JOURNAL_PATH: join(
          dir,
          'journals',
          `${this.options.table}-${this.options.env?.NSSCALER_IDENTITY ?? this.options.name}`,
        ),
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      this.logLines.push(...chunk.toString().split('\n').filter(Boolean));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);

    const marker = until === 'leading' ? 'leading: reconciling' : 'nsscaler started';
    await waitFor(
      `controller ${this.options.name} to be ${until}`,
      () => {
        if (child.exitCode !== null) {
          throw new WaitAborted(
            `controller exited with ${child.exitCode}: ${this.logLines.slice(-5).join('\n')}`,
          );
        }
        const ready = this.logLines.some((line) => line.includes(marker));
        return Promise.resolve(ready ? true : undefined);
      },
      { timeoutMs: 30_000 },
    );
  }

  /** SIGKILL: no clean-up, no Lease release, as a crashed process. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, and waits for the process to exit; returns its exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** The port of /metrics, /healthz and /readyz, from the start-up log line. */
  metricsPort(): number {
    const line = this.logLines.find((candidate) => candidate.includes('"metricsPort"'));
    const port = line ? (JSON.parse(line) as { metricsPort?: number }).metricsPort : undefined;
    if (!port) throw new Error('the controller did not log its metrics port');
    return port;
  }

  /** Scrapes /metrics and returns the value of one sample, 0 when it is absent. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort()}/metrics`)).text();
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
          wanted.every((label) => candidate.includes(label)),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  pid(): number {
    if (this.child?.pid === undefined) throw new Error('the controller is not running');
    return this.child.pid;
  }

  logged(pattern: RegExp): string[] {
    return this.logLines.filter((line) => pattern.test(line));
  }
}
