// What OpenAI takes and Groq, Mistral refuse (a client error, so no fallback fired and the user got 400 for a
// request OpenAI accepts), and OpenRouter's reasoning object, through the proxy with the official SDKs against
// a fake that refuses as the real providers document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { KEYS, type Harness } from './helpers/app-harness';
import { OPENAI_TYPE_MODEL, startFixtureHarness } from './helpers/fixture-harness';

const GROQ = 'llama-3.3-70b-versatile';
const MISTRAL = 'mistral-large-latest';
const OPENROUTER = 'anthropic/claude-sonnet-4.5';

/**
 * Groq's message params (groq-python, from its OpenAPI spec), name left out but a tool's or function's
 * (https://console.groq.com/docs/openai: messages[].name answers 400): any other field is "property ... is unsupported".
 */
const GROQ_FIELDS: Record<string, string[]> = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'function_call', 'reasoning'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
  function: ['role', 'content', 'name', 'tool_call_id'],
};

/** Mistral's message schema: any other field is "Extra inputs are not permitted" (422 extra_forbidden). */
const MISTRAL_FIELDS: Record<string, string[]> = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'prefix'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
};

function refusal(body: any): string | undefined {
  const messages: any[] = body.messages;
  if (body.model === GROQ) {
    // https://console.groq.com/docs/openai, "Currently Unsupported OpenAI Features"
    for (const key of ['logprobs', 'logit_bias', 'top_logprobs']) if (key in body) return `'${key}' : property '${key}' is unsupported`;
    for (const [i, m] of messages.entries()) {
      const allowed = GROQ_FIELDS[m.role];
      if (!allowed) return `'messages.${i}' : discriminator property 'role' has invalid value`;
      const extra = Object.keys(m).find((k) => !allowed.includes(k));
      if (extra) return `'messages.${i}' : for 'role:${m.role}' the following must be satisfied[('messages.${i}' : property '${extra}' is unsupported)]`;
    }
    if (body.n !== undefined && body.n !== 1) return "'n' : number must be at most 1";
  }
  if (body.model === MISTRAL) {
    for (const [i, m] of messages.entries()) {
      const allowed = MISTRAL_FIELDS[m.role];
      if (!allowed) return `Input tag '${m.role}' found using 'role' does not match any of the expected tags: 'assistant', 'system', 'tool', 'user'`;
      const extra = Object.keys(m).find((k) => !allowed.includes(k));
      if (extra) return `Extra inputs are not permitted: body.messages.${i}.${m.role}.${extra}`;
      if (m.role === 'user' && messages[i - 1]?.role === 'tool') return "Unexpected role 'user' after role 'tool'";
    }
  }
  // OpenAI's reasoning models: "Unsupported parameter: 'logprobs' is not supported with this model" (gpt-5, the o-series);
  // gpt-5.1 and later take them at effort none, their default, as they take temperature and top_p
  const thinks = /^gpt-5\.\d/.test(body.model) ? body.reasoning_effort !== undefined && body.reasoning_effort !== 'none' : /^(o\d|gpt-5)/.test(body.model);
  if (thinks) for (const key of ['logprobs', 'top_logprobs']) if (key in body) return `Unsupported parameter: '${key}' is not supported with this model.`;
  if (body.model === OPENROUTER && body.reasoning?.effort !== undefined && body.reasoning?.max_tokens !== undefined) return 'Only one of "reasoning.effort" and "reasoning.max_tokens" may be specified';
  return undefined;
}

let h: Harness;
let openai: OpenAI;
beforeAll(async () => {
  h = await startFixtureHarness();
  h.openai.options.refuse = refusal;
  const s = h.app.service;
  const add = async (provider_id: string, model_name: string, reasoning = false) => {
    const capabilities = ['chat', 'tools', 'json', ...(reasoning ? ['reasoning' as const] : [])] as const;
    await s.createModel({ provider_id, model_name, input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 128_000, capabilities: [...capabilities], quality: 80 });
  };
  await s.createProvider({ id: 'gq', name: 'Groq fake', type: 'groq', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('gq', GROQ);
  await s.createProvider({ id: 'mi', name: 'Mistral fake', type: 'mistral', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('mi', MISTRAL);
  await s.createProvider({ id: 'or', name: 'OpenRouter fake', type: 'openrouter', base_url: h.openai.url, api_key: KEYS.openai, enabled: true });
  await add('or', OPENROUTER, true);
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const sent = (): any => h.openai.requests.at(-1)!.body;
const dropped = (res: Response): string[] => String(res.headers.get('x-switchboard-dropped') ?? '').split(',').filter(Boolean);

/** An AutoGen-style group chat: each participant named on its messages. */
const groupChat: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are the critic.', name: 'critic' },
  { role: 'user', content: 'Write a haiku.', name: 'admin' },
  { role: 'assistant', content: 'Old pond, frog jumps in.', name: 'writer' },
  { role: 'user', content: 'Critique it.', name: 'admin' },
];

describe('Groq', () => {
  it("serves a conversation replaying Switchboard's own answer (reasoning_content, refusal: null), its thinking as Groq's reasoning", async () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!', refusal: null, reasoning_content: 'The user greets me.' },
      { role: 'user', content: 'How are you?' },
    ] as unknown as OpenAI.ChatCompletionMessageParam[];
    const { data, response } = await openai.chat.completions.create({ model: `gq/${GROQ}`, messages }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(sent().messages[1]).toEqual({ role: 'assistant', content: 'Hello!', reasoning: 'The user greets me.' });
    expect(dropped(response)).toEqual([]);
  });

  it("serves a legacy function-calling conversation (an assistant's function_call, a function result) as sent", async () => {
    const messages = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { role: 'function', name: 'get_weather', content: '18C' },
    ] as OpenAI.ChatCompletionMessageParam[];
    const { data, response } = await openai.chat.completions.create({ model: `gq/${GROQ}`, messages }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(sent().messages).toEqual(messages);
    expect(dropped(response)).toEqual([]);
  });

  it('serves a group chat with names, logprobs and logit_bias (its documented 400s), streamed and not, naming what it left out', async () => {
    const ask = { model: `gq/${GROQ}`, messages: groupChat, logprobs: true, top_logprobs: 2, logit_bias: { '1734': -100 } };
    const { data, response } = await openai.chat.completions.create(ask).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(response.headers.get('x-switchboard-model')).toBe(`gq/${GROQ}`);
    expect(dropped(response).sort()).toEqual(['logit_bias', 'logprobs', 'messages[].name', 'top_logprobs']);
    expect(sent().messages.map((m: any) => m.name)).toEqual([undefined, undefined, undefined, undefined]);

    const stream = await openai.chat.completions.create({ ...ask, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
    expect(dropped(stream.response)).toContain('messages[].name');
  });

  it('answers n > 1 with a clear 400 naming n=1, or serves it from a fallback model that takes it', async () => {
    const before = h.openai.requests.length;
    const err = await openai.chat.completions.create({ model: `gq/${GROQ}`, messages: [{ role: 'user', content: 'Hi' }], n: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('model_not_supported');
    expect((err as Error).message).toContain('n=1');
    expect(h.openai.requests.length).toBe(before);

    await h.app.service.updateRoutingRules({ fallbacks: { [`gq/${GROQ}`]: [OPENAI_TYPE_MODEL] } });
    try {
      const { data, response } = await openai.chat.completions.create({ model: `gq/${GROQ}`, messages: [{ role: 'user', content: 'Hi' }], n: 2 }).withResponse();
      expect(response.headers.get('x-switchboard-model')).toBe(OPENAI_TYPE_MODEL);
      expect(sent().n).toBe(2);
      expect(data.choices.length).toBeGreaterThan(0);
    } finally {
      await h.app.service.updateRoutingRules({ fallbacks: {} });
    }
  });
});

describe('Mistral', () => {
  it("serves Claude Code's tool result with a system reminder beside it, an assistant turn put between", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const tools = [{ name: 'read_file', description: 'read a file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }];
    const { data, response } = await anthropic.messages.create({
      model: `mi/${MISTRAL}`, max_tokens: 200, tools, messages: [
        { role: 'user', content: 'What is in README.md?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'read_file', input: { path: 'README.md' } }] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '# Hello' },
          { type: 'text', text: '<system-reminder>The user opened README.md</system-reminder>' },
        ] },
      ],
    }).withResponse();
    expect(response.status).toBe(200);
    expect(data.content.length).toBeGreaterThan(0);
    expect(sent().messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
  });

  it("serves a conversation replaying a reasoning answer's fields and a developer message, naming what it left out", async () => {
    const messages = [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Hi', name: 'alice' },
      // a chat answer as Switchboard gave it from a reasoning model, replayed whole by the client
      { role: 'assistant', content: 'Hello!', refusal: null, annotations: [], reasoning_content: 'The user greets me.' },
      { role: 'user', content: 'How are you?' },
    ] as unknown as OpenAI.ChatCompletionMessageParam[];
    const { data, response } = await openai.chat.completions.create({ model: `mi/${MISTRAL}`, messages }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(response.headers.get('x-switchboard-model')).toBe(`mi/${MISTRAL}`);
    expect(sent().messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'How are you?' },
    ]);
    expect(dropped(response).sort()).toEqual(['messages[].name', 'messages[].reasoning_content']);
  });
});

describe('OpenRouter', () => {
  it("gets an Anthropic client's thinking budget as reasoning.max_tokens and thinking off as effort none", async () => {
    const anthropic = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
    const ask = { model: `or/${OPENROUTER}`, max_tokens: 16_000, messages: [{ role: 'user' as const, content: 'Hi' }] };
    const { response } = await anthropic.messages.create({ ...ask, thinking: { type: 'enabled', budget_tokens: 6000 } }).withResponse();
    expect(response.status).toBe(200);
    expect(sent().reasoning).toEqual({ max_tokens: 6000 });
    expect(sent().reasoning_effort).toBeUndefined();
    expect(dropped(response)).not.toContain('thinking');

    const off = await anthropic.messages.create({ ...ask, thinking: { type: 'disabled' } }).withResponse();
    expect(off.response.status).toBe(200);
    expect(sent().reasoning).toEqual({ effort: 'none' });
    expect(dropped(off.response)).not.toContain('thinking');
  });

  it('gets a chat client\'s reasoning_effort none as sent, forwarded', async () => {
    const { response } = await openai.chat.completions.create({ model: `or/${OPENROUTER}`, messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'none' }).withResponse();
    expect(response.status).toBe(200);
    expect(sent().reasoning_effort).toBe('none');
  });
});

describe("OpenAI's reasoning models", () => {
  it('get no logprobs or top_logprobs, which they refuse, named; gpt-5.2 at effort none takes them', async () => {
    await h.app.service.createModel({ provider_id: 'oa', model_name: 'gpt-5.2', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 400_000, capabilities: ['chat', 'reasoning'] });
    await h.app.service.updateRoutingRules({ aliases: { thinker: [OPENAI_TYPE_MODEL] } });
    try {
      for (const model of [OPENAI_TYPE_MODEL, 'thinker']) {
        const { response } = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], logprobs: true, top_logprobs: 3 }).withResponse();
        expect(response.status).toBe(200);
        expect(sent()).not.toHaveProperty('logprobs');
        expect(sent()).not.toHaveProperty('top_logprobs');
        expect(dropped(response).sort()).toEqual(['logprobs', 'top_logprobs']);
      }
    } finally {
      await h.app.service.updateRoutingRules({ aliases: {} });
    }
    const none = await openai.chat.completions.create({ model: 'oa/gpt-5.2', messages: [{ role: 'user', content: 'Hi' }], logprobs: true, top_logprobs: 3 }).withResponse();
    expect(sent()).toMatchObject({ logprobs: true, top_logprobs: 3 });
    expect(dropped(none.response)).toEqual([]);
    const high = await openai.chat.completions.create({ model: 'oa/gpt-5.2', reasoning_effort: 'high', messages: [{ role: 'user', content: 'Hi' }], logprobs: true }).withResponse();
    expect(sent()).not.toHaveProperty('logprobs');
    expect(dropped(high.response)).toEqual(['logprobs']);
  });
});
