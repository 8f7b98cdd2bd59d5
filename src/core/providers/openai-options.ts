// What only OpenAI's APIs take of a canonical request (an image's `detail`, `verbosity`, `service_tier`,
// `metadata`): the Responses builder sends them; the Chat Completions builder sends `verbosity` only to GPT-5
// models, `service_tier` only as the provider takes it (OpenAI, Groq, xAI: openai/quirks.ts), neither to Mistral,
// and never `metadata` (taken only with `store`), naming what it leaves out. The other formats have no place for
// them and name them in x-switchboard-dropped, by their Chat Completions names.
import type { CanonicalRequest } from '../canonical';

/** The OpenAI-only options of `req` a builder of another format leaves out. */
export function droppedOpenAIOptions(req: CanonicalRequest): string[] {
  const dropped: string[] = [];
  // `auto` is what every provider does anyway: nothing is lost
  if (req.messages.some((m) => m.content.some((p) => p.type === 'image' && p.detail !== undefined && p.detail !== 'auto'))) dropped.push('image_url.detail');
  if (req.verbosity !== undefined) dropped.push('verbosity');
  if (req.serviceTier !== undefined) dropped.push('service_tier');
  if (req.metadata !== undefined) dropped.push('metadata');
  return dropped;
}
