import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, UpstreamTarget } from '../../canonical';
import { openaiAdapter } from './index';
import { modelEffort } from './model-effort';
import { buildResponsesRequest } from '../openai-responses/build-request';

const base: CanonicalRequest = {
  model: 'auto',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};

function build(req: Partial<CanonicalRequest>, target: Partial<UpstreamTarget>) {
  const http = openaiAdapter.buildChatRequest({ ...base, ...req }, { baseUrl: 'https://api.x.ai/v1', modelName: 'grok-4', reasoning: true, providerType: 'xai', ...target });
  return { dropped: http.dropped ?? [], body: JSON.parse(http.body!) as Record<string, unknown> };
}

function forward(client: Record<string, unknown>, target: Partial<UpstreamTarget>) {
  const http = openaiAdapter.buildForwardRequest(client, { baseUrl: 'https://api.x.ai/v1', modelName: 'grok-4', reasoning: true, providerType: 'xai', ...target }, { stream: false });
  return { dropped: http.dropped ?? [], body: JSON.parse(http.body ?? Buffer.from(http.bytes!).toString()) as Record<string, unknown> };
}

describe('modelEffort', () => {
  it('gives xAI models only the efforts xAI documents for them', () => {
    for (const model of ['grok-4', 'grok-4-0709', 'grok-3', 'grok-4-fast-reasoning', 'grok-4-1-fast-reasoning', 'grok-code-fast-1', 'grok-4.20-0309-reasoning']) {
      expect(modelEffort('xai', model, 'high')).toEqual({ send: undefined });
    }
    expect(modelEffort('xai', 'grok-3-mini', 'high')).toEqual({ send: 'high' });
    expect(modelEffort('xai', 'grok-3-mini', 'minimal')).toEqual({ send: 'low' });
    expect(modelEffort('xai', 'grok-3-mini', 'medium')).toEqual({ send: 'high' });
    expect(modelEffort('xai', 'grok-3-mini', 'none')).toEqual({ send: 'low' });
    expect(modelEffort('xai', 'grok-4.3', 'none')).toEqual({ send: 'none' });
    expect(modelEffort('xai', 'grok-4.3', 'medium')).toEqual({ send: 'medium' });
    expect(modelEffort('xai', 'grok-4.7', 'minimal')).toEqual({ send: 'low' });
    expect(modelEffort('xai', 'grok-4.7', 'none')).toEqual({ send: 'low' });
    expect(modelEffort('xai', 'grok-4.5', 'xhigh')).toEqual({ send: 'high' });
    // max: the nearest the model has (xhigh where it has it)
    expect(modelEffort('xai', 'grok-4.7', 'max')).toEqual({ send: 'xhigh' });
    expect(modelEffort('xai', 'grok-4.5', 'max')).toEqual({ send: 'high' });
  });

  it('gives Qwen 3 on Groq default or none, and gpt-oss anywhere low to high', () => {
    expect(modelEffort('groq', 'qwen/qwen3-32b', 'high')).toEqual({ send: 'default' });
    expect(modelEffort('groq', 'qwen/qwen3-32b', 'none')).toEqual({ send: 'none' });
    for (const type of ['groq', 'together', 'ollama', 'openrouter'] as const) {
      expect(modelEffort(type, type === 'ollama' ? 'gpt-oss:20b' : 'openai/gpt-oss-120b', 'minimal')).toEqual({ send: 'low' });
    }
    expect(modelEffort('groq', 'openai/gpt-oss-20b', 'none')).toEqual({ send: 'low' });
    expect(modelEffort('groq', 'openai/gpt-oss-20b', 'medium')).toEqual({ send: 'medium' });
    expect(modelEffort('openai', 'o1-mini', 'minimal')).toBeUndefined();
    expect(modelEffort('together', 'Qwen/Qwen3-235B-A22B', 'high')).toBeUndefined();
  });

  it("gives Ollama's models only high, medium, low and none (its openai.go answers 400 to others); none turns thinking off", () => {
    expect(modelEffort('ollama', 'qwen3:8b', 'minimal')).toEqual({ send: 'low' });
    expect(modelEffort('ollama', 'qwen3:8b', 'none')).toEqual({ send: 'none' });
    expect(modelEffort('ollama', 'qwen3:8b', 'medium')).toEqual({ send: 'medium' });
    expect(modelEffort('ollama', 'qwen3:8b', 'xhigh')).toEqual({ send: 'high' });
    const ollama = { providerType: 'ollama' as const, baseUrl: 'http://127.0.0.1:11434/v1', modelName: 'qwen3:8b' };
    expect(build({ reasoningEffort: 'minimal' }, ollama)).toEqual({ body: expect.objectContaining({ reasoning_effort: 'low' }), dropped: ['reasoning_effort'] });
    expect(build({ thinkingBudgetTokens: 0 }, ollama)).toEqual({ body: expect.objectContaining({ reasoning_effort: 'none' }), dropped: [] });
    const messages = [{ role: 'user', content: 'Hi' }];
    expect(forward({ model: 'x', messages, reasoning_effort: 'minimal' }, ollama)).toEqual({ body: expect.objectContaining({ reasoning_effort: 'low' }), dropped: ['reasoning_effort'] });
    expect(forward({ model: 'x', messages, reasoning_effort: 'none' }, ollama)).toEqual({ body: expect.objectContaining({ reasoning_effort: 'none' }), dropped: [] });
  });

  it("gives OpenAI's gpt-5 family only the efforts OpenAI documents for each", () => {
    const sent = (model: string, wish: string) => modelEffort('openai', model, wish)?.send;
    // gpt-5-pro: high alone
    for (const wish of ['minimal', 'low', 'medium', 'high', 'xhigh']) expect(sent('gpt-5-pro', wish)).toBe('high');
    expect(sent('gpt-5-pro-2025-10-06', 'low')).toBe('high');
    // thinking off where a model has no off: its lowest level
    expect(sent('gpt-5-pro', 'none')).toBe('high');
    // Codex: low to high, no minimal or off; codex-max and later up to xhigh; codex-mini medium and high
    expect(sent('gpt-5.1-codex', 'minimal')).toBe('low');
    expect(sent('gpt-5-codex', 'xhigh')).toBe('high');
    expect(sent('gpt-5.1-codex', 'none')).toBe('low');
    expect(sent('gpt-5.1-codex-mini', 'none')).toBe('medium');
    expect(sent('gpt-5.1-codex-max', 'xhigh')).toBe('xhigh');
    expect(sent('gpt-5.3-codex', 'xhigh')).toBe('xhigh');
    expect(sent('gpt-5.3-codex', 'minimal')).toBe('low');
    expect(sent('gpt-5.1-codex-mini', 'low')).toBe('medium');
    // gpt-5 minimal to high; gpt-5.1 none to high; gpt-5.2 and later none to xhigh
    expect(sent('gpt-5', 'minimal')).toBe('minimal');
    expect(sent('gpt-5-mini', 'xhigh')).toBe('high');
    expect(sent('gpt-5', 'none')).toBe('minimal');
    expect(sent('gpt-5-mini', 'none')).toBe('minimal');
    expect(sent('gpt-5.1', 'minimal')).toBe('low');
    expect(sent('gpt-5.1', 'none')).toBe('none');
    expect(sent('gpt-5.1', 'xhigh')).toBe('high');
    expect(sent('gpt-5.2', 'xhigh')).toBe('xhigh');
    // max is documented for none of them: xhigh where taken, else high
    expect(sent('gpt-5.2', 'max')).toBe('xhigh');
    expect(sent('gpt-5.1-codex-max', 'max')).toBe('xhigh');
    expect(sent('gpt-5.2-pro', 'max')).toBe('xhigh');
    expect(sent('gpt-5.1', 'max')).toBe('high');
    expect(sent('gpt-5-pro', 'max')).toBe('high');
    expect(sent('gpt-5.1-codex-mini', 'max')).toBe('high');
    // ultra (Codex 0.171's gpt-5.6 and gpt-6 models), above max: likewise
    expect(sent('gpt-5.5', 'ultra')).toBe('xhigh');
    expect(sent('gpt-5.1-codex-max', 'ultra')).toBe('xhigh');
    expect(sent('gpt-5.1', 'ultra')).toBe('high');
    expect(sent('o3', 'ultra')).toBe('high');
    expect(sent('gpt-5.5', 'none')).toBe('none');
  });

  it('gives the o-series low, medium and high: minimal, which came with gpt-5, becomes low', () => {
    const sent = (model: string, wish: string) => modelEffort('openai', model, wish)?.send;
    for (const model of ['o1', 'o1-2024-12-17', 'o1-pro', 'o3', 'o3-2025-04-16', 'o3-mini', 'o3-pro', 'o4-mini', 'o4-mini-2025-04-16']) {
      expect(sent(model, 'minimal'), model).toBe('low');
      for (const wish of ['low', 'medium', 'high']) expect(sent(model, wish), model).toBe(wish);
      expect(sent(model, 'xhigh'), model).toBe('high');
      expect(sent(model, 'none'), model).toBe('low');
    }
  });

  it("gives Codex 0.171's gpt-5.6 and gpt-6 models the levels its model list gives them: luna to max, the rest to ultra", () => {
    const sent = (model: string, wish: string) => modelEffort('openai', model, wish)?.send;
    for (const model of ['gpt-6-luna', 'gpt-5.6-luna']) {
      expect(sent(model, 'max'), model).toBe('max');
      expect(sent(model, 'ultra'), model).toBe('max');
      expect(sent(model, 'minimal'), model).toBe('low');
    }
    for (const model of ['gpt-6.2-sol', 'gpt-6-astra', 'gpt-6.1-terra', 'gpt-5.6-sol', 'gpt-daybreak-blue-latest']) {
      expect(sent(model, 'ultra'), model).toBe('ultra');
      expect(sent(model, 'xhigh'), model).toBe('xhigh');
      expect(sent(model, 'none'), model).toBe('low');
    }
    // gpt-5.5 stays on gpt-5.2 and later's none to xhigh
    expect(sent('gpt-5.5', 'ultra')).toBe('xhigh');
  });
});

describe('the OpenAI chat builder to models with their own efforts', () => {
  it('sends Grok 4 no reasoning_effort, stop or penalties, and names each', () => {
    const { body, dropped } = build({ reasoningEffort: 'high', stop: ['END'], presencePenalty: 0.5, frequencyPenalty: 0.2, temperature: 0.3 }, {});
    expect(body.reasoning_effort).toBeUndefined();
    expect(body.stop).toBeUndefined();
    expect(body.presence_penalty).toBeUndefined();
    expect(body.frequency_penalty).toBeUndefined();
    expect(body.temperature).toBe(0.3);
    expect(dropped.sort()).toEqual(['frequency_penalty', 'presence_penalty', 'reasoning_effort', 'stop']);
  });

  it('keeps stop and penalties for a Grok model that does not reason, and a thinking budget becomes grok-3-mini effort', () => {
    expect(build({ stop: ['END'], presencePenalty: 0.5 }, { modelName: 'grok-4-1-fast-non-reasoning', reasoning: false }).body).toMatchObject({ stop: ['END'], presence_penalty: 0.5 });
    const mini = build({ thinkingBudgetTokens: 31_999 }, { modelName: 'grok-3-mini' });
    expect(mini.body.reasoning_effort).toBe('high');
    expect(mini.dropped).toEqual([]);
  });

  it('turns thinking off on Groq Qwen 3 with none and maps a level to default, named', () => {
    const off = build({ thinkingBudgetTokens: 0 }, { baseUrl: 'https://api.groq.com/openai/v1', providerType: 'groq', modelName: 'qwen/qwen3-32b' });
    expect(off.body.reasoning_effort).toBe('none');
    expect(off.dropped).toEqual([]);
    const on = build({ reasoningEffort: 'low' }, { providerType: 'groq', modelName: 'qwen/qwen3-32b' });
    expect(on.body.reasoning_effort).toBe('default');
    expect(on.dropped).toEqual(['reasoning_effort']);
  });

  it("sends gpt-oss low for Codex's minimal, named", () => {
    const { body, dropped } = build({ reasoningEffort: 'minimal' }, { providerType: 'together', modelName: 'openai/gpt-oss-120b' });
    expect(body.reasoning_effort).toBe('low');
    expect(dropped).toEqual(['reasoning_effort']);
    // OpenAI's own models take minimal as it is
    expect(build({ reasoningEffort: 'minimal' }, { providerType: 'openai', modelName: 'gpt-5' }).body.reasoning_effort).toBe('minimal');
  });

  it("sends o3 and o4-mini low for a client's minimal (Gemini's thinkingLevel, Codex), named", () => {
    for (const modelName of ['o3', 'o4-mini']) {
      const { body, dropped } = build({ reasoningEffort: 'minimal' }, { providerType: 'openai', modelName });
      expect(body.reasoning_effort).toBe('low');
      expect(dropped).toEqual(['reasoning_effort']);
    }
  });

  it('sends xhigh to the models that take it, and high, named, to the rest', () => {
    const gpt52 = build({ reasoningEffort: 'xhigh' }, { providerType: 'openai', modelName: 'gpt-5.2' });
    expect(gpt52.body.reasoning_effort).toBe('xhigh');
    expect(gpt52.dropped).toEqual([]);
    for (const modelName of ['gpt-5', 'o3', 'deepseek-reasoner']) {
      const { body, dropped } = build({ reasoningEffort: 'xhigh' }, { providerType: modelName === 'deepseek-reasoner' ? 'deepseek' : 'openai', modelName });
      expect(body.reasoning_effort).toBe('high');
      expect(dropped).toEqual(['reasoning_effort']);
    }
  });

  it('sends max as the nearest level a model takes, named: xhigh where taken, else high', () => {
    const gpt52 = build({ reasoningEffort: 'max' }, { providerType: 'openai', modelName: 'gpt-5.2' });
    expect(gpt52.body.reasoning_effort).toBe('xhigh');
    expect(gpt52.dropped).toEqual(['reasoning_effort']);
    for (const modelName of ['gpt-5', 'o3', 'deepseek-reasoner']) {
      for (const reasoningEffort of ['max', 'ultra'] as const) {
        const { body, dropped } = build({ reasoningEffort }, { providerType: modelName === 'deepseek-reasoner' ? 'deepseek' : 'openai', modelName });
        expect(body.reasoning_effort).toBe('high');
        expect(dropped).toEqual(['reasoning_effort']);
      }
    }
  });

  it('sends a model with no off its lowest level for thinking off, named', () => {
    const { body, dropped } = build({ thinkingBudgetTokens: 0 }, { providerType: 'openai', modelName: 'o3' });
    expect(body.reasoning_effort).toBe('low');
    expect(dropped).toEqual(['reasoning_effort']);
  });
});

describe('the OpenAI chat forward to models with their own efforts', () => {
  it('takes out what Grok 4 refuses from a client body and names it', () => {
    const { body, dropped } = forward({ model: 'x', messages: [], reasoning_effort: 'low', stop: ['\n'], frequency_penalty: 1 }, {});
    expect(body).toEqual({ model: 'grok-4', messages: [] });
    expect(dropped.sort()).toEqual(['frequency_penalty', 'reasoning_effort', 'stop']);
  });

  it('maps minimal to low for gpt-oss on Groq and leaves a client\'s valid Qwen value alone', () => {
    const oss = forward({ model: 'x', messages: [], reasoning_effort: 'minimal' }, { providerType: 'groq', modelName: 'openai/gpt-oss-20b' });
    expect(oss.body.reasoning_effort).toBe('low');
    expect(oss.dropped).toEqual(['reasoning_effort']);
    const qwen = forward({ model: 'x', messages: [], reasoning_effort: 'none' }, { providerType: 'groq', modelName: 'qwen/qwen3-32b' });
    expect(qwen.body.reasoning_effort).toBe('none');
    expect(qwen.dropped).toEqual([]);
  });

  it("gives a client's max to a model that lacks it as its nearest, named, not left out", () => {
    const gpt52 = forward({ model: 'x', messages: [], reasoning_effort: 'max' }, { providerType: 'openai', modelName: 'gpt-5.2' });
    expect(gpt52.body.reasoning_effort).toBe('xhigh');
    expect(gpt52.dropped).toEqual(['reasoning_effort']);
    const o3 = forward({ model: 'x', messages: [], reasoning_effort: 'max' }, { providerType: 'openai', modelName: 'o3' });
    expect(o3.body.reasoning_effort).toBe('high');
    expect(o3.dropped).toEqual(['reasoning_effort']);
    // a model nothing is known about gets it as sent
    const other = forward({ model: 'x', messages: [], reasoning_effort: 'max' }, { providerType: 'openai-compatible', modelName: 'my-reasoner' });
    expect(other.body.reasoning_effort).toBe('max');
    expect(other.dropped).toEqual([]);
  });
});

describe('the OpenAI chat forward to a model routing chose that does not reason', () => {
  const routed = (modelName: string, providerType: UpstreamTarget['providerType'], reasoning: boolean, isRouted = true) => {
    const http = openaiAdapter.buildForwardRequest(
      { model: 'x', messages: [], reasoning_effort: 'high' }, { baseUrl: 'https://api.openai.com/v1', modelName, providerType, reasoning }, { stream: false, routed: isRouted },
    );
    return { dropped: http.dropped ?? [], body: JSON.parse(http.body ?? Buffer.from(http.bytes!).toString()) as Record<string, unknown> };
  };

  it('leaves the effort out, named; a model the client named gets it as sent', () => {
    expect(routed('gpt-4o', 'openai', false)).toEqual({ body: { model: 'gpt-4o', messages: [] }, dropped: ['reasoning_effort'] });
    expect(routed('gpt-4o', 'openai', false, false)).toEqual({ body: { model: 'gpt-4o', messages: [], reasoning_effort: 'high' }, dropped: [] });
  });

  it("believes OpenAI's own reasoning names over a discovered model's chat-only default", () => {
    expect(routed('o9-mini', 'openai', false).body.reasoning_effort).toBe('high');
    expect(routed('gpt-5-chat-latest', 'openai', false).body).not.toHaveProperty('reasoning_effort');
    // o1-mini and o1-preview reason but take no effort at all
    expect(routed('o1-mini', 'openai', false).body).not.toHaveProperty('reasoning_effort');
    expect(routed('o1-preview-2024-09-12', 'openai', false).body).not.toHaveProperty('reasoning_effort');
    expect(routed('o1', 'openai', false).body.reasoning_effort).toBe('high');
  });

  it('leaves the effort as sent elsewhere, where a catalog without reasoning is often a default for a model that reasons', () => {
    // an openai-compatible gpt-5 behind Azure or LiteLLM, Groq's gpt-oss-safeguard, LM Studio's Qwen, OpenRouter's R1
    for (const [name, type] of [
      ['gpt-5', 'openai-compatible'], ['openai/gpt-oss-safeguard-20b', 'groq'], ['qwen/qwen3.5-9b', 'lmstudio'], ['deepseek/deepseek-r1', 'openrouter'],
      ['deepseek-reasoner', 'deepseek'], ['Qwen/Qwen3-235B-A22B', 'together'],
    ] as const) {
      expect(routed(name, type, false), `${type} ${name}`).toEqual({ body: { model: name, messages: [], reasoning_effort: 'high' }, dropped: [] });
    }
  });
});

describe("OpenAI's reasoning models and sampling settings", () => {
  const gemini = { temperature: 1, topP: 0.95, topK: 64, reasoningEffort: 'high' as const };
  it("sends o3 and gpt-5 Gemini CLI's main turn without top_p, a temperature of 1 kept, and names top_p", () => {
    for (const modelName of ['o3', 'gpt-5', 'gpt-5.2', 'gpt-5-mini']) {
      const { body, dropped } = build(gemini, { baseUrl: 'https://api.openai.com/v1', providerType: 'openai', modelName });
      expect(body.top_p).toBeUndefined();
      expect(body.temperature).toBe(1);
      expect(dropped).toEqual(['top_k', 'top_p']);
    }
  });

  it("leaves out Gemini CLI's internal temperature 0 and top_p 1, and penalties, named", () => {
    const { body, dropped } = build({ temperature: 0, topP: 1, presencePenalty: 0.5 }, { providerType: 'openai', modelName: 'o4-mini' });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('presence_penalty');
    expect(dropped.sort()).toEqual(['presence_penalty', 'temperature', 'top_p']);
  });

  it('keeps sampling for models that do not reason, and for gpt-5.1+ with effort none', () => {
    expect(build({ temperature: 0.2, topP: 0.9 }, { providerType: 'openai', modelName: 'gpt-4.1', reasoning: false }).body).toMatchObject({ temperature: 0.2, top_p: 0.9 });
    expect(build({ temperature: 0.2, topP: 0.9 }, { providerType: 'openai', modelName: 'gpt-5-chat-latest', reasoning: undefined }).body).toMatchObject({ temperature: 0.2, top_p: 0.9 });
    const none = build({ temperature: 0, topP: 1, thinkingBudgetTokens: 0 }, { providerType: 'openai', modelName: 'gpt-5.2' });
    expect(none.body).toMatchObject({ temperature: 0, top_p: 1, reasoning_effort: 'none' });
    expect(none.dropped).toEqual([]);
    // none is their default
    expect(build({ temperature: 0 }, { providerType: 'openai', modelName: 'gpt-5.4' }).body.temperature).toBe(0);
    // gpt-5 itself has no none: its effort is not sent, and it still reasons
    expect(build({ temperature: 0, thinkingBudgetTokens: 0 }, { providerType: 'openai', modelName: 'gpt-5.1-codex' }).body).not.toHaveProperty('temperature');
  });

  it("believes OpenAI's own names over a discovered model's default capabilities (chat only says nothing)", () => {
    // discovery gives a name the catalog lacks ['chat']: on OpenAI's API an o-series or gpt-5 name still reasons
    expect(build({ temperature: 0.2, topP: 0.9 }, { providerType: 'openai', modelName: 'o9-mini', reasoning: false }).body).not.toHaveProperty('top_p');
    // elsewhere a catalog entry without reasoning is believed (a local server's own "gpt-5-something")
    expect(build({ temperature: 0.2, topP: 0.9 }, { providerType: 'openai-compatible', modelName: 'gpt-5-local', reasoning: false }).body).toMatchObject({ top_p: 0.9 });
  });

  it("leaves out an Anthropic client's stop_sequences for o3, o4-mini and gpt-5, named, and keeps them for gpt-5.2 at effort none", () => {
    for (const modelName of ['o3', 'o4-mini', 'gpt-5', 'gpt-5-mini']) {
      const { body, dropped } = build({ stop: ['\n\nHuman:'] }, { providerType: 'openai', modelName });
      expect(body).not.toHaveProperty('stop');
      expect(dropped).toEqual(['stop']);
    }
    expect(build({ stop: ['END'] }, { providerType: 'openai', modelName: 'gpt-5.2' }).body.stop).toEqual(['END']);
    expect(build({ stop: ['END'], reasoningEffort: 'high' }, { providerType: 'openai', modelName: 'gpt-5.2' }).dropped).toEqual(['stop']);
    expect(build({ stop: ['END'] }, { providerType: 'openai', modelName: 'gpt-4o', reasoning: false }).body.stop).toEqual(['END']);
    const fwd = forward({ model: 'x', messages: [], stop: ['END'] }, { providerType: 'openai', modelName: 'o4-mini' });
    expect(fwd.body).toEqual({ model: 'o4-mini', messages: [] });
    expect(fwd.dropped).toEqual(['stop']);
  });

  it('takes logprobs and top_logprobs out of a forwarded body for o3 and gpt-5, named, and keeps them for gpt-5.2 at effort none', () => {
    const asked = { model: 'x', messages: [], logprobs: true, top_logprobs: 5 };
    for (const modelName of ['o3', 'gpt-5', 'gpt-5.2-codex']) {
      const { body, dropped } = forward(asked, { providerType: 'openai', modelName });
      expect(body).toEqual({ model: modelName, messages: [] });
      expect(dropped.sort()).toEqual(['logprobs', 'top_logprobs']);
    }
    expect(forward(asked, { providerType: 'openai', modelName: 'gpt-5.2' })).toEqual({ body: { ...asked, model: 'gpt-5.2' }, dropped: [] });
    expect(forward({ ...asked, reasoning_effort: 'high' }, { providerType: 'openai', modelName: 'gpt-5.2' }).dropped.sort()).toEqual(['logprobs', 'top_logprobs']);
    expect(forward(asked, { providerType: 'openai', modelName: 'gpt-4o', reasoning: false }).body).toMatchObject({ logprobs: true, top_logprobs: 5 });
  });

  it('takes them out of a forwarded OpenAI chat body too, as it does for Grok', () => {
    const { body, dropped } = forward({ model: 'x', messages: [], temperature: 0.3, top_p: 0.9 }, { providerType: 'openai', modelName: 'o3' });
    expect(body).toEqual({ model: 'o3', messages: [] });
    expect(dropped.sort()).toEqual(['temperature', 'top_p']);
  });

  it('sends a Responses model such as gpt-5-pro no top_p and no temperature but 1, named', () => {
    const http = buildResponsesRequest({ ...base, temperature: 0, topP: 0.95 }, { baseUrl: 'https://api.openai.com/v1', providerType: 'openai', modelName: 'gpt-5-pro', reasoning: true });
    const body = JSON.parse(http.body!) as Record<string, unknown>;
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(http.dropped).toEqual(['temperature', 'top_p']);
    const one = JSON.parse(buildResponsesRequest({ ...base, temperature: 1 }, { baseUrl: 'https://api.openai.com/v1', providerType: 'openai', modelName: 'gpt-5.1-codex', reasoning: true }).body!) as Record<string, unknown>;
    expect(one.temperature).toBe(1);
  });
});

describe('the Responses builder to models with their own efforts', () => {
  const responses = (req: Partial<CanonicalRequest>, modelName: string) => {
    const http = buildResponsesRequest({ ...base, ...req }, { baseUrl: 'https://api.openai.com/v1', providerType: 'openai', modelName, reasoning: true });
    return { dropped: http.dropped ?? [], body: JSON.parse(http.body!) as Record<string, any> };
  };

  it("sends gpt-5-pro high for Claude Code's small thinking budget, and Codex models low for minimal, named", () => {
    const pro = responses({ maxTokens: 8000, thinkingBudgetTokens: 1024 }, 'gpt-5-pro');
    expect(pro.body.reasoning).toEqual({ effort: 'high' });
    expect(pro.dropped).toEqual(['reasoning_effort']);
    const codex = responses({ reasoningEffort: 'minimal' }, 'gpt-5.1-codex');
    expect(codex.body.reasoning).toEqual({ effort: 'low' });
    expect(codex.dropped).toEqual(['reasoning_effort']);
    const o3 = responses({ reasoningEffort: 'minimal' }, 'o3');
    expect(o3.body.reasoning).toEqual({ effort: 'low' });
    expect(o3.dropped).toEqual(['reasoning_effort']);
    const asked = responses({ reasoningEffort: 'medium' }, 'gpt-5.1-codex');
    expect(asked.body.reasoning).toEqual({ effort: 'medium' });
    expect(asked.dropped).toEqual([]);
  });

  it('turns thinking off where the model has an off, and sends its lowest level, named, where it has none', () => {
    const off = responses({ thinkingBudgetTokens: 0 }, 'gpt-5.2');
    expect(off.body.reasoning).toEqual({ effort: 'none' });
    expect(off.dropped).toEqual([]);
    const pro = responses({ thinkingBudgetTokens: 0 }, 'gpt-5-pro');
    expect(pro.body.reasoning).toEqual({ effort: 'high' });
    expect(pro.dropped).toEqual(['reasoning_effort']);
    const five = responses({ thinkingBudgetTokens: 0 }, 'gpt-5');
    expect(five.body.reasoning).toEqual({ effort: 'minimal' });
    expect(five.dropped).toEqual(['reasoning_effort']);
  });
});

describe('Mistral: reasoning_effort only where Mistral documents it, high or none', () => {
  const mistral = { baseUrl: 'https://api.mistral.ai/v1', providerType: 'mistral' as const, reasoning: true };

  it('sends Magistral (always reasoning, no parameter) none, named, whatever the client wished', () => {
    for (const req of [{ thinkingBudgetTokens: 1024 }, { reasoningEffort: 'medium' }, { thinkingBudgetTokens: 31_999 }, { thinkingBudgetTokens: 0 }] as Partial<CanonicalRequest>[]) {
      const { body, dropped } = build(req, { ...mistral, modelName: 'magistral-medium-latest' });
      expect(body.reasoning_effort, JSON.stringify(req)).toBeUndefined();
      expect(dropped).toEqual(['reasoning_effort']);
    }
  });

  it('sends the adjustable models high for any thinking and none for none; a level other than high is named', () => {
    for (const modelName of ['mistral-small-latest', 'mistral-small-2603', 'mistral-medium-3-5', 'mistral-medium-3.5']) {
      const low = build({ thinkingBudgetTokens: 1024 }, { ...mistral, modelName });
      expect(low.body.reasoning_effort, modelName).toBe('high');
      expect(low.dropped).toEqual(['reasoning_effort']);
      expect(build({ reasoningEffort: 'minimal' }, { ...mistral, modelName }).body.reasoning_effort).toBe('high');
      const high = build({ reasoningEffort: 'high' }, { ...mistral, modelName });
      expect([high.body.reasoning_effort, high.dropped]).toEqual(['high', []]);
      const off = build({ thinkingBudgetTokens: 0 }, { ...mistral, modelName });
      expect([off.body.reasoning_effort, off.dropped]).toEqual(['none', []]);
    }
    // a model Mistral does not name gets none of it
    expect(build({ reasoningEffort: 'high' }, { ...mistral, modelName: 'mistral-large-latest' }).body.reasoning_effort).toBeUndefined();
  });

  it('forwards a chat body the same way: Magistral none, the adjustable models high or none', () => {
    const magistral = forward({ model: 'x', messages: [], reasoning_effort: 'low' }, { ...mistral, modelName: 'magistral-medium-latest' });
    expect(magistral.body).toEqual({ model: 'magistral-medium-latest', messages: [] });
    expect(magistral.dropped).toEqual(['reasoning_effort']);
    const small = forward({ model: 'x', messages: [], reasoning_effort: 'low' }, { ...mistral, modelName: 'mistral-small-latest' });
    expect([small.body.reasoning_effort, small.dropped]).toEqual(['high', ['reasoning_effort']]);
    // the catalog saying the model does not reason does not let the field through to a model Mistral does not name
    expect(forward({ model: 'x', messages: [], reasoning_effort: 'high' }, { ...mistral, modelName: 'mistral-large-latest', reasoning: false }).body.reasoning_effort).toBeUndefined();
  });

  it('modelEffort: nothing for Magistral, high or none for the adjustable models', () => {
    expect(modelEffort('mistral', 'magistral-small-latest', 'high')).toEqual({ send: undefined });
    expect(modelEffort('mistral', 'mistral-small-latest', 'xhigh')).toEqual({ send: 'high' });
    expect(modelEffort('mistral', 'mistral-medium-3-5', 'none')).toEqual({ send: 'none' });
    expect(modelEffort('mistral', 'mistral-medium-3-5-2512', 'low')).toEqual({ send: 'high' });
    expect(modelEffort('mistral', 'mistral-medium-3.5', 'low')).toEqual({ send: 'high' });
  });

  it('gives Medium 3 and 3.1 (not adjustable) none, translated and forwarded', () => {
    for (const modelName of ['mistral-medium-3', 'mistral-medium-3-1', 'mistral-medium-3-2505', 'mistral-medium-3-1-2508', 'mistral-medium-2508', 'mistral-medium-latest', 'mistral-medium-3-50']) {
      expect(modelEffort('mistral', modelName, 'high'), modelName).toEqual({ send: undefined });
      const { body, dropped } = build({ reasoningEffort: 'high' }, { ...mistral, modelName });
      expect([body.reasoning_effort, dropped], modelName).toEqual([undefined, ['reasoning_effort']]);
      const forwarded = forward({ model: 'x', messages: [], reasoning_effort: 'high' }, { ...mistral, modelName });
      expect([forwarded.body.reasoning_effort, forwarded.dropped], modelName).toEqual([undefined, ['reasoning_effort']]);
    }
  });
});
