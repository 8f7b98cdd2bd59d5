// Anthropic in, Anthropic out: what Claude Code relies on (prompt caching marks, signed thinking
// blocks) reaches the provider unchanged, and nothing the client invents does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const lastBody = (): any => h.anthropic.requests[h.anthropic.requests.length - 1]!.body;

describe('Anthropic client to an Anthropic provider', () => {
  it('forwards cache_control marks and signed thinking blocks, with the upstream model name', async () => {
    const res = await client.messages.create({
      model: MODELS.anthropic,
      max_tokens: 256,
      system: [{ type: 'text', text: 'You are a careful assistant. '.repeat(20), cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig-abc' }, { type: 'text', text: 'ok' }] },
        { role: 'user', content: [{ type: 'text', text: 'second', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(res.model).toBe(MODELS.anthropic);
    const body = lastBody();
    expect(body.model).toBe('claude-fake');
    expect(body.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: 'hmm', signature: 'sig-abc' });
    expect(body.messages[2].content[0].cache_control).toEqual({ type: 'ephemeral' });
  });

  it('streams the provider events through, naming the served model in message_start', async () => {
    const events: string[] = [];
    const stream = client.messages.stream({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    stream.on('streamEvent', (e) => events.push(e.type));
    const final = await stream.finalMessage();
    expect(final.model).toBe(MODELS.anthropic);
    expect(final.content[0]?.type === 'text' && final.content[0].text).toBe('Hello from the fake anthropic provider!');
    expect(final.usage.input_tokens).toBe(21);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
  });

  it('drops top-level fields Anthropic does not define', async () => {
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, max_tokens: 16, x_custom_field: 'anything', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(lastBody()).not.toHaveProperty('x_custom_field');
  });
});
