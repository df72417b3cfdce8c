import { MINUTES_PER_DAY } from './calendar.ts';

/** Reads `HH:MM` (24 h) into minutes after midnight; `24:00` (1440) only when it is an end. */
export function parseClockTime(
  text: string,
  role: 'start' | 'end',
): { minute: number } | { problem: string } {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (match === null) {
    return { problem: `"${text}" is not a time: use HH:MM on a 24-hour clock, for example 07:00` };
  }

  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour === 24 && minute === 0) {
    return role === 'end'
      ? { minute: MINUTES_PER_DAY }
      : { problem: '24:00 is allowed only as an end; a window that starts at midnight uses 00:00' };
  }
  if (hour > 23 || minute > 59) {
    return { problem: `"${text}" is not a time of day: hours run 00-23 and minutes 00-59` };
  }
  return { minute: hour * 60 + minute };
}

export function formatClockTime(minute: number): string {
  const hours = String(Math.floor(minute / 60)).padStart(2, '0');
  return `${hours}:${String(minute % 60).padStart(2, '0')}`;
}
