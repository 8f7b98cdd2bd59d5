// A Gemini client's history may hold Claude's thinking Switchboard sealed as a functionCall's thoughtSignature
// (switchboard-thinking.ts), from turns Claude served. Forwarded to Gemini it is no signature of Google's: Gemini 3
// would refuse it, so it goes as Google's sentinel for a call whose signature is unknown.
import { isSealedThinking } from '../../switchboard-thinking';
import { type Json } from '../../inbound/gemini/fields';
import { SKIP_THOUGHT_SIGNATURE } from './request';
import { isJsonObject } from '../../json-object';

const KEYS = ['thoughtSignature', 'thought_signature'] as const;

const sealedIn = (part: unknown): boolean => isJsonObject(part) && KEYS.some((k) => isSealedThinking(part[k]));

/** The contents with each sealed signature replaced by the sentinel; undefined when they hold none (the body goes as sent). */
export function withoutSealedThinking(contents: unknown): unknown[] | undefined {
  if (!Array.isArray(contents) || !contents.some((c) => isJsonObject(c) && Array.isArray(c.parts) && c.parts.some(sealedIn))) return undefined;
  return contents.map((c) => {
    if (!isJsonObject(c) || !Array.isArray(c.parts) || !c.parts.some(sealedIn)) return c;
    const parts = c.parts.map((p: unknown) => {
      if (!sealedIn(p)) return p;
      const part = { ...(p as Json) };
      for (const k of KEYS) if (isSealedThinking(part[k])) part[k] = SKIP_THOUGHT_SIGNATURE;
      return part;
    });
    return { ...c, parts };
  });
}
