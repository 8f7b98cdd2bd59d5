// Number and date formatting shared by every tab.
const intFormat = new Intl.NumberFormat('en-US');

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : intFormat.format(Math.round(n));
}

const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Four significant digits, trailing zeros dropped down to two decimals: 0.303 -> 0.303, 0.3 -> 0.30. */
function fourDigits(abs: number): string {
  const decimals = Math.min(20, Math.max(2, 3 - Math.floor(Math.log10(abs))));
  const fixed = abs.toFixed(decimals);
  return fixed.replace(/0+$/, '').replace(/\.(\d?)$/, (_m, d: string) => `.${d.padEnd(2, '0')}`);
}

/**
 * The one money format: cents from $1 up ($2.40, $1,234.50), four significant digits below so a
 * per-request cost never reads $0.00 ($0.303, $0.00144). The sign goes before the dollar: -$10.70.
 */
export function formatUsd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const body = abs >= 1 || abs === 0 ? cents.format(abs) : fourDigits(abs);
  return `${n < 0 && body !== '0.00' ? '-' : ''}$${body}`;
}

/** A price in USD per 1M tokens, in the one money format; null is a price nobody knows. */
export function formatPrice(perMillion: number | null): string {
  return perMillion === null ? 'unknown' : formatUsd(perMillion);
}

/** A share as a percentage with at most one decimal: 0.05 -> 5%, 0.123 -> 12.3%. */
export function formatPercent(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || Number.isInteger(pct) ? Math.round(pct) : pct.toFixed(1)}%`;
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
export function formatSpend(costUsd: number, requests: number, unpricedRequests: number): string {
  return requests > 0 && unpricedRequests >= requests ? 'unknown' : formatUsd(costUsd);
}

/** Compact counts for tokens and axes: 950, 1.2K, 3.4M. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}B`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e3) return `${trim(n / 1e3)}K`;
  return trim(n);
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1).replace(/\.?0+$/, '');
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
