// The bills of a usage row's failed attempts (failed_attempts, the JSON usage-row.ts writes), summed: what-if
// takes them out of a row's figures before re-pricing the try that served it.

/** The bills of a row's failed attempts, summed (the JSON usage-row.ts writes; anything else counts as none). */
export function billsOf(attempts: string): { input: number; cached: number; writes: number; writes1h: number; output: number; usd: number } | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(attempts);
  } catch {
    return undefined;
  }
  if (!Array.isArray(stored)) return undefined;
  const sum = { input: 0, cached: 0, writes: 0, writes1h: 0, output: 0, usd: 0 };
  for (const a of stored as { billed?: Record<string, unknown> }[]) {
    const b = a?.billed;
    if (typeof b !== 'object' || b === null) continue;
    sum.input += amount(b.input_tokens);
    sum.cached += amount(b.cached_input_tokens);
    sum.writes += amount(b.cache_creation_input_tokens);
    sum.writes1h += amount(b.cache_write_1h_input_tokens);
    sum.output += amount(b.output_tokens);
    sum.usd += amount(b.cost_usd);
  }
  return sum;
}

const amount = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
