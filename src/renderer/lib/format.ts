// Number and date formatting shared by every tab. Money has one format, shared with the tray and the proxy.
import { formatUsd } from '../../shared/money';

export { formatUsd };
const intFormat = new Intl.NumberFormat('en-US');

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : intFormat.format(Math.round(n));
}

/** A price in USD per 1M tokens, in the one money format; null is a price nobody knows. */
export function formatPrice(perMillion: number | null): string {
  return perMillion === null ? 'unknown' : formatUsd(perMillion);
}

/**
 * A share as a percentage with at most one decimal: 0.05 -> 5%, 0.0123 -> 1.2%. A share above 0 never reads 0%,
 * nor one short of the whole 100%: too small for one decimal it is "<0.1%"; short of the whole it keeps its
 * decimal (99.6%) or, too close for it, is ">99.9%" (4,105 errors of 4,106 requests).
 */
export function formatPercent(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.05) return '<0.1%';
  if (pct >= 99.95 && pct < 100) return '>99.9%';
  const shortOfWhole = pct >= 99.5 && pct < 100;
  return `${(pct >= 10 && !shortOfWhole) || Number.isInteger(pct) ? Math.round(pct) : pct.toFixed(1)}%`;
}

/** What a total of spend leaves out: requests whose cost is unknown are counted apart, never as $0. Empty when none. */
export function unpricedNote(n: number | null | undefined): string {
  if (!n) return '';
  return `+ ${intFormat.format(n)} ${n === 1 ? 'request' : 'requests'} unpriced`;
}

/**
 * A spend figure over some requests: 'unknown' when every one of them is unpriced (never $0.00),
 * else the priced part, which unpricedNote completes.
 */
export function formatSpend(costUsd: number | null, requests: number, unpricedRequests: number): string {
  return costUsd === null || (requests > 0 && unpricedRequests >= requests) ? 'unknown' : formatUsd(costUsd);
}

const COMPACT_UNITS = [{ size: 1, suffix: '' }, { size: 1e3, suffix: 'K' }, { size: 1e6, suffix: 'M' }, { size: 1e9, suffix: 'B' }];

/** Compact counts for tokens and axes: 950, 1.2K, 3.4M; what rounds up to 1,000 of a unit is 1 of the next (999,960 -> 1M). */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  let unit = Math.max(0, COMPACT_UNITS.findLastIndex((u) => abs >= u.size));
  let text = trim(n / COMPACT_UNITS[unit]!.size);
  if (Math.abs(Number(text)) >= 1000 && unit < COMPACT_UNITS.length - 1) text = trim(n / COMPACT_UNITS[++unit]!.size);
  return `${text}${COMPACT_UNITS[unit]!.suffix}`;
}

const KIB = 1024;
const MIB = KIB * KIB;

/**
 * A context length as people know it: a window of whole KiB in binary units (32768 -> 32K, 131072 -> 128K,
 * 1048576 -> 1M, as model cards say; decimally 32.8K, 131.1K, 1.05M), any other as formatCompact does. A
 * whole number of thousands stays decimal, though some are whole KiB too: 128000 (gpt-4o) is 128K, not 125K.
 */
export function formatContextLength(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n % KIB !== 0 || n % 1000 === 0) return formatCompact(n);
  return n >= MIB ? `${trim(n / MIB)}M` : `${n / KIB}K`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 10 ? 2 : 1).replace(/\.?0+$/, '');
}

export function formatMs(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** `2024-05-03` -> `May 3` for chart axes. */
export function formatDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
