import { describe, expect, it } from 'vitest';
import { instantOf } from '../src/datetime.js';
import { absoluteDateTimeProblem } from '../src/index.js';

const REQUIRED = 'an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required';

describe('absolute datetimes (SLA §3.1: date, time or combined format)', () => {
  it.each([
    // calendar dates, extended and basic, and reduced precision
    '2026-12-01',
    '20261201',
    '2028-02-29',
    '2026-12',
    '2026',
    '20',
    // ordinal dates
    '2026-335',
    '2026335',
    '2028-366',
    // week dates, complete and reduced
    '2026-W48-7',
    '2026W487',
    '2026-W48',
    '2026W48',
    '2026-W53',
    // a time of day alone, with or without the T designator and offset
    '12:00:00Z',
    'T12:00:00Z',
    '12:00',
    '12:00:00,5',
    'T120000',
    'T1200+0100',
    'T12',
    // combined, with or without offset, extended and basic
    '2026-12-01T08:00:00',
    '2026-12-01T08:00Z',
    '2026-12-01T08Z',
    '2026-12-01T08:00:00Z',
    '2026-12-01T08:00:00.123Z',
    '2026-12-01T08:00:00,123456Z',
    '2026-12-01T08:30,5Z',
    '2026-12-01T09:00:00+01:00',
    '2026-12-01T09:00:00+01',
    '2026-12-01T09:00:00-0500',
    '20261201T080000Z',
    '20261201T080000.5+0100',
    '2026-335T08:00:00Z',
    '2026-W48-7T08:00:00Z',
    '2026W487T0800',
    '2026-12-01t08:00:00z',
    // end of day and leap second
    '2026-12-01T24:00:00Z',
    '2016-12-31T23:59:60Z',
  ])('accepts %s', (value) => {
    expect(absoluteDateTimeProblem(value)).toBeUndefined();
  });

  it.each([
    ['P1M', `"P1M" is a duration; ${REQUIRED}`],
    ['PT12H', `"PT12H" is a duration; ${REQUIRED}`],
    ['-P1D', `"-P1D" is a duration; ${REQUIRED}`],
    ['P0001-02-03T00:00:00', `"P0001-02-03T00:00:00" is a duration; ${REQUIRED}`],
    ['2026-12-01/2027-12-01', `"2026-12-01/2027-12-01" is a time interval; ${REQUIRED}`],
    ['2026-12-01T00:00:00Z/P1Y', `"2026-12-01T00:00:00Z/P1Y" is a time interval; ${REQUIRED}`],
    ['P1Y/2027-12-01', `"P1Y/2027-12-01" is a time interval; ${REQUIRED}`],
    ['2026-12-01--2027-12-01', `"2026-12-01--2027-12-01" is a time interval; ${REQUIRED}`],
    [
      'R5/2026-12-01T00:00:00Z/P1D',
      `"R5/2026-12-01T00:00:00Z/P1D" is a recurring time interval; ${REQUIRED}`,
    ],
    ['R/2026-12-01/P1D', `"R/2026-12-01/P1D" is a recurring time interval; ${REQUIRED}`],
  ])('refuses %s as a duration or interval', (value, message) => {
    expect(absoluteDateTimeProblem(value)).toBe(message);
  });

  it.each([
    ['2026-02-30', '"2026-02-30" is not a calendar date'],
    ['20260230', '"20260230" is not a calendar date'],
    ['2026-13-01T00:00:00Z', '"2026-13-01T00:00:00Z" is not a calendar date'],
    ['2026-13', '"2026-13" is not a calendar month'],
    ['2026-366', '"2026-366" is not an ordinal date (2026 has 365 days)'],
    ['2027-W53', '"2027-W53" is not a week date (2027 has 52 weeks)'],
    ['2026-W48-8', '"2026-W48-8" is not a week date (the day of the week is 1 to 7)'],
    ['2026-12-01T24:30:00Z', '"2026-12-01T24:30:00Z" is not a valid time of day'],
    ['25:00', '"25:00" is not a valid time of day'],
    ['2026-12-01T08:00:00+25:00', '"2026-12-01T08:00:00+25:00" has an invalid UTC offset'],
    [
      '2026-12-01T080000Z',
      '"2026-12-01T080000Z" mixes the basic and extended formats; write 2026-12-01T08:00:00Z or 20261201T080000Z',
    ],
    [
      '2026-12T08:00Z',
      '"2026-12T08:00Z" gives a time with a reduced-precision date; a date and time needs a complete date (2026-12-01T08:00:00Z)',
    ],
    [
      '2026-12-01 08:00:00Z',
      '"2026-12-01 08:00:00Z" separates the date and the time with a space; ISO 8601 joins them with T (2026-12-01T08:00:00Z)',
    ],
    [
      '120000',
      '"120000" is not an ISO 8601 date; a time of day in the basic format takes the T designator (T120000)',
    ],
    ['next tuesday', '"next tuesday" is not an ISO 8601 date, time or date-time'],
    ['Pending', '"Pending" is not an ISO 8601 date, time or date-time'],
    ['+002026-12-01', '"+002026-12-01" is not an ISO 8601 date, time or date-time'],
    ['', '"" is not an ISO 8601 date, time or date-time'],
  ])('refuses %s, saying what is wrong', (value, message) => {
    expect(absoluteDateTimeProblem(value)).toBe(message);
  });

  it('refuses values that are not strings', () => {
    expect(absoluteDateTimeProblem(1764576000000)).toBe(
      'expected an ISO 8601 datetime string, got 1764576000000',
    );
  });
});

describe('instantOf: only complete instants (date, time and UTC offset) are compared', () => {
  it.each([
    ['2026-12-01T08:00:00Z', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T09:00:00+01:00', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T03:00-0500', '2026-12-01T08:00:00.000Z'],
    ['20261201T080000Z', '2026-12-01T08:00:00.000Z'],
    ['2026-335T08Z', '2026-12-01T08:00:00.000Z'],
    ['2026-W48-7T08:00:00Z', '2026-11-29T08:00:00.000Z'],
    ['2026-W01-1T00:00Z', '2025-12-29T00:00:00.000Z'],
    ['2026-12-01T08:30,5Z', '2026-12-01T08:30:30.000Z'],
    ['2026-12-01T08.25Z', '2026-12-01T08:15:00.000Z'],
    ['2026-12-01T24:00Z', '2026-12-02T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s is the instant %s', (value, iso) => {
    expect(instantOf(value)).toBe(Date.parse(iso));
  });

  it.each([
    '2026-12-01',
    '2026-W48-7',
    '2026-12',
    '12:00:00Z',
    '2026-12-01T08:00:00',
    'P1D',
    'next tuesday',
    42,
  ])('%s is no complete instant', (value) => {
    expect(instantOf(value)).toBeUndefined();
  });
});
