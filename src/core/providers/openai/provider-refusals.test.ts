// What Groq, Mistral, DeepSeek and the other OpenAI-compatible servers refuse of a chat body OpenAI takes, and
// OpenRouter's reasoning object.
import { describe, expect, it } from 'vitest';
import { UpstreamFailure, type CanonicalRequest, type UpstreamTarget } from '../../canonical';
import { openaiAdapter } from './index';

const groq: UpstreamTarget = { baseUrl: 'https://api.groq.com/openai/v1', modelName: 'llama-3.3-70b-versatile', providerType: 'groq' };
const mistral: UpstreamTarget = { baseUrl: 'https://api.mistral.ai/v1', modelName: 'mistral-large-latest', providerType: 'mistral' };
const openrouter: UpstreamTarget = { baseUrl: 'https://openrouter.ai/api/v1', modelName: 'anthropic/claude-sonnet-4.5', providerType: 'openrouter', reasoning: true };

function forward(body: Record<string, unknown>, target: UpstreamTarget) {
  const http = openaiAdapter.buildForwardRequest({ model: 'x', ...body }, target, { stream: false });
  return { body: JSON.parse(http.body!), dropped: http.dropped ?? [] };
}

const base: CanonicalRequest = { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: false, includeUsage: false };

function translate(req: Partial<CanonicalRequest>, target: UpstreamTarget) {
  const http = openaiAdapter.buildChatRequest({ ...base, ...req }, target);
  return { body: JSON.parse(http.body!), dropped: http.dropped ?? [] };
}

/** What AutoGen and CrewAI send: each participant's name on its messages. */
const named = [
  { role: 'system', content: 'Be brief.', name: 'rules' },
  { role: 'user', content: 'Hi', name: 'alice' },
  { role: 'assistant', content: null, name: 'planner', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{}' } }] },
  { role: 'tool', tool_call_id: 'call_1', name: 'get', content: 'ok' },
];

describe('Groq (https://console.groq.com/docs/openai: logprobs, logit_bias, top_logprobs, messages[].name answer 400)', () => {
  it('gets a forwarded body without them, each named; a tool result keeps its name', () => {
    const { body, dropped } = forward({ messages: named, logprobs: true, top_logprobs: 3, logit_bias: { 50256: -100 }, temperature: 0.2 }, groq);
    expect(body).toEqual({
      model: 'llama-3.3-70b-versatile',
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', name: 'get', content: 'ok' },
      ],
    });
    expect(dropped).toEqual(['logprobs', 'top_logprobs', 'logit_bias', 'messages[].name']);
  });

  it('leaves out logprobs false and an empty logit_bias without naming them: nothing asked for is lost', () => {
    const { body, dropped } = forward({ messages: [{ role: 'user', content: 'Hi' }], logprobs: false, logit_bias: {} }, groq);
    expect(body).toEqual({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }] });
    expect(dropped).toEqual([]);
  });

  it('cannot take n > 1 (a model elsewhere may); n = 1 goes as sent', () => {
    const many = () => forward({ messages: [{ role: 'user', content: 'Hi' }], n: 3 }, groq);
    expect(many).toThrow(UpstreamFailure);
    try {
      many();
    } catch (err) {
      expect((err as UpstreamFailure).error).toMatchObject({ kind: 'untranslatable', message: expect.stringContaining('n=1') });
    }
    expect(forward({ messages: [{ role: 'user', content: 'Hi' }], n: 1 }, groq).body.n).toBe(1);
  });

  it('is the only provider that loses them: OpenAI gets them as sent', () => {
    const sent = { messages: named, logprobs: true, top_logprobs: 3, logit_bias: { 50256: -100 }, n: 2 };
    const { body, dropped } = forward(sent, { ...groq, providerType: 'openai', modelName: 'gpt-4o' });
    expect(body).toEqual({ ...sent, model: 'gpt-4o' });
    expect(dropped).toEqual([]);
  });
});

describe("Mistral's messages (422 extra_forbidden for any field it does not list; roles system, user, assistant, tool)", () => {
  it('keeps only the fields each role takes, developer as system, and names what said something', () => {
    const { body, dropped } = forward({
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Hi', name: 'alice' },
        // what Switchboard's own chat answer from a reasoning model carried, replayed by the client
        { role: 'assistant', content: 'Hello', refusal: null, annotations: [], reasoning_content: 'A greeting.' },
        { role: 'assistant', content: '', reasoning_content: '', tool_calls: [{ id: 'abcDEF123', type: 'function', function: { name: 'get', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'abcDEF123', name: 'get', content: 'ok' },
        { role: 'assistant', content: 'The answer is', prefix: true },
      ],
    }, mistral);
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'abcDEF123', type: 'function', function: { name: 'get', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'abcDEF123', name: 'get', content: 'ok' },
      { role: 'assistant', content: 'The answer is', prefix: true },
    ]);
    expect(dropped).toEqual(['messages[].name', 'messages[].reasoning_content']);
  });

  it('sends the messages untouched when they hold nothing it refuses', () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }];
    const { body, dropped } = forward({ messages }, mistral);
    expect(body.messages).toEqual(messages);
    expect(dropped).toEqual([]);
  });
});

describe("Groq's messages (400 \"property '<field>' is unsupported\" for any field it does not list of a role)", () => {
  it("leaves out what Switchboard's own answers carried, its thinking as Groq's reasoning, naming only what said something", () => {
    const { body, dropped } = forward({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello', refusal: null, reasoning_content: 'A greeting.' },
        { role: 'assistant', content: 'Again', refusal: null, annotations: [], reasoning_content: '' },
        { role: 'assistant', content: 'Thought', reasoning: 'Kept: Groq lists it.' },
      ],
    }, groq);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello', reasoning: 'A greeting.' },
      { role: 'assistant', content: 'Again' },
      { role: 'assistant', content: 'Thought', reasoning: 'Kept: Groq lists it.' },
    ]);
    expect(dropped).toEqual([]);
    // empty and null extras go silently
    expect(forward({ messages: [{ role: 'assistant', content: 'Hi', refusal: null, reasoning_content: '' }] }, groq).dropped).toEqual([]);
  });
});

describe('the developer role (DeepSeek: "unknown variant `developer`"; only OpenAI and OpenRouter take it)', () => {
  const messages = [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'Hi' }];
  const at = (providerType: UpstreamTarget['providerType']): UpstreamTarget => ({ baseUrl: 'http://127.0.0.1:1/v1', modelName: 'm', providerType });

  it('goes as system to every other provider, forwarded; nothing is named (the same instructions)', () => {
    for (const providerType of ['deepseek', 'groq', 'together', 'ollama', 'lmstudio', 'xai', 'mistral', 'openai-compatible'] as const) {
      const { body, dropped } = forward({ messages }, at(providerType));
      expect(body.messages, providerType).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
      expect(dropped).toEqual([]);
    }
  });

  it('goes as sent to OpenAI and OpenRouter', () => {
    for (const providerType of ['openai', 'openrouter'] as const) expect(forward({ messages }, at(providerType)).body.messages).toEqual(messages);
  });
});

describe('Mistral\'s message order (400 invalid_request_message_order "Unexpected role \'user\' after role \'tool\'")', () => {
  const call = { id: 'abcDEF123', type: 'function', function: { name: 'read', arguments: '{}' } };
  const bridge = { role: 'assistant', content: 'ok' };

  it('gets an assistant turn between a tool result and the user message after it, forwarded', () => {
    const messages = [
      { role: 'user', content: 'Read it' },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'abcDEF123', content: '# Hello' },
      { role: 'user', content: '<system-reminder>The user opened README.md</system-reminder>' },
    ];
    const { body, dropped } = forward({ messages }, mistral);
    expect(body.messages).toEqual([...messages.slice(0, 3), bridge, messages[3]]);
    expect(dropped).toEqual([]);
    // tool results followed by the model's own turn need none; other providers get the order as sent
    const answered = [...messages.slice(0, 3), { role: 'assistant', content: 'It says Hello.' }, { role: 'user', content: 'Thanks' }];
    expect(forward({ messages: answered }, mistral).body.messages).toEqual(answered);
    expect(forward({ messages }, groq).body.messages).toEqual(messages);
  });

  it("gets one translated from Claude Code's tool result with text beside it, and from a tool result holding an image", () => {
    const asked: Partial<CanonicalRequest> = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Read it' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'abcDEF123', name: 'read', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'abcDEF123', content: [{ type: 'text', text: '# Hello' }] },
        { role: 'user', content: [{ type: 'text', text: '<system-reminder>The user opened README.md</system-reminder>' }] },
      ],
    };
    expect(translate(asked, mistral).body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
    expect(translate(asked, mistral).body.messages[3]).toEqual(bridge);
    expect(translate(asked, groq).body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);

    const image = { type: 'image' as const, source: { kind: 'base64' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' } };
    const shot = translate({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Screenshot it' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'abcDEF123', name: 'shot', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'abcDEF123', content: [{ type: 'text', text: 'Taken' }, image] },
      ],
    }, mistral);
    expect(shot.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
  });
});

describe("OpenRouter's reasoning (https://openrouter.ai/docs/use-cases/reasoning-tokens: effort or max_tokens, not both)", () => {
  it("sends a client's thinking budget as reasoning.max_tokens, not a coarse effort, nothing named", () => {
    const { body, dropped } = translate({ thinkingBudgetTokens: 5000 }, openrouter);
    expect(body.reasoning).toEqual({ max_tokens: 5000 });
    expect(body.reasoning_effort).toBeUndefined();
    expect(dropped).toEqual([]);
  });

  it('sends an effort as reasoning.effort, thinking off as effort none, and xhigh and max as they are (ultra as max, named)', () => {
    expect(translate({ reasoningEffort: 'high' }, openrouter)).toEqual({ body: expect.objectContaining({ reasoning: { effort: 'high' } }), dropped: [] });
    expect(translate({ thinkingBudgetTokens: 0 }, openrouter)).toEqual({ body: expect.objectContaining({ reasoning: { effort: 'none' } }), dropped: [] });
    expect(translate({ reasoningEffort: 'xhigh' }, openrouter).body.reasoning).toEqual({ effort: 'xhigh' });
    expect(translate({ reasoningEffort: 'max' }, openrouter).body.reasoning).toEqual({ effort: 'max' });
    expect(translate({ reasoningEffort: 'ultra' }, openrouter)).toEqual({ body: expect.objectContaining({ reasoning: { effort: 'max' } }), dropped: ['reasoning_effort'] });
  });

  it('sends the effort where both came (one of them only), naming the budget; nothing to a model that does not reason', () => {
    expect(translate({ reasoningEffort: 'low', thinkingBudgetTokens: 9000 }, openrouter)).toEqual({
      body: expect.objectContaining({ reasoning: { effort: 'low' } }), dropped: ['reasoning_effort'],
    });
    const plain = translate({ thinkingBudgetTokens: 5000 }, { ...openrouter, reasoning: false });
    expect(plain.body.reasoning).toBeUndefined();
    expect(plain.dropped).toEqual(['reasoning_effort']);
    expect(translate({}, openrouter).body.reasoning).toBeUndefined();
  });

  it('forwards reasoning_effort as sent (OpenRouter\'s shorthand for reasoning.effort), none included; ultra as max, named', () => {
    expect(forward({ messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'none' }, openrouter)).toEqual({
      body: expect.objectContaining({ reasoning_effort: 'none' }), dropped: [],
    });
    expect(forward({ messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'ultra' }, openrouter)).toEqual({
      body: expect.objectContaining({ reasoning_effort: 'max' }), dropped: ['reasoning_effort'],
    });
  });
});
