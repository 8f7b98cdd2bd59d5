// An Anthropic request forwarded to a Claude model routing chose (a fallback, an alias) carries the thinking
// the client wrote for the model it named, and Claude generations take different kinds: Opus 4.7 and later
// refuse a budget, Claude before 4.6 refuses adaptive thinking, each with a 400 no other candidate is tried
// after. The fake Anthropic refuses them as the real API does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
const SONNET = 'fa/claude-sonnet-4-5';
const OPUS = 'fa/claude-opus-4-7';

beforeAll(async () => {
  h = await startHarness();
  for (const model_name of ['claude-sonnet-4-5', 'claude-opus-4-7']) {
    await h.app.service.createModel({
      provider_id: 'fa', model_name, input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200_000, capabilities: ['chat', 'tools', 'reasoning'],
    });
  }
  await h.app.service.updateRoutingRules({
    cooldown_failures: 100, retries_per_model: 0,
    fallbacks: { [SONNET]: [OPUS, 'fo/gpt-fake'], [OPUS]: [SONNET, 'fo/gpt-fake'] },
  });
});
afterAll(async () => { await h?.close(); });

const messages = (model: string, extra: Record<string, unknown>) => rawRequest(`${h.url}/v1/messages`, {
  headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
  body: JSON.stringify({ model, max_tokens: 32_000, messages: [{ role: 'user', content: 'hi' }], ...extra }),
});

describe('thinking forwarded to the Claude model a fallback chose', () => {
  it('reaches Opus 4.7 as adaptive thinking when the client named a budget model that failed', async () => {
    h.anthropic.faults.push({ kind: 'status', status: 503 });
    const res = await messages(SONNET, { thinking: { type: 'enabled', budget_tokens: 8000 } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(OPUS);
    expect(res.headers.get('x-switchboard-dropped')).toBe('thinking');
    const sent = h.anthropic.requests.slice(-2).map((r) => r.body);
    expect(sent[0]).toMatchObject({ model: 'claude-sonnet-4-5', thinking: { type: 'enabled', budget_tokens: 8000 } });
    expect(sent[1]).toMatchObject({ model: 'claude-opus-4-7', thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } });
  });

  it('reaches Sonnet 4.5 as a budget from the effort when the client named an adaptive model that failed', async () => {
    h.anthropic.faults.push({ kind: 'status', status: 503 });
    const res = await messages(OPUS, { thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-model')).toBe(SONNET);
    expect(res.headers.get('x-switchboard-dropped')).toBe('thinking,output_config.effort');
    const sent = h.anthropic.requests.at(-1)!.body;
    expect(sent).toMatchObject({ model: 'claude-sonnet-4-5', thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(sent.output_config).toBeUndefined();
  });

  it('goes as sent to the model the client named', async () => {
    const res = await messages(OPUS, { thinking: { type: 'enabled', budget_tokens: 8000 } });
    // the client's own choice: the API's 400 is its answer
    expect(res.status).toBe(400);
    expect(h.anthropic.requests.at(-1)!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8000 });
  });
});
