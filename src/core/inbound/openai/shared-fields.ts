// Fields both OpenAI APIs (Chat Completions and Responses) take with the same meaning, read once for both.
import type { CanonicalRequest, ReasoningEffort } from '../../canonical';
import type { JsonObject } from '../../json-object';
import { invalid, optionalString } from './validate';

/** A Map, not an object: a name such as `constructor` must not find Object.prototype's. */
const EFFORTS = new Map<string, ReasoningEffort | null>([
  ['none', null], ['minimal', 'minimal'], ['low', 'low'], ['medium', 'medium'], ['high', 'high'],
  ['xhigh', 'xhigh'], ['max', 'max'], ['ultra', 'ultra'],
]);

/** `reasoning_effort` / `reasoning.effort` (named by `param`) onto the request; an unknown one is refused. */
export function applyReasoningEffort(effort: string, param: string, req: CanonicalRequest): void {
  const mapped = EFFORTS.get(effort);
  if (mapped === undefined) invalid(`Invalid value for '${param}': '${effort}'.`, param);
  // none: thinking off, which a model that thinks by default (Gemini 2.5 Flash) must be told
  if (mapped === null) req.thinkingBudgetTokens = 0;
  else req.reasoningEffort = mapped;
}

/** The end-user id (`safety_identifier`, else `user`) and `prompt_cache_key`. */
export function endUserAndCacheKey(body: JsonObject, req: CanonicalRequest, dropped: Set<string>): void {
  // safety_identifier is OpenAI's newer name for the end-user id, and named so where it cannot go
  const safety = optionalString(body.safety_identifier, 'safety_identifier');
  const user = safety ?? optionalString(body.user, 'user');
  if (user !== undefined) req.user = user;
  if (safety !== undefined) req.userField = 'safety_identifier';
  // one end-user id is carried: a user sent beside it goes nowhere, and is named so
  if (safety !== undefined && optionalString(body.user, 'user') !== undefined) dropped.add('user');
  const cacheKey = optionalString(body.prompt_cache_key, 'prompt_cache_key');
  if (cacheKey !== undefined) req.promptCacheKey = cacheKey;
}
