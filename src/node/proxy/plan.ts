// From a canonical request to the ordered candidates, via the router; routing errors become
// the inbound API's status codes.
import type { CanonicalRequest } from '../../core/canonical';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { chatNeeds, DEFAULT_OUTPUT_RESERVE, routeRequest, RouteError, type RequestNeeds, type RoutePlan } from '../../core/routing';
import { estimateRequestTokens, requestTokenBounds } from '../tokens';
import { detectSecrets } from '../../core/privacy';
import { ProxyError } from './respond';
import type { ProxyCall } from './proxy-call';

const smallestContexts = new WeakMap<CatalogSnapshot, number>();

function smallestContext(snapshot: CatalogSnapshot): number {
  let min = smallestContexts.get(snapshot);
  if (min === undefined) {
    min = Infinity;
    for (const m of snapshot.models) if (m.enabled && m.contextLength < min) min = m.contextLength;
    smallestContexts.set(snapshot, min);
  }
  return min;
}

/**
 * Tokenizing costs tens of microseconds a request; it can only change the plan when the prompt
 * might not fit some model. Below that bound a chars/4 estimate (used for cost previews) is enough.
 */
export function estimatePromptTokens(req: CanonicalRequest, snapshot: CatalogSnapshot): number {
  const { upper, fast } = requestTokenBounds(req);
  return upper + (req.maxTokens ?? DEFAULT_OUTPUT_RESERVE) <= smallestContext(snapshot) ? fast : estimateRequestTokens(req, 'exact');
}

export function requestNeeds(req: CanonicalRequest, profile: ProfileEntry, snapshot: CatalogSnapshot): RequestNeeds {
  return chatNeeds(req, estimatePromptTokens(req, snapshot), profile.privacyGuard === 'off' ? [] : detectSecrets(req));
}

const ROUTE_STATUS = {
  unknown_model: [404, 'not_found_error'],
  budget_exhausted: [402, 'budget_exceeded'],
  privacy_blocked: [400, 'invalid_request_error'],
  no_candidate: [503, 'overloaded_error'],
} as const;

export function planRoute(call: ProxyCall, snapshot: CatalogSnapshot, requestedModel: string, needs: RequestNeeds): RoutePlan {
  const now = Date.now();
  try {
    return routeRequest({
      snapshot,
      profile: { ...call.profile, creditBalanceUsd: call.deps.usage.liveCreditBalanceUsd(call.profile) },
      requestedModel,
      needs,
      health: call.deps.health,
      monthSpentUsd: call.deps.usage.monthSpentUsd(call.userId, now),
      now,
      maxCandidates: snapshot.rules.max_retries + 1,
    });
  } catch (err) {
    if (err instanceof RouteError) {
      const [status, type] = ROUTE_STATUS[err.kind];
      throw new ProxyError(status, type, err.message, { 'x-should-retry': 'false' }, err.kind);
    }
    throw err;
  }
}
