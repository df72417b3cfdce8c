import { parseArgs } from 'node:util';

import { KubeConfig } from '@kubernetes/client-node';

import { parseRollbackRequest, rollbackAnnotation } from '../controller/rollback-annotation.ts';
import { KubeClient } from '../k8s/client.ts';
import { isNotFound } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import { CliUsageError, type Command } from './help.ts';

const usage = `Usage: nsscaler rollback --policy <name> --namespace <name> [--snapshot <id>]

Asks the controller to roll a namespace back (O2): sets the annotation
${rollbackAnnotation} on the NamespaceScalingPolicy. The controller restores the original
values recorded in the snapshot (default: the namespace's latest; ids from 'nsscaler history')
on every workload of the namespace, emits Events, sets the condition RolledBack, locks the
namespace for the policy's rollback.coolDownSeconds, and removes the annotation when done.
KUBECONFIG selects the cluster.

Options:
  -p, --policy <name>     The NamespaceScalingPolicy that manages the namespace
  -n, --namespace <name>  Namespace to roll back
  -s, --snapshot <id>     Snapshot id from the namespace's history
  -h, --help              Show this help

Exit codes: 0 requested, 1 the policy cannot be annotated, 2 usage error.
`;

interface RollbackOptions {
  policy: string;
  value: string;
}

/** The options, and the annotation value they ask for (checked as the controller checks it). */
export function readRollbackOptions(args: string[]): RollbackOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        policy: { type: 'string', short: 'p' },
        namespace: { type: 'string', short: 'n' },
        snapshot: { type: 'string', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) return 'help';
  if (values.policy === undefined) throw new CliUsageError('--policy <name> is required');
  if (values.namespace === undefined) throw new CliUsageError('--namespace <name> is required');
  const value =
    values.snapshot === undefined ? values.namespace : `${values.namespace}/${values.snapshot}`;
  const request = parseRollbackRequest(value);
  if (!request.ok) throw new CliUsageError(request.problem);
  return { policy: values.policy, value };
}

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Roll a namespace back to a snapshot of its history',
  async run(args) {
    const options = readRollbackOptions(args);
    if (options === 'help') {
      process.stdout.write(usage);
      return 0;
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    const client = new KubeClient(kubeConfig, { fieldManager: 'nsscaler-cli' });
    try {
      await client.mergePatch(resources.policy, undefined, options.policy, {
        metadata: { annotations: { [rollbackAnnotation]: options.value } },
      });
    } catch (err) {
      const why = isNotFound(err)
        ? `policy ${options.policy} does not exist`
        : err instanceof Error
          ? err.message
          : String(err);
      process.stderr.write(`nsscaler rollback: ${why}\n`);
      return 1;
    }
    const output = { policy: options.policy, annotation: rollbackAnnotation, value: options.value };
    process.stdout.write(`${JSON.stringify({ requested: output }, null, 2)}\n`);
    return 0;
  },
};
