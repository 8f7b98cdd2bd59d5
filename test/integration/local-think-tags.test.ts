// A local reasoning model (Qwen3, DeepSeek-R1) on a server that leaves its thinking in the answer's text
// writes `<think>...</think>` first: a Responses client gets it as reasoning, an Anthropic one not as answer
// text, streamed (the tags split across chunks) and whole; a chat client, forwarded, gets it as sent; and a
// cloud provider's text is never touched.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../mocks/fake-openai';
import type { FakeProvider } from '../mocks/types';
import { startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

const THOUGHT = '<think>\nLet me think about 2+2. It is 4.\n</think>\n\nThe answer is 4.';
let h: RoutingHarness;
let box: FakeProvider;
let cloud: FakeProvider;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  h = await startRoutingHarness();
  // 13 pieces of a 62-character text: both tags arrive split
  box = await startFakeOpenAI({ models: ['qwen3:8b'], text: THOUGHT, chunks: 13 });
  cloud = await startFakeOpenAI({ apiKey: 'sk-cloud-0123456789abcdef', models: ['gpt-x'], text: THOUGHT, chunks: 13 });
  await h.app.service.createProvider({ id: 'box', name: 'Box', type: 'ollama', base_url: box.url, enabled: true });
  // a cloud type at a loopback address (a relay) is no server of one's own
  await h.app.service.createProvider({ id: 'cl', name: 'Cloud', type: 'openai', base_url: cloud.url, api_key: 'sk-cloud-0123456789abcdef', enabled: true });
  await h.app.service.discoverModels({ id: 'box' });
  await h.app.service.createModel({ provider_id: 'cl', model_name: 'gpt-x', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 32768, capabilities: ['chat'], enabled: true });
  anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => {
  await h?.close();
  await Promise.all([box?.close(), cloud?.close()]);
});

const ask = { max_tokens: 2048, messages: [{ role: 'user' as const, content: 'What is 2+2?' }] };
const thinking = { thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
const textOf = (content: Anthropic.ContentBlock[]) => content.filter((b) => b.type === 'text').map((b) => b.text).join('');

describe('a leading <think> block from a local server', () => {
  it('is no answer text to an Anthropic client (which gets no foreign thinking: named dropped), streamed and whole', async () => {
    const streamed = await anthropic.messages.stream({ model: 'box/qwen3:8b', ...ask, ...thinking }).finalMessage();
    expect(streamed.content.map((b) => b.type)).toEqual(['text']);
    expect(textOf(streamed.content)).toBe('The answer is 4.');
    const { data: whole, response } = await anthropic.messages.create({ model: 'box/qwen3:8b', ...ask, ...thinking }).withResponse();
    expect(whole.content.map((b) => b.type)).toEqual(['text']);
    expect(textOf(whole.content)).toBe('The answer is 4.');
    expect(response.headers.get('x-switchboard-dropped')).toMatch(/thinking|reasoning/);
  });

  it('reaches a Responses client as a reasoning item, streamed', async () => {
    // the thinking as summary text only for a client that asks for summaries (3e12ea0), as Codex does
    const stream = openai.responses.stream({ model: 'box/qwen3:8b', input: 'What is 2+2?', reasoning: { summary: 'auto' } });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const r = await stream.finalResponse();
    expect(r.output_text).toBe('The answer is 4.');
    expect(deltas.join('')).toBe('The answer is 4.');
    const reasoning = r.output.filter((o) => o.type === 'reasoning').flatMap((o) => [...(o.summary ?? []), ...(o.content ?? [])].map((c) => c.text)).join('');
    expect(reasoning).toBe('Let me think about 2+2. It is 4.\n');
    const whole = await openai.responses.create({ model: 'box/qwen3:8b', input: 'What is 2+2?' });
    expect(whole.output_text).toBe('The answer is 4.');
    expect(whole.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    // not asked: the reasoning item with no summary, as from OpenAI, and still no thinking in the answer
    expect(whole.output[0]).toMatchObject({ type: 'reasoning', summary: [] });
  });

  it('goes to a chat client as the server sent it, and a cloud provider\'s text is never touched', async () => {
    const forwarded = await openai.chat.completions.create({ model: 'box/qwen3:8b', messages: ask.messages });
    expect(forwarded.choices[0]!.message.content).toBe(THOUGHT);
    const fromCloud = await anthropic.messages.create({ model: 'cl/gpt-x', ...ask });
    expect(textOf(fromCloud.content)).toBe(THOUGHT);
  });
});
