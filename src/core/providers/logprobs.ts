// Token log probabilities come back only where the client's API and the provider's are the same (the
// request is forwarded as sent). No translated answer carries them: the canonical response has no
// place for them, and each format spells them differently (OpenAI `choices[].logprobs.content`, Gemini
// `logprobsResult`). So a translated request does not ask the provider for them (Gemini bills nothing
// more, but the answer would throw them away) and names them in x-switchboard-dropped: decided once, where
// the proxy translates (node/proxy/generate.ts), not in each format's builder.
import type { CanonicalRequest } from '../canonical';

/** The client's logprobs options a translated request leaves out, by their OpenAI names. */
export function droppedLogprobs(req: CanonicalRequest): string[] {
  if (!req.logprobs) return req.topLogprobs !== undefined ? ['top_logprobs'] : [];
  return req.topLogprobs !== undefined ? ['logprobs', 'top_logprobs'] : ['logprobs'];
}
