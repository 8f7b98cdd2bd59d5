// routeRequest: the model name, the budget, the privacy guard and the catalog in; an ordered plan out.
import { formatUsd } from '../../shared/money';
import type { PowerLevel } from '../../shared/types';
import { budgetState, stepDownLevel } from '../budget';
import type { UpstreamApi } from '../canonical';
import { upstreamApiOf, type CatalogSnapshot, type ModelEntry, type ProfileEntry, type ProviderEntry } from '../catalog';
import { computeCostUsd } from '../pricing';
import {
  REASON, disabledReason, eligibilityContext, exclusionReason, modelExclusion, providerExclusion, type EligibilityContext,
} from './eligibility';
import { REFUSAL_MS } from './cooldown';
import { resolveRequestedName } from './resolve-name';
import { BYSTANDER_KINDS, RouteError } from './route-error';
import { checkedTokens, largestContextFirst, lenientNeeds } from './lenient';
import { bestFirst, cheapestFirst, levelWeights, scoreCandidates } from './scoring';
import type { PlanExclusion, PlannedCandidate, RequestNeeds, RouteInput, RoutePlan } from './types';

/** The output tokens a request is expected to get: its estimate when the client set no max, and the cap on a larger max (typicalOutput). */
export const EXPECTED_OUTPUT_TOKENS = 500;

/** RouteInput.stable: the input tokens every candidate is priced at for ranking, whatever the request's size. */
export const STABLE_PRICED_TOKENS = 1_000;

/**
 * The output a request typically gets: at most its own limit, and no more than EXPECTED_OUTPUT_TOKENS. Budgets
 * hold it while the request runs, and every candidate is priced at it for ranking: a client's max_tokens is a
 * ceiling, not the answer's length (Claude Code and Codex send 32000 with every turn), and priced at it each
 * model's own output limit decided the order, so a model with a small limit looked cheap whatever its price.
 */
export function expectedAnswerTokens(maxOutputTokens: number | undefined): number {
  return Math.min(maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS, EXPECTED_OUTPUT_TOKENS);
}

// the one money format: a sub-cent figure is not $0.00, a negative balance is -$1.20
const usd = formatUsd;

function checkBudget(profile: ProfileEntry, spent: number, stepDownAt: number | null): boolean {
  const state = budgetState(profile, spent, stepDownAt);
  if (!state.capReached) return state.stepDown;
  const cap = profile.monthlyCapUsd;
  const message = cap !== null && spent >= cap
    ? `monthly budget of ${usd(cap)} reached (spent ${usd(spent)} this month); raise the cap or wait for next month`
    : `credit balance used up (${usd(profile.creditBalanceUsd ?? 0)}); add credit to continue`;
  throw new RouteError('budget_exhausted', message);
}

/** An eligible model and its provider. */
interface Eligible {
  model: ModelEntry;
  provider: ProviderEntry;
}

/**
 * Every model of the catalog in tie-break order: the eligible ones returned, the rest in `excluded`
 * with the reason. The checks of exclusionReason, with the capability mask the snapshot carries.
 */
function collectAll(snapshot: CatalogSnapshot, ctx: EligibilityContext, excluded: PlanExclusion[]): Eligible[] {
  const pool: Eligible[] = [];
  for (const entry of snapshot.routingOrder) {
    const { model, provider, capMask } = entry;
    const why = model.enabled
      ? providerExclusion(provider, ctx) ?? modelExclusion(model, capMask, provider as ProviderEntry, ctx)
      : disabledReason(model);
    // an entry that passed has its provider
    if (why === null) pool.push(entry as Eligible);
    else excluded.push({ model: model.id, ...why });
  }
  return pool;
}

/** The chain's models in the chain's order; the ineligible ones go to `excluded`. */
function collectChain(snapshot: CatalogSnapshot, chain: readonly string[], ctx: EligibilityContext, excluded: PlanExclusion[]): Eligible[] {
  const pool: Eligible[] = [];
  for (const id of chain) {
    const model = snapshot.modelsById.get(id);
    if (model === undefined) {
      excluded.push({ model: id, ...REASON.notInCatalog });
      continue;
    }
    const provider = snapshot.providers.get(model.providerId);
    const why = exclusionReason(model, provider, ctx);
    if (why !== null) excluded.push({ model: id, ...why });
    else pool.push({ model, provider: provider as ProviderEntry });
  }
  return pool;
}

/**
 * The model ids a preferred list names: an alias stands for its members in its place, recursively (an
 * alias wins over a model id of the same name, as when a client sends it); each name once, so cycles end.
 */
function preferredIds(preferred: readonly string[], aliases: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const members = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
    if (members === undefined) out.push(name);
    else for (const m of members) visit(m);
  };
  for (const name of preferred) visit(name);
  return out;
}

/** Preferred models that are candidates move to the front, in the profile's order; the rest keep theirs. */
function preferFirst(
  candidates: PlannedCandidate[], preferred: readonly string[], aliases: Readonly<Record<string, readonly string[]>>,
): { candidates: PlannedCandidate[]; moved: string[] } {
  if (preferred.length === 0) return { candidates, moved: [] };
  const front: PlannedCandidate[] = [];
  for (const id of preferredIds(preferred, aliases)) {
    const c = candidates.find((x) => x.model.id === id);
    if (c !== undefined && !front.includes(c)) front.push(c);
  }
  if (front.length === 0) return { candidates, moved: [] };
  const rest = candidates.filter((c) => !front.includes(c));
  return { candidates: [...front, ...rest], moved: front.map((c) => c.model.id) };
}

/**
 * The eligible models whose provider refused them a moment ago (cooldown.ts recordRefusal), with why; null: none.
 * A refused key is the key's: a profile sending its own key for the provider is asked about that one.
 */
function refusals(pool: readonly Eligible[], health: RouteInput['health'], profile: ProfileEntry, now: number): Map<string, string> | null {
  if (health.refusal === undefined) return null;
  let out: Map<string, string> | null = null;
  for (const { model, provider } of pool) {
    const why = health.refusal(model.id, provider.id, now, profile.byokProviders.has(provider.id) ? profile.id : undefined);
    if (why !== null) (out ??= new Map()).set(model.id, why);
  }
  return out;
}

/**
 * Refused models go last, each group keeping its order: a wrong key or a model the provider does not have
 * costs one round trip every few minutes, not one a request, and still answers when nothing else can.
 */
function refusedLast(candidates: PlannedCandidate[], refused: ReadonlyMap<string, string>, notes: string[]): PlannedCandidate[] {
  const ok = candidates.filter((c) => !refused.has(c.model.id));
  const last = candidates.filter((c) => refused.has(c.model.id));
  if (ok.length === 0 || last.length === 0) return candidates;
  notes.push(`tried last, refused by their provider in the last ${REFUSAL_MS / 60_000} minutes: ${last.map((c) => `${c.model.id} (${refused.get(c.model.id)})`).join(', ')}`);
  return [...ok, ...last];
}

/** Candidates called on `api` move to the front, each group keeping its score order. */
function ownApiFirst(candidates: PlannedCandidate[], api: UpstreamApi): PlannedCandidate[] {
  const own = candidates.filter((c) => upstreamApiOf(c.provider, c.model) === api);
  if (own.length === 0 || own.length === candidates.length) return candidates;
  return [...own, ...candidates.filter((c) => upstreamApiOf(c.provider, c.model) !== api)];
}

const API_NAMES: Record<UpstreamApi, string> = { messages: 'Anthropic', chat: 'Chat Completions', responses: 'OpenAI Responses', gemini: 'Gemini' };

/** Models outside a named chain that could serve the request, named in its message: at most this many. */
const OUTSIDE_SHOWN = 3;

/** Where the request was sent when it named a chain: the chain's name, and the models outside it that could take it. */
interface ChainHint {
  name: string;
  alias: boolean;
  outside: readonly string[];
}

/**
 * What the request holds that only some APIs' models can serve, said first when it kept a model out: among
 * the models not set up that a power level also passed over, the one reason the user can act on is lost.
 * A named chain with no such model, when one outside it could serve: which, and how to reach it.
 */
function heldTo(needs: RequestNeeds, excluded: readonly PlanExclusion[], byok: ReadonlySet<string>, hint?: ChainHint): string | undefined {
  if (needs.servableBy === undefined || needs.servableWhy === undefined || !excluded.some((e) => e.kind === 'format')) return undefined;
  const apis = needs.servableBy.map((api) => API_NAMES[api]);
  const which = apis.length > 1 ? `${apis.slice(0, -1).join(', ')} or ${apis.at(-1)}` : apis[0] ?? 'no';
  const needed = `this request's ${needs.servableWhy} needs a model${heldAt(needs.heldBy, byok, ` on the ${which} API`)}`;
  if (hint === undefined || hint.outside.length === 0) return `${needed}, and ${needs.heldBy ? holderState(needs.heldBy.providerId, excluded) : 'none set up here can take it'}`;
  const shown = hint.outside.slice(0, OUTSIDE_SHOWN).join(', ');
  const more = hint.outside.length > OUTSIDE_SHOWN ? ` and ${hint.outside.length - OUTSIDE_SHOWN} more` : '';
  const one = hint.outside.length > 1 ? 'one' : 'it';
  const where = hint.alias ? `the alias ${hint.name}` : `${hint.name}'s fallbacks`;
  return `${needed}; ${shown}${more} can: add ${one} to ${where}, or send auto`;
}

/**
 * The models a request is held to, as the refusal says them: on `api`, of the provider holding the conversation the request
 * continues; and the key that provider must be sent, when the profile (`byok`: the providers it has its own key for) would
 * send it another kind now.
 */
function heldAt(heldBy: RequestNeeds['heldBy'], byok: ReadonlySet<string>, api: string): string {
  if (heldBy === undefined) return api;
  const { providerId, ownKey } = heldBy;
  if (ownKey === undefined || ownKey === byok.has(providerId)) return ` of ${providerId}${api}`;
  return ` of ${providerId}${api}, sent ${ownKey ? "this profile's own key for it, which is no longer set" : "its shared key, where this profile now has its own"}`;
}

/** The exclusions of the models of `providerId` (a model's id is `<provider_id>/<model_name>`). */
function holderModels(providerId: string, excluded: readonly PlanExclusion[]): PlanExclusion[] {
  return excluded.filter((e) => e.model.startsWith(`${providerId}/`));
}

/**
 * Why none of the models of the provider holding the conversation can take it, said plainly when it is one thing the
 * user can act on or wait out: the provider switched off, or cooling down (its other models may be on other APIs).
 */
function holderState(providerId: string, excluded: readonly PlanExclusion[]): string {
  const own = holderModels(providerId, excluded);
  if (own.length === 0) return `${providerId} has no model set up here`;
  if (own.every((e) => e.reason === REASON.providerDisabled.reason)) return `${providerId} is disabled`;
  if (own.some((e) => e.kind === 'cooling') && own.every((e) => e.kind === 'cooling' || e.kind === 'format')) return `${providerId} is cooling down`;
  return `none of ${providerId}'s can take it now`;
}

/**
 * The detail of a refusal held to one provider: its own models' reasons, then the others said once (none of them
 * knows the conversation), not each as "not <provider>" before the reason the user can act on.
 */
function heldDetail(providerId: string, excluded: readonly PlanExclusion[]): string {
  const own = holderModels(providerId, excluded);
  const others = excluded.length - own.length;
  const shown = own.slice(0, 5).map((e) => `${e.model}: ${e.reason}`);
  if (own.length > 5) shown.push(`and ${own.length - 5} more of ${providerId}'s`);
  if (others > 0) shown.push(`only ${providerId}'s models can continue it, not the ${others} other${others > 1 ? 's' : ''} here`);
  return shown.join('; ');
}

/** The eligible models outside a named chain, in the catalog's order. */
function outsideChain(snapshot: CatalogSnapshot, chain: readonly string[], ctx: EligibilityContext): string[] {
  const inChain = new Set(chain);
  return collectAll(snapshot, ctx, []).map((e) => e.model.id).filter((id) => !inChain.has(id));
}

/**
 * The exclusions in the order the message shows them: what kept out the models that could otherwise be
 * called (the request's capabilities, format, size, privacy, price; a cooldown) before the models not set
 * up (bystanders, BYSTANDER_KINDS), so the one reason the user can act on is not lost behind "provider
 * disabled" and "and N more"; with `formatFirst`, the format exclusions before all. Each group keeps the
 * catalog's order.
 */
function messageOrder(excluded: readonly PlanExclusion[], formatFirst: boolean): PlanExclusion[] {
  const rank = (e: PlanExclusion) => (formatFirst && e.kind === 'format' ? 0 : BYSTANDER_KINDS.has(e.kind) ? 2 : 1);
  return [0, 1, 2].flatMap((r) => excluded.filter((e) => rank(e) === r));
}

function noCandidate(excluded: PlanExclusion[], notes: string[], named: boolean, needs: RequestNeeds, byok: ReadonlySet<string>, hint?: ChainHint): RouteError {
  const held = heldTo(needs, excluded, byok, hint);
  const ordered = messageOrder(excluded, held !== undefined);
  const shown = ordered.slice(0, 5).map((e) => `${e.model}: ${e.reason}`).join('; ');
  const more = ordered.length > 5 ? `; and ${ordered.length - 5} more` : '';
  const heldBy = held === undefined ? undefined : needs.heldBy?.providerId;
  const detail = excluded.length === 0 ? 'the catalog has no enabled models' : heldBy !== undefined ? heldDetail(heldBy, excluded) : `${shown}${more}`;
  const lead = held === undefined ? '' : `: ${held}`;
  return new RouteError('no_candidate', `no model can serve this request${lead} (${detail})`, excluded, notes, named);
}

export function routeRequest(input: RouteInput): RoutePlan {
  const { snapshot, profile, needs, now } = input;
  const rules = snapshot.rules;
  const notes: string[] = [];

  const resolved = resolveRequestedName(input.requestedModel, snapshot, profile.powerLevel, profile.byokProviders);
  const stepDown = checkBudget(profile, input.monthSpentUsd, rules.budget_step_down_at);

  let localOnly = false;
  if (needs.secretsFound.length > 0 && profile.privacyGuard !== 'off') {
    const kinds = needs.secretsFound.join(', ');
    if (profile.privacyGuard === 'block') {
      throw new RouteError('privacy_blocked', `request blocked by the privacy guard: it looks like it contains secrets (${kinds})`);
    }
    localOnly = true;
    notes.push(`privacy guard: the request looks like it contains secrets (${kinds}), so only local providers are used`);
  }

  let level: PowerLevel = resolved.kind === 'level' ? resolved.level : profile.powerLevel;
  if (resolved.kind === 'level' && resolved.auto && stepDown && level !== 'eco' && input.stable) {
    notes.push(`budget: ${usd(input.monthSpentUsd)} spent of the ${usd(profile.monthlyCapUsd ?? 0)} monthly cap, past the step-down point, but ranked as ${level}: the order must not change`);
  } else if (resolved.kind === 'level' && resolved.auto && stepDown && level !== 'eco') {
    const lower = stepDownLevel(level);
    const cap = profile.monthlyCapUsd ?? 0;
    notes.push(`budget: ${usd(input.monthSpentUsd)} spent of the ${usd(cap)} monthly cap (step-down at ${Math.round((rules.budget_step_down_at ?? 0) * 100)}%), so auto stepped down from ${level} to ${lower}`);
    level = lower;
  }

  const levelled = levelWeights(level, rules.strategy, rules.weights);
  // measured latency moves with every request: a stable order leaves it out
  const weights = input.stable ? { ...levelled, latency: 0 } : levelled;
  // eco orders by cost whatever the weights
  const byCost = resolved.kind === 'level' && level === 'eco';
  const rankedByCost = byCost || (resolved.kind === 'level' && weights.cost > 0);
  if (resolved.kind === 'chain') notes.push(resolved.note);
  const collect = (n: RequestNeeds) => {
    const ctx = eligibilityContext(n, profile, input.health, now, localOnly, rankedByCost);
    const excluded: PlanExclusion[] = [];
    if (resolved.kind !== 'chain') return { ctx, excluded, pool: collectAll(snapshot, ctx, excluded) };
    for (const name of resolved.unresolved) excluded.push({ model: name, ...REASON.notInCatalog });
    return { ctx, excluded, pool: collectChain(snapshot, resolved.chain, ctx, excluded) };
  };
  let { ctx, excluded, pool } = collect(needs);
  // no model has room by the conservative estimate: the ones a lenient estimate fits are tried all the same
  const lenient = pool.length === 0 ? lenientNeeds(needs, excluded) : undefined;
  if (lenient !== undefined) {
    ({ ctx, excluded, pool } = collect(lenient));
    if (pool.length > 0) {
      notes.push(`the prompt may not fit: ${checkedTokens(needs)} tokens by the conservative estimate leave no model room, ${checkedTokens(lenient)} by a lenient one, so the models that may have room are tried, largest context first, their providers deciding`);
    }
  }
  const greyZone = lenient !== undefined;
  const affinityLevel = affinityLevelOf(resolved, level);
  if (pool.length === 0) {
    const hint = resolved.kind === 'chain' && needs.servableBy !== undefined
      ? { name: resolved.named ?? input.requestedModel, alias: resolved.named === undefined, outside: outsideChain(snapshot, resolved.chain, ctx) }
      : undefined;
    throw noCandidate(excluded, notes, resolved.kind === 'chain', needs, profile.byokProviders, hint);
  }

  // every model priced at the same answer, so the order is the models' prices, not their output limits
  const expected = { inputTokens: needs.estimatedInputTokens, outputTokens: ctx.embeddings ? 0 : expectedAnswerTokens(needs.maxOutputTokens) };
  const costs = pool.map((c) => computeCostUsd(c.model, expected));
  // a stable order compares prices at one size (a request of 0 tokens would cost nothing everywhere)
  const rankCosts = input.stable ? pool.map((c) => computeCostUsd(c.model, { inputTokens: STABLE_PRICED_TOKENS, outputTokens: 0 })) : costs;
  const scores = scoreCandidates(pool.map((c) => c.model), rankCosts, weights);
  // the proxy tries at most max_retries + 1 candidates; preferred models may sit anywhere in the order,
  // and so may the models of the request's own API when they go first, and the ones refused go last
  const partition = resolved.kind === 'level' && needs.preferApi !== undefined;
  const refused = refusals(pool, input.health, profile, now);
  // the models this conversation keeps to go first while they are candidates (not ones refused a moment ago);
  // not when no model has room by the conservative estimate (largest context first decides then)
  const stickyIds = affinityLevel === undefined || greyZone ? undefined : input.affinity?.(affinityLevel);
  const stickyAt: number[] = [];
  for (const id of stickyIds ?? []) {
    const at = refused?.has(id) ? -1 : pool.findIndex((c) => c.model.id === id);
    if (at >= 0 && !stickyAt.includes(at)) stickyAt.push(at);
  }
  const cut = input.maxCandidates !== undefined && (resolved.kind === 'chain' || profile.preferredModels.length === 0)
    ? Math.max(1, input.maxCandidates)
    : undefined;
  const wanted = cut !== undefined && !partition && refused === null && !greyZone ? Math.min(pool.length, cut) : pool.length;
  /** the best `k` in the order tried (the best `k` of the whole order, as ranking all of them and cutting would give) */
  const rank = (k: number, said: string[]): PlannedCandidate[] => {
    // explicit chains keep their own order; eco goes cheapest first, the other levels best first (equal
    // scores stay in tie-break order)
    let order = resolved.kind === 'chain' ? Array.from({ length: k }, (_, i) => i)
      : byCost ? cheapestFirst(rankCosts, scores, k) : bestFirst(scores, k);
    // ranked past the best k, they take the last places of them (and go first below)
    const keep = stickyAt.slice(0, k);
    if (keep.some((i) => !order.includes(i))) order = [...order.filter((i) => !keep.includes(i)).slice(0, k - keep.length), ...keep];
    let ranked: PlannedCandidate[] = order.map((i) => {
      const { model, provider } = pool[i] as Eligible;
      return { model, provider, score: scores[i] as number, estimatedCostUsd: costs[i] as number };
    });
    // the prompt may not fit: largest context first, within the groups below (a stable sort, before them)
    if (greyZone) ranked = largestContextFirst(ranked, needs);
    if (partition) {
      ranked = ownApiFirst(ranked, needs.preferApi!);
      said.push(`the request uses features only the ${needs.preferApi} API carries: its models first`);
    }
    if (resolved.kind === 'level') {
      const preferred = preferFirst(ranked, profile.preferredModels, rules.aliases);
      ranked = preferred.candidates;
      if (preferred.moved.length > 0) said.push(`preferred models first: ${preferred.moved.join(', ')}`);
    }
    if (refused !== null) ranked = refusedLast(ranked, refused, said);
    if (stickyAt.length > 0) ranked = stickyFirst(ranked, stickyAt.map((i) => (pool[i] as Eligible).model.id), partition ? needs.preferApi : undefined, said);
    return ranked;
  };
  const ranked = rank(wanted, notes);
  const plan: RoutePlan = { powerLevel: level, strategy: rules.strategy, candidates: ranked, excluded, notes };
  if (cut !== undefined && ranked.length > cut) {
    plan.candidates = ranked.slice(0, cut);
    const rest = ranked.slice(cut);
    plan.reserves = () => rest;
  } else if (wanted < pool.length) {
    // ranked only when the proxy asks: most requests are served within the budget
    plan.reserves = () => rank(pool.length, []).slice(wanted);
  }
  if (resolved.kind === 'chain' && resolved.named !== undefined) plan.named = resolved.named;
  if (affinityLevel !== undefined) plan.affinityLevel = affinityLevel;
  const first = plan.candidates[0]?.model.id;
  if (first !== undefined && stickyIds?.includes(first) === true && stickyAt.length > 0) plan.affinityModel = first;
  return plan;
}

/**
 * The conversation's models (`ids`, in their order) move to the front. With the request's own API first
 * (`preferApi`), one on another API moves only to the front of the others, after the own API's models: a
 * conversation that a stand-in on another API served once is not kept off its own API for it.
 */
function stickyFirst(ranked: PlannedCandidate[], ids: readonly string[], preferApi: UpstreamApi | undefined, said: string[]): PlannedCandidate[] {
  const sticky = ids.map((id) => ranked.find((c) => c.model.id === id)).filter((c): c is PlannedCandidate => c !== undefined);
  if (sticky.length === 0) return ranked;
  const rest = ranked.filter((c) => !sticky.includes(c));
  const own = (c: PlannedCandidate) => preferApi === undefined || upstreamApiOf(c.provider, c.model) === preferApi;
  const ownSticky = sticky.filter(own);
  const otherSticky = sticky.filter((c) => !own(c));
  // the others' front: after the last of the own API's models still ranked
  let at = 0;
  rest.forEach((c, i) => { if (own(c)) at = i + 1; });
  const out = [...ownSticky, ...rest.slice(0, at), ...otherSticky, ...rest.slice(at)];
  const front = out[0] as PlannedCandidate;
  if (sticky.includes(front)) {
    said.push(`conversation affinity: ${sticky.map((c) => c.model.id).join(', ')} served this conversation's last requests, so ${sticky.length > 1 ? 'they go' : 'it goes'} first (${sticky.length > 1 ? 'their prompt caches are' : 'its prompt cache is'} warm)`);
  } else {
    said.push(`conversation affinity: ${otherSticky.map((c) => c.model.id).join(', ')} served this conversation before, after the ${preferApi} API's models (the request uses features only that API carries)`);
  }
  return out;
}

/**
 * Whether routing chose among models by their scores, so a conversation keeps to the one that served it: the level
 * the request resolved to (after any budget step-down); undefined for a model named outright and for an alias (a
 * chain in the user's order: its first model that can serve does, and a later one only while it cannot).
 */
function affinityLevelOf(resolved: ReturnType<typeof resolveRequestedName>, level: PowerLevel): PowerLevel | undefined {
  return resolved.kind === 'level' ? level : undefined;
}
