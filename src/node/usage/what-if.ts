// "What would my traffic have cost?": re-prices the logged token counts of the last N days as if every
// request had run on one model, or on the model the router would pick today at a power level for what the
// request needed (its logged route_needs); a request on the model it ran on costs what it cost.
// Reads the log only (the days of the window it still holds whole: covered_days); nothing goes upstream.
import type Database from 'better-sqlite3';
import type { UpstreamApi, Usage } from '../../core/canonical';
import type { CatalogSnapshot, ModelEntry, ProfileEntry } from '../../core/catalog';
import { catalogCostUsd } from '../../core/pricing';
import { EVERY_NEED, isRouteError, needsFromCode, routeRequest, type RequestNeeds } from '../../core/routing';
import { capabilityMask } from '../../core/routing/capability-mask';
import { MISSING_CAPABILITY } from '../../core/routing/eligibility';
import { AdminError } from '../../shared/contract';
import { POWER_LEVELS, type Capability, type PowerLevel, type WhatIfRequest, type WhatIfResult } from '../../shared/types';
import { parseDays } from './days-param';
import { daysThrough, wholeLogSince } from './log-coverage';
import { windowStartMs } from './time-keys';
import { billsOf } from './attempt-bills';

/**
 * Logged requests of one endpoint with the same input size and price state, on the same model (a model scenario:
 * whether they ran on its model) with the same paid extras and the same token classes used (output, cache reads,
 * cache writes, 1-hour writes: none or some), summed: within one input size (so one long-context
 * tier) pricing is linear in the token counts. A row that counts failed tries' bills is a group of its own, with
 * its attempts, so that its serving try's figures can be told from them.
 */
type TrafficGroup = [
  // the model it ran on (a model scenario: 1 that model, 0 another); null: it reached none
  endpoint: string, input: number, priceUnknown: number, ranOn: string | number | null, webSearches: number, basis: string | null,
  billedRow: number | null, requests: number, cached: number, writes: number, writes1h: number, output: number, cost: number | null,
  attempts: string | null,
  // what the requests needed (NULL: unknown; a model scenario's: only the capabilities a model may lack), and a
  // power level's: the max_tokens they asked, and for unknown needs the API they came in on
  needs: number | null, maxOutput: number | null, unknownApi: string | null,
];

/** The row's own id where its failed attempts hold a bill (usage-row.ts attemptsJson), else NULL. */
const BILLED_ROW = `IIF(instr(failed_attempts, '"billed":') > 0, rowid, NULL)`;

type Scenario = { kind: 'model'; model: ModelEntry } | { kind: 'level'; level: PowerLevel };

/** The model a scenario puts a group of logged requests on; undefined: none can serve it. */
type Choose = (
  endpoint: string, input: number, needs: number | null, maxOutput: number | null, unknownApi: string | null, basis: string | null,
) => ModelEntry | undefined;

/**
 * The most rows one turn of the event loop reads, groups, routes (at a power level, once per new size and
 * needs: up to ~0.2 ms each on a 300-model catalog) and prices.
 */
export const WHAT_IF_SLICE_ROWS = 200;

/** The capabilities the router checks a model for beyond chat / embeddings (tools, vision, JSON, reasoning, documents). */
const CHECKED_CAPABILITIES = capabilityMask(Object.keys(MISSING_CAPABILITY) as Capability[]);

const UPSTREAM_APIS: readonly string[] = ['chat', 'messages', 'responses', 'gemini'] satisfies UpstreamApi[];

/** Provider types whose APIs charge for a web search tool (Anthropic's and OpenAI's $10 / 1k, Gemini's grounding). */
const SEARCH_FEE_PROVIDERS: ReadonlySet<string> = new Set(['anthropic', 'openai', 'gemini']);

/**
 * Re-prices with the same per-class pricing as the proxy (a month of Claude Code re-priced on another model
 * counts its cache reads and writes at that model's prices). A request on the model it ran on keeps what it
 * cost: its tool fees, the tier that served it, the provider's own figure. On another model its tokens are
 * priced at that model's prices, with what the request paid beyond them carried where that model's provider
 * charges it too: its web searches' fees (Anthropic, OpenAI, Gemini), the flex tier (OpenAI, Gemini), fast mode
 * and US-only inference (Anthropic); what cannot be carried is counted in `web_search_left_out_requests` and
 * `tier_left_out_requests`. Requests the scenario cannot serve or price (context too small, wrong capability,
 * nothing eligible, no price) count in `unpriced_requests` and keep their actual cost in the hypothetical
 * total, so both totals describe the same traffic; requests whose actual cost is unknown are left out of both
 * (`actual_unpriced_requests`). count_tokens calls cost nothing either way and are left out; requests that
 * reached no model (refused: paused, malformed, nothing fit) are counted at what they cost ($0) in both. A failed
 * try the provider billed all the same (its tokens and cost are in the row) is carried at what it cost, on any
 * model: only the try that served is re-priced.
 */
export async function whatIf(
  db: Database.Database, snapshot: CatalogSnapshot, req: WhatIfRequest, now: Date, isProviderDown: (providerId: string) => boolean = () => false,
  lastRow: number = lastRowId(db),
): Promise<WhatIfResult> {
  const days = parseDays(req?.days, 30);
  const scenario = parseScenario(snapshot, req);
  const choose: Choose = scenario.kind === 'model'
    ? (endpoint, input, code) => (fitsModel(scenario.model, endpoint, input, code) ? scenario.model : undefined)
    : routerChoice(db, snapshot, scenario.level, now.getTime(), isProviderDown);
  // Grouped by exact input size: the router's pick and the long-context tier depend on it, not on the row. A
  // model scenario needs only whether a row ran on its model: grouping by the served id splits the groups (147k
  // against 62k on 300k synthetic rows), and which capabilities it needed. A power level routes each request
  // with what it needed. And by which token classes the rows used: a model with no price for one (output, cache
  // reads or writes) can price the rows that used none of it, whatever the rows around them in the group or slice.
  const own = scenario.kind === 'model' ? scenario.model.id : null;
  const needs = own === null
    ? `route_needs, route_max_output, IIF(route_needs IS NULL AND endpoint <> 'embeddings', inbound_api, NULL)`
    : `route_needs & ${CHECKED_CAPABILITIES}, NULL, NULL`;
  const groupsIn = db.prepare(
    `SELECT endpoint, input_tokens, price_unknown, ${own === null ? 'model_id' : 'IIF(model_id IS NULL, NULL, model_id IS @own)'}, web_search_calls, price_basis,
            ${BILLED_ROW}, COUNT(*), SUM(MIN(cached_input_tokens, input_tokens)), SUM(cache_creation_input_tokens),
            SUM(cache_write_1h_input_tokens), SUM(output_tokens), SUM(cost_usd), IIF(${BILLED_ROW} IS NULL, NULL, failed_attempts), ${needs}
     FROM usage_log WHERE started_at >= @from AND started_at < @to AND +id <= @last AND endpoint <> 'count_tokens'
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 15, 16, 17, output_tokens = 0, cached_input_tokens = 0, cache_creation_input_tokens = 0,
              cache_write_1h_input_tokens = 0`,
  ).raw(true);
  // the rows up to `lastRow` (by default the rows there are now): those the recorder writes meanwhile are not
  // half in the figures (`+id`: the started_at index bounds each slice, never the rowid)
  const read = (from: number, to: number) => groupsIn.all({ from, to, last: lastRow, ...(own === null ? {} : { own }) }) as TrafficGroup[];
  // the days the log still holds whole: retention may have pruned the older rows of the window, and may prune
  // more between two slices (a minute after start, then every six hours): then the run starts again from the
  // day it holds whole now, so the figures are of the days covered_days says, every request of them
  const start = windowStartMs(now.getTime(), days);
  let since = wholeLogSince(db, start);
  let sum: Tally;
  for (;;) {
    sum = await tallyLog(db, since, read, (group, into) => tally(into, group, choose, own, snapshot));
    const after = wholeLogSince(db, start);
    if (after <= since) break;
    since = after;
  }
  return {
    days,
    covered_days: Math.min(days, daysThrough(since, now.getTime())),
    actual_cost_usd: sum.actual,
    hypothetical_cost_usd: sum.hypothetical,
    requests: sum.requests,
    unpriced_requests: sum.unpriced,
    actual_unpriced_requests: sum.actualUnpriced,
    web_search_left_out_requests: sum.searchesLeftOut,
    tier_left_out_requests: sum.tierLeftOut,
    needs_unknown_requests: sum.needsUnknown,
    scenario: scenario.kind === 'model' ? `model ${scenario.model.id}` : `power level ${scenario.level}`,
  };
}

/** The newest row of the log (0: none). */
export function lastRowId(db: Database.Database): number {
  return (db.prepare('SELECT MAX(id) FROM usage_log').pluck().get() as number | null) ?? 0;
}

/**
 * The groups of the log from `since` on, tallied a slice at a time with a turn of the event loop between (as
 * exportCsv does): a year of traffic is seconds of SQL, routing and pricing, which the proxy's requests must not
 * wait for. Each group's priceability is its rows' (grouped by which token classes they used), and pricing is
 * linear within one input size (which picks the tier), so a group cut between two slices is priced as two with
 * the same figures; the router's pick for its size is asked once (choose remembers it).
 */
async function tallyLog(
  db: Database.Database, since: number, read: (from: number, to: number) => TrafficGroup[], add: (group: TrafficGroup, sum: Tally) => void,
): Promise<Tally> {
  const sum: Tally = { ...NO_TRAFFIC };
  let first = true;
  for (const [from, to] of slices(db, since)) {
    if (!first) await new Promise(setImmediate);
    first = false;
    for (const group of read(from, to)) add(group, sum);
  }
  return sum;
}

/** The log from `since` on as [from, to) windows of started_at, each of at most WHAT_IF_SLICE_ROWS rows (or one millisecond's). */
function* slices(db: Database.Database, since: number): Generator<[number, number]> {
  // the started_at index walked WHAT_IF_SLICE_ROWS entries: where the next slice starts
  const next = db.prepare('SELECT started_at FROM usage_log WHERE started_at >= ? ORDER BY started_at LIMIT 1 OFFSET ?').pluck();
  let from = since;
  for (;;) {
    const at = next.get(from, WHAT_IF_SLICE_ROWS) as number | undefined;
    if (at === undefined) {
      yield [from, Number.MAX_SAFE_INTEGER];
      return;
    }
    const to = at > from ? at : from + 1;
    yield [from, to];
    from = to;
  }
}

interface Tally {
  actual: number;
  hypothetical: number;
  requests: number;
  unpriced: number;
  actualUnpriced: number;
  searchesLeftOut: number;
  tierLeftOut: number;
  needsUnknown: number;
}

const NO_TRAFFIC: Readonly<Tally> = {
  actual: 0, hypothetical: 0, requests: 0, unpriced: 0, actualUnpriced: 0, searchesLeftOut: 0, tierLeftOut: 0, needsUnknown: 0,
};

/** Adds one group of logged requests to the sums: what it cost, and what it would have in the scenario. */
function tally(sum: Tally, group: TrafficGroup, choose: Choose, own: string | null, snapshot: CatalogSnapshot): void {
  const [endpoint, , priceUnknown, ranOn, webSearches, basisText, , count, , , , , rowCost, attempts] = group;
  sum.requests += count;
  if (priceUnknown === 1) {
    sum.actualUnpriced += count;
    return;
  }
  const cost = rowCost ?? 0;
  sum.actual += cost;
  // refused before any model was asked (paused, a malformed body, no model fits, budget): no tokens, no bill, so
  // the same anywhere; unrouted, as a row of unknown needs (one refused before its body was read) would go
  // only to a model with every capability and, with none set up, be counted as one the scenario cannot serve
  if (ranOn === null) {
    sum.hypothetical += cost;
    return;
  }
  // a failed try the provider billed all the same is in the row (4d7b864): only the serving try is re-priced,
  // the bills carried at what they cost, and the serving try's own size picks the model and the tier
  const billed = attempts === null ? 0 : takeBills(group, attempts);
  const [, input, , , , , , , cached, writes, writes1h, output, , , code, maxOutput, unknownApi] = group;
  if (unknownApi !== null) sum.needsUnknown += count;
  const model = choose(endpoint, input, code, maxOutput, unknownApi, basisText);
  // the model it ran on: what it cost, whatever it paid beyond its tokens
  if (model !== undefined && (own === null ? model.id === ranOn : ranOn === 1)) {
    sum.hypothetical += cost;
    return;
  }
  const providerType = model === undefined ? undefined : snapshot.providers.get(model.providerId)?.type;
  const extras = carriedExtras(basisText, webSearches, providerType);
  // one average request of the group, priced, times the group's size
  const each = model === undefined ? null : catalogCostUsd(model, {
    inputTokens: input,
    cachedInputTokens: cached / count,
    cacheCreationInputTokens: writes / count,
    cacheWrite1hInputTokens: writes1h / count,
    outputTokens: output / count,
    ...extras.usage,
  }, providerType).costUsd;
  if (each === null) {
    sum.unpriced += count;
    sum.hypothetical += cost;
  } else {
    sum.hypothetical += each * count + billed;
    if (extras.searchesLeftOut) sum.searchesLeftOut += count;
    if (extras.tierLeftOut) sum.tierLeftOut += count;
  }
}

/**
 * Takes what a row's failed tries were billed out of its group (a row that holds bills is a group of one), so
 * that the group holds the serving try's figures; returns the bills' cost. A bill written before it kept its
 * cache classes takes its input from the uncached part first; every class is held within what remains.
 */
function takeBills(group: TrafficGroup, attempts: string): number {
  const billed = billsOf(attempts);
  if (billed === undefined) return 0;
  const [, rowInput, , , , , , , rowCached, rowWrites, rowWrites1h, rowOutput] = group;
  const input = Math.max(0, rowInput - billed.input);
  const cached = Math.min(Math.max(0, rowCached - billed.cached), input);
  const writes = Math.min(Math.max(0, rowWrites - billed.writes), input - cached);
  // in place: the loop reads the figures from the group, and most groups hold no bill (no copy for them)
  group[1] = input;
  group[8] = cached;
  group[9] = writes;
  group[10] = Math.min(Math.max(0, rowWrites1h - billed.writes1h), writes);
  group[11] = Math.max(0, rowOutput - billed.output);
  return billed.usd;
}

/**
 * What a logged request paid beyond its tokens (its price basis, its web searches), as usage for another model
 * of a provider of `providerType`: what that provider charges too is carried, the rest said to be left out. The
 * pricing decides what it costs there (Gemini's grounding fee by model family, fast mode by model).
 */
function carriedExtras(basisText: string | null, webSearches: number, providerType: string | undefined): {
  usage: Pick<Usage, 'webSearchCalls' | 'serviceTier' | 'speed' | 'inferenceGeo'>; searchesLeftOut: boolean; tierLeftOut: boolean;
} {
  const basis = new Set(basisText === null ? [] : basisText.split(','));
  const usage: Pick<Usage, 'webSearchCalls' | 'serviceTier' | 'speed' | 'inferenceGeo'> = {};
  let searchesLeftOut = false;
  let tierLeftOut = false;
  // a row the provider priced itself says nothing of its searches in its basis (provider_reported only), its count does
  if (basis.has('web_search') || webSearches > 0) {
    // rows logged before their searches were counted (web_search_calls 0) cannot be re-priced
    if (webSearches > 0 && providerType !== undefined && SEARCH_FEE_PROVIDERS.has(providerType)) usage.webSearchCalls = webSearches;
    else searchesLeftOut = true;
  }
  const openAiOrGemini = providerType === 'openai' || providerType === 'gemini';
  if (basis.has('flex')) {
    if (openAiOrGemini) usage.serviceTier = 'flex';
    else tierLeftOut = true;
  }
  if (basis.has('priority_unpriced')) {
    if (openAiOrGemini) usage.serviceTier = 'priority';
    else tierLeftOut = true;
  }
  if (basis.has('fast') || basis.has('fast_unpriced')) {
    if (providerType === 'anthropic') usage.speed = 'fast';
    else tierLeftOut = true;
  }
  if (basis.has('us_inference') || basis.has('us_inference_unpriced')) {
    if (providerType === 'anthropic') usage.inferenceGeo = 'us';
    else tierLeftOut = true;
  }
  return { usage, searchesLeftOut, tierLeftOut };
}

function parseScenario(snapshot: CatalogSnapshot, req: WhatIfRequest): Scenario {
  const { model, power_level: level } = req ?? {};
  if (model != null && level != null) {
    throw new AdminError(400, 'give either model or power_level, not both', 'model');
  }
  if (level != null) {
    if (!(POWER_LEVELS as readonly unknown[]).includes(level)) {
      throw new AdminError(400, `power_level must be one of ${POWER_LEVELS.join(', ')}`, 'power_level');
    }
    return { kind: 'level', level };
  }
  if (typeof model !== 'string' || model === '') {
    throw new AdminError(400, 'give a model id or a power_level', 'model');
  }
  const bare = snapshot.modelsByName.get(model);
  const entry = snapshot.modelsById.get(model) ?? (bare?.length === 1 ? snapshot.modelsById.get(bare[0] ?? '') : undefined);
  if (!entry) throw new AdminError(400, `unknown model: ${model}`, 'model');
  return { kind: 'model', model: entry };
}

/**
 * The chosen model must hold the logged input, do the endpoint's job (empty capabilities = a chat model) and
 * have the capabilities the request was recorded needing (`code`, its route_needs; null: unknown, not checked).
 */
function fitsModel(m: ModelEntry, endpoint: string, input: number, code: number | null): boolean {
  if (input > m.contextLength) return false;
  if (code !== null && (capabilityMask(m.capabilities) & code) !== code) return false;
  if (endpoint === 'embeddings') return m.capabilities.has('embeddings');
  return m.capabilities.has('chat') || !m.capabilities.has('embeddings');
}

/**
 * The router's first candidate at `level` for a logged request of this size with the needs it was routed with
 * (its capabilities, the APIs it was held to or put first, its max_tokens), as it would be routed today: no
 * cooldowns (this minute's say nothing about past days), no budget, no preferred models, a key for every provider
 * that has a global key or any profile's BYOK key, and without the local servers (Ollama, LM Studio) that are not
 * running, as route preview and the proxy leave them out. A request logged before its needs were (migration 21)
 * may have needed anything: it goes only to a model with every capability, on the API it came in on, one that
 * can search the web if it ran a search (an embeddings request needs nothing more than its endpoint says).
 */
function routerChoice(db: Database.Database, snapshot: CatalogSnapshot, level: PowerLevel, now: number, isProviderDown: (providerId: string) => boolean): Choose {
  const byok = db.prepare('SELECT DISTINCT provider_id FROM byok').pluck().all() as string[];
  const profile: ProfileEntry = {
    id: 'what-if', name: 'what-if', powerLevel: level, monthlyCapUsd: null, creditBalanceUsd: null,
    preferredModels: [], privacyGuard: 'off', byokProviders: new Set(byok), createdAt: '',
  };
  const health = { isCoolingDown: () => false, isProviderDown };
  // groups differ by served model, price state and extras too: route each (needs, size) once
  const memo = new Map<string, ModelEntry | undefined>();
  return (endpoint, input, code, maxOutput, unknownApi, basis) => {
    const searched = code === null && basis !== null && basis.split(',').includes('web_search');
    const key = code !== null ? `${code}:${maxOutput ?? ''}:${input}`
      : endpoint === 'embeddings' ? `e:${input}` : `u${unknownApi ?? ''}${searched ? 's' : ''}:${input}`;
    if (memo.has(key)) return memo.get(key);
    const needs = code !== null ? needsFromCode(code, input, maxOutput ?? undefined) : unknownNeeds(endpoint, input, unknownApi, searched);
    const model = needs === undefined ? undefined : pick(needs);
    memo.set(key, model);
    return model;
  };

  function pick(needs: RequestNeeds): ModelEntry | undefined {
    try {
      // the first candidate is all it uses: maxCandidates 1 ranks no further
      return routeRequest({ snapshot, profile, requestedModel: level, health, monthSpentUsd: 0, now, needs, maxCandidates: 1 }).candidates[0]?.model;
    } catch (e) {
      if (isRouteError(e)) return undefined;
      throw e;
    }
  }
}

/** What a request whose needs were not logged may have needed; undefined: nothing routing knows (an API it has none of). */
function unknownNeeds(endpoint: string, input: number, api: string | null, searched: boolean): RequestNeeds | undefined {
  const needs: RequestNeeds = { estimatedInputTokens: input, maxOutputTokens: undefined, capabilities: ['embeddings'], secretsFound: [] };
  if (endpoint === 'embeddings') return needs;
  if (api === null || !UPSTREAM_APIS.includes(api)) return undefined;
  needs.capabilities = [...EVERY_NEED];
  needs.servableBy = [api as UpstreamApi];
  needs.preferApi = api as UpstreamApi;
  if (searched) needs.webSearch = true;
  return needs;
}
