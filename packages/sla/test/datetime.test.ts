import { describe, expect, it } from 'vitest';
import { absoluteDateTimeProblem } from '../src/index.js';

describe('absolute datetimes (SLA §3.1)', () => {
  it.each([
    '2026-12-01',
    '2026-12-01T08:00Z',
    '2026-12-01T08:00:00Z',
    '2026-12-01T08:00:00.123Z',
    '2026-12-01T09:00:00+01:00',
    '2026-12-01T09:00:00-0500',
    '2028-02-29',
  ])('accepts %s', (value) => {
    expect(absoluteDateTimeProblem(value)).toBeUndefined();
  });

  it.each([
    ['P1M', 'is a duration'],
    ['PT12H', 'is a duration'],
    ['-P1D', 'is a duration'],
    ['2026-12-01/2027-12-01', 'is a time interval'],
    ['2026-12-01T00:00:00Z/P1Y', 'is a time interval'],
    ['08:00:00Z', 'is a time of day without a date'],
    ['2026-12-01T08:00:00', 'has no UTC offset'],
    ['2026-02-30', 'is not a calendar date'],
    ['2026-13-01T00:00:00Z', 'is not a calendar date'],
    ['2026-12-01T24:30:00Z', 'is not a valid time of day'],
    ['next tuesday', 'is not an ISO 8601 date or date-time'],
  ])('refuses %s (%s)', (value, why) => {
    expect(absoluteDateTimeProblem(value)).toContain(why);
  });

  it('refuses values that are not strings', () => {
    expect(absoluteDateTimeProblem(1764576000000)).toContain('expected an ISO 8601 datetime string');
  });
});
