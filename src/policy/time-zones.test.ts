import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { REQUIRED_TIME_ZONES, verifyTimeZoneDatabase } from './time-zones.ts';

describe('S3 start-up check of the zone database', () => {
  it('S3 finds every required zone, and daylight saving time, in this runtime', () => {
    assert.ok(REQUIRED_TIME_ZONES.includes('Australia/Lord_Howe'));
    assert.deepEqual(verifyTimeZoneDatabase(), []);
  });

  it('S3 names each zone the database cannot resolve', () => {
    assert.deepEqual(verifyTimeZoneDatabase(['UTC', 'Mars/Olympus_Mons', 'Europe/Atlantis']), [
      'the time zone database does not know Mars/Olympus_Mons',
      'the time zone database does not know Europe/Atlantis',
    ]);
  });
});
