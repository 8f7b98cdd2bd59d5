// Anthropic in, Anthropic out: what Claude Code relies on (prompt caching marks, signed thinking
// blocks) reaches the provider unchanged, and nothing the client invents does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { MODELS, startWithAnthropicClient, type Harness } from './helpers/app-harness';

let h: Harness, client: Anthropic;
beforeAll(async () => { ({ h, client } = await startWithAnthropicClient()); });
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
    // forwarded as the provider answered: its own model name (x-switchboard-model names the catalog's)
    expect(res.model).toBe('claude-fake');
    const body = lastBody();
    expect(body.model).toBe('claude-fake');
    expect(body.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: 'hmm', signature: 'sig-abc' });
    expect(body.messages[2].content[0].cache_control).toEqual({ type: 'ephemeral' });
  });

  it('streams the provider events through as they came', async () => {
    const events: string[] = [];
    const stream = client.messages.stream({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    stream.on('streamEvent', (e) => events.push(e.type));
    const final = await stream.finalMessage();
    expect(final.model).toBe('claude-fake');
    expect(final.content[0]?.type === 'text' && final.content[0].text).toBe('Hello from the fake anthropic provider!');
    expect(final.usage.input_tokens).toBe(21);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
  });

  it('forwards fields, roles and blocks it does not know, and the client\'s anthropic-version', async () => {
    const sent = {
      model: MODELS.anthropic, max_tokens: 16, thinking: { type: 'adaptive' }, context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' }, x_future_field: { a: 1 },
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: [{ type: 'future_block', payload: 'x' }] },
        { role: 'system', content: 'mid-conversation system' },
      ],
    };
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01',
        'anthropic-beta': 'context-management-2025-06-27',
      },
      body: JSON.stringify(sent),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-dropped')).toBeNull();
    expect(lastBody()).toEqual({ ...sent, model: 'claude-fake' });
    expect(h.anthropic.requests.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('leaves manual thinking off, named, when the tool turn being answered came from another provider (no signed thinking block)', async () => {
    const tools = [{ name: 'read', description: 'read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
    const messages = [
      { role: 'user', content: 'read a.txt' },
      // served by an OpenAI model after a failover: a tool call with no thinking block
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hello' }] },
    ];
    const send = (thinking: object) => fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: MODELS.anthropic, max_tokens: 32000, thinking, tools, messages,
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      }),
    });
    const res = await send({ type: 'enabled', budget_tokens: 31999 });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchboard-dropped')).toBe('thinking,context_management');
    expect(lastBody().thinking).toBeUndefined();
    expect(lastBody().context_management).toBeUndefined();
    expect(lastBody().messages).toEqual(messages);
    // adaptive thinking may skip thinking itself: such a turn is one Anthropic returns, and stays as sent
    const adaptive = await send({ type: 'adaptive' });
    expect(adaptive.status).toBe(200);
    expect(adaptive.headers.get('x-switchboard-dropped')).toBeNull();
    expect(lastBody().thinking).toEqual({ type: 'adaptive' });
  });
});
