// What a model's audio and image tokens add to their price at its text rates (pricing.ts prices every prompt token
// at the input price and every answer token at the output price): audio input, audio output and image output at the
// model's own prices where its provider publishes them (gemini-pricing.ts, openai-pricing.ts). Where Switchboard does
// not know them, nothing is added: the cost is a lower bound, and the row says so.
import type { Usage } from './canonical';
import { audioPriceOf, geminiAudioOutputPriceOf, geminiImageOutputPriceOf, type AudioPrice } from './gemini-pricing';
import { openaiAudioPriceOf } from './openai-pricing';
import type { PriceBasis, PriceTier } from './pricing';

/** A token class's own price: 'text' where it costs what the model's text does, undefined where unknown. */
type OwnPrice<T> = T | 'text' | undefined;

const count = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

function audioInputPrice(modelName: string): OwnPrice<AudioPrice> {
  const gemini = audioPriceOf(modelName);
  if (gemini !== undefined) return gemini;
  const openai = openaiAudioPriceOf(modelName);
  return openai === undefined ? undefined : { inputCostPer1m: openai.inputCostPer1m };
}

function audioOutputPrice(modelName: string): OwnPrice<number> {
  return geminiAudioOutputPriceOf(modelName) ?? openaiAudioPriceOf(modelName)?.outputCostPer1m;
}

export interface Surcharge {
  usd: number;
  /** a class the answer used has no known price of its own: priced as text, a lower bound */
  lowerBound: boolean;
}

/**
 * What the usage's audio and image tokens add to its price at the tier's text rates. Says in `basis` which were priced
 * at their own rate (audio_input, audio_output, image_output) and which could not be (audio_unpriced, image_unpriced).
 */
export function modalitySurchargeUsd(modelName: string, tier: PriceTier, usage: Usage, basis: Set<PriceBasis>): Surcharge {
  const prompt = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  const audioIn = Math.min(count(usage.audioInputTokens), prompt);
  const audioOut = Math.min(count(usage.audioOutputTokens), output);
  const imageOut = Math.min(count(usage.imageOutputTokens), output - audioOut);
  const outputRate = tier.outputCostPer1m ?? 0;
  let usd = 0;
  let lowerBound = false;
  /** One class's price: its surcharge where known, the lower-bound mark where not. */
  const priced = <T>(price: OwnPrice<T>, known: PriceBasis, unknown: PriceBasis, surcharge: (p: T) => number): void => {
    if (price === 'text') return;
    if (price === undefined) {
      basis.add(unknown);
      lowerBound = true;
      return;
    }
    basis.add(known);
    usd += surcharge(price);
  };
  if (audioIn > 0) {
    priced(audioInputPrice(modelName), 'audio_input', 'audio_unpriced', (price) => {
      const cached = Math.min(count(usage.cachedInputTokens), prompt);
      const cachedAudio = Math.min(count(usage.cachedAudioInputTokens), audioIn, cached);
      const freshAudio = Math.min(audioIn - cachedAudio, prompt - cached);
      const input = tier.inputCostPer1m ?? 0;
      const cachedText = tier.cachedInputCostPer1m ?? input;
      return freshAudio * (price.inputCostPer1m - input) + cachedAudio * ((price.cachedInputCostPer1m ?? cachedText) - cachedText);
    });
  }
  if (audioOut > 0) priced(audioOutputPrice(modelName), 'audio_output', 'audio_unpriced', (price) => audioOut * (price - outputRate));
  if (imageOut > 0) priced(geminiImageOutputPriceOf(modelName), 'image_output', 'image_unpriced', (price) => imageOut * (price - outputRate));
  return { usd: usd / 1_000_000, lowerBound };
}
