/**
 * SLA §3.1: agreedAt, effectiveFrom and effectiveUntil "MUST have an
 * absolute datetime value ... but MUST NOT represent a duration or time
 * interval". Accepted here: an ISO 8601 calendar date (`2026-12-01`, the
 * start of that day in UTC) or a combined date and time with a UTC offset
 * (`2026-12-01T08:00:00Z`, `2026-12-01T09:00+01:00`).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const TIME = /^T?\d{2}(:?\d{2}(:?\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(Number(y), month);
}

/** What is wrong with `value` as an absolute datetime, or undefined when it is one. */
export function absoluteDateTimeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected an ISO 8601 datetime string, got ${JSON.stringify(value)}`;
  const shown = JSON.stringify(value);
  if (/^[+-]?P/i.test(value))
    return `${shown} is a duration; an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required`;
  if (value.includes('/'))
    return `${shown} is a time interval; an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required`;
  const date = DATE.exec(value);
  if (date) return validDate(date[1]!, date[2]!, date[3]!) ? undefined : `${shown} is not a calendar date`;
  const dateTime = DATE_TIME.exec(value);
  if (dateTime) {
    const [, y, mo, d, h, mi, s, , zone, oh, om] = dateTime;
    if (!validDate(y!, mo!, d!)) return `${shown} is not a calendar date`;
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 59)
      return `${shown} is not a valid time of day`;
    if (zone !== 'Z' && (Number(oh) > 23 || Number(om) > 59)) return `${shown} has an invalid UTC offset`;
    return undefined;
  }
  if (TIME.test(value))
    return `${shown} is a time of day without a date; give a date (2026-12-01) or a date and time`;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value))
    return `${shown} has no UTC offset; add Z or ±hh:mm so that it names one point in time`;
  return `${shown} is not an ISO 8601 date or date-time`;
}

/** The instant (ms since the epoch) of a value `absoluteDateTimeProblem` accepts. */
export function instantOf(value: string): number {
  return DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
}
