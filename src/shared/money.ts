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

