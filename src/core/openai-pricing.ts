// What OpenAI bills an audio model's audio tokens, beyond the catalog's text prices: OpenAI's published audio token
// prices per model (https://developers.openai.com/api/docs/models, each model's "Audio tokens"), kept here as
// gemini-pricing.ts keeps Google's: the catalog's models table has no column for them.

/** An audio model's audio token prices, USD per 1M tokens (no cached audio price is published for these). */
export interface OpenAIAudioPrice {
  inputCostPer1m: number;
  outputCostPer1m: number;
}

/** A model name and its dated snapshots (`-2024-12-17`), or the named snapshots alone. */
const named = (base: string, snapshots: string[] = []): RegExp => {
  const dated = snapshots.length === 0 ? String.raw`(?:-\d{4}-\d{2}-\d{2})?` : `(?:-(?:${snapshots.join('|')}))?`;
  return new RegExp(`^${base.replaceAll('.', String.raw`\.`)}${dated}$`);
};

/**
 * The Chat Completions audio models and their audio prices (text $2.50 / $10 for all but 4o mini's $0.15 / $0.60):
 * GPT-4o Audio $40 in / $80 out (its first snapshot, 2024-10-01, was dearer and is left unpriced), GPT-4o mini Audio
 * $10 / $20, GPT-Audio and GPT-Audio-1.5 $32 / $64. GPT-Audio mini's page lists no audio price: unpriced.
 */
export const OPENAI_AUDIO_PRICES: readonly { model: RegExp; price: OpenAIAudioPrice }[] = [
  { model: named('gpt-4o-audio-preview', ['2024-12-17', '2025-06-03']), price: { inputCostPer1m: 40, outputCostPer1m: 80 } },
  { model: named('gpt-4o-mini-audio-preview', ['2024-12-17']), price: { inputCostPer1m: 10, outputCostPer1m: 20 } },
  { model: named('gpt-audio'), price: { inputCostPer1m: 32, outputCostPer1m: 64 } },
  { model: named('gpt-audio-1.5'), price: { inputCostPer1m: 32, outputCostPer1m: 64 } },
];

/** An OpenAI model's audio prices; undefined where Switchboard does not know them (the cost is then a lower bound). */
export function openaiAudioPriceOf(modelName: string): OpenAIAudioPrice | undefined {
  return OPENAI_AUDIO_PRICES.find((a) => a.model.test(modelName))?.price;
}
