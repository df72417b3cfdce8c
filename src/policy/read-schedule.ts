import { formatClockTime, parseClockTime } from './clock.ts';
import { checkCronExpression } from './cron-expressions.ts';
import { parseDayList, parseWeekTime } from './days.ts';
import type { ProblemList } from './problems.ts';
import { isRecord } from './schema-check.ts';
import type { SchedulePolicy, SleepWindowRule } from './types.ts';

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

function describeShape(window: Record<string, unknown>): string {
  const present = ['days', 'start', 'end', 'from', 'to'].filter((key) => window[key] !== undefined);
  return present.length === 0 ? 'it has none of them' : `it has ${present.join(', ')}`;
}

function readDailyWindow(
  window: Record<string, unknown>,
  index: number,
  path: string,
  problems: ProblemList,
): SleepWindowRule | undefined {
  const [days, start, end] = [
    stringField(window, 'days'),
    stringField(window, 'start'),
    stringField(window, 'end'),
  ];
  if (days === undefined || start === undefined || end === undefined) return undefined;

  const dayList = parseDayList(days);
  const startTime = parseClockTime(start, 'start');
  const endTime = parseClockTime(end, 'end');
  if ('problem' in dayList) problems.add(`${path}.days`, dayList.problem);
  if ('problem' in startTime) problems.add(`${path}.start`, startTime.problem);
  if ('problem' in endTime) problems.add(`${path}.end`, endTime.problem);
  if ('problem' in dayList || 'problem' in startTime || 'problem' in endTime) return undefined;

  if (startTime.minute === endTime.minute) {
    problems.add(
      `${path}.end`,
      `start and end are both ${formatClockTime(startTime.minute)}: a window must end at another time than it starts (for a whole day use start 00:00 and end 24:00)`,
    );
    return undefined;
  }
  const text = `${days} ${start}-${end}`;
  return {
    kind: 'daily',
    index,
    days: dayList.days,
    start: startTime.minute,
    end: endTime.minute,
    text,
  };
}

function readWeekSpan(
  window: Record<string, unknown>,
  index: number,
  path: string,
  problems: ProblemList,
): SleepWindowRule | undefined {
  const [from, to] = [stringField(window, 'from'), stringField(window, 'to')];
  if (from === undefined || to === undefined) return undefined;

  const start = parseWeekTime(from, 'start');
  const end = parseWeekTime(to, 'end');
  if ('problem' in start) problems.add(`${path}.from`, start.problem);
  if ('problem' in end) problems.add(`${path}.to`, end.problem);
  if ('problem' in start || 'problem' in end) return undefined;

  if (start.weekday === end.weekday && start.minute === end.minute) {
    problems.add(
      `${path}.to`,
      `from and to are both "${from.trim()}": a span must end at another time of the week than it starts`,
    );
    return undefined;
  }
  return {
    kind: 'span',
    index,
    fromWeekday: start.weekday,
    fromMinute: start.minute,
    toWeekday: end.weekday,
    toMinute: end.minute,
    text: `${from.trim()} to ${to.trim()}`,
  };
}

function readSleepWindows(sleep: unknown[], problems: ProblemList): SleepWindowRule[] | undefined {
  const windows: SleepWindowRule[] = [];
  let valid = true;

  sleep.forEach((window, index) => {
    const path = `spec.sleep[${index}]`;
    if (!isRecord(window)) {
      valid = false;
      return;
    }
    const daily =
      window.days !== undefined || window.start !== undefined || window.end !== undefined;
    const span = window.from !== undefined || window.to !== undefined;
    const complete = daily
      ? window.days !== undefined && window.start !== undefined && window.end !== undefined
      : window.from !== undefined && window.to !== undefined;
    if (daily === span || !complete) {
      problems.add(
        path,
        `a sleep window is either {days, start, end} or {from, to}; ${describeShape(window)}`,
      );
      valid = false;
      return;
    }

    const rule = daily
      ? readDailyWindow(window, index, path, problems)
      : readWeekSpan(window, index, path, problems);
    if (rule === undefined) valid = false;
    else windows.push(rule);
  });
  return valid ? windows : undefined;
}

function readCron(
  cron: Record<string, unknown>,
  problems: ProblemList,
): SchedulePolicy['schedule'] | undefined {
  const sleep = stringField(cron, 'sleep');
  const wake = stringField(cron, 'wake');
  const sleepValid =
    sleep !== undefined && problems.check('spec.cron.sleep', checkCronExpression(sleep));
  const wakeValid =
    wake === undefined || problems.check('spec.cron.wake', checkCronExpression(wake));
  if (!sleepValid || !wakeValid) return undefined;

  const normalise = (expression: string) => expression.trim().split(/\s+/).join(' ');
  if (wake !== undefined && normalise(wake) === normalise(sleep)) {
    problems.add('spec.cron.wake', `cron.sleep and cron.wake are the same expression ("${sleep}")`);
    return undefined;
  }
  return wake === undefined ? { kind: 'cron', sleep } : { kind: 'cron', sleep, wake };
}

/**
 * Reads spec.sleep or spec.cron (exactly one of them) into the schedule the engine evaluates. Adds
 * every problem found; returns undefined when there is any.
 */
export function readSchedule(
  spec: Record<string, unknown>,
  problems: ProblemList,
): SchedulePolicy['schedule'] | undefined {
  const { sleep, cron } = spec;
  if (sleep !== undefined && cron !== undefined) {
    problems.add('spec', 'set either spec.sleep or spec.cron, not both');
    return undefined;
  }
  if (sleep === undefined && cron === undefined) {
    problems.add('spec', 'set spec.sleep (weekly windows) or spec.cron (cron expressions)');
    return undefined;
  }

  if (Array.isArray(sleep)) {
    const windows = readSleepWindows(sleep, problems);
    return windows === undefined ? undefined : { kind: 'windows', windows };
  }
  return isRecord(cron) ? readCron(cron, problems) : undefined;
}
