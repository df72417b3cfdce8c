/**
 * The admission webhook benchmark (`make bench-webhooks`): autocannon at concurrency 32 against
 * nsscaler's workload webhook over HTTPS, then against a bare node:https server that answers the
 * same AdmissionReview with a constant, in the same run and on the same machine. Each server runs
 * in a child process; the two are loaded in alternating rounds and the medians reported, so a
 * change in the machine's load affects both. Prints one JSON document on stdout: latency p50/p99
 * (ms), requests per second, and whether p99 < 5 ms and throughput >= 60 % of the bare server's.
 * Progress goes to stderr.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import autocannon from 'autocannon';

import { generateCertificateBundle } from '../webhooks/tls/generate.ts';
import { benchReview, namespaceCount, policyCount } from './webhook-fixture.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const log = (message: string) => process.stderr.write(`[bench-webhooks] ${message}\n`);

interface Measured {
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requestsPerSecond: number;
  requests: number;
  errors: number;
  non2xx: number;
}

type ServerKind = 'nsscaler' | 'bare' | 'express';

async function startServer(
  kind: ServerKind,
  certificate: { cert: string; key: string },
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(new URL('./webhook-server.ts', import.meta.url).pathname, [kind], {
    env: { ...process.env, BENCH_CERT: certificate.cert, BENCH_KEY: certificate.key },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await once(child, 'message')) as [{ port: number; path: string }];
  return { child, url: `https://127.0.0.1:${message.port}${message.path}` };
}

async function load(url: string, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: benchReview(),
    connections,
    pipelining: 1,
    duration: seconds,
  });
  return {
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The median of a few numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Per-round results folded into one: medians of latency percentiles and throughput. */
function summarize(rounds: Measured[]): Measured & { rounds: number[] } {
  return {
    latencyMs: {
      p50: median(rounds.map((round) => round.latencyMs.p50)),
      p90: median(rounds.map((round) => round.latencyMs.p90)),
      p99: median(rounds.map((round) => round.latencyMs.p99)),
      max: Math.max(...rounds.map((round) => round.latencyMs.max)),
    },
    requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    rounds: rounds.map((round) => round.requestsPerSecond),
  };
}

const certificate = await generateCertificateBundle(['127.0.0.1']);
const servers: Record<ServerKind, { child: ChildProcess; url: string }> = {
  nsscaler: await startServer('nsscaler', certificate),
  bare: await startServer('bare', certificate),
  express: await startServer('express', certificate),
};
const results: Record<ServerKind, Measured[]> = { nsscaler: [], bare: [], express: [] };
try {
  for (const [kind, server] of Object.entries(servers)) {
    log(`${kind}: warming up ${warmupSeconds} s`);
    await load(server.url, warmupSeconds);
  }
  // Rounds alternate the order of the servers, so a change in the machine's load hits all alike.
  for (let round = 0; round < rounds; round += 1) {
    const order: ServerKind[] =
      round % 2 === 0 ? ['nsscaler', 'bare', 'express'] : ['express', 'bare', 'nsscaler'];
    for (const kind of order) {
      log(
        `round ${round + 1}/${rounds}: ${kind}, ${connections} connections for ${durationSeconds} s`,
      );
      results[kind].push(await load(servers[kind].url, durationSeconds));
    }
  }
} finally {
  for (const { child } of Object.values(servers)) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
const nsscaler = summarize(results.nsscaler);
const bare = summarize(results.bare);
const emptyExpress = summarize(results.express);
const throughputRatio = nsscaler.requestsPerSecond / bare.requestsPerSecond;

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'admission webhook: workload mutation (Deployment created in an asleep namespace)',
      connections,
      durationSeconds,
      rounds,
      clusterView: { policies: policyCount, namespaces: namespaceCount },
      nsscaler,
      bare,
      emptyExpressApp: emptyExpress,
      throughputRatio: Math.round(throughputRatio * 1000) / 1000,
      targets: {
        p99UnderFiveMs: nsscaler.latencyMs.p99 < 5,
        throughputAtLeast60PercentOfBare: throughputRatio >= 0.6,
      },
    },
    null,
    2,
  )}\n`,
);
