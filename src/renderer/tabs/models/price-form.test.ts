import { describe, expect, it } from 'vitest';
import type { ModelPrices } from '../../../shared/types';
import { unpricedNote } from '../../lib/format';
import { draftOf, emptyTier, isFormError, pricePatch, pricesOf, priceSourceLabel } from './price-form';

const SONNET: ModelPrices = {
  input_cost_per_1m: 3, output_cost_per_1m: 15, cached_input_cost_per_1m: 0.3, cache_write_5m_cost_per_1m: 3.75,
  cache_write_1h_cost_per_1m: 6,
  long_context_tiers: [{
    above_prompt_tokens: 200_000, input_cost_per_1m: 6, output_cost_per_1m: 22.5, cached_input_cost_per_1m: 0.6,
    cache_write_5m_cost_per_1m: 7.5, cache_write_1h_cost_per_1m: 12,
  }],
};

describe('price form', () => {
  it('round-trips a model\'s prices, and an untouched form sends nothing', () => {
    const back = pricesOf(draftOf(SONNET));
    expect(back).toEqual(SONNET);
    expect(pricePatch(SONNET, back as ModelPrices)).toEqual({});
  });

  it('reads empty as unknown and sends only what changed', () => {
    const d = draftOf(SONNET);
    d.base.input_cost_per_1m = '';
    d.base.cache_write_1h_cost_per_1m = ' 5 ';
    const next = pricesOf(d) as ModelPrices;
    expect(pricePatch(SONNET, next)).toEqual({ input_cost_per_1m: null, cache_write_1h_cost_per_1m: 5 });
  });

  it('adds tiers lowest threshold first and names the first wrong field', () => {
    const d = draftOf(SONNET);
    d.tiers.push({ ...emptyTier(), above_prompt_tokens: '100000', input_cost_per_1m: '1', output_cost_per_1m: '2' });
    const next = pricesOf(d) as ModelPrices;
    expect(next.long_context_tiers.map((t) => t.above_prompt_tokens)).toEqual([100_000, 200_000]);
    expect(Object.keys(pricePatch(SONNET, next))).toEqual(['long_context_tiers']);

    d.tiers[1]!.output_cost_per_1m = '';
    expect(pricesOf(d)).toEqual({ field: 'long_context_tiers[1].output_cost_per_1m', message: expect.any(String) });
    d.tiers[1]!.above_prompt_tokens = '1.5';
    expect(pricesOf(d)).toMatchObject({ field: 'long_context_tiers[1].above_prompt_tokens' });
    d.base.output_cost_per_1m = '-1';
    const bad = pricesOf(d);
    expect(isFormError(bad) && bad.field).toBe('output_cost_per_1m');
  });

  it('says where prices came from, or that they are unknown', () => {
    expect(priceSourceLabel({ price_unknown: false, price_source: 'bundled', price_as_of: '2026-11-27' })).toBe('bundled 2026-11-27');
    expect(priceSourceLabel({ price_unknown: false, price_source: 'provider', price_as_of: '2026-12-02' })).toBe('provider 2026-12-02');
    expect(priceSourceLabel({ price_unknown: false, price_source: 'user', price_as_of: '2026-12-02' })).toBe('edited by you 2026-12-02');
    expect(priceSourceLabel({ price_unknown: true, price_source: null, price_as_of: null })).toBe('price unknown');
    expect(priceSourceLabel({ price_unknown: false, price_source: null, price_as_of: null })).toBe('free on a local runtime');
    expect(unpricedNote(0)).toBe('');
    expect(unpricedNote(1)).toBe('+ 1 request unpriced');
    expect(unpricedNote(1200)).toBe('+ 1,200 requests unpriced');
  });
});

describe('price form numbers', () => {
  it('refuses a price in hex, binary or octal (0x10 is not $16)', () => {
    for (const t of ['0x10', '0b11', '0o17']) {
      const d = draftOf(SONNET);
      d.base.cached_input_cost_per_1m = t;
      expect(pricesOf(d)).toEqual({ field: 'cached_input_cost_per_1m', message: 'A price of 0 or more, or empty' });
    }
  });
});
