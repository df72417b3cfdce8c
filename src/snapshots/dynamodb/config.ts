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
}

export const defaultTableName = 'nsscaler-snapshots';
export const defaultHistoryRetentionDays = 30;

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

  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const config = {
    tableName,
    createTable: createTable === 'true',
    historyRetentionDays: Number(days),
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
