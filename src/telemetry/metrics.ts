import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const prefix = 'nsscaler_';

/**
 * Every metric nsscaler exports, in a registry of its own (README lists them). Labels are kept to
 * low cardinality: namespace and policy at most, never a pod or workload name.
 */
export function createMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix });
  const metric = { registers: [registry] };
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

  return {
    registry,
    scalingOperations: new Counter({
      name: `${prefix}scaling_operations_total`,
      help: 'Sleep and wake operations that finished, by result.',
      labelNames: ['operation', 'result'] as const,
      ...metric,
    }),
    scalingOperationDuration: new Histogram({
      name: `${prefix}scaling_operation_duration_seconds`,
      help: 'Time from the start of a sleep or wake to its end.',
      labelNames: ['operation'] as const,
      buckets: seconds,
      ...metric,
    }),
    namespaces: new Gauge({
      name: `${prefix}namespaces`,
      help: 'Namespaces managed by a policy, by state.',
      labelNames: ['state'] as const,
      ...metric,
    }),
    workloadsManaged: new Gauge({
      name: `${prefix}workloads_managed`,
      help: 'Workloads in namespaces that policies manage, by kind.',
      labelNames: ['kind'] as const,
      ...metric,
    }),
    workloadsSkipped: new Counter({
      name: `${prefix}workloads_skipped_total`,
      help: 'Workloads left alone at sleep, by reason.',
      labelNames: ['reason'] as const,
      ...metric,
    }),
    reconciles: new Counter({
      name: `${prefix}reconcile_total`,
      help: 'Reconciles of namespaces and policies, by result.',
      labelNames: ['result'] as const,
      ...metric,
    }),
    reconcileDuration: new Histogram({
      name: `${prefix}reconcile_duration_seconds`,
      help: 'Time one reconcile took.',
      buckets: seconds,
      ...metric,
    }),
    queueDepth: new Gauge({
      name: `${prefix}queue_depth`,
      help: 'Keys waiting in or being processed by the work queue.',
      ...metric,
    }),
    queueRetries: new Counter({
      name: `${prefix}queue_retries_total`,
      help: 'Keys requeued with backoff after a failed reconcile.',
      ...metric,
    }),
    kubeRequests: new Counter({
      name: `${prefix}kube_api_requests_total`,
      help: 'Requests to the Kubernetes API, by verb, resource and HTTP code (0: no response).',
      labelNames: ['verb', 'resource', 'code'] as const,
      ...metric,
    }),
    kubeRequestDuration: new Histogram({
      name: `${prefix}kube_api_request_duration_seconds`,
      help: 'Duration of requests to the Kubernetes API.',
      labelNames: ['verb'] as const,
      buckets: seconds,
      ...metric,
    }),
    dynamoDbRequests: new Counter({
      name: `${prefix}dynamodb_requests_total`,
      help: 'Requests to DynamoDB, by store operation and result.',
      labelNames: ['operation', 'result'] as const,
      ...metric,
    }),
    dynamoDbRequestDuration: new Histogram({
      name: `${prefix}dynamodb_request_duration_seconds`,
      help: 'Duration of DynamoDB store operations.',
      labelNames: ['operation'] as const,
      buckets: seconds,
      ...metric,
    }),
    journalPending: new Gauge({
      name: `${prefix}snapshot_journal_pending`,
      help: 'Snapshot records in the local journal not yet replayed to DynamoDB.',
      ...metric,
    }),
    snapshotsWritten: new Counter({
      name: `${prefix}snapshots_written_total`,
      help: 'Snapshot mutations persisted, by store (dynamodb or journal).',
      labelNames: ['store'] as const,
      ...metric,
    }),
    breakerState: new Gauge({
      name: `${prefix}circuit_breaker_state`,
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
      labelNames: ['breaker'] as const,
      ...metric,
    }),
    breakerEvents: new Counter({
      name: `${prefix}circuit_breaker_events_total`,
      help: 'Circuit breaker events (open, close, halfOpen, reject, timeout, failure, success).',
      labelNames: ['breaker', 'event'] as const,
      ...metric,
    }),
    webhookRequests: new Counter({
      name: `${prefix}webhook_requests_total`,
      help: 'Admission requests, by webhook, operation and result.',
      labelNames: ['webhook', 'operation', 'result'] as const,
      ...metric,
    }),
    webhookDuration: new Histogram({
      name: `${prefix}webhook_duration_seconds`,
      help: 'Time to answer an admission request.',
      labelNames: ['webhook'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      ...metric,
    }),
    rollbacks: new Counter({
      name: `${prefix}rollbacks_total`,
      help: 'Namespace rollbacks, by trigger.',
      labelNames: ['trigger'] as const,
      ...metric,
    }),
    healthChecks: new Counter({
      name: `${prefix}health_checks_total`,
      help: 'Post-wake health validations, by result.',
      labelNames: ['result'] as const,
      ...metric,
    }),
    notifications: new Counter({
      name: `${prefix}notifications_total`,
      help: 'Notifications sent, by channel and result.',
      labelNames: ['channel', 'result'] as const,
      ...metric,
    }),
    estimatedSavingsHourly: new Gauge({
      name: `${prefix}estimated_savings_hourly`,
      help: 'Estimated cost saved per hour by asleep namespaces, by namespace and resource.',
      labelNames: ['namespace', 'resource'] as const,
      ...metric,
    }),
    isLeader: new Gauge({
      name: `${prefix}is_leader`,
      help: '1 while this replica holds the leader Lease.',
      ...metric,
    }),
    invalidObjects: new Gauge({
      name: `${prefix}invalid_objects`,
      help: 'Policies and namespaces whose nsscaler configuration is invalid, by kind.',
      labelNames: ['kind'] as const,
      ...metric,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
