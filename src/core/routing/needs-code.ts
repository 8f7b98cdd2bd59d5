// What a request needed of a model, as one integer a usage row keeps (usage_log.route_needs), so that what-if
// can route logged traffic again with the needs the router checked (node/usage/what-if.ts). Only what decides
// which model may serve and which goes first is kept; the size and max_tokens are columns of their own.
import { CAPABILITIES, type Capability } from '../../shared/types';
import type { UpstreamApi } from '../canonical';
import { CAPABILITY_BIT, capabilityMask } from './capability-mask';
import type { RequestNeeds } from './types';

const API_BIT: Readonly<Record<UpstreamApi, number>> = { chat: 1, messages: 2, responses: 4, gemini: 8 };
const APIS = Object.keys(API_BIT) as UpstreamApi[];

// bits 0-7: the capabilities (CAPABILITY_BIT); 8-11: the APIs that can carry it (none set: any);
// 12-15: the API whose models go first; 16: a web search the provider runs; 17: the 1M-token context asked
const SERVABLE_SHIFT = 8;
const PREFER_SHIFT = 12;
const WEB_SEARCH = 1 << 16;
const CONTEXT_1M = 1 << 17;

/** The needs routing checks, as the integer usage_log.route_needs holds. */
export function needsCode(needs: Pick<RequestNeeds, 'capabilities' | 'servableBy' | 'preferApi' | 'webSearch' | 'context1m'>): number {
  let code = capabilityMask(needs.capabilities);
  if (needs.servableBy !== undefined) code |= apiMask(needs.servableBy) << SERVABLE_SHIFT;
  if (needs.preferApi !== undefined) code |= (API_BIT[needs.preferApi] ?? 0) << PREFER_SHIFT;
  if (needs.webSearch) code |= WEB_SEARCH;
  if (needs.context1m) code |= CONTEXT_1M;
  return code;
}

/** A logged request's needs back from its code, its prompt size and the max_tokens it asked (undefined: none). */
export function needsFromCode(code: number, estimatedInputTokens: number, maxOutputTokens: number | undefined): RequestNeeds {
  const needs: RequestNeeds = {
    estimatedInputTokens,
    maxOutputTokens,
    capabilities: CAPABILITIES.filter((c) => (code & CAPABILITY_BIT[c]) !== 0),
    secretsFound: [],
  };
  const servable = APIS.filter((a) => ((code >> SERVABLE_SHIFT) & API_BIT[a]) !== 0);
  if (servable.length > 0) needs.servableBy = servable;
  const prefer = APIS.find((a) => ((code >> PREFER_SHIFT) & API_BIT[a]) !== 0);
  if (prefer !== undefined) needs.preferApi = prefer;
  if ((code & WEB_SEARCH) !== 0) needs.webSearch = true;
  if ((code & CONTEXT_1M) !== 0) needs.context1m = true;
  return needs;
}

/** Every capability a model can lack for a request: what a request whose needs are unknown may have needed. */
export const EVERY_NEED: readonly Capability[] = CAPABILITIES.filter((c) => c !== 'embeddings');

function apiMask(apis: readonly UpstreamApi[]): number {
  let mask = 0;
  for (const a of apis) mask |= API_BIT[a] ?? 0;
  return mask;
}
