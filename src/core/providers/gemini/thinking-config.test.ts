// A forwarded body's thinkingConfig fitted to the Gemini model routing chose (the translated request's is
// tested in request-config.test.ts).
import { describe, expect, it } from 'vitest';
import type { UpstreamTarget } from '../../canonical';
import { buildGeminiForwardRequest } from './index';
import { thinkingForGemini } from './thinking-config';

const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];
const asking = (thinkingConfig: Record<string, unknown>) => ({ contents, generationConfig: { temperature: 1, thinkingConfig } });

/** The body's thinkingConfig fitted to `model` (absent: none goes), and the names of what changed. */
function fit(model: string, thinkingConfig: Record<string, unknown>): { sent: unknown; dropped: string[] } {
  const dropped: string[] = [];
  const out = thinkingForGemini(asking(thinkingConfig), model, dropped) as { generationConfig: Record<string, unknown> };
  expect(out.generationConfig.temperature).toBe(1);
  return { sent: out.generationConfig.thinkingConfig, dropped };
}

describe('thinkingForGemini', () => {
  it("Gemini CLI's main turn (thoughts, no budget): none to 2.5 Flash-Lite, which thinks only when asked; as sent to a model that thinks unasked", () => {
    expect(fit('gemini-2.5-flash-lite', { includeThoughts: true })).toEqual({ sent: undefined, dropped: ['thinkingConfig.includeThoughts'] });
    for (const model of ['gemini-2.5-flash', 'models/gemini-2.5-pro', 'gemini-3-flash-preview', 'my-tuned-model']) {
      expect(fit(model, { includeThoughts: true }), model).toEqual({ sent: { includeThoughts: true }, dropped: [] });
    }
  });

  it("Gemini 3's thinkingLevel is said as its budget to 2.5 (a translated request's effort budgets), fitted to the model's range", () => {
    // Gemini CLI's classifier and main turns with its own model names
    expect(fit('gemini-2.5-flash-lite', { includeThoughts: true, thinkingLevel: 'HIGH' })).toEqual({
      sent: { includeThoughts: true, thinkingBudget: 24_576 }, dropped: ['thinkingConfig.thinkingLevel'],
    });
    expect(fit('gemini-2.5-pro', { thinkingLevel: 'low' }).sent).toEqual({ thinkingBudget: 1024 });
    // minimal's 512 is below 2.5 Pro's least
    expect(fit('gemini-2.5-pro', { thinkingLevel: 'minimal' }).sent).toEqual({ thinkingBudget: 512 });
    // a budget set beside it says how much; a level Google has not got is left out alone
    expect(fit('gemini-2.5-flash', { thinkingLevel: 'high', thinkingBudget: 2048 })).toEqual({ sent: { thinkingBudget: 2048 }, dropped: ['thinkingConfig.thinkingLevel'] });
    expect(fit('gemini-2.5-flash', { thinkingLevel: 'extreme', includeThoughts: true }).sent).toEqual({ includeThoughts: true });
    // and with no thinking left on 2.5 Flash-Lite, no thoughts either
    expect(fit('gemini-2.5-flash-lite', { thinkingLevel: 'extreme', includeThoughts: true })).toEqual({
      sent: undefined, dropped: ['thinkingConfig.thinkingLevel', 'thinkingConfig.includeThoughts'],
    });
    // Gemini 3 and a name that says no generation take it as sent
    for (const model of ['gemini-3-pro-preview', 'gemini-flash-latest', 'my-tuned-model']) {
      expect(fit(model, { includeThoughts: true, thinkingLevel: 'HIGH' }), model).toEqual({ sent: { includeThoughts: true, thinkingLevel: 'HIGH' }, dropped: [] });
    }
  });

  it("a level the Gemini 3 model does not take is the nearest it does (3 Flash's minimal and medium to 3 Pro), named", () => {
    // 3 Pro takes low and high only: minimal's budget is nearest low's, medium's nearest high's
    expect(fit('gemini-3-pro-preview', { thinkingLevel: 'MINIMAL', includeThoughts: true })).toEqual({
      sent: { thinkingLevel: 'LOW', includeThoughts: true }, dropped: ['thinkingConfig.thinkingLevel'],
    });
    expect(fit('gemini-3-pro-preview', { thinkingLevel: 'medium' })).toEqual({ sent: { thinkingLevel: 'high' }, dropped: ['thinkingConfig.thinkingLevel'] });
    // 3.1 Pro adds medium; no Pro, nor Flash from 3.7, takes minimal
    for (const model of ['gemini-3.1-pro-preview', 'gemini-3.7-flash', 'gemini-flash-latest']) {
      expect(fit(model, { thinkingLevel: 'medium' }), model).toEqual({ sent: { thinkingLevel: 'medium' }, dropped: [] });
      expect(fit(model, { thinkingLevel: 'minimal' }).sent, model).toEqual({ thinkingLevel: 'low' });
    }
    // Flash and Flash-Lite up to 3.6 take all four; a model or value not known goes as asked
    for (const model of ['gemini-3-flash-preview', 'gemini-3.1-flash-lite-preview', 'gemini-3.5-flash', 'gemini-3.1-flash-image-preview', 'my-tuned-model']) {
      expect(fit(model, { thinkingLevel: 'MINIMAL' }), model).toEqual({ sent: { thinkingLevel: 'MINIMAL' }, dropped: [] });
    }
    expect(fit('gemini-3-pro-preview', { thinkingLevel: 'THINKING_LEVEL_UNSPECIFIED' }).dropped).toEqual([]);
    const dropped: string[] = [];
    const snake = thinkingForGemini({ contents, generation_config: { thinking_config: { thinking_level: 'medium' } } }, 'gemini-3-pro-preview', dropped);
    expect(snake.generation_config).toEqual({ thinking_config: { thinking_level: 'high' } });
    expect(dropped).toEqual(['thinking_config.thinking_level']);
  });

  it("a level's budget stays below the body's maxOutputTokens, thinking off where that leaves less than the model's least", () => {
    const limited = (model: string, generationConfig: Record<string, unknown>) => {
      const dropped: string[] = [];
      const out = thinkingForGemini({ contents, generationConfig }, model, dropped) as { generationConfig: Record<string, unknown> };
      return { sent: out.generationConfig, dropped };
    };
    expect(limited('gemini-2.5-flash', { maxOutputTokens: 1000, thinkingConfig: { thinkingLevel: 'HIGH' } })).toEqual({
      sent: { maxOutputTokens: 1000, thinkingConfig: { thinkingBudget: 999 } }, dropped: ['thinkingConfig.thinkingLevel'],
    });
    expect(limited('gemini-2.5-flash', { max_output_tokens: 2000, thinkingConfig: { thinkingLevel: 'HIGH' } }).sent.thinkingConfig).toEqual({ thinkingBudget: 1999 });
    expect(limited('gemini-2.5-flash', { maxOutputTokens: 50_000, thinkingConfig: { thinkingLevel: 'HIGH' } }).sent.thinkingConfig).toEqual({ thinkingBudget: 24_576 });
    // below 2.5 Flash-Lite's least (512): off, and no thoughts asked of it; 2.5 Pro cannot turn it off: its least
    expect(limited('gemini-2.5-flash-lite', { maxOutputTokens: 300, thinkingConfig: { thinkingLevel: 'low', includeThoughts: true } })).toEqual({
      sent: { maxOutputTokens: 300, thinkingConfig: { thinkingBudget: 0 } }, dropped: ['thinkingConfig.thinkingLevel', 'thinkingConfig.includeThoughts'],
    });
    expect(limited('gemini-2.5-pro', { maxOutputTokens: 100, thinkingConfig: { thinkingLevel: 'high' } }).sent.thinkingConfig).toEqual({ thinkingBudget: 128 });
    // a budget the client set is its own
    expect(limited('gemini-2.5-flash', { maxOutputTokens: 1000, thinkingConfig: { thinkingBudget: 2048 } }).dropped).toEqual([]);
  });

  it('a budget goes within the model range; -1 (dynamic) as sent', () => {
    expect(fit('gemini-2.5-flash-lite', { thinkingBudget: 32_000, includeThoughts: true })).toEqual({
      sent: { thinkingBudget: 24_576, includeThoughts: true }, dropped: ['thinkingConfig.thinkingBudget'],
    });
    expect(fit('gemini-2.5-flash-lite', { thinkingBudget: 100 }).sent).toEqual({ thinkingBudget: 512 });
    expect(fit('gemini-2.5-pro', { thinkingBudget: 32_768 })).toEqual({ sent: { thinkingBudget: 32_768 }, dropped: [] });
    expect(fit('gemini-2.5-flash-lite', { thinkingBudget: -1, includeThoughts: true })).toEqual({ sent: { thinkingBudget: -1, includeThoughts: true }, dropped: [] });
    expect(fit('gemini-3-pro-preview', { thinkingBudget: 50_000 }).dropped).toEqual([]);
  });

  it('thinking off (budget 0) as the model turns it off: its least where it cannot, no thoughts asked', () => {
    expect(fit('gemini-2.5-flash', { thinkingBudget: 0, includeThoughts: true })).toEqual({ sent: { thinkingBudget: 0 }, dropped: ['thinkingConfig.includeThoughts'] });
    expect(fit('gemini-2.5-flash-lite', { thinkingBudget: 0 })).toEqual({ sent: { thinkingBudget: 0 }, dropped: [] });
    expect(fit('gemini-2.5-pro', { thinkingBudget: 0 })).toEqual({ sent: { thinkingBudget: 128 }, dropped: ['thinkingConfig.thinkingBudget'] });
    expect(fit('gemini-3-pro-preview', { thinkingBudget: 0 })).toEqual({ sent: { thinkingLevel: 'low' }, dropped: ['thinkingConfig.thinkingBudget'] });
    expect(fit('gemini-3-flash-preview', { thinkingBudget: 0 }).sent).toEqual({ thinkingLevel: 'minimal' });
    expect(fit('my-tuned-model', { thinkingBudget: 0, includeThoughts: false })).toEqual({ sent: { thinkingBudget: 0, includeThoughts: false }, dropped: [] });
  });

  it('none to a model before 2.5, which does not think', () => {
    for (const model of ['gemini-2.0-flash', 'gemini-1.5-pro-002']) {
      expect(fit(model, { thinkingBudget: 1024 }), model).toEqual({ sent: undefined, dropped: ['thinkingConfig'] });
    }
  });

  it("keeps the client's spelling and its other fields, and leaves its objects as they were", () => {
    const body = { contents, generation_config: { thinking_config: { thinking_level: 'low', include_thoughts: true, future_field: 1 } } };
    const before = JSON.stringify(body);
    const dropped: string[] = [];
    const out = thinkingForGemini(body, 'gemini-2.5-flash', dropped) as typeof body;
    expect(out.generation_config.thinking_config).toEqual({ include_thoughts: true, future_field: 1, thinking_budget: 1024 });
    expect(dropped).toEqual(['thinking_config.thinking_level']);
    expect(JSON.stringify(body)).toBe(before);
    expect(out.contents).toBe(contents);
  });

  it('a field it puts in is spelled as any of the client\'s own, and only those it changed or left out are named', () => {
    const snake = (model: string, thinking_config: Record<string, unknown>) => {
      const dropped: string[] = [];
      const out = thinkingForGemini({ contents, generation_config: { thinking_config } }, model, dropped) as { generation_config: { thinking_config: unknown } };
      return { sent: out.generation_config.thinking_config, dropped };
    };
    // budget 0 on Gemini 3 becomes its least level, in the body's spelling
    expect(snake('gemini-3-pro-preview', { thinking_budget: 0, include_thoughts: true })).toEqual({
      sent: { include_thoughts: true, thinking_level: 'low' }, dropped: ['thinking_config.thinking_budget'],
    });
    expect(snake('gemini-3-flash-preview', { thinking_budget: 0 })).toEqual({ sent: { thinking_level: 'minimal' }, dropped: ['thinking_config.thinking_budget'] });
    // a level said as a budget: the level is named, the budget put in is not
    expect(snake('gemini-2.5-flash', { include_thoughts: true, thinking_level: 'HIGH' })).toEqual({
      sent: { include_thoughts: true, thinking_budget: 24_576 }, dropped: ['thinking_config.thinking_level'],
    });
  });

  it('a body with nothing to fit is the same object', () => {
    const dropped: string[] = [];
    for (const body of [{ contents }, { contents, generationConfig: { temperature: 0 } }, asking({ includeThoughts: true })]) {
      expect(thinkingForGemini(body, 'gemini-2.5-flash', dropped)).toBe(body);
    }
    expect(dropped).toEqual([]);
  });
});

describe('buildGeminiForwardRequest: thinkingConfig', () => {
  const target: UpstreamTarget = { baseUrl: 'http://127.0.0.1:1', modelName: 'gemini-2.5-flash-lite', apiKey: 'k' };
  const body = asking({ includeThoughts: true, thinkingLevel: 'HIGH' });

  it('fits it to a model routing chose and names the change', () => {
    const req = buildGeminiForwardRequest(body, target, { stream: true, routed: true });
    expect(JSON.parse(req.body as string).generationConfig).toEqual({ temperature: 1, thinkingConfig: { includeThoughts: true, thinkingBudget: 24_576 } });
    expect(req.dropped).toEqual(['thinkingConfig.thinkingLevel']);
  });

  it('sends it as written to the model the client named', () => {
    const req = buildGeminiForwardRequest(body, target, { stream: true });
    expect(JSON.parse(req.body as string)).toEqual(body);
    expect(req.dropped).toBeUndefined();
  });
});
