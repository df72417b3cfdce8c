import { namespaceScalingPolicySchema } from '../gen/namespace-scaling-policy-schema.ts';
import { checkNamespaceSelection, checkWorkloadSettings } from './check-settings.ts';
import { ProblemList, type PolicyProblem } from './problems.ts';
import { readHolidays, readOverrides } from './read-calendar.ts';
import { readSchedule } from './read-schedule.ts';
import { checkAgainstSchema, isRecord, type OpenApiSchema } from './schema-check.ts';
import { checkTimeZoneName } from './time-zones.ts';
import type { SchedulePolicy } from './types.ts';

export interface ValidationContext {
  /** The controller's own namespace, which no policy may select (A4). */
  controllerNamespace?: string;
}

export type PolicyParseResult =
  | { valid: true; policy: SchedulePolicy; problems: [] }
  | { valid: false; problems: PolicyProblem[] };

const specSchema = namespaceScalingPolicySchema.properties.spec as OpenApiSchema;

/** Fields whose text the readers below check with messages that say what to write instead. */
const checkedByReaders = new Set([
  'spec.timeZone',
  'spec.sleep[].days',
  'spec.sleep[].start',
  'spec.sleep[].end',
  'spec.sleep[].from',
  'spec.sleep[].to',
  'spec.cron.sleep',
  'spec.cron.wake',
  'spec.holidays[].date',
  'spec.holidays[].from',
  'spec.holidays[].to',
  'spec.overrides[].until',
]);

/**
 * Checks a NamespaceScalingPolicy spec and reads the parts the schedule engine needs. Every problem
 * is returned at once, each with the path of its field (A1, O5): the CRD schema's types, bounds and
 * patterns, then the rules the schema cannot express or that its CEL rules express (exactly one of
 * sleep and cron, window shapes, start equal to end, IANA zones, cron syntax, dates, ...).
 */
export function parsePolicySpec(spec: unknown, context: ValidationContext = {}): PolicyParseResult {
  const problems = new ProblemList();
  if (!isRecord(spec)) {
    problems.add('spec', 'must be an object');
    return { valid: false, problems: problems.problems };
  }

  checkAgainstSchema(spec, specSchema, 'spec', problems, { checkedElsewhere: checkedByReaders });
  checkNamespaceSelection(spec, context.controllerNamespace, problems);
  checkWorkloadSettings(spec, problems);
  const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : undefined;
  if (timeZone !== undefined) problems.check('spec.timeZone', checkTimeZoneName(timeZone));
  const schedule = readSchedule(spec, problems);
  const holidays = readHolidays(spec.holidays, problems);
  const overrides = readOverrides(spec.overrides, problems);

  if (
    !problems.isEmpty ||
    schedule === undefined ||
    holidays === undefined ||
    overrides === undefined
  ) {
    return { valid: false, problems: problems.problems };
  }
  const policy: SchedulePolicy = { schedule, holidays, overrides };
  if (timeZone !== undefined) policy.timeZone = timeZone;
  return { valid: true, policy, problems: [] };
}

/**
 * The one validation of NamespaceScalingPolicy specs, shared by the admission webhook, the
 * controller and the CLI. Returns every problem, each with its field path; empty when valid.
 */
export function validatePolicySpec(
  spec: unknown,
  context: ValidationContext = {},
): PolicyProblem[] {
  return parsePolicySpec(spec, context).problems;
}
