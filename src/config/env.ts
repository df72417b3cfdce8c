import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { readDynamoDbStoreConfig } from '../snapshots/dynamodb/config.ts';
import type { DynamoDbStoreConfig } from '../snapshots/dynamodb/config.ts';
import { defaultKubeWriteBreakerSettings } from '../k8s/write-breaker.ts';
import type { KubeWriteBreakerSettings } from '../k8s/write-breaker.ts';
import { checkTimeZoneName } from '../policy/time-zones.ts';
import { readSavingsConfig } from '../savings/config.ts';
import type { SavingsConfig } from '../savings/config.ts';
import { defaultPrometheusCheckSettings } from '../health/prometheus-check.ts';
import { defaultChannelBreakerSettings } from '../notifications/channel-breaker.ts';
import { readBreakerEnv } from './breaker-env.ts';
import type { BreakerEnvSettings } from './breaker-env.ts';

/** Everything `nsscaler run` is configured with; see docs/configuration.md for each variable. */
export interface ControllerConfig {
  namespace: string;
  identity: string;
  defaultTimeZone?: string | undefined;
  logLevel: string;
  leaderElection: {
    enabled: boolean;
    leaseName: string;
    leaseDurationSeconds: number;
    renewDeadlineSeconds: number;
    retryPeriodSeconds: number;
  };
  kubeQps: number;
  kubeBurst: number;
  kubeWriteBreaker: KubeWriteBreakerSettings;
  maxConcurrentNamespaces: number;
  /** How long a SIGTERM waits for in-flight work before exiting anyway. */
  shutdownTimeoutSeconds: number;
  /** Where /metrics, /healthz and /readyz are served. */
  opsServer: { port: number; host: string };
  dynamoDb: DynamoDbStoreConfig;
  /** Default prices of estimated savings, and how often their amounts are brought up to date. */
  savings: SavingsConfig;
  /** Circuit breakers of the Prometheus check and of the Slack and SMTP destinations. */
  breakers: { prometheus: BreakerEnvSettings; slack: BreakerEnvSettings; smtp: BreakerEnvSettings };
}

export type ConfigResult =
  { ok: true; config: ControllerConfig } | { ok: false; problems: string[] };

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads the configuration from environment variables and reports every bad variable at once,
 * each named with what is wrong (O5), so one start-up attempt shows all mistakes.
 */
export function readControllerConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const problems: string[] = [];
  const text = (name: string, fallback: string) => env[name] ?? fallback;
  const number = (name: string, fallback: number, { min = 1, integer = true } = {}) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
      problems.push(
        `${name}: '${raw}' must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}`,
      );
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'true' && raw !== 'false') problems.push(`${name}: '${raw}' must be true or false`);
    return raw === 'true';
  };

  const namespace = text('NSSCALER_NAMESPACE', 'nsscaler-system');
  if (!dnsLabel.test(namespace)) {
    problems.push(`NSSCALER_NAMESPACE: '${namespace}' is not a namespace name`);
  }
  const defaultTimeZone = env.NSSCALER_DEFAULT_TIME_ZONE || undefined;
  if (defaultTimeZone !== undefined) {
    const problem = checkTimeZoneName(defaultTimeZone);
    if (problem) problems.push(`NSSCALER_DEFAULT_TIME_ZONE: ${problem}`);
  }
  const logLevel = text('LOG_LEVEL', 'info');
  if (!logLevels.includes(logLevel)) {
    problems.push(`LOG_LEVEL: '${logLevel}' must be one of ${logLevels.join(', ')}`);
  }

  const leaderElection = {
    enabled: boolean('NSSCALER_LEADER_ELECTION', true),
    leaseName: text('NSSCALER_LEASE_NAME', 'nsscaler-controller'),
    leaseDurationSeconds: number('NSSCALER_LEASE_DURATION_SECONDS', 15),
    renewDeadlineSeconds: number('NSSCALER_RENEW_DEADLINE_SECONDS', 10),
    retryPeriodSeconds: number('NSSCALER_RETRY_PERIOD_SECONDS', 2),
  };
  if (leaderElection.renewDeadlineSeconds >= leaderElection.leaseDurationSeconds) {
    problems.push(
      'NSSCALER_RENEW_DEADLINE_SECONDS: must be less than NSSCALER_LEASE_DURATION_SECONDS',
    );
  }
  if (leaderElection.retryPeriodSeconds >= leaderElection.renewDeadlineSeconds) {
    problems.push(
      'NSSCALER_RETRY_PERIOD_SECONDS: must be less than NSSCALER_RENEW_DEADLINE_SECONDS',
    );
  }

  const kubeQps = number('NSSCALER_KUBE_QPS', 50, { integer: false });
  const kubeBurst = number('NSSCALER_KUBE_BURST', 100);
  const kubeWriteBreaker = readBreakerEnv(
    'NSSCALER_KUBE',
    defaultKubeWriteBreakerSettings,
    number,
    problems,
    { timeoutVariable: 'NSSCALER_KUBE_BREAKER_TIMEOUT_MS' },
  );
  const maxConcurrentNamespaces = number('NSSCALER_MAX_CONCURRENT_NAMESPACES', 8);
  const shutdownTimeoutSeconds = number('NSSCALER_SHUTDOWN_TIMEOUT_SECONDS', 25);
  const opsServer = {
    port: number('NSSCALER_METRICS_PORT', 8080, { min: 0 }),
    host: text('NSSCALER_METRICS_BIND_ADDRESS', '0.0.0.0'),
  };
  const identity =
    env.NSSCALER_IDENTITY || `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

  const breakers = {
    prometheus: readBreakerEnv(
      'NSSCALER_PROMETHEUS',
      defaultPrometheusCheckSettings,
      number,
      problems,
    ),
    slack: readBreakerEnv('NSSCALER_SLACK', defaultChannelBreakerSettings, number, problems),
    smtp: readBreakerEnv('NSSCALER_SMTP', defaultChannelBreakerSettings, number, problems),
  };
  const dynamoDb = readDynamoDbStoreConfig(env);
  if (!dynamoDb.ok) problems.push(...dynamoDb.problems);

  const savings = readSavingsConfig(env, problems);

  if (problems.length > 0 || !dynamoDb.ok) return { ok: false, problems };
  return {
    ok: true,
    config: {
      namespace,
      identity,
      defaultTimeZone,
      logLevel,
      leaderElection,
      kubeQps,
      kubeBurst,
      kubeWriteBreaker,
      maxConcurrentNamespaces,
      shutdownTimeoutSeconds,
      opsServer,
      dynamoDb: dynamoDb.config,
      savings,
      breakers,
    },
  };
}
