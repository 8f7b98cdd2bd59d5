// The price editor's form state, kept pure so it is unit-tested: text fields <-> a model's prices, with
// "empty" meaning unknown (base prices) or not published (cache classes), and only changed fields sent.
import type { LongContextTier, Model, ModelPrices, ModelUpdate } from '../../../shared/types';
import { readDecimal } from '../../lib/decimal';

export const CLASSES = [
  ['input_cost_per_1m', 'Input'],
  ['output_cost_per_1m', 'Output'],
  ['cached_input_cost_per_1m', 'Cache read'],
  ['cache_write_5m_cost_per_1m', 'Cache write, 5 min'],
  ['cache_write_1h_cost_per_1m', 'Cache write, 1 hour'],
] as const;
export type PriceClass = (typeof CLASSES)[number][0];

export type ClassDraft = Record<PriceClass, string>;
export interface TierDraft extends ClassDraft {
  above_prompt_tokens: string;
}
export interface PriceDraft {
  base: ClassDraft;
  tiers: TierDraft[];
}

export interface PriceFormError {
  field: string;
  message: string;
}

const text = (n: number | null): string => (n === null ? '' : String(n));

function classDraft(p: Pick<ModelPrices, PriceClass>): ClassDraft {
  return Object.fromEntries(CLASSES.map(([k]) => [k, text(p[k])])) as ClassDraft;
}

export function draftOf(m: ModelPrices): PriceDraft {
  return {
    base: classDraft(m),
    tiers: m.long_context_tiers.map((t) => ({ ...classDraft(t), above_prompt_tokens: String(t.above_prompt_tokens) })),
  };
}

export const emptyTier = (): TierDraft => ({ ...classDraft({
  input_cost_per_1m: null, output_cost_per_1m: null, cached_input_cost_per_1m: null,
  cache_write_5m_cost_per_1m: null, cache_write_1h_cost_per_1m: null,
}), above_prompt_tokens: '200000' });

/** A price field: empty is null; otherwise a number of 0 or more. */
function price(s: string, field: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  const n = readDecimal(t);
  if (n === null || n < 0) throw { field, message: 'A price of 0 or more, or empty' } satisfies PriceFormError;
  return n;
}

/** The prices the draft describes, or the first field that is wrong. */
export function pricesOf(d: PriceDraft): ModelPrices | PriceFormError {
  try {
    const base = Object.fromEntries(CLASSES.map(([k]) => [k, price(d.base[k], k)])) as Pick<ModelPrices, PriceClass>;
    const tiers = d.tiers.map((t, i): LongContextTier => {
      const at = (k: string) => `long_context_tiers[${i}].${k}`;
      const above = Number(t.above_prompt_tokens.trim());
      if (!Number.isInteger(above) || above < 1) throw { field: at('above_prompt_tokens'), message: 'A whole number of tokens' };
      const tier = Object.fromEntries(CLASSES.map(([k]) => [k, price(t[k], at(k))])) as Pick<ModelPrices, PriceClass>;
      for (const k of ['input_cost_per_1m', 'output_cost_per_1m'] as const) {
        if (tier[k] === null) throw { field: at(k), message: 'A tier needs its input and output prices' };
      }
      return { above_prompt_tokens: above, ...tier } as LongContextTier;
    });
    return { ...base, long_context_tiers: tiers.sort((a, b) => a.above_prompt_tokens - b.above_prompt_tokens) };
  } catch (e) {
    return e as PriceFormError;
  }
}

export const isFormError = (v: ModelPrices | PriceFormError): v is PriceFormError => 'field' in v;

/** Only the fields that changed: an unchanged price stays where it came from (bundled, provider). */
export function pricePatch(m: ModelPrices, next: ModelPrices): ModelUpdate {
  const patch: ModelUpdate = {};
  for (const [k] of CLASSES) if (next[k] !== m[k]) patch[k] = next[k];
  if (JSON.stringify(next.long_context_tiers) !== JSON.stringify(m.long_context_tiers)) patch.long_context_tiers = next.long_context_tiers;
  return patch;
}

/** Where a model's prices came from, as the table shows it. */
export function priceSourceLabel(m: Pick<Model, 'price_source' | 'price_as_of' | 'price_unknown'>): string {
  if (m.price_unknown) return 'price unknown';
  const date = m.price_as_of ? ` ${m.price_as_of}` : '';
  switch (m.price_source) {
    case 'bundled': return `bundled${date}`;
    case 'provider': return `provider${date}`;
    case 'user': return `edited by you${date}`;
    // a known price from no source: the $0 of a model on a local runtime nobody priced
    default: return 'free on a local runtime';
  }
}
