import { describe, expect, it } from 'vitest';
import { costBasisLines, costText } from './cost-basis';

describe('costText', () => {
  it('marks an estimate with ≈ and a lower bound with at least; an exact cost and an unknown one as they are', () => {
    expect(costText({ cost_usd: 0.0012, estimated: false, price_basis: [] })).toBe('$0.0012');
    expect(costText({ cost_usd: 0.0012, estimated: true, price_basis: [] })).toBe('≈ $0.0012');
    expect(costText({ cost_usd: 0.0012, estimated: true, price_basis: ['priority_unpriced'] })).toBe('at least $0.0012');
    expect(costText({ cost_usd: 0.0012, estimated: true, price_basis: ['us_inference_unpriced', 'fast'] })).toBe('at least $0.0012');
    expect(costText({ cost_usd: 0.0006, estimated: false, price_basis: ['flex'] })).toBe('$0.0006');
    expect(costText({ cost_usd: null, estimated: true, price_basis: [] })).toBe('—');
  });
});

describe('costBasisLines', () => {
  it('says each basis in plain words, and why an estimate is one', () => {
    expect(costBasisLines({ cost_usd: 1, estimated: false, price_basis: [] })).toEqual([]);
    expect(costBasisLines({ cost_usd: 1, estimated: false, price_basis: ['flex', 'us_inference'] }))
      .toEqual(['Flex: half price', 'US-only inference ×1.1']);
    expect(costBasisLines({ cost_usd: 1, estimated: true, price_basis: ['priority_unpriced'] }))
      .toEqual(['Priority: standard price shown, a lower bound']);
    expect(costBasisLines({ cost_usd: 1, estimated: true, price_basis: [] })[0]).toMatch(/^Estimated: the provider reported no usage/);
    expect(costBasisLines({ cost_usd: 1, estimated: false, price_basis: ['something_new'] })).toEqual(['something_new']);
    expect(costBasisLines({ cost_usd: 1, estimated: true, price_basis: ['audio_unpriced'] }))
      .toEqual(['Audio on a model with no known audio price: text price shown, a lower bound']);
    expect(costText({ cost_usd: 1, estimated: true, price_basis: ['audio_unpriced'] })).toBe('at least $1.00');
    expect(costBasisLines({ cost_usd: 1, estimated: false, price_basis: ['audio_output', 'image_output'] }))
      .toEqual(["Audio output at the model's audio price", "Image output at the model's image price"]);
    expect(costText({ cost_usd: 1, estimated: true, price_basis: ['image_unpriced'] })).toBe('at least $1.00');
  });
});
