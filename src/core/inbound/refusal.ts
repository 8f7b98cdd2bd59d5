// A model's refusal, for the client formats that have a place of its own for it (Chat Completions'
// `refusal`, a Responses `refusal` part): the canonical answer keeps it at the end of its text too.
import type { CanonicalResponse } from '../canonical';

/** The answer's text without its refusal, and the refusal (undefined when there is none). */
export function splitRefusal(res: CanonicalResponse): { text: string; refusal?: string } {
  const refusal = res.refusal;
  if (refusal === undefined || refusal === '' || !res.text.endsWith(refusal)) return { text: res.text };
  return { text: res.text.slice(0, res.text.length - refusal.length), refusal };
}
