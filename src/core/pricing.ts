// Cost of one request: each token class the provider reported at the catalog's price for that class
// (USD per 1M tokens), or the provider's own figure where it reports one. Unknown is never $0.
import type { Usage } from './canonical';
import type { RowTokens } from './usage-record';
import { geminiSearchFeeUsd } from './gemini-pricing';
import { modalitySurchargeUsd } from './modality-surcharge';

/** The prices of one tier. null: unknown (input, output) or not published (cache classes). */
export interface PriceTier {
  inputCostPer1m: number | null;
  outputCostPer1m: number | null;
  /** cache reads */
  cachedInputCostPer1m: number | null;
  cacheWrite5mCostPer1m?: number | null;
  cacheWrite1hCostPer1m?: number | null;
}

export interface LongContextTier extends PriceTier {
  /** the tier's prices apply to the whole request once its prompt (cache reads and writes included) exceeds this */
  abovePromptTokens: number;
}

export interface PricedModel extends PriceTier {
  /** lowest threshold first */
  longContext?: readonly LongContextTier[];
}

/** A model as a usage row prices it: its name (the upstream's) says which fast-mode multiple applies. */
export type ServedModel = PricedModel & { modelName?: string };

/**
 * Why a cost is not simply "every class at its catalog price", as stored on the usage row:
 * - provider_reported: the cost is the provider's own (costDriftUsd holds the difference to the catalog estimate); the
 *   only basis such a row has, as none of the others says how the provider billed
 * - long_context: the prompt passed a long-context threshold, so that tier's prices applied
 * - cache_read_at_input_rate / cache_write_at_input_rate: the model has no price for that class
 * - cache_write_ttl_assumed_5m: the provider reported cache writes without saying for how long
 * - web_search: the provider ran paid web searches, billed per call on top of the tokens (WEB_SEARCH_USD_PER_1K; Gemini's
 *   Google Search grounding per query or per grounded prompt by model family, geminiSearchFeeUsd)
 * - file_search: OpenAI ran hosted file searches, billed per call on top of the tokens (FILE_SEARCH_USD_PER_1K)
 * - audio_input: the prompt held audio, billed at the model's audio price (GEMINI_AUDIO_PRICES, OPENAI_AUDIO_PRICES), not its input price
 * - audio_output: the answer held audio, billed at the model's audio output price (OPENAI_AUDIO_PRICES), not its output price
 * - audio_unpriced: the prompt or the answer held audio on a model whose audio price Switchboard does not know: billed
 *   as text (input or output price), a lower bound, and the row is marked estimated
 * - image_output: the answer held an image, billed at the model's image output price (GEMINI_IMAGE_OUTPUT_PRICES)
 * - image_unpriced: the answer held an image on a model whose image price Switchboard does not know: billed at the
 *   output price, a lower bound, and the row is marked estimated
 * - flex: OpenAI or Gemini served it on the flex tier, every token class at half its price (FLEX_PRICE_FACTOR)
 * - priority_unpriced: OpenAI or Gemini served it on the priority tier, whose per-model prices the catalog does not hold:
 *   the cost is the standard one, a lower bound, and the row is marked estimated
 * - fast: Anthropic served it in fast mode, every token class at the model's fast-mode multiple (FAST_MODE_FACTORS)
 * - fast_unpriced: fast mode on a model without a documented multiple: standard prices, a lower bound, estimated
 * - us_inference: Anthropic ran it in the US only (`inference_geo: "us"`), every token class at US_INFERENCE_FACTOR
 * - us_inference_unpriced: US-only inference on a model Switchboard cannot date: standard prices, a lower bound, estimated
 */
export const PRICE_BASES = [
  'provider_reported', 'long_context', 'cache_read_at_input_rate', 'cache_write_at_input_rate', 'cache_write_ttl_assumed_5m',
  'web_search', 'file_search', 'flex', 'priority_unpriced', 'fast', 'fast_unpriced', 'us_inference', 'us_inference_unpriced',
  'audio_input', 'audio_unpriced', 'audio_output', 'image_output', 'image_unpriced',
] as const;
export type PriceBasis = (typeof PRICE_BASES)[number];

/** The cost fields of a usage row (the names match UsageRecord, so the result can be assigned onto one). */
export interface UsageCost {
  /** USD; null when a class the request used has no price and the provider reported no cost */
  costUsd: number | null;
  priceUnknown: boolean;
  priceBasis: PriceBasis[];
  providerCostUsd: number | null;
  /** providerCostUsd minus the catalog estimate; null unless both are known */
  costDriftUsd: number | null;
  /** present (true) only when the cost is a lower bound: the served tier's prices are not known */
  estimated?: true;
}

/**
 * USD per 1,000 web searches, the same at both providers that report them: Anthropic's web search tool
 * ($10 / 1k searches, https://docs.claude.com/en/docs/about-claude/pricing; web fetch costs tokens only) and
 * OpenAI's web_search tool ($10 / 1k calls for every model, https://platform.openai.com/docs/pricing; the
 * search content tokens are in the reported input). OpenAI's older web_search_preview tool on non-reasoning
 * models is $25 / 1k: a call to it is under-counted here.
 */
export const WEB_SEARCH_USD_PER_1K = 10;

/** OpenAI's file search tool calls on the Responses API (`file_search_call` items), USD per 1,000 calls (openai.com/api/pricing). */
export const FILE_SEARCH_USD_PER_1K = 2.5;

/**
 * OpenAI's flex tier bills tokens at Batch API rates, half the standard ones, cache reads included
 * (https://platform.openai.com/docs/guides/flex-processing), and Gemini's Flex tier is 50% off standard too
 * (https://ai.google.dev/gemini-api/docs/flex-inference). Only those two: Groq's `flex` is its on-demand price
 * (https://console.groq.com/docs/flex-processing).
 */
export const FLEX_PRICE_FACTOR = 0.5;

/**
 * Anthropic's fast mode (`speed: "fast"`, beta fast-mode-2026-02-01) bills every token class, cache reads and
 * writes included, at a multiple of the model's prices across the whole window, per model
 * (https://platform.claude.com/docs/en/build-with-claude/fast-mode): Opus 4.6 and 4.7 at 6x ($30 / $150 per
 * MTok), Opus 4.8, 5 and 5.5 at 2x (Opus 4.8 and 5: $10 / $50). Fable and Mythos have none listed here.
 */
export const FAST_MODE_FACTORS: readonly { model: RegExp; factor: number }[] = [
  { model: /claude-opus-4[-.][67](?![0-9])/, factor: 6 },
  { model: /claude-opus-(?:4[-.]8|5(?:[-.]5)?)(?![0-9.])/, factor: 2 },
];

/**
 * Anthropic's US-only inference (`inference_geo: "us"`, answered as `usage.inference_geo: "us"`) bills every token
 * class at 1.1x on Claude Opus 4.6, Sonnet 4.6 and every later model; the models before them at the standard rate
 * (https://support.claude.com/en/articles/15422948; the parameter: https://platform.claude.com/docs/en/build-with-claude/data-residency).
 */
export const US_INFERENCE_FACTOR = 1.1;

/** A Claude model's version from its name (claude-opus-4-6, claude-3-5-sonnet-20241022, claude-sonnet-4-20250514). */
const CLAUDE_VERSION = /claude-(?:[a-z]+-)?(\d+)(?:[-.](\d+))?(?=$|[-@:])/;

/** Whether US-only inference costs more on this model; undefined: a name that says no Claude version. */
function usInferenceCostsMore(modelName: string): boolean | undefined {
  const m = CLAUDE_VERSION.exec(modelName);
  if (!m) return undefined;
  const major = Number(m[1]);
  // a second number of 8 digits is a date, not a minor version
  const minorText = m[2] === undefined || m[2].length === 8 ? '0' : m[2];
  if (minorText.length > 1) return undefined;
  return major > 4 || (major === 4 && Number(minorText) >= 6);
}

const tokens = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/** Both base prices are known: the model can be priced and ranked on cost. */
export function hasKnownPrice(model: Pick<PriceTier, 'inputCostPer1m' | 'outputCostPer1m'>): boolean {
  return model.inputCostPer1m !== null && model.outputCostPer1m !== null;
}

/** The tier whose prices apply to a prompt of this size: the highest threshold it exceeds, else the base. */
export function tierFor(model: PricedModel, promptTokens: number): PriceTier {
  const tiers = model.longContext;
  if (tiers === undefined || tiers.length === 0) return model;
  let tier: PriceTier = model;
  let passed = -1;
  for (const t of tiers) {
    if (promptTokens > t.abovePromptTokens && t.abovePromptTokens > passed) {
      tier = t;
      passed = t.abovePromptTokens;
    }
  }
  return tier;
}

/** A class without its own price bills at the tier's input rate, and the row says so. */
function orInputRate(price: number | null | undefined, input: number | null, fallback: PriceBasis, basis?: Set<PriceBasis>): number | null {
  if (price != null) return price;
  if (input !== null) basis?.add(fallback);
  return input;
}

/**
 * The catalog's price for the usage, class by class (allocation-free unless `basis` is given: the router
 * calls this per candidate). null when a class the request used has no price.
 */
function sumCostUsd(model: PricedModel, usage: Usage, basis?: Set<PriceBasis>): number | null {
  const prompt = tokens(usage.inputTokens);
  const tier = tierFor(model, prompt);
  if (tier !== model) basis?.add('long_context');

  const cached = usage.cachedInputTokens === undefined ? 0 : Math.min(tokens(usage.cachedInputTokens), prompt);
  const split5m = usage.cacheWrite5mInputTokens;
  const split1h = usage.cacheWrite1hInputTokens;
  // the router's estimates carry no cache figures: skip the arithmetic for them
  const reportedWrites = usage.cacheCreationInputTokens ?? (split5m === undefined && split1h === undefined ? 0 : tokens(split5m) + tokens(split1h));
  const writes = reportedWrites === 0 ? 0 : Math.min(tokens(reportedWrites), prompt - cached);
  const writes1h = writes === 0 ? 0 : Math.min(tokens(split1h), writes);
  const writes5m = writes - writes1h;
  const fresh = prompt - cached - writes;
  const output = tokens(usage.outputTokens);
  const input = tier.inputCostPer1m;

  let sum = 0;
  if (fresh > 0) {
    if (input === null) return null;
    sum += fresh * input;
  }
  if (cached > 0) {
    const p = orInputRate(tier.cachedInputCostPer1m, input, 'cache_read_at_input_rate', basis);
    if (p === null) return null;
    sum += cached * p;
  }
  if (writes5m > 0) {
    const p = orInputRate(tier.cacheWrite5mCostPer1m, input, 'cache_write_at_input_rate', basis);
    if (p === null) return null;
    sum += writes5m * p;
    // Anthropic's default lifetime is 5 minutes; the guess matters only where the 1-hour price differs
    if (split5m === undefined && split1h === undefined && tier.cacheWrite5mCostPer1m != null && tier.cacheWrite1hCostPer1m != null) {
      basis?.add('cache_write_ttl_assumed_5m');
    }
  }
  if (writes1h > 0) {
    const p = orInputRate(tier.cacheWrite1hCostPer1m, input, 'cache_write_at_input_rate', basis);
    if (p === null) return null;
    sum += writes1h * p;
  }
  if (output > 0) {
    if (tier.outputCostPer1m === null) return null;
    sum += output * tier.outputCostPer1m;
  }
  return sum / 1_000_000;
}

/** What the served tier does to the tokens' prices: a factor, or unknown (the standard prices, a lower bound). */
function tierFactor(
  model: ServedModel, usage: Usage, providerType: string | undefined, basis: Set<PriceBasis>,
): { factor: number; lowerBound: boolean } {
  const speed = speedFactor(model, usage, providerType, basis);
  if (usage.inferenceGeo !== 'us') return speed;
  // on top of fast mode, as Anthropic bills it
  const costsMore = usInferenceCostsMore(model.modelName ?? '');
  if (costsMore === false) return speed;
  basis.add(costsMore ? 'us_inference' : 'us_inference_unpriced');
  return costsMore
    ? { factor: speed.factor * US_INFERENCE_FACTOR, lowerBound: speed.lowerBound }
    : { factor: speed.factor, lowerBound: true };
}

/** What the speed or service tier that served it does to the tokens' prices. */
function speedFactor(
  model: ServedModel, usage: Usage, providerType: string | undefined, basis: Set<PriceBasis>,
): { factor: number; lowerBound: boolean } {
  if (usage.speed === 'fast') {
    const name = model.modelName ?? '';
    const fast = FAST_MODE_FACTORS.find((f) => f.model.test(name));
    basis.add(fast ? 'fast' : 'fast_unpriced');
    return fast ? { factor: fast.factor, lowerBound: false } : { factor: 1, lowerBound: true };
  }
  // the tiers of OpenAI's own API and of Gemini's (its trafficType, read as these names)
  if (providerType !== 'openai' && providerType !== 'gemini') return { factor: 1, lowerBound: false };
  if (usage.serviceTier === 'flex') {
    basis.add('flex');
    return { factor: FLEX_PRICE_FACTOR, lowerBound: false };
  }
  if (usage.serviceTier === 'priority') {
    // OpenAI's priority prices are per model (1.75x to 2x standard), Gemini's 75% to 100% more: not one rule
    basis.add('priority_unpriced');
    return { factor: 1, lowerBound: true };
  }
  return { factor: 1, lowerBound: false };
}

/**
 * The catalog's price for the usage, and how it was reached. `providerType`: the serving provider's, for what
 * only that provider's answers mean (OpenAI's service tiers; Anthropic's fast mode is only Anthropic's). `lowerBound`: the served tier's prices are unknown.
 */
export function catalogCostUsd(
  model: ServedModel, usage: Usage, providerType?: string,
): { costUsd: number | null; basis: PriceBasis[]; lowerBound: boolean } {
  const basis = new Set<PriceBasis>();
  let costUsd = sumCostUsd(model, usage, basis);
  // a server-side compaction is a request of its own to the same model, its tier by its own prompt
  for (const compaction of usage.compactions ?? []) {
    const part = sumCostUsd(model, compaction, basis);
    costUsd = costUsd === null || part === null ? null : costUsd + part;
  }
  // audio and image tokens at their own prices, on the tier the prompt's size picks
  const modality = modalitySurchargeUsd(model.modelName ?? '', tierFor(model, tokens(usage.inputTokens)), usage, basis);
  if (costUsd !== null) costUsd += modality.usd;
  const tier = tierFactor(model, usage, providerType, basis);
  if (costUsd !== null) costUsd *= tier.factor;
  const searches = tokens(usage.webSearchCalls);
  if (searches > 0) {
    basis.add('web_search');
    const fee = providerType === 'gemini' ? geminiSearchFeeUsd(model.modelName ?? '', searches) : (searches * WEB_SEARCH_USD_PER_1K) / 1_000;
    if (costUsd !== null) costUsd += fee;
  }
  const fileSearches = tokens(usage.fileSearchCalls);
  if (fileSearches > 0) {
    basis.add('file_search');
    if (costUsd !== null) costUsd += (fileSearches * FILE_SEARCH_USD_PER_1K) / 1_000;
  }
  return { costUsd, basis: [...basis], lowerBound: tier.lowerBound || modality.lowerBound };
}

/**
 * What the usage row records: the provider's cost where it reported one, else the catalog's. The basis says how
 * the recorded cost was reached: for the provider's own figure that is all (the catalog's notes, a class at the
 * input price, a price it lacks, are about the estimate behind costDriftUsd, not about what was billed).
 */
export function priceUsage(model: ServedModel, usage: Usage, providerType?: string): UsageCost {
  const catalog = catalogCostUsd(model, usage, providerType);
  const reported = usage.providerCostUsd;
  if (typeof reported === 'number' && Number.isFinite(reported) && reported >= 0) {
    return {
      costUsd: reported,
      priceUnknown: false,
      priceBasis: ['provider_reported'],
      providerCostUsd: reported,
      costDriftUsd: catalog.costUsd === null ? null : reported - catalog.costUsd,
    };
  }
  return {
    costUsd: catalog.costUsd,
    priceUnknown: catalog.costUsd === null,
    priceBasis: catalog.basis,
    providerCostUsd: null,
    costDriftUsd: null,
    ...(catalog.lowerBound && catalog.costUsd !== null ? { estimated: true as const } : {}),
  };
}

/**
 * The tokens a request was billed for, as its usage row counts them: the answer's figures plus those of the
 * compactions run for it (which the figures the client is told leave out).
 */
export function billedTokens(usage: Usage): Usage {
  const compactions = usage.compactions;
  if (compactions === undefined || compactions.length === 0) return usage;
  const sum = (field: 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheCreationInputTokens' | 'cacheWrite1hInputTokens'): number =>
    compactions.reduce((n, c) => n + tokens(c[field]), tokens(usage[field]));
  return {
    ...usage,
    inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), cachedInputTokens: sum('cachedInputTokens'),
    cacheCreationInputTokens: sum('cacheCreationInputTokens'), cacheWrite1hInputTokens: sum('cacheWrite1hInputTokens'),
  };
}

/** A usage as its row counts it: the tokens billed (billedTokens), each class there, absent ones 0. */
export function rowTokens(usage: Usage): RowTokens {
  const t = billedTokens(usage);
  return {
    inputTokens: t.inputTokens,
    cachedInputTokens: t.cachedInputTokens ?? 0,
    cacheCreationInputTokens: t.cacheCreationInputTokens ?? 0,
    cacheWrite1hInputTokens: t.cacheWrite1hInputTokens ?? 0,
    outputTokens: t.outputTokens,
    reasoningTokens: usage.reasoningTokens ?? 0,
  };
}

/**
 * The router's estimate for ranking candidates; unknown counts as 0 here. Routing that weighs cost never
 * sees a model without a known price (eligibility excludes it), and no usage row is priced with this.
 */
export function computeCostUsd(model: PricedModel, usage: Usage): number {
  return sumCostUsd(model, usage) ?? 0;
}
