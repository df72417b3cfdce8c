import { Cron } from 'croner';

/**
 * A five-field cron expression read in an IANA zone. Times in a daylight-saving gap fire at the
 * first valid instant after it and times that occur twice fire once, at the first occurrence (S6):
 * croner does this for "fixed-time" expressions, and `no-wildcard` makes every expression without
 * `*` or a step in its minute and hour fields one.
 */
export function createCron(expression: string, timeZone: string): Cron {
  return new Cron(expression.trim(), {
    timezone: timeZone,
    mode: '5-part',
    fixedTimeRule: 'no-wildcard',
  });
}

/** Why a cron expression is not accepted, or undefined when it is. */
export function checkCronExpression(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `"${expression}" has ${fields.length} fields; a cron expression has 5: minute hour day-of-month month day-of-week`;
  }

  let cron: Cron;
  try {
    cron = createCron(expression, 'UTC');
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
    return `"${expression}" is not a valid cron expression: ${reason}`;
  }
  if (cron.nextRun(new Date(0)) === null) {
    return `"${expression}" never fires (no date matches it)`;
  }
  return undefined;
}
