// The one money format, for the renderer, the tray and the messages the proxy sends.
// Made on first use: a process's first Intl formatter loads ICU's locale data (~7 MB of the headless server's
// RSS), and the proxy formats money only in refusals and alerts.
let cents: Intl.NumberFormat | undefined;
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
  cents ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const body = abs >= 1 || abs === 0 ? cents.format(abs) : fourDigits(abs);
  return `${n < 0 && body !== '0.00' ? '-' : ''}$${body}`;
}


/**
 * USD to 12 decimals: what the admin API and the usage CSV carry, so sums of float costs read 0.02, not
 * 0.020000000000000004 (12 decimals keep a millionth of a cent exact). Null and non-finite pass through.
 */
export function roundUsd<T extends number | null | undefined>(v: T): T {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const r = Number(v.toFixed(12));
  return (r === 0 ? 0 : r) as T;
}

/** roundUsd as fixed-point text, trailing zeros dropped (`String(1e-7)` would print an exponent): 0.0000001, 0.3, 0. */
export function usdDecimal(v: number): string {
  const r = roundUsd(v);
  return r === 0 ? '0' : r.toFixed(12).replace(/\.?0+$/, '');
}
