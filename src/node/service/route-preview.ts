// POST /api/v1/llm/route/preview: the plan the proxy would follow for a request, sending nothing.
import { AdminError, type AdminService } from '../../shared/contract';
import type { RouteExclusion, RoutePreview } from '../../shared/types';
import { RequestValidationError } from '../../core/canonical';
import { openaiInbound } from '../../core/inbound/openai';
import { routeRequest, RouteError, type HealthView, type PlanExclusion, type RoutePlan } from '../../core/routing';
import { hasKnownPrice } from '../../core/pricing';
import { readNeeds } from '../proxy/plan';
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';

export interface RoutePreviewDeps {
  catalog: { snapshot(): CatalogSnapshot; profile(id: string): ProfileEntry | undefined };
  health: HealthView;
  monthSpentUsd(userId: string, now: number): number;
  liveCreditBalanceUsd(profile: { id: string; creditBalanceUsd: number | null }): number | null;
}

const round = (n: number, digits = 9): number => Number(n.toFixed(digits));

export const BUDGET_EXHAUSTED = 'budget exhausted';

const shown = (excluded: readonly PlanExclusion[]): RouteExclusion[] => excluded.map(({ model, reason, kind }) => ({ model, reason, kind }));

function budgetExclusions(uncapped: () => RoutePlan): RouteExclusion[] {
  try {
    const plan = uncapped();
    return [...plan.candidates.map((c) => ({ model: c.model.id, reason: BUDGET_EXHAUSTED, kind: 'budget' })), ...shown(plan.excluded)];
  } catch (err) {
    if (err instanceof RouteError) return shown(err.excluded);
    throw err;
  }
}

export function createRoutePreviewMethods(deps: RoutePreviewDeps): Pick<AdminService, 'previewRoute'> {
  return {
    async previewRoute(input) {
      if (input === null || typeof input !== 'object') throw new AdminError(400, 'Send {request, user_id?}', 'request');
      const userId = input.user_id ?? 'default';
      if (typeof userId !== 'string') throw new AdminError(400, 'user_id must be a string', 'user_id');
      const profile = deps.catalog.profile(userId);
      if (!profile) throw new AdminError(404, `No profile ${userId}`, 'user_id');
      let read;
      try {
        if (input.request === null || typeof input.request !== 'object' || Array.isArray(input.request)) {
          throw new RequestValidationError('must be a /v1/chat/completions body (a JSON object)');
        }
        read = openaiInbound.read(input.request as Record<string, unknown>);
      } catch (err) {
        if (err instanceof RequestValidationError) {
          throw new AdminError(400, `request: ${err.message}`, err.param ? `request.${err.param}` : 'request');
        }
        throw err;
      }
      const snapshot = deps.catalog.snapshot();
      const now = Date.now();
      // the same needs the proxy would compute, so the preview ranks exactly as the proxy will
      const needs = readNeeds(read, openaiInbound.api, profile, snapshot);
      const estimated = needs.estimatedInputTokens;
      const live = { ...profile, creditBalanceUsd: deps.liveCreditBalanceUsd(profile) };
      const route = (p: ProfileEntry, monthSpentUsd: number) => routeRequest({
        snapshot, profile: p, requestedModel: read.model, needs, health: deps.health, monthSpentUsd, now,
      });
      try {
        const plan = route(live, deps.monthSpentUsd(userId, now));
        // the proxy tries the first max_retries + 1 of them; the rest are listed as left out, and why: one of
        // them is tried only in the place of a fallback passed over as it began cooling down after the plan
        // (the first is always tried, so with one try there is no such place)
        const tried = Math.max(1, snapshot.rules.max_retries + 1);
        const reason = tried === 1
          ? 'beyond max_retries: the proxy tries at most 1 model'
          : `beyond max_retries: the proxy tries at most ${tried} models, this one only in the place of one before it that begins cooling down while the request runs`;
        const beyond = plan.candidates.slice(tried).map((c) => ({ model: c.model.id, kind: 'attempts', reason }));
        const preview: RoutePreview = {
          power_level: plan.powerLevel,
          strategy: plan.strategy,
          estimated_input_tokens: estimated,
          candidates: plan.candidates.slice(0, tried).map((c) => ({
            model: c.model.id, provider_id: c.provider.id, score: round(c.score, 6),
            // a model named outright may have no price: its estimate is unknown, not $0
            estimated_cost_usd: hasKnownPrice(c.model) ? round(c.estimatedCostUsd) : null,
          })),
          excluded: [...beyond, ...shown(plan.excluded)],
          notes: plan.notes,
        };
        return preview;
      } catch (err) {
        if (!(err instanceof RouteError)) throw err;
        if (err.kind === 'unknown_model') throw new AdminError(404, err.message, 'request.model');
        let excluded = shown(err.excluded);
        if (err.kind === 'budget_exhausted') {
          // show what the budget holds back: the models that would serve were there money left
          excluded = budgetExclusions(() => route({ ...live, monthlyCapUsd: null, creditBalanceUsd: null }, 0));
        }
        return {
          power_level: profile.powerLevel, strategy: snapshot.rules.strategy, estimated_input_tokens: estimated,
          candidates: [], excluded, notes: [...err.notes, err.message],
        };
      }
    },
  };
}
