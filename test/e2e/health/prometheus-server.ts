import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where the prometheus binary is: PROMETHEUS_BIN, else the first `prometheus` on PATH. */
export function findPrometheusBinary(): string {
  const candidates = process.env.PROMETHEUS_BIN
    ? [process.env.PROMETHEUS_BIN]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'prometheus'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next one.
    }
  }
  throw new Error(
    'the prometheus binary is not installed: the Prometheus health check e2e test needs it. ' +
      'Install it with `apt-get install -y --no-install-recommends prometheus` (Debian), or set ' +
      'PROMETHEUS_BIN to its path.',
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A metrics endpoint on 127.0.0.1 whose one gauge, `e2e_app_errors{app="web"}`, the test sets. */
export class Exporter {
  errors = 0;
  readonly #server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      '# HELP e2e_app_errors Errors the application under test reports.\n' +
        '# TYPE e2e_app_errors gauge\n' +
        `e2e_app_errors{app="web"} ${this.errors}\n`,
    );
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/**
 * A Prometheus server run from its binary on 127.0.0.1, with its configuration and TSDB in a
 * temporary directory, scraping one target every second. Not the system service.
 */
export class PrometheusServer {
  url = '';
  #process: ChildProcess | undefined;
  #dir = '';
  #stderr = '';

  async start(target: string): Promise<string> {
    const binary = findPrometheusBinary();
    this.#dir = await mkdtemp(join(tmpdir(), 'nsscaler-prometheus-'));
    const config = join(this.#dir, 'prometheus.yml');
    await writeFile(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: e2e-exporter',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.#process = spawn(
      binary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(this.#dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#process.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4_000);
    });
    await this.#waitUntilReady();
    return this.url;
  }

  /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    this.#process = undefined;
  }

  async remove(): Promise<void> {
    await this.stop();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
  }

  async #waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const child = this.#process;
      if (!child || child.exitCode !== null) {
        throw new Error(`prometheus exited with ${child?.exitCode}: ${this.#stderr}`);
      }
      const ready = await fetch(`${this.url}/-/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`prometheus was not ready within 30 s: ${this.#stderr}`);
  }
}
