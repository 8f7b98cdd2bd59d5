// `truncation: "auto"` on a conversation continued here: OpenAI drops items from the beginning of the
// conversation to fit the model's context; Switchboard holds the conversation, so it does the same for
// whichever model answers. Only when no model could take it whole: the oldest whole turns go (a tool call
// with its output, instructions never, the new input never), as few as let routing find a model.
import type { CatalogSnapshot } from '../../core/catalog';
import { continueFrom, responsesInbound, turnCuts, withoutOldestTurns, type PriorResponse } from '../../core/inbound/responses';
import { planRoute, readNeeds, routeErrorBehind } from './plan';
import { ProxyError } from './respond';
import type { ProxyCall } from './proxy-call';

/** Answered by Switchboard when it left turns out: how many input items (OpenAI's answer says nothing of it either). */
export const TRUNCATED_HEADER = 'x-switchboard-truncated';

type Fit = 'fits' | 'too_large' | 'other';

/**
 * The stored conversation cut to fit (its oldest turns left out, `leftOut` items), or undefined: it fits whole,
 * or what keeps it from any model is not its size alone, or even the new input alone is too large (refused
 * then as before, for the request whole).
 */
export function fitByTruncation(call: ProxyCall, prior: PriorResponse, body: Record<string, unknown>): { prior: PriorResponse; leftOut: number } | undefined {
  const snapshot = call.deps.catalog.snapshot();
  if (routes(call, snapshot, prior, body) !== 'too_large') return undefined;
  const cuts = turnCuts(prior, body);
  // the fewest turns that let it be routed: fewer tokens never keep out a model that took more
  let lo = 0;
  let hi = cuts.length - 1;
  let best: { prior: PriorResponse; leftOut: number } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cut = withoutOldestTurns(prior, cuts[mid]!);
    if (routes(call, snapshot, cut.prior, body) === 'fits') {
      best = cut;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return best;
}

/** Whether the request continuing `prior` finds a model, as the request itself will be routed (the same read). */
function routes(call: ProxyCall, snapshot: CatalogSnapshot, prior: PriorResponse, body: Record<string, unknown>): Fit {
  const read = responsesInbound.read(continueFrom(prior, body));
  try {
    planRoute(call, snapshot, read.model, readNeeds(read, 'responses', call.profile, snapshot));
    return 'fits';
  } catch (err) {
    const route = err instanceof ProxyError ? routeErrorBehind(err) : undefined;
    if (route?.kind === 'no_candidate' && route.excluded.some((e) => e.kind === 'context')) return 'too_large';
    return 'other';
  }
}
