// The `days` window every usage endpoint takes: an integer 1..366, as a number or a decimal string.
import { AdminError } from '../../shared/contract';

export const MAX_USAGE_DAYS = 366;

export function parseDays(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)) n = Number(value);
  else throw daysError();
  if (!Number.isInteger(n) || n < 1 || n > MAX_USAGE_DAYS) throw daysError();
  return n;
}

function daysError(): AdminError {
  return new AdminError(400, `days must be an integer from 1 to ${MAX_USAGE_DAYS}`, 'days');
}
