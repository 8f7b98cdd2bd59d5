// The Activity tab tells an exact cost from an estimate and a lower bound: OpenAI's priority tier is recorded at
// standard prices (shown "at least"), its flex tier at half price (exact, said so when the row is opened).
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, showTab } from './browser';
import { useE2E } from './suite';

const FAKE_KEY = 'sk-fake-activity-cost-9f8e7d6c';

describe.skipIf(!chromiumAvailable())('Activity: how a cost was reached', () => {
  const e2e = useE2E({
    fake: { apiKey: FAKE_KEY },
    seed: async ({ api, fake }) => {
      // OpenAI's own API type: its answer's service_tier prices the request
      await api('POST', '/providers', { id: 'oa', name: 'OpenAI relay', type: 'openai', base_url: fake.url, api_key: FAKE_KEY });
      await api('POST', '/models', { provider_id: 'oa', model_name: 'gpt-tier', input_cost_per_1m: 100, output_cost_per_1m: 400, context_length: 128000 });
    },
  });

  /** A chat request on the tier asked for; its request id. */
  const chat = async (serviceTier?: string): Promise<string> => {
    const res = await fetch(`${e2e.serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.serve.defaultToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'oa/gpt-tier', messages: [{ role: 'user', content: 'hello there' }], ...(serviceTier ? { service_tier: serviceTier } : {}) }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers.get('x-switchboard-request-id')!;
  };

  it('shows a priority cost as a lower bound and says why; a flex cost exact with its basis; a standard one bare', async () => {
    const ids = { standard: await chat(), flex: await chat('flex'), priority: await chat('priority') };
    type Entry = { request_id: string; estimated: boolean; price_basis: string[] };
    // the usage rows are written in batches, a moment after the answers
    let listed: Entry[] = [];
    await expect.poll(async () => {
      listed = (await e2e.api('GET', '/requests')).requests as Entry[];
      return listed.length;
    }).toBe(3);
    const entry = (id: string) => listed.find((r) => r.request_id === id);
    expect(entry(ids.priority)).toMatchObject({ estimated: true, price_basis: ['priority_unpriced'] });
    expect(entry(ids.flex)).toMatchObject({ estimated: false, price_basis: ['flex'] });
    expect(entry(ids.standard)).toMatchObject({ estimated: false, price_basis: [] });

    await showTab(e2e.page, 'Activity');
    const row = (id: string) => e2e.page.locator(`tr[data-request-id="${id}"]`);
    const cost = (id: string) => row(id).locator('td').nth(6);
    await row(ids.priority).waitFor();
    expect(await cost(ids.priority).textContent()).toMatch(/^at least \$\d/);
    expect(await cost(ids.flex).textContent()).toMatch(/^\$\d/);
    expect(await cost(ids.standard).textContent()).toMatch(/^\$\d/);

    await row(ids.priority).getByRole('button').click();
    const basis = e2e.page.getByTestId('cost-basis');
    expect(await basis.textContent()).toContain('Priority: standard price shown, a lower bound');
    await screenshot(e2e.page, 'activity-cost-basis-priority');
    await row(ids.flex).getByRole('button').click();
    expect(await basis.textContent()).toContain('Flex: half price');
    await row(ids.standard).getByRole('button').click();
    expect(await basis.count()).toBe(0);
    expect(e2e.errors).toEqual([]);
  });
});
