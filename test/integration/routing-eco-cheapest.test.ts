// eco through the real proxy and the route preview: the cheapest model that fits serves, though a model
// 25% dearer is much better (OpenRouter's gpt-4o-mini against grok-4.1-fast); a model within the tie band
// (scoring.ts ECO_TIE_BAND) and better goes first. The preview lists the order the proxy follows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RM, chatCalls, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;

beforeAll(async () => { h = await startRoutingHarness(); });
afterAll(async () => { await h?.close(); });
beforeEach(() => h.resetFakes());

const hi = [{ role: 'user' as const, content: 'hi' }];

/** mid (quality 70) priced at `times` cheap's prices (cheap: $0.10/$0.20 per 1M, quality 40). */
const priceMidAt = (times: number) => h.app.service.updateModel({ id: RM.mid, patch: { input_cost_per_1m: 0.1 * times, output_cost_per_1m: 0.2 * times } });

async function ecoServed(): Promise<string | null> {
  const { response } = await h.client().chat.completions.create({ model: 'eco', messages: hi }).withResponse();
  return response.headers.get('x-switchboard-model');
}

describe('eco', () => {
  it('is served by the cheapest model when a better one costs 25% more, and the preview says so', async () => {
    await priceMidAt(1.25);
    const preview = await h.app.service.previewRoute({ request: { model: 'eco', messages: hi } });
    expect(preview.candidates.map((c) => c.model)).toEqual([RM.cheap, RM.mid, RM.best]);
    expect(await ecoServed()).toBe(RM.cheap);
    expect(chatCalls(h.mid)).toHaveLength(0);
  });

  it('takes the better model within the tie band, in the preview and through the proxy', async () => {
    await priceMidAt(1.03);
    const preview = await h.app.service.previewRoute({ request: { model: 'eco', messages: hi } });
    expect(preview.candidates.map((c) => c.model)).toEqual([RM.mid, RM.cheap, RM.best]);
    expect(await ecoServed()).toBe(RM.mid);
    expect(chatCalls(h.cheap)).toHaveLength(0);
  });
});
