// What Gemini bills beyond a model's catalog prices per token class: audio input and image output at their own
// rates, and the Google Search grounding fee. Both are Google's published rules per model family
// (https://ai.google.dev/gemini-api/docs/pricing), kept here as FAST_MODE_FACTORS are in pricing.ts: the
// catalog's models table has no column for them.

/** A model's audio input prices, USD per 1M tokens: fresh prompt tokens and cache reads (absent: at the cached text price). */
export interface AudioPrice {
  inputCostPer1m: number;
  cachedInputCostPer1m?: number;
}

/** Gemini's version suffixes: `-preview`, `-preview-09-2025`, `-001`, `-latest`. */
const SUFFIX = String.raw`(?:-preview(?:-\d{2}-\d{4})?|-\d{3}|-latest)?$`;
const named = (base: string): RegExp => new RegExp(`^(?:models/)?${base.replaceAll('.', String.raw`\.`)}${SUFFIX}`);

/**
 * The Gemini models whose audio input costs more than their text, image and video input, and what it costs:
 * 2.5 Flash $1.00 (text $0.30; cached $0.10), 2.5 Flash-Lite $0.30 ($0.10; cached $0.03), 3 Flash $1.00
 * ($0.50; cached $0.10), 3.1 Flash-Lite $0.50 ($0.25; cached $0.05), 2.0 Flash $0.70 ($0.10; cached $0.175).
 */
export const GEMINI_AUDIO_PRICES: readonly { model: RegExp; price: AudioPrice }[] = [
  { model: named('gemini-2.5-flash'), price: { inputCostPer1m: 1, cachedInputCostPer1m: 0.1 } },
  { model: named('gemini-2.5-flash-lite'), price: { inputCostPer1m: 0.3, cachedInputCostPer1m: 0.03 } },
  { model: named('gemini-3-flash'), price: { inputCostPer1m: 1, cachedInputCostPer1m: 0.1 } },
  { model: named('gemini-3.1-flash-lite'), price: { inputCostPer1m: 0.5, cachedInputCostPer1m: 0.05 } },
  { model: named('gemini-2.0-flash'), price: { inputCostPer1m: 0.7, cachedInputCostPer1m: 0.175 } },
];

/** The Gemini models that bill audio input as their other input (the Pro models, 2.0 Flash-Lite). */
const AUDIO_AT_TEXT_RATE: readonly RegExp[] = [
  named('gemini-2.5-pro'), named('gemini-3-pro'), named('gemini-3.1-pro'), named('gemini-2.0-flash-lite'),
];

/**
 * A model's audio input price: its own (GEMINI_AUDIO_PRICES), 'text' where audio costs what its other input
 * does, undefined where Switchboard does not know (the cost is then a lower bound).
 */
export function audioPriceOf(modelName: string): AudioPrice | 'text' | undefined {
  if (AUDIO_AT_TEXT_RATE.some((m) => m.test(modelName))) return 'text';
  return GEMINI_AUDIO_PRICES.find((a) => a.model.test(modelName))?.price;
}

/**
 * The image models' image output, USD per 1M tokens (their text and thinking output at the catalog's output price):
 * 2.5 Flash Image and 2.0 Flash image generation $30 (1,290 tokens, $0.039, an image up to 1024x1024), 3 Pro Image
 * $120 (1,120 tokens, $0.134, a 1K or 2K image), 3.1 Flash Image $60 (1,120 tokens, $0.067, a 1K image).
 */
export const GEMINI_IMAGE_OUTPUT_PRICES: readonly { model: RegExp; costPer1m: number }[] = [
  { model: named('gemini-2.5-flash-image'), costPer1m: 30 },
  { model: named('gemini-2.0-flash-preview-image-generation'), costPer1m: 30 },
  { model: named('gemini-3-pro-image'), costPer1m: 120 },
  { model: named('gemini-3.1-flash-image'), costPer1m: 60 },
];

/** A Gemini model's image output price; undefined where Switchboard does not know it. */
export function geminiImageOutputPriceOf(modelName: string): number | undefined {
  return GEMINI_IMAGE_OUTPUT_PRICES.find((p) => p.model.test(modelName))?.costPer1m;
}

/** The text-to-speech models (gemini-2.5-flash-preview-tts, ...): all they answer is audio, at their one output price. */
const TTS = /^(?:models\/)?gemini-[\w.-]*-tts(?:-[\w.-]+)?$/;

/** A Gemini model's audio output price: 'text' (its catalog output price) on a TTS model; undefined where unknown. */
export function geminiAudioOutputPriceOf(modelName: string): 'text' | undefined {
  return TTS.test(modelName) ? 'text' : undefined;
}

/** Gemini 3 models: grounding with Google Search is billed per search query the model ran. */
export const GEMINI_3_SEARCH_USD_PER_1K_QUERIES = 14;
/** Gemini 2.x models: billed per grounded prompt, a request that ran any search, however many queries. */
export const GEMINI_2_SEARCH_USD_PER_1K_PROMPTS = 35;

const GEMINI_3 = /^(?:models\/)?gemini-3(?![0-9])/;

/**
 * The Google Search grounding fee of a Gemini request that ran `queries` search queries (its answer's
 * groundingMetadata.webSearchQueries), at the paid rate: Google's free allowance (Gemini 3: 5,000 queries a
 * month; 2.x: 1,500 grounded prompts a day) is not visible to Switchboard.
 */
export function geminiSearchFeeUsd(modelName: string, queries: number): number {
  if (queries <= 0) return 0;
  return GEMINI_3.test(modelName) ? (queries * GEMINI_3_SEARCH_USD_PER_1K_QUERIES) / 1_000 : GEMINI_2_SEARCH_USD_PER_1K_PROMPTS / 1_000;
}
