// From a canonical request to the ordered candidates, via the router; routing errors become
// the inbound API's status codes.
import type { CanonicalRequest } from '../../core/canonical';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import { chatNeeds, routeRequest, RouteError, type RequestNeeds, type RoutePlan } from '../../core/routing';
import { estimateRequestTokens } from '../../core/tokens';
import { detectSecrets } from '../../core/privacy';
import { ProxyError } from './respond';
import type { ProxyCall } from './proxy-call';

export function requestNeeds(req: CanonicalRequest, profile: ProfileEntry): RequestNeeds {
  return chatNeeds(req, estimateRequestTokens(req), profile.privacyGuard === 'off' ? [] : detectSecrets(req));
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
    });
  } catch (err) {
    if (err instanceof RouteError) {
      const [status, type] = ROUTE_STATUS[err.kind];
      throw new ProxyError(status, type, err.message, { 'x-should-retry': 'false' }, err.kind);
    }
    throw err;
  }
}
