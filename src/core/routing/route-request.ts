// routeRequest: the model name, the budget, the privacy guard and the catalog in; an ordered plan out.
import type { PowerLevel } from '../../shared/types';
import { budgetState, stepDownLevel } from '../budget';
import type { UpstreamApi } from '../canonical';
import { upstreamApiOf, type CatalogSnapshot, type ModelEntry, type ProfileEntry, type ProviderEntry } from '../catalog';
import { computeCostUsd } from '../pricing';
import { REASON, eligibilityContext, exclusionReason, modelExclusion, providerExclusion, type EligibilityContext } from './eligibility';
import { resolveRequestedName } from './resolve-name';
import { RouteError } from './route-error';
import { levelWeights, orderByScore, scoreColumns, topByScore } from './scoring';
import { growF64 } from './scratch';
import { snapshotIndex } from './snapshot-index';
import type { PlanExclusion, PlannedCandidate, RouteInput, RoutePlan } from './types';

/** Output tokens assumed for the cost estimate when the client set no max. */
export const EXPECTED_OUTPUT_TOKENS = 500;

// scratch columns (see scratch.ts); only the first n entries of a call are meaningful
let costBuf = new Float64Array(256);
const cols = { costUsd: new Float64Array(256), latencyMs: new Float64Array(256), quality: new Float64Array(256) };
let scoreBuf = new Float64Array(256);

const usd = (x: number): string => `$${x.toFixed(2)}`;

function checkBudget(profile: ProfileEntry, spent: number, stepDownAt: number | null): boolean {
  const state = budgetState(profile, spent, stepDownAt);
  if (!state.capReached) return state.stepDown;
  const cap = profile.monthlyCapUsd;
  const message = cap !== null && spent >= cap
    ? `monthly budget of ${usd(cap)} reached (spent ${usd(spent)} this month); raise the cap or wait for next month`
    : `credit balance used up (${usd(profile.creditBalanceUsd ?? 0)}); add credit to continue`;
  throw new RouteError('budget_exhausted', message);
}

/** Eligible models as parallel arrays (index i of each describes the same candidate). */
interface Pool {
  models: ModelEntry[];
  providers: ProviderEntry[];
}

/** Every model, visited in tie-break order so a stable sort by score breaks ties correctly. */
function collectAll(snapshot: CatalogSnapshot, ctx: EligibilityContext, excluded: PlanExclusion[]): Pool {
  const pool: Pool = { models: [], providers: [] };
  const index = snapshotIndex(snapshot);
  const providerReasons = index.providers.map((p) => providerExclusion(p, ctx));
  const models = snapshot.models;
  const order = index.tieOrder;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const model = models[i] as ModelEntry;
    const slot = index.providerSlot[i] as number;
    let reason: string | null;
    if (!model.enabled) reason = REASON.modelDisabled;
    else if (slot < 0) reason = REASON.providerMissing;
    else reason = providerReasons[slot] ?? modelExclusion(model, index.capMask[i] as number, index.providers[slot] as ProviderEntry, ctx);
    if (reason !== null) excluded.push({ model: model.id, reason });
    else {
      pool.models.push(model);
      pool.providers.push(index.providers[slot] as ProviderEntry);
    }
  }
  return pool;
}

function collectChain(snapshot: CatalogSnapshot, chain: readonly string[], ctx: EligibilityContext, excluded: PlanExclusion[]): Pool {
  const pool: Pool = { models: [], providers: [] };
  for (const id of chain) {
    const model = snapshot.modelsById.get(id);
    if (model === undefined) {
      excluded.push({ model: id, reason: REASON.notInCatalog });
      continue;
    }
    const provider = snapshot.providers.get(model.providerId);
    const reason = exclusionReason(model, provider, ctx);
    if (reason !== null) excluded.push({ model: id, reason });
    else {
      pool.models.push(model);
      pool.providers.push(provider as ProviderEntry);
    }
  }
  return pool;
}

/** Preferred models that are candidates move to the front, in the profile's order; the rest keep theirs. */
function preferFirst(candidates: PlannedCandidate[], preferred: readonly string[]): { candidates: PlannedCandidate[]; moved: string[] } {
  if (preferred.length === 0) return { candidates, moved: [] };
  const front: PlannedCandidate[] = [];
  for (const id of preferred) {
    const c = candidates.find((x) => x.model.id === id);
    if (c !== undefined && !front.includes(c)) front.push(c);
  }
  if (front.length === 0) return { candidates, moved: [] };
  const rest = candidates.filter((c) => !front.includes(c));
  return { candidates: [...front, ...rest], moved: front.map((c) => c.model.id) };
}

/** Candidates called on `api` move to the front, each group keeping its score order. */
function ownApiFirst(candidates: PlannedCandidate[], api: UpstreamApi): PlannedCandidate[] {
  const own = candidates.filter((c) => upstreamApiOf(c.provider, c.model) === api);
  if (own.length === 0 || own.length === candidates.length) return candidates;
  return [...own, ...candidates.filter((c) => upstreamApiOf(c.provider, c.model) !== api)];
}

function noCandidate(excluded: PlanExclusion[], notes: string[]): RouteError {
  const shown = excluded.slice(0, 5).map((e) => `${e.model}: ${e.reason}`).join('; ');
  const more = excluded.length > 5 ? `; and ${excluded.length - 5} more` : '';
  const detail = excluded.length === 0 ? 'the catalog has no enabled models' : `${shown}${more}`;
  return new RouteError('no_candidate', `no model can serve this request (${detail})`, excluded, notes);
}

export function routeRequest(input: RouteInput): RoutePlan {
  const { snapshot, profile, needs, now } = input;
  const rules = snapshot.rules;
  const notes: string[] = [];

  const resolved = resolveRequestedName(input.requestedModel, snapshot, profile.powerLevel);
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
  if (resolved.kind === 'level' && resolved.auto && stepDown && level !== 'eco') {
    const lower = stepDownLevel(level);
    const cap = profile.monthlyCapUsd ?? 0;
    notes.push(`budget: ${usd(input.monthSpentUsd)} spent of the ${usd(cap)} monthly cap (step-down at ${Math.round((rules.budget_step_down_at ?? 0) * 100)}%), so auto stepped down from ${level} to ${lower}`);
    level = lower;
  }

  const excluded: PlanExclusion[] = [];
  const rankedByCost = resolved.kind === 'level' && levelWeights(level, rules.strategy, rules.weights).cost > 0;
  const ctx = eligibilityContext(needs, profile, input.health, now, localOnly, rankedByCost);
  let pool: Pool;
  if (resolved.kind === 'chain') {
    notes.push(resolved.note);
    for (const name of resolved.unresolved) excluded.push({ model: name, reason: REASON.notInCatalog });
    pool = collectChain(snapshot, resolved.chain, ctx, excluded);
  } else {
    pool = collectAll(snapshot, ctx, excluded);
  }
  const n = pool.models.length;
  if (n === 0) throw noCandidate(excluded, notes);

  const usage = {
    inputTokens: needs.estimatedInputTokens,
    outputTokens: ctx.embeddings ? 0 : needs.maxOutputTokens ?? EXPECTED_OUTPUT_TOKENS,
  };
  const costs = (costBuf = growF64(costBuf, n));
  cols.costUsd = growF64(cols.costUsd, n);
  cols.latencyMs = growF64(cols.latencyMs, n);
  cols.quality = growF64(cols.quality, n);
  const scores = (scoreBuf = growF64(scoreBuf, n));
  for (let i = 0; i < n; i++) {
    const model = pool.models[i] as ModelEntry;
    const cost = computeCostUsd(model, usage);
    costs[i] = cost;
    cols.costUsd[i] = cost;
    cols.latencyMs[i] = model.avgLatencyMs ?? NaN;
    cols.quality[i] = model.quality ?? NaN;
  }
  scoreColumns(cols, n, levelWeights(level, rules.strategy, rules.weights), scores);

  // explicit chains keep their own order; levels sort by score (ties already in tie-break order)
  // the proxy tries at most max_retries + 1 candidates: it need not be handed the other few hundred
  // (preferred models may sit anywhere in the order, so then the whole list is built)
  const partition = resolved.kind === 'level' && needs.preferApi !== undefined;
  const wanted = input.maxCandidates !== undefined && (resolved.kind === 'chain' || (profile.preferredModels.length === 0 && !partition))
    ? Math.min(n, Math.max(1, input.maxCandidates))
    : n;
  const order = resolved.kind === 'chain' ? null : wanted < n ? topByScore(scores, n, wanted) : orderByScore(scores, n);
  let candidates: PlannedCandidate[] = new Array<PlannedCandidate>(wanted);
  for (let k = 0; k < wanted; k++) {
    const i = order === null ? k : (order[k] as number);
    candidates[k] = {
      model: pool.models[i] as ModelEntry,
      provider: pool.providers[i] as ProviderEntry,
      score: scores[i] as number,
      estimatedCostUsd: costs[i] as number,
    };
  }
  if (partition) {
    candidates = ownApiFirst(candidates, needs.preferApi!);
    notes.push(`the request uses features only the ${needs.preferApi} API carries: its models first`);
    if (input.maxCandidates !== undefined && profile.preferredModels.length === 0) candidates = candidates.slice(0, Math.max(1, input.maxCandidates));
  }
  if (resolved.kind === 'level') {
    const preferred = preferFirst(candidates, profile.preferredModels);
    candidates = preferred.candidates;
    if (preferred.moved.length > 0) notes.push(`preferred models first: ${preferred.moved.join(', ')}`);
  }
  return { powerLevel: level, strategy: rules.strategy, candidates, excluded, notes };
}
