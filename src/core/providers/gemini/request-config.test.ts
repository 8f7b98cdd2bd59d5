// Gemini requests: tools and toolConfig, sampling settings and what is dropped, JSON output, and thinking.
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical';
import { geminiAdapter } from './index';
import { toGeminiRequestBody } from './request';
import { hiRequest as req } from '../../../../test/helpers/canonical-requests';

const target = { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-2.5-flash', apiKey: 'AIzaSyTESTKEY0123456789abcdefghijklmnop' };

describe('toGeminiRequestBody: tools and config', () => {
  const weather = {
    name: 'get_weather',
    description: 'Weather',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string', default: 'Paris', examples: ['Rome'] } },
      required: ['city'],
      additionalProperties: false,
    },
  };

  it('declares functions with cleaned parameters and AUTO by default', () => {
    const body = toGeminiRequestBody(req({ tools: [weather, { name: 'now', parameters: { type: 'object', properties: {} } }], toolChoice: 'auto' }), 'gemini-2.5-flash');
    expect(body.tools).toEqual([{
      functionDeclarations: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        { name: 'now' },
      ],
    }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it.each([
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ name: 'get_weather' }, { mode: 'ANY', allowedFunctionNames: ['get_weather'] }],
  ] as const)('maps tool choice %j', (choice, expected) => {
    const body = toGeminiRequestBody(req({ tools: [weather], toolChoice: choice }), 'gemini-2.5-flash');
    expect(body.toolConfig).toEqual({ functionCallingConfig: expected });
  });

  it('leaves toolConfig out when the client chose nothing', () => {
    expect(toGeminiRequestBody(req({ tools: [weather] }), 'gemini-2.5-flash').toolConfig).toBeUndefined();
  });

  it('maps sampling settings into generationConfig', () => {
    const body = toGeminiRequestBody(req({ temperature: 0.3, topP: 0.9, maxTokens: 100, stop: ['a', 'b', 'c', 'd', 'e', 'f'] }), 'gemini-2.5-flash');
    expect(body.generationConfig).toEqual({ temperature: 0.3, topP: 0.9, maxOutputTokens: 100, stopSequences: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('names tools[strict] as dropped when a tool asked for strict arguments (Gemini has no such mode)', () => {
    const tool = { name: 'a', parameters: { type: 'object' } };
    expect(geminiAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: true }] }), target).dropped).toEqual(['tools[strict]']);
    expect(geminiAdapter.buildChatRequest(req({ tools: [{ ...tool, strict: false }, tool] }), target).dropped).toBeUndefined();
  });

  it('names user, prompt_cache_key and parallel_tool_calls false as dropped: generateContent has no place for them', () => {
    const tools = [{ name: 'a', parameters: { type: 'object' } }];
    expect(geminiAdapter.buildChatRequest(req({ tools, parallelToolCalls: false, user: 'u1', promptCacheKey: 'k' }), target).dropped).toEqual(['parallel_tool_calls', 'user', 'prompt_cache_key']);
    expect(geminiAdapter.buildChatRequest(req({ tools, parallelToolCalls: true }), target).dropped).toBeUndefined();
  });

  it('names stop as dropped when it cut the stop sequences to Gemini\'s five', () => {
    expect(geminiAdapter.buildChatRequest(req({ stop: ['a', 'b', 'c', 'd', 'e', 'f'] }), target).dropped).toEqual(['stop']);
    expect(geminiAdapter.buildChatRequest(req({ stop: ['a', 'b', 'c', 'd', 'e'] }), target).dropped).toBeUndefined();
  });

  it('sends penalties only to the models that take them (2.5 and later answer 400 "Penalty is not enabled"), names them elsewhere', () => {
    const penalised = req({ presencePenalty: 0.5, frequencyPenalty: -0.3 });
    for (const model of ['gemini-2.0-flash', 'gemini-2.0-flash-001', 'gemini-2.0-flash-lite', 'gemini-1.5-flash-002']) {
      const dropped: string[] = [];
      expect(toGeminiRequestBody(penalised, model, true, dropped).generationConfig, model).toEqual({ presencePenalty: 0.5, frequencyPenalty: -0.3 });
      expect(dropped).toEqual([]);
    }
    for (const model of ['gemini-2.5-flash', 'models/gemini-2.5-pro', 'gemini-3-pro-preview', 'gemini-2.0-flash-thinking-exp-01-21', 'gemini-1.5-pro', 'gemini-flash-latest']) {
      const http = geminiAdapter.buildChatRequest(penalised, { ...target, modelName: model });
      expect(JSON.parse(http.body!).generationConfig, model).toBeUndefined();
      expect(http.dropped, model).toEqual(['presence_penalty', 'frequency_penalty']);
    }
    // a zero penalty is the default: nothing lost, nothing named
    const zero = geminiAdapter.buildChatRequest(req({ presencePenalty: 0, frequencyPenalty: 0 }), target);
    expect(JSON.parse(zero.body!).generationConfig).toBeUndefined();
    expect(zero.dropped).toBeUndefined();
  });

  it('asks for JSON for json_object and passes the schema for json_schema', () => {
    const obj = toGeminiRequestBody(req({ responseFormat: { type: 'json_object' } }), 'gemini-2.5-flash');
    expect(obj.generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { $schema: 'x', type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const js = toGeminiRequestBody(req({ responseFormat: { type: 'json_schema', name: 'out', schema, strict: true } }), 'gemini-2.5-flash');
    expect(js.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false },
    });
    const text = toGeminiRequestBody(req({ responseFormat: { type: 'text' } }), 'gemini-2.5-flash');
    expect(text.generationConfig).toBeUndefined();
  });

  it('asks Gemini 2.x for JSON in the system instruction when tools come too (it refuses both), naming response_format; Gemini 3 gets both', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object', properties: {} } }];
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    const build = (over: Partial<CanonicalRequest>, modelName: string) => {
      const r = geminiAdapter.buildChatRequest(req({ system: ['Be brief.'], tools, ...over }), { ...target, modelName });
      return { body: JSON.parse(r.body!), dropped: r.dropped };
    };
    for (const modelName of ['gemini-2.5-flash', 'models/gemini-2.0-flash', 'gemini-flash-latest']) {
      const js = build({ responseFormat: { type: 'json_schema', name: 'out', schema } }, modelName);
      expect(js.body.tools[0].functionDeclarations[0].name).toBe('lookup');
      expect(js.body.generationConfig).toBeUndefined();
      expect(js.body.systemInstruction.parts[0]).toEqual({ text: 'Be brief.' });
      expect(js.body.systemInstruction.parts[1].text).toContain(JSON.stringify(schema));
      expect(js.dropped).toEqual(['response_format']);
      const obj = build({ responseFormat: { type: 'json_object' }, temperature: 0.2 }, modelName);
      expect(obj.body.generationConfig).toEqual({ temperature: 0.2 });
      expect(obj.body.systemInstruction.parts[1].text).toMatch(/JSON object/);
    }
    // what the format is for goes where Gemini has a place for it: the schema's own description, before the schema's
    const described = toGeminiRequestBody(req({ responseFormat: { type: 'json_schema', name: 'w', description: 'The weather', schema: { ...schema, description: 'One city' } } }), 'gemini-2.5-flash');
    expect(described.generationConfig?.responseJsonSchema).toEqual({ ...schema, description: 'The weather\n\nOne city' });
    const three = build({ responseFormat: { type: 'json_schema', name: 'out', schema } }, 'gemini-3-flash-preview');
    expect(three.body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(three.body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(three.dropped).toBeUndefined();
    // without tools, every model gets JSON mode as a setting
    const alone = build({ tools: undefined, responseFormat: { type: 'json_object' } }, 'gemini-2.5-flash');
    expect(alone.body.generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(alone.dropped).toBeUndefined();
  });

  it('maps reasoning effort and thinking budgets to thinkingConfig', () => {
    const cfg = (over: Partial<CanonicalRequest>) => toGeminiRequestBody(req(over), 'gemini-2.5-pro').generationConfig?.thinkingConfig;
    expect(cfg({ reasoningEffort: 'low' })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'medium' })).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'high' })).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    // xhigh: the largest budget the model takes
    expect(cfg({ reasoningEffort: 'xhigh' })).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(cfg({ reasoningEffort: 'max' })).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(toGeminiRequestBody(req({ reasoningEffort: 'max' }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    expect(toGeminiRequestBody(req({ reasoningEffort: 'xhigh' }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    // ultra (OpenAI's, above max): the largest budget too, named, as it asks more than that
    const ultra = geminiAdapter.buildChatRequest(req({ reasoningEffort: 'ultra' }), { ...target, modelName: 'gemini-2.5-pro' });
    expect(JSON.parse(ultra.body!).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 32_768, includeThoughts: true });
    expect(ultra.dropped).toEqual(['reasoning_effort']);
    expect(cfg({ thinkingBudgetTokens: 3000, reasoningEffort: 'low' })).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    // the client said it will not show thoughts (Anthropic's thinking display "omitted"): none asked back
    expect(cfg({ reasoningEffort: 'medium', includeThoughts: false })).toEqual({ thinkingBudget: 8192, includeThoughts: false });
    expect(cfg({})).toBeUndefined();
  });

  it("asks a reasoning model for its thoughts when the client wants them with no budget (Codex's summary alone): the model's own budget", () => {
    for (const model of ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview']) {
      expect(toGeminiRequestBody(req({ includeThoughts: true }), model).generationConfig?.thinkingConfig, model).toEqual({ includeThoughts: true });
    }
    // thinking turned off stays off; a model that does not reason is asked nothing
    expect(toGeminiRequestBody(req({ includeThoughts: true, thinkingBudgetTokens: 0 }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(toGeminiRequestBody(req({ includeThoughts: true }), 'gemini-2.0-flash', false).generationConfig?.thinkingConfig).toBeUndefined();
    expect(toGeminiRequestBody(req({ includeThoughts: false }), 'gemini-2.5-flash').generationConfig?.thinkingConfig).toBeUndefined();
  });

  it('asks nothing of a reasoning model that thinks only when asked (2.5 Flash-Lite; Gemini answers 400 to thoughts without thinking), nor of one before 2.5', () => {
    for (const model of ['gemini-2.5-flash-lite', 'models/gemini-2.5-flash-lite-preview-06-17', 'gemini-2.0-flash', 'gemini-2.0-flash-thinking-exp', 'gemini-1.5-pro']) {
      expect(toGeminiRequestBody(req({ includeThoughts: true }), model).generationConfig?.thinkingConfig, model).toBeUndefined();
    }
    // Gemini 3's Flash-Lite thinks at its own level, as the -latest aliases' models do
    for (const model of ['gemini-3.1-flash-lite-preview', 'gemini-flash-lite-latest']) {
      expect(toGeminiRequestBody(req({ includeThoughts: true }), model).generationConfig?.thinkingConfig, model).toEqual({ includeThoughts: true });
    }
    // an effort gives Flash-Lite a budget, which turns its thinking on: then its thoughts are asked
    expect(toGeminiRequestBody(req({ includeThoughts: true, reasoningEffort: 'low' }), 'gemini-2.5-flash-lite').generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 1024, includeThoughts: true });
  });

  it("fits a thinking budget into the model's documented range (Gemini 400s outside it)", () => {
    const budget = (model: string, tokens: number) =>
      toGeminiRequestBody(req({ thinkingBudgetTokens: tokens }), model).generationConfig?.thinkingConfig?.thinkingBudget;
    // Claude Code's budget_tokens 31999 / 32000
    expect(budget('gemini-2.5-flash', 32_000)).toBe(24_576);
    expect(budget('models/gemini-2.5-flash-lite', 31_999)).toBe(24_576);
    expect(budget('gemini-2.5-pro', 64_000)).toBe(32_768);
    expect(budget('gemini-2.5-pro', 100)).toBe(128);
    expect(budget('gemini-2.5-flash-lite', 200)).toBe(512);
    expect(budget('gemini-2.5-flash', 3000)).toBe(3000);
    expect(budget('gemini-2.5-flash', -1)).toBe(-1);
  });

  it("keeps a thinking budget below the client's output limit, which Gemini counts thinking against", () => {
    const fit = (modelName: string, over: Partial<CanonicalRequest>) => {
      const http = geminiAdapter.buildChatRequest(req(over), { ...target, modelName });
      const cfg = JSON.parse(http.body!).generationConfig;
      return { max: cfg?.maxOutputTokens, thinking: cfg?.thinkingConfig, dropped: http.dropped };
    };
    // reasoning_effort high (24,576) with max_completion_tokens 2,000: the budget leaves the answer room
    expect(fit('gemini-2.5-flash', { reasoningEffort: 'high', maxTokens: 2000 })).toEqual({ max: 2000, thinking: { thinkingBudget: 1999, includeThoughts: true }, dropped: undefined });
    expect(fit('gemini-2.5-pro', { reasoningEffort: 'low', maxTokens: 500 })).toEqual({ max: 500, thinking: { thinkingBudget: 499, includeThoughts: true }, dropped: undefined });
    expect(fit('gemini-2.5-flash', { thinkingBudgetTokens: 3000, maxTokens: 10_000 }).thinking).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    expect(fit('gemini-2.5-flash', { thinkingBudgetTokens: -1, maxTokens: 100 }).thinking).toEqual({ thinkingBudget: -1, includeThoughts: true });
    // no room for the model's least budget: off where it can be, named
    expect(fit('gemini-2.5-flash-lite', { reasoningEffort: 'medium', maxTokens: 300 })).toEqual({ max: 300, thinking: { thinkingBudget: 0 }, dropped: ['reasoning_effort'] });
    expect(fit('gemini-2.5-flash', { reasoningEffort: 'low', maxTokens: 1 })).toEqual({ max: 1, thinking: { thinkingBudget: 0 }, dropped: ['reasoning_effort'] });
    // 2.5 Pro cannot turn it off: its least, 128, named
    expect(fit('gemini-2.5-pro', { reasoningEffort: 'ultra', maxTokens: 100 })).toEqual({ max: 100, thinking: { thinkingBudget: 128 }, dropped: ['reasoning_effort'] });
  });

  it('turns thinking off where the model allows it, sends the least elsewhere and names the wish', () => {
    const off = (modelName: string, reasoning = true) => {
      const http = geminiAdapter.buildChatRequest(req({ thinkingBudgetTokens: 0 }), { ...target, modelName, reasoning });
      return { thinking: JSON.parse(http.body!).generationConfig?.thinkingConfig, dropped: http.dropped };
    };
    expect(off('gemini-2.5-flash')).toEqual({ thinking: { thinkingBudget: 0 }, dropped: undefined });
    expect(off('gemini-2.5-flash-lite')).toEqual({ thinking: { thinkingBudget: 0 }, dropped: undefined });
    // "Budget 0 is invalid. This model only works in thinking mode."
    expect(off('gemini-2.5-pro')).toEqual({ thinking: { thinkingBudget: 128 }, dropped: ['reasoning_effort'] });
    expect(off('gemini-3-pro-preview')).toEqual({ thinking: { thinkingLevel: 'low' }, dropped: ['reasoning_effort'] });
    expect(off('gemini-3-flash-preview')).toEqual({ thinking: { thinkingLevel: 'minimal' }, dropped: ['reasoning_effort'] });
    // Gemini 3's least level is the model's own: no Pro, and no Flash from 3.7, takes minimal
    for (const model of ['gemini-3.1-pro-preview', 'gemini-3.7-flash', 'gemini-flash-latest']) {
      expect(off(model), model).toEqual({ thinking: { thinkingLevel: 'low' }, dropped: ['reasoning_effort'] });
    }
    for (const model of ['gemini-3.1-flash-lite-preview', 'gemini-3.5-flash', 'gemini-flash-lite-latest']) expect(off(model).thinking, model).toEqual({ thinkingLevel: 'minimal' });
    // models that do not think get nothing
    expect(off('gemini-2.0-flash')).toEqual({ thinking: undefined, dropped: undefined });
    expect(off('gemini-2.5-flash', false)).toEqual({ thinking: undefined, dropped: undefined });
  });
});
