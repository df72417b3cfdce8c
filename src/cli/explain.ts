import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { parseAllDocuments } from 'yaml';

import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import { parseDateTime } from '../policy/calendar.ts';
import { checkTimeZoneName } from '../policy/time-zones.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from '../schedule/compute-desired-state.ts';
import { CliUsageError, type Command } from './help.ts';

const usage = `Usage: nsscaler explain -f <policy.yaml> --namespace <name> [options]

Prints, as JSON, the desired state of a namespace under a NamespaceScalingPolicy at an instant:
the state, the rule that decided it, since when, the next transition, and the time zone used.

Options:
  -f, --file <path>              NamespaceScalingPolicy manifest (YAML or JSON)
  -n, --namespace <name>         Namespace to explain
      --at <date-time>           RFC 3339 instant, for example 2026-03-29T01:30:00Z (default: now)
      --default-time-zone <zone> The controller's default zone, used when the policy has none
  -h, --help                     Show this help

Exit codes: 0 explained, 1 the policy is invalid (every problem is listed), 2 usage error.
`;

interface ExplainOptions {
  file: string;
  namespace: string;
  at: Date;
  defaultTimeZone: string | undefined;
}

function readOptions(args: string[]): ExplainOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        file: { type: 'string', short: 'f' },
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

  if (values.file === undefined) throw new CliUsageError('-f <policy.yaml> is required');
  if (values.namespace === undefined) throw new CliUsageError('--namespace <name> is required');
  const at = values.at === undefined ? Date.now() : parseDateTime(values.at);
  if (at === undefined) {
    throw new CliUsageError(`--at "${values.at}" is not an RFC 3339 date-time with an offset`);
  }
  const defaultTimeZone = values['default-time-zone'];
  const zoneProblem =
    defaultTimeZone === undefined ? undefined : checkTimeZoneName(defaultTimeZone);
  if (zoneProblem !== undefined) throw new CliUsageError(`--default-time-zone: ${zoneProblem}`);

  return { file: values.file, namespace: values.namespace, at: new Date(at), defaultTimeZone };
}

/** The one policy in a manifest file; problems with the file itself are usage errors. */
function readPolicySpec(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliUsageError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    // TODO(cli): pick one policy by name from a multi-document file, and read live policies from the cluster.
    throw new CliUsageError(`${file} must hold exactly one NamespaceScalingPolicy`);
  }
  const [document] = documents;
  if (document!.errors.length > 0) {
    throw new CliUsageError(`${file} is not valid YAML: ${document!.errors[0]!.message}`);
  }
  const manifest = document!.toJS() as { kind?: unknown; spec?: unknown } | null;
  if (manifest?.kind !== 'NamespaceScalingPolicy') {
    throw new CliUsageError(
      `${file} is not a NamespaceScalingPolicy (kind is ${String(manifest?.kind)})`,
    );
  }
  return manifest.spec;
}

/** Says so on stderr when the namespace is not one the policy would manage. */
function noteSelection(spec: NamespaceScalingPolicySpec, namespace: string): void {
  if (spec.excludeNamespaces?.includes(namespace) === true) {
    process.stderr.write(
      `note: ${namespace} is in spec.excludeNamespaces; the policy leaves it alone\n`,
    );
  } else if (
    spec.namespaceSelector === undefined &&
    spec.namespaces?.includes(namespace) !== true
  ) {
    process.stderr.write(
      `note: ${namespace} is not in spec.namespaces; the policy does not manage it\n`,
    );
  }
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Explain the desired state of a namespace under a policy at an instant',
  run(args) {
    const options = readOptions(args);
    if (options === 'help') {
      process.stdout.write(usage);
      return Promise.resolve(0);
    }

    const spec = readPolicySpec(options.file);
    const problems = validatePolicySpec(spec);
    if (problems.length > 0) {
      const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}\n`);
      process.stderr.write(
        `nsscaler explain: ${options.file} is not a valid policy:\n${lines.join('')}`,
      );
      return Promise.resolve(1);
    }

    const valid = spec as NamespaceScalingPolicySpec;
    noteSelection(valid, options.namespace);
    const decision = computeDesiredState(
      valid,
      options.namespace,
      options.at,
      options.defaultTimeZone,
    );
    const output = { namespace: options.namespace, at: options.at, ...decision };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return Promise.resolve(0);
  },
};
