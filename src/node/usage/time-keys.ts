// UTC calendar keys. Usage is bucketed by UTC day so aggregates never depend on the machine's time zone.

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of an epoch-ms instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// The budget check asks for the month of "now" on every request: remember the last day's answer.
let cachedDayStart = NaN;
let cachedMonth = '';

/** `YYYY-MM` (UTC) of an epoch-ms instant. */
export function utcMonth(ms: number): string {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  if (dayStart !== cachedDayStart) {
    cachedMonth = new Date(ms).toISOString().slice(0, 7);
    cachedDayStart = dayStart;
  }
  return cachedMonth;
}

/** Epoch ms of 00:00 UTC of the day holding `ms`. */
export function utcDayStartMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The `days` UTC day keys ending with the day of `nowMs`, oldest first. */
export function dayRange(nowMs: number, days: number): string[] {
  const today = utcDayStartMs(nowMs);
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(utcDay(today - i * DAY_MS));
  return out;
}

/** Epoch ms of 00:00 UTC of the first day of a `days`-long window ending today. */
export function windowStartMs(nowMs: number, days: number): number {
  return utcDayStartMs(nowMs) - (days - 1) * DAY_MS;
}

export { DAY_MS };
