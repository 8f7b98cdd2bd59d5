import { describe, expect, it } from 'vitest';
import { priceUsage, type ServedModel } from './pricing';

const close = (got: number | null, want: number) => expect(Math.abs((got ?? NaN) - want)).toBeLessThan(1e-12);

describe('OpenAI audio', () => {
  // the catalog's text prices: GPT-4o Audio $2.50 / $10 (audio $40 / $80 is no catalog field)
  const AUDIO_4O: ServedModel = { inputCostPer1m: 2.5, outputCostPer1m: 10, cachedInputCostPer1m: null, modelName: 'gpt-4o-audio-preview' };
  // prompt_tokens 10,100 (10,000 audio), completion_tokens 5,050 (5,000 audio)
  const usage = { inputTokens: 10_100, outputTokens: 5_050, audioInputTokens: 10_000, audioOutputTokens: 5_000 };

  it("bills gpt-4o-audio-preview's audio in and out at OpenAI's $40 / $80, its text at the catalog's", () => {
    const r = priceUsage(AUDIO_4O, usage, 'openai');
    close(r.costUsd, (100 * 2.5 + 10_000 * 40 + 50 * 10 + 5_000 * 80) / 1e6);
    close(r.costUsd, 0.80075);
    expect(r.priceBasis).toEqual(['audio_input', 'audio_output']);
    expect(r.estimated).toBeUndefined();
  });

  it('prices each documented audio model and snapshot at its own rates', () => {
    const cases: [string, number, number][] = [
      ['gpt-4o-audio-preview-2025-06-03', 40, 80],
      ['gpt-4o-audio-preview-2024-12-17', 40, 80],
      ['gpt-4o-mini-audio-preview', 10, 20],
      ['gpt-4o-mini-audio-preview-2024-12-17', 10, 20],
      ['gpt-audio', 32, 64],
      ['gpt-audio-2025-08-28', 32, 64],
      ['gpt-audio-1.5', 32, 64],
    ];
    for (const [modelName, audioIn, audioOut] of cases) {
      const r = priceUsage({ ...AUDIO_4O, modelName }, { inputTokens: 1_000, outputTokens: 1_000, audioInputTokens: 1_000, audioOutputTokens: 1_000 }, 'openai');
      close(r.costUsd, (1_000 * audioIn + 1_000 * audioOut) / 1e6);
      expect(r.estimated, modelName).toBeUndefined();
    }
  });

  it('audio on a model whose audio price is not published is priced as text, a lower bound, estimated', () => {
    for (const modelName of ['gpt-audio-mini', 'gpt-4o-audio-preview-2024-10-01', 'gpt-realtime', 'my-voice-model']) {
      const r = priceUsage({ ...AUDIO_4O, modelName }, usage, 'openai');
      close(r.costUsd, (10_100 * 2.5 + 5_050 * 10) / 1e6);
      expect(r.priceBasis, modelName).toEqual(['audio_unpriced']);
      expect(r.estimated).toBe(true);
    }
    // audio out alone says the same
    const out = priceUsage({ ...AUDIO_4O, modelName: 'gpt-audio-mini' }, { inputTokens: 10, outputTokens: 100, audioOutputTokens: 90 }, 'openai');
    expect(out.priceBasis).toEqual(['audio_unpriced']);
    expect(out.estimated).toBe(true);
  });

  it('cached prompt tokens are not billed as audio twice; flex halves the audio too', () => {
    // 10,100 prompt tokens, 8,000 of them cached: at most 2,100 fresh ones can be audio
    const cached = priceUsage({ ...AUDIO_4O, cachedInputCostPer1m: 1.25 }, { ...usage, cachedInputTokens: 8_000 }, 'openai');
    close(cached.costUsd, (2_100 * 40 + 8_000 * 1.25 + 50 * 10 + 5_000 * 80) / 1e6);
    close(priceUsage(AUDIO_4O, { ...usage, serviceTier: 'flex' }, 'openai').costUsd, 0.80075 / 2);
  });

  it("a provider's own cost still wins, the audio in the estimate behind its drift only", () => {
    const r = priceUsage(AUDIO_4O, { ...usage, providerCostUsd: 0.8 }, 'openrouter');
    expect(r.costUsd).toBe(0.8);
    expect(r.priceBasis).toEqual(['provider_reported']);
    close(r.costDriftUsd, 0.8 - 0.80075);
  });
});

describe('Gemini image and audio output', () => {
  // the catalog's prices: 2.5 Flash Image $0.30 in, $2.50 (text) out; image out $30 is no catalog field
  const FLASH_IMAGE: ServedModel = { inputCostPer1m: 0.3, outputCostPer1m: 2.5, cachedInputCostPer1m: 0.03, modelName: 'gemini-2.5-flash-image' };

  it("bills 2.5 Flash Image's picture at Google's $30, its text at the catalog's", () => {
    const r = priceUsage(FLASH_IMAGE, { inputTokens: 100, outputTokens: 1_300, imageOutputTokens: 1_290 }, 'gemini');
    close(r.costUsd, (100 * 0.3 + 10 * 2.5 + 1_290 * 30) / 1e6);
    close(r.costUsd, 0.038755);
    expect(r.priceBasis).toEqual(['image_output']);
    expect(r.estimated).toBeUndefined();
  });

  it('prices each image model it knows at its own rate', () => {
    const cases: [string, number][] = [
      ['gemini-2.5-flash-image-preview', 30], ['models/gemini-2.5-flash-image', 30], ['gemini-2.0-flash-preview-image-generation', 30],
      ['gemini-3-pro-image-preview', 120], ['gemini-3.1-flash-image-preview', 60],
    ];
    for (const [modelName, image] of cases) {
      const r = priceUsage({ ...FLASH_IMAGE, outputCostPer1m: 1, modelName }, { inputTokens: 0, outputTokens: 1_000, imageOutputTokens: 1_000 }, 'gemini');
      close(r.costUsd, 1_000 * image / 1e6);
      expect(r.priceBasis, modelName).toEqual(['image_output']);
    }
  });

  it('an image on a model whose image price is unknown is priced as text, a lower bound, estimated', () => {
    const r = priceUsage({ ...FLASH_IMAGE, modelName: 'gemini-9-image' }, { inputTokens: 100, outputTokens: 1_300, imageOutputTokens: 1_290 }, 'gemini');
    close(r.costUsd, (100 * 0.3 + 1_300 * 2.5) / 1e6);
    expect(r.priceBasis).toEqual(['image_unpriced']);
    expect(r.estimated).toBe(true);
  });

  it("a TTS model's audio is its one output, at its catalog price; audio out elsewhere is unpriced", () => {
    const tts: ServedModel = { inputCostPer1m: 0.5, outputCostPer1m: 10, cachedInputCostPer1m: null, modelName: 'gemini-2.5-flash-preview-tts' };
    const r = priceUsage(tts, { inputTokens: 100, outputTokens: 1_000, audioOutputTokens: 1_000 }, 'gemini');
    close(r.costUsd, (100 * 0.5 + 1_000 * 10) / 1e6);
    expect(r.priceBasis).toEqual([]);
    const other = priceUsage({ ...tts, modelName: 'gemini-2.5-flash' }, { inputTokens: 100, outputTokens: 1_000, audioOutputTokens: 1_000 }, 'gemini');
    expect(other.priceBasis).toEqual(['audio_unpriced']);
    expect(other.estimated).toBe(true);
  });

  it('no audio or image tokens: nothing said', () => {
    const r = priceUsage(FLASH_IMAGE, { inputTokens: 100, outputTokens: 10, audioOutputTokens: 0, imageOutputTokens: 0 }, 'gemini');
    expect(r.priceBasis).toEqual([]);
    expect(r.estimated).toBeUndefined();
  });
});
