/**
 * SLA §3.1: agreedAt, effectiveFrom and effectiveUntil "MUST have an
 * absolute datetime value (date, time or combined format) but MUST NOT
 * represent a duration or time interval". Accepted here: every ISO 8601
 * date (calendar, ordinal, week, reduced precision), time of day and
 * combined date and time, in the extended or the basic format, with or
 * without a UTC offset, with decimal fractions (`.` or `,`). Refused:
 * durations, intervals and anything that is not ISO 8601.
 */

type Format = 'basic' | 'extended' | 'either';

interface ParsedDate {
  format: Format;
  /** A calendar, ordinal or week date down to the day (a combined date and time needs one). */
  complete: boolean;
  /** Milliseconds since the epoch of the start of that day, UTC, when complete. */
  day?: number;
}

interface ParsedTime {
  format: Format;
  /** Milliseconds since the start of the (local) day. */
  ms: number;
  /** Minutes east of UTC, when the time carries an offset. */
  offset?: number;
}

type Parsed<T> = T | { problem: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const REQUIRED = 'an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required';

function isProblem<T extends object>(parsed: Parsed<T>): parsed is { problem: string } {
  return 'problem' in parsed;
}

/** Start of a day, UTC, for any year 0000-9999 (Date.UTC maps years 0-99 to 1900-1999). */
function utcDay(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcDay(year, month, 0)).getUTCDate();
}

function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/** ISO 8601 week-numbering years have 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year. */
function weeksInYear(year: number): number {
  const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
}

/** Monday of week 1: the week with 4 January in it. */
function weekOneMonday(year: number): number {
  const jan4 = utcDay(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

function parseDate(text: string, shown: string): Parsed<ParsedDate> | undefined {
  let m = /^(\d{4})(-?)(\d{2})\2(\d{2})$/.exec(text);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
      return { problem: `${shown} is not a calendar date` };
    return { format: m[2] ? 'extended' : 'basic', complete: true, day: utcDay(year, month - 1, day) };
  }
  m = /^(\d{4})(-?)(\d{3})$/.exec(text);
  if (m) {
    const [year, day] = [Number(m[1]), Number(m[3])];
    if (day < 1 || day > daysInYear(year))
      return { problem: `${shown} is not an ordinal date (${m[1]} has ${daysInYear(year)} days)` };
    return { format: m[2] ? 'extended' : 'basic', complete: true, day: utcDay(year, 0, day) };
  }
  m = /^(\d{4})(-?)W(\d{2})(?:\2(\d))?$/i.exec(text);
  if (m) {
    const [year, week] = [Number(m[1]), Number(m[3])];
    if (week < 1 || week > weeksInYear(year))
      return { problem: `${shown} is not a week date (${m[1]} has ${weeksInYear(year)} weeks)` };
    if (m[4] !== undefined && (m[4] < '1' || m[4] > '7'))
      return { problem: `${shown} is not a week date (the day of the week is 1 to 7)` };
    const format = m[2] ? 'extended' : 'basic';
    if (m[4] === undefined) return { format, complete: false };
    return { format, complete: true, day: weekOneMonday(year) + ((week - 1) * 7 + Number(m[4]) - 1) * DAY };
  }
  // Reduced precision: a month (extended only: ISO 8601 has no basic YYYYMM), a year, a century.
  m = /^\d{4}-(\d{2})$/.exec(text);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return { problem: `${shown} is not a calendar month` };
    return { format: 'extended', complete: false };
  }
  if (/^\d{4}$|^\d{2}$/.test(text)) return { format: 'either', complete: false };
  return undefined;
}

function parseTime(text: string, shown: string): Parsed<ParsedTime> | undefined {
  const zone = /(Z|([+-])(\d{2})(?::?(\d{2}))?)$/i.exec(text);
  const local = zone ? text.slice(0, zone.index) : text;
  const m =
    /^(\d{2})(?::(\d{2})(?::(\d{2}))?)?(?:[.,](\d+))?$/.exec(local) ??
    /^(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d+))?$/.exec(local);
  if (!m) return undefined;
  const [, hh, mm, ss, fraction] = m;
  const [hour, minute, second] = [Number(hh), Number(mm ?? 0), Number(ss ?? 0)];
  const fractionValue = fraction === undefined ? 0 : Number(`0.${fraction}`);
  // ISO 8601: 24:00 ends the day; a second of 60 is a leap second.
  const endOfDay = hour === 24 && minute === 0 && second === 0 && fractionValue === 0;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 60)
    return { problem: `${shown} is not a valid time of day` };
  // The decimal fraction belongs to the lowest-order element given.
  const unit = ss !== undefined ? 1000 : mm !== undefined ? MINUTE : HOUR;
  const ms = hour * HOUR + minute * MINUTE + second * 1000 + Math.round(fractionValue * unit);
  const format: Format = local.includes(':') ? 'extended' : mm === undefined ? 'either' : 'basic';
  if (!zone) return { format, ms };
  if (zone[1]!.toUpperCase() === 'Z') return { format, ms, offset: 0 };
  const [oh, om] = [Number(zone[3]), Number(zone[4] ?? 0)];
  if (oh > 23 || om > 59) return { problem: `${shown} has an invalid UTC offset` };
  return { format, ms, offset: (zone[2] === '-' ? -1 : 1) * (oh * 60 + om) };
}

const mixed = (a: Format, b: Format) => a !== 'either' && b !== 'either' && a !== b;

/** A value's parse: its instant (ms since the epoch) when it names a complete instant. */
function parse(value: string): Parsed<{ instant?: number }> {
  const shown = JSON.stringify(value);
  const notIso = { problem: `${shown} is not an ISO 8601 date, time or date-time` };
  const t = value.search(/T/i);
  if (t < 0 && !value.includes(':')) {
    const date = parseDate(value, shown);
    if (date === undefined) {
      if (/^\d{6}(?:[.,]\d+)?$/.test(value))
        return {
          problem: `${shown} is not an ISO 8601 date; a time of day in the basic format takes the T designator (T${value})`,
        };
      return notIso;
    }
    return isProblem(date) ? date : {};
  }
  const time = parseTime(t < 0 ? value : value.slice(t + 1), shown);
  if (time === undefined) return notIso;
  if (isProblem(time)) return time;
  // A time of day alone (`12:00:00Z`, `T120000`): a point in every day, no instant.
  if (t <= 0) return {};
  const date = parseDate(value.slice(0, t), shown);
  if (date === undefined) return notIso;
  if (isProblem(date)) return date;
  if (!date.complete)
    return {
      problem: `${shown} gives a time with a reduced-precision date; a date and time needs a complete date (2026-12-01T08:00:00Z)`,
    };
  if (mixed(date.format, time.format))
    return {
      problem: `${shown} mixes the basic and extended formats; write 2026-12-01T08:00:00Z or 20261201T080000Z`,
    };
  if (time.offset === undefined) return {};
  return { instant: date.day! + time.ms - time.offset * MINUTE };
}

/** What is wrong with `value` as an absolute datetime, or undefined when it is one. */
export function absoluteDateTimeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected an ISO 8601 datetime string, got ${JSON.stringify(value)}`;
  const shown = JSON.stringify(value);
  // SLA §3.1: "MUST NOT represent a duration or time interval".
  if (/^R\d*\//i.test(value)) return `${shown} is a recurring time interval; ${REQUIRED}`;
  // ISO 8601 separates the two parts of an interval (start, end or duration)
  // with "/" (or "--" by agreement).
  if (value.includes('/') || /[^-]--[^-]/.test(value)) return `${shown} is a time interval; ${REQUIRED}`;
  if (/^[+-]?P[\dT]/i.test(value)) return `${shown} is a duration; ${REQUIRED}`;
  const parsed = parse(value);
  if (!isProblem(parsed)) return undefined;
  if (value.includes(' ') && !isProblem(parse(value.replace(' ', 'T'))))
    return `${shown} separates the date and the time with a space; ISO 8601 joins them with T (${value.replace(' ', 'T')})`;
  return parsed.problem;
}

/**
 * The instant (ms since the epoch) `value` names when it is a complete
 * instant — a complete date, a time and a UTC offset — else undefined:
 * a date alone, a time alone or a local date and time (no offset) names no
 * single point in time, so it is not compared.
 */
export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || absoluteDateTimeProblem(value) !== undefined) return undefined;
  const parsed = parse(value);
  return isProblem(parsed) ? undefined : parsed.instant;
}
