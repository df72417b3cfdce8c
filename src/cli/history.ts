import { parseArgs } from 'node:util';

import { readDynamoDbStoreConfig } from '../snapshots/dynamodb/config.ts';
import { createDynamoDbClient, openDynamoDbSnapshotStore } from '../snapshots/dynamodb-store.ts';
import type { SnapshotSummary } from '../snapshots/types.ts';
import { reportConfigurationProblems } from './configuration-problems.ts';
import { CliUsageError, type Command } from './help.ts';

const usage = `Usage: nsscaler history --namespace <name> [--limit <n>]

Prints, as JSON and newest first, the snapshot history of a namespace (R9): each snapshot's id,
policy, when it was taken, its state (active, restored, superseded), when it ended, and how many
workloads it holds. An id is what 'nsscaler rollback --snapshot' takes.

The snapshot table is configured as for 'nsscaler run' (NSSCALER_DYNAMODB_TABLE,
DYNAMODB_ENDPOINT or AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION; see docs/configuration.md).

Options:
  -n, --namespace <name>  Namespace whose history to list
      --limit <n>         At most this many snapshots (default 50)
  -h, --help              Show this help

Exit codes: 0 listed, 1 the configuration or the table is unusable, 2 usage error.
`;

/** One line of the history as `nsscaler history` prints it. */
export interface HistoryLine {
  id: string;
  policy: string;
  takenAt: string;
  state: string;
  endedAt?: string;
  workloads: number;
}

export function historyLines(summaries: readonly SnapshotSummary[]): HistoryLine[] {
  return summaries.map((summary) => ({
    id: summary.operationId,
    policy: summary.policy,
    takenAt: summary.takenAt,
    state: summary.state,
    ...(summary.endedAt ? { endedAt: summary.endedAt } : {}),
    workloads: summary.entryCount,
  }));
}

function readOptions(args: string[]): { namespace: string; limit: number } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        namespace: { type: 'string', short: 'n' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) return 'help';
  if (values.namespace === undefined) throw new CliUsageError('--namespace <name> is required');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CliUsageError(`--limit "${values.limit}" must be a whole number ≥ 1`);
  }
  return { namespace: values.namespace, limit };
}

export const historyCommand: Command = {
  name: 'history',
  summary: "List a namespace's snapshot history (JSON)",
  async run(args) {
    const options = readOptions(args);
    if (options === 'help') {
      process.stdout.write(usage);
      return 0;
    }
    const read = readDynamoDbStoreConfig(process.env);
    if (!read.ok) return reportConfigurationProblems('history', read.problems);

    const client = createDynamoDbClient(read.config);
    try {
      const { store } = await openDynamoDbSnapshotStore(read.config, client);
      const summaries = await store.listHistory(options.namespace, options.limit);
      const output = { namespace: options.namespace, snapshots: historyLines(summaries) };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    } catch (err) {
      process.stderr.write(
        `nsscaler history: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return 1;
    } finally {
      client.destroy();
    }
  },
};
