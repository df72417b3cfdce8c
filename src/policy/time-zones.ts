/**
 * Time zone names (S3): only IANA names are accepted, abbreviations are rejected with a hint, and
 * the controller checks at start-up that its zone database knows the zones it must know.
 */

const europe = 'Europe/Berlin, Europe/Paris or another Europe/... zone';

/** Abbreviations people write instead of a zone, with the IANA zone(s) they usually mean. */
const abbreviationHints: Readonly<Record<string, string>> = {
  CET: europe,
  CEST: europe,
  MET: europe,
  MEST: europe,
  EET: 'Europe/Athens or Europe/Helsinki',
  EEST: 'Europe/Athens or Europe/Helsinki',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata (India), Asia/Jerusalem (Israel) or Europe/Dublin (Ireland)',
  MSK: 'Europe/Moscow',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ET: 'America/New_York',
  CST: 'America/Chicago (or Asia/Shanghai for China)',
  CDT: 'America/Chicago',
  MST: 'America/Denver (or America/Phoenix, which has no daylight saving time)',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  BRT: 'America/Sao_Paulo',
  AEST: 'Australia/Sydney or Australia/Brisbane',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide or Australia/Darwin',
  AWST: 'Australia/Perth',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  HKT: 'Asia/Hong_Kong',
  SGT: 'Asia/Singapore',
  PKT: 'Asia/Karachi',
  SAST: 'Africa/Johannesburg',
  WIB: 'Asia/Jakarta',
};

const ianaName = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;

function resolveTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Why a time zone name is not accepted, or undefined when it is. Accepted: `UTC`, `GMT`, and
 * Area/Location names the zone database knows (`Europe/Berlin`, `Etc/GMT+5`). Rejected with a hint:
 * abbreviations (`CEST`, `PST`, `IST`), offsets (`+02:00`), old one-word names (`Japan`) and names in
 * the wrong case.
 */
export function checkTimeZoneName(name: string): string | undefined {
  if (name === 'UTC' || name === 'GMT') return undefined;

  const hint = abbreviationHints[name.toUpperCase()];
  if (hint !== undefined || /^[A-Z]{2,5}$|^[A-Z]{3}\d[A-Z]{3}$/.test(name)) {
    const suggestion = hint ?? 'Europe/Berlin or America/New_York';
    return `"${name}" is an abbreviation, not an IANA time zone name; abbreviations are ambiguous and do not say when daylight saving time applies: use ${suggestion}`;
  }

  const resolved = resolveTimeZone(name);
  if (!ianaName.test(name)) {
    const suggestion =
      resolved !== undefined && ianaName.test(resolved) ? resolved : 'Europe/Berlin';
    return `"${name}" is not an IANA time zone name (Area/Location, case as in the zone database): use, for example, ${suggestion}`;
  }
  if (resolved === undefined) {
    return `unknown time zone "${name}": use an IANA name such as Europe/Berlin, America/New_York or UTC`;
  }
  return undefined;
}

/** Zones the controller must be able to resolve before it starts (S3). */
export const REQUIRED_TIME_ZONES: readonly string[] = [
  'UTC',
  'Etc/GMT+5',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Asia/Jerusalem',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
];

function offsetText(zone: string, instant: number): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  return format.format(instant).replace(/^.*GMT/, 'GMT');
}

/**
 * Checks that the zone database resolves every zone in `zones` and knows daylight saving time
 * (Europe/Berlin differs between January and July). Returns one message per problem; empty when
 * the database is usable. The controller refuses to start when this is not empty.
 */
export function verifyTimeZoneDatabase(zones: readonly string[] = REQUIRED_TIME_ZONES): string[] {
  const problems: string[] = [];

  for (const zone of zones) {
    if (resolveTimeZone(zone) === undefined) {
      problems.push(`the time zone database does not know ${zone}`);
    }
  }
  if (resolveTimeZone('Europe/Berlin') !== undefined) {
    const winter = offsetText('Europe/Berlin', Date.UTC(2026, 0, 15));
    const summer = offsetText('Europe/Berlin', Date.UTC(2026, 6, 15));
    if (winter !== 'GMT+01:00' || summer !== 'GMT+02:00') {
      problems.push(
        `the time zone database has no daylight saving time rules: Europe/Berlin is ${winter} in January and ${summer} in July (expected GMT+01:00 and GMT+02:00)`,
      );
    }
  }
  return problems;
}
