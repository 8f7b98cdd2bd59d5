// An Anthropic client's prefill (a closing assistant message the answer goes on from, its answer only what
// follows): Mistral is asked to continue it (`prefix: true`) and its answer, which repeats it first, reaches the
// client without it; OpenRouter continues the closing assistant message as sent ("Assistant Prefill"); Chat
// Completions, Responses and Gemini cannot be asked, so the turn goes and `prefill` is named in
// x-switchboard-dropped. Anthropic itself gets the body as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { KEYS, MODELS, routeAmongFakesOnly } from './helpers/app-harness';
import { startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const MISTRAL = 'mi/mistral-large-latest';
const OPENROUTER = 'or/anthropic/claude-sonnet-4.5';
const PREFILL = '{"answer":';
const messages: Anthropic.MessageParam[] = [
  { role: 'user', content: 'Answer in JSON: what is 2+2?' },
  { role: 'assistant', content: PREFILL },
];

let h: ResponsesHarness;
let client: Anthropic;
beforeAll(async () => {
  h = await startResponsesHarness();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await s.createProvider({ id: 'mi', name: 'Mistral fake', type: 'mistral', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'mi', model_name: 'mistral-large-latest', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'tools', 'json'], quality: 80 });
  await s.createProvider({ id: 'or', name: 'OpenRouter fake', type: 'openrouter', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await s.createModel({ provider_id: 'or', model_name: 'anthropic/claude-sonnet-4.5', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: ['chat', 'tools', 'json'], quality: 80 });
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const dropped = (headers: Headers): string[] => String(headers.get('x-switchboard-dropped') ?? '').split(',').filter(Boolean);
const textOf = (m: Anthropic.Message): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

describe('to Mistral, the prefill is continued', () => {
  it('is sent as the last message with prefix: true, and the echo is left out of the answer (non-stream)', async () => {
    h.openai.options.text = `${PREFILL} 4}`;
    try {
      const { data, response } = await client.messages.create({ model: MISTRAL, max_tokens: 50, messages }).withResponse();
      expect(h.openai.requests.at(-1)!.body.messages.at(-1)).toEqual({ role: 'assistant', content: PREFILL, prefix: true });
      expect(textOf(data)).toBe(' 4}');
      expect(dropped(response.headers)).not.toContain('prefill');
    } finally {
      delete h.openai.options.text;
    }
  });

  it('streams only the continuation', async () => {
    h.openai.options.text = `${PREFILL} 4}`;
    try {
      const stream = client.messages.stream({ model: MISTRAL, max_tokens: 50, messages });
      const final = await stream.finalMessage();
      expect(textOf(final)).toBe(' 4}');
      expect(h.openai.requests.at(-1)!.body.messages.at(-1).prefix).toBe(true);
    } finally {
      delete h.openai.options.text;
    }
  });
});

describe('to OpenRouter, the prefill is continued as sent', () => {
  it('goes as the closing assistant message, no prefix field, nothing named; the answer as it came, streamed and not', async () => {
    h.openai.options.text = ' 4}';
    try {
      const { data, response } = await client.messages.create({ model: OPENROUTER, max_tokens: 50, messages }).withResponse();
      expect(h.openai.requests.at(-1)!.body.messages.at(-1)).toEqual({ role: 'assistant', content: PREFILL });
      expect(textOf(data)).toBe(' 4}');
      expect(dropped(response.headers)).not.toContain('prefill');

      const stream = client.messages.stream({ model: OPENROUTER, max_tokens: 50, messages });
      expect(textOf(await stream.finalMessage())).toBe(' 4}');
      expect(dropped((await stream.withResponse()).response.headers)).not.toContain('prefill');
    } finally {
      delete h.openai.options.text;
    }
  });
});

describe.each([
  ['OpenAI chat', MODELS.openai],
  ['Responses', 'fr/gpt-resp-fake'],
  ['Gemini', MODELS.gemini],
])('to %s, which cannot be asked to continue it', (_name, model) => {
  it('the turn goes and the prefill is named dropped', async () => {
    const { response } = await client.messages.create({ model, max_tokens: 50, messages }).withResponse();
    expect(dropped(response.headers)).toContain('prefill');
  });

  it('a conversation ending on the user\'s turn names nothing of the kind', async () => {
    const { response } = await client.messages.create({ model, max_tokens: 50, messages: [messages[0]!] }).withResponse();
    expect(dropped(response.headers)).not.toContain('prefill');
  });
});

it('Anthropic gets the body as sent, with nothing named', async () => {
  const { response } = await client.messages.create({ model: MODELS.anthropic, max_tokens: 50, messages }).withResponse();
  expect(h.anthropic.requests.at(-1)!.body.messages).toEqual(messages);
  expect(dropped(response.headers)).not.toContain('prefill');
});

it('a plain OpenAI-compatible provider gets no prefix field', async () => {
  await client.messages.create({ model: MODELS.openai, max_tokens: 50, messages });
  expect(h.openai.requests.at(-1)!.body.messages.at(-1)).toEqual({ role: 'assistant', content: PREFILL });
});
