/**
 * Configuration of the DynamoDB snapshot store, from the environment. Credentials are not read
 * here: the AWS SDK's default provider chain finds them (environment, profile, web identity,
 * container or instance role).
 */

export interface DynamoDbStoreConfig {
  readonly tableName: string;
  /** Undefined lets the SDK resolve the region (AWS_REGION, then the shared config file). */
  readonly region?: string;
  /** Overrides the service endpoint, for DynamoDB Local. */
  readonly endpoint?: string;
  /** Whether `ensureTable` may create the table when it does not exist. */
  readonly createTable: boolean;
  /** How long a snapshot is kept as history once it stops being active (R9). */
  readonly historyRetentionDays: number;
  /** The durable local journal that takes snapshot changes while DynamoDB is unavailable (O3). */
  readonly journalPath: string;
  readonly breaker: BreakerSettings;
}

/** The circuit breaker in front of DynamoDB (opossum's terms). */
export interface BreakerSettings {
  /** A DynamoDB call that takes longer fails, and its requests are cancelled. */
  readonly timeoutMs: number;
  /** The breaker opens when more than this share of calls in the rolling window (10 s) fail. */
  readonly errorThresholdPercentage: number;
  /** How long the breaker stays open before it lets one trial call through (half-open). */
  readonly resetTimeoutMs: number;
  /** Calls in the rolling window before the breaker may open at all. */
  readonly volumeThreshold: number;
}

export const defaultTableName = 'nsscaler-snapshots';
export const defaultHistoryRetentionDays = 30;
export const defaultJournalPath = '/var/lib/nsscaler/snapshot-journal';

const breakerVariables: Record<keyof BreakerSettings, BoundedNumber> = {
  timeoutMs: { name: 'NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS', fallback: 3_000, min: 100 },
  errorThresholdPercentage: {
    name: 'NSSCALER_DYNAMODB_BREAKER_ERROR_PERCENTAGE',
    fallback: 50,
    min: 1,
    max: 100,
  },
  resetTimeoutMs: {
    name: 'NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS',
    fallback: 10_000,
    min: 100,
  },
  volumeThreshold: { name: 'NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD', fallback: 5, min: 0 },
};

/** Region used with an endpoint override and no region set: DynamoDB Local ignores it. */
const localRegion = 'us-east-1';

export type ConfigRead =
  | { readonly ok: true; readonly config: DynamoDbStoreConfig }
  | { readonly ok: false; readonly problems: string[] };

/**
 * Reads the store's configuration, and reports every problem at once with the variable at fault:
 *
 * - `NSSCALER_DYNAMODB_TABLE`: table name (default `nsscaler-snapshots`).
 * - `AWS_ENDPOINT_URL_DYNAMODB`, else `DYNAMODB_ENDPOINT`: endpoint override (DynamoDB Local).
 * - `AWS_REGION`, else `AWS_DEFAULT_REGION`: region.
 * - `NSSCALER_DYNAMODB_CREATE_TABLE`: `true` lets nsscaler create the table (default `false`).
 * - `NSSCALER_SNAPSHOT_HISTORY_DAYS`: days of history after a wake (default 30).
 * - `NSSCALER_JOURNAL_PATH`: the local journal file (default `/var/lib/nsscaler/snapshot-journal`).
 * - `NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS` (3000), `NSSCALER_DYNAMODB_BREAKER_ERROR_PERCENTAGE`
 *   (50), `NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS` (10000) and
 *   `NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD` (5): the circuit breaker (see BreakerSettings).
 */
export function readDynamoDbStoreConfig(env: NodeJS.ProcessEnv = process.env): ConfigRead {
  const problems: string[] = [];

  const tableName = env.NSSCALER_DYNAMODB_TABLE ?? defaultTableName;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    problems.push(`NSSCALER_DYNAMODB_TABLE: '${tableName}' is not a DynamoDB table name`);
  }

  const [endpointVariable, endpoint] = firstSet(env, [
    'AWS_ENDPOINT_URL_DYNAMODB',
    'DYNAMODB_ENDPOINT',
  ]);
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    problems.push(`${endpointVariable}: '${endpoint}' is not a URL`);
  }

  const [, configuredRegion] = firstSet(env, ['AWS_REGION', 'AWS_DEFAULT_REGION']);
  const region = configuredRegion ?? (endpoint === undefined ? undefined : localRegion);

  const createTable = env.NSSCALER_DYNAMODB_CREATE_TABLE ?? 'false';
  if (createTable !== 'true' && createTable !== 'false') {
    problems.push(`NSSCALER_DYNAMODB_CREATE_TABLE: '${createTable}' must be true or false`);
  }

  const days = env.NSSCALER_SNAPSHOT_HISTORY_DAYS ?? String(defaultHistoryRetentionDays);
  if (!/^[1-9][0-9]{0,4}$/.test(days)) {
    problems.push(`NSSCALER_SNAPSHOT_HISTORY_DAYS: '${days}' must be a whole number of days`);
  }

  const journalPath = env.NSSCALER_JOURNAL_PATH ?? defaultJournalPath;
  if (journalPath === '' || journalPath.endsWith('/')) {
    problems.push(`NSSCALER_JOURNAL_PATH: '${journalPath}' must name a file`);
  }

  const breaker = {} as Record<keyof BreakerSettings, number>;
  for (const [setting, variable] of Object.entries(breakerVariables)) {
    breaker[setting as keyof BreakerSettings] = readBoundedNumber(env, variable, problems);
  }

  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const config = {
    tableName,
    createTable: createTable === 'true',
    historyRetentionDays: Number(days),
    journalPath,
    breaker,
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
  return { ok: true, config };
}

function firstSet(env: NodeJS.ProcessEnv, names: string[]): [string, string | undefined] {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      return [name, value];
    }
  }
  return ['', undefined];
}

interface BoundedNumber {
  readonly name: string;
  readonly fallback: number;
  readonly min: number;
  readonly max?: number;
}

function readBoundedNumber(
  env: NodeJS.ProcessEnv,
  { name, fallback, min, max = Number.MAX_SAFE_INTEGER }: BoundedNumber,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    problems.push(`${name}: '${raw}' must be a whole number ${range}`);
    return fallback;
  }
  return value;
}
