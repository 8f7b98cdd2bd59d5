// Prose the conservative token estimate (4 characters a token past the exact budget) counts past a model's
// context, though it fits: the provider is asked and decides. A prompt even the lenient estimate finds too
// long is refused here, naming the lenient figure, never more tokens than the prompt can have.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.createModel({ provider_id: 'fo', model_name: 'ctx-200k', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 200_000 });
});
afterAll(async () => { await h?.close(); });

const gpl = readFileSync('test/fixtures/tokens/gpl-3.txt', 'utf8');

async function chat(content: string): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fo/ctx-200k', messages: [{ role: 'user', content }] }),
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('a prompt near a model\'s context', () => {
  it('reaches the provider when it fits: 171,258 o200k tokens of prose to a 200K model (counted 202,113 at 4 characters a token)', async () => {
    const before = h.openai.requests.length;
    const { status } = await chat(gpl.repeat(23));
    expect(status).toBe(200);
    expect(h.openai.requests.length).toBe(before + 1);
  });

  it('is refused here when even the lenient estimate overflows, with its figure, and sent nowhere', async () => {
    const before = h.openai.requests.length;
    const text = gpl.repeat(40);
    const { status, json } = await chat(text);
    expect(status).toBe(400);
    expect(json.error?.code).toBe('context_length_exceeded');
    const [, tokens] = /This model's maximum context length is 200000 tokens\. However, your messages resulted in (\d+) tokens/.exec(json.error!.message)!;
    // 297,840 real tokens; the conservative count is chars/4 (351,490 and framing)
    expect(Number(tokens)).toBeGreaterThan(200_000);
    expect(Number(tokens)).toBeLessThan(Math.ceil(text.length / 4));
    expect(h.openai.requests.length).toBe(before);
  });
});
