import { parseArgs } from 'node:util';

import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import { parseDateTime } from '../policy/calendar.ts';
import { checkTimeZoneName } from '../policy/time-zones.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from '../schedule/compute-desired-state.ts';
import type { LivePolicyReader, PolicySource } from './explain-policy.ts';
import {
  ClusterReadError,
  kubeconfigPolicyReader,
  readLivePolicy,
  readPolicyFile,
} from './explain-policy.ts';
import { CliUsageError, type Command } from './help.ts';

const usage = `Usage: nsscaler explain -f <policy.yaml> --namespace <name> [options]
       nsscaler explain --policy <name> --namespace <name> [options]

Prints, as JSON, the desired state of a namespace under a NamespaceScalingPolicy at an instant:
the state, the rule that decided it, since when, the next transition, and the time zone used.
The policy comes from a manifest file, or from the cluster (through the kubeconfig, as kubectl
finds it) when only --policy is given.

Options:
  -f, --file <path>              NamespaceScalingPolicy manifest (YAML or JSON); may hold several
                                 documents, other kinds are skipped
  -p, --policy <name>            The policy's name: picks it from a file holding several, or,
                                 without -f, reads the live policy from the cluster
  -n, --namespace <name>         Namespace to explain
      --at <date-time>           RFC 3339 instant, for example 2026-03-29T01:30:00Z (default: now)
      --default-time-zone <zone> The controller's default zone, used when the policy has none
  -h, --help                     Show this help

Exit codes: 0 explained, 1 the policy is invalid (every problem is listed), 2 usage error,
3 the cluster could not be read.
`;

interface ExplainOptions {
  file: string | undefined;
  policy: string | undefined;
  namespace: string;
  at: Date;
  defaultTimeZone: string | undefined;
}

function readOptions(args: string[], now: () => Date): ExplainOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        file: { type: 'string', short: 'f' },
        policy: { type: 'string', short: 'p' },
        namespace: { type: 'string', short: 'n' },
        at: { type: 'string' },
        'default-time-zone': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help === true) return 'help';

  if (values.file === undefined && values.policy === undefined) {
    throw new CliUsageError('-f <policy.yaml> or --policy <name> is required');
  }
  if (values.namespace === undefined) throw new CliUsageError('--namespace <name> is required');
  const at = values.at === undefined ? now().getTime() : parseDateTime(values.at);
  if (at === undefined) {
    throw new CliUsageError(`--at "${values.at}" is not an RFC 3339 date-time with an offset`);
  }
  const defaultTimeZone = values['default-time-zone'];
  const zoneProblem =
    defaultTimeZone === undefined ? undefined : checkTimeZoneName(defaultTimeZone);
  if (zoneProblem !== undefined) throw new CliUsageError(`--default-time-zone: ${zoneProblem}`);

  return {
    file: values.file,
    policy: values.policy,
    namespace: values.namespace,
    at: new Date(at),
    defaultTimeZone,
  };
}

/** Says so on stderr when the namespace is not one the policy would manage. */
function noteSelection(
  spec: NamespaceScalingPolicySpec,
  namespace: string,
  stderr: (text: string) => void,
): void {
  if (spec.excludeNamespaces?.includes(namespace) === true) {
    stderr(`note: ${namespace} is in spec.excludeNamespaces; the policy leaves it alone\n`);
  } else if (
    spec.namespaceSelector === undefined &&
    spec.namespaces?.includes(namespace) !== true
  ) {
    stderr(`note: ${namespace} is not in spec.namespaces; the policy does not manage it\n`);
  }
}

/** What explain reads from the world, injectable for tests. */
export interface ExplainDeps {
  /** The instant used without --at. */
  now: () => Date;
  readLivePolicy: LivePolicyReader;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processDeps: ExplainDeps = {
  now: () => new Date(),
  readLivePolicy: kubeconfigPolicyReader(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function createExplainCommand(deps: ExplainDeps = processDeps): Command {
  return {
    name: 'explain',
    summary: 'Explain the desired state of a namespace under a policy at an instant',
    async run(args) {
      const options = readOptions(args, deps.now);
      if (options === 'help') {
        deps.stdout(usage);
        return 0;
      }

      let source: PolicySource;
      try {
        source =
          options.file !== undefined
            ? readPolicyFile(options.file, options.policy)
            : await readLivePolicy(deps.readLivePolicy, options.policy!);
      } catch (err) {
        if (!(err instanceof ClusterReadError)) throw err;
        deps.stderr(`nsscaler explain: ${err.message}\n`);
        return 3;
      }
      const problems = validatePolicySpec(source.spec);
      if (problems.length > 0) {
        const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}\n`);
        deps.stderr(`nsscaler explain: ${source.origin} is not a valid policy:\n${lines.join('')}`);
        return 1;
      }

      const valid = source.spec as NamespaceScalingPolicySpec;
      noteSelection(valid, options.namespace, deps.stderr);
      const decision = computeDesiredState(
        valid,
        options.namespace,
        options.at,
        options.defaultTimeZone,
      );
      const output = { namespace: options.namespace, at: options.at, ...decision };
      deps.stdout(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    },
  };
}

export const explainCommand: Command = createExplainCommand();
