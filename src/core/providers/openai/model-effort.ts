// Which `reasoning_effort` values a model behind an OpenAI-compatible API takes, where it is not
// OpenAI's whole set: a value the model refuses fails the whole request with 400, which is never failed over.
import type { ProviderType } from '../../../shared/types';
import type { CanonicalRequest, UpstreamTarget } from '../../canonical';
import { effortForBudget, thinkingUnsentToNonReasoner } from '../reasoning';

/**
 * OpenAI's levels, least first, with "none" (thinking off) below them all; ultra (Codex 0.171's gpt-5.6
 * and gpt-6 models: "maximum reasoning with automatic task delegation") above max.
 */
const LADDER = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'] as const;

/** What to send for the effort the client wished: a value, or nothing (`send` undefined). */
export interface EffortChoice {
  send: string | undefined;
}

/**
 * xAI, https://docs.x.ai/developers/model-capabilities/text/reasoning: grok-3-mini takes low and high;
 * grok-4.3 none, low, medium and high; grok-4.5 and grok-4.6 low, medium and high (no off); grok-4.7
 * low to xhigh (no off). "reasoning_effort is not supported by grok-3, grok-4 and grok-4-fast-reasoning.
 * Specifying reasoning_effort parameter will get an error response": neither by grok-4-1-fast,
 * grok-code-fast-1, grok-4.20 or any model not listed here, which get none.
 */
const XAI_EFFORTS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^grok-3-mini(-fast)?(-beta|-latest)?$/, ['low', 'high']],
  [/^grok-4\.3(-latest)?$/, ['none', 'low', 'medium', 'high']],
  [/^grok-4\.[56](-latest)?$/, ['low', 'medium', 'high']],
  [/^grok-4\.7(-latest)?$/, ['low', 'medium', 'high', 'xhigh']],
];
const GPT_OSS_EFFORTS = ['low', 'medium', 'high'];
const LOW_TO_XHIGH = ['low', 'medium', 'high', 'xhigh'];
/**
 * OpenAI's own models (https://platform.openai.com/docs/api-reference/responses/create#reasoning-effort):
 * "gpt-5-pro defaults to (and only supports) high"; models before gpt-5.1 do not take none, gpt-5.1 takes
 * none to high (no minimal), and "xhigh is supported for all models after gpt-5.1-codex-max"; the Codex
 * models take low to high (xhigh from codex-max on), their mini medium and high (Codex's model presets);
 * gpt-5.2-pro medium to xhigh. The o-series reasoning models (o1, o1-pro, o3, o3-mini, o3-pro, o4-mini) take
 * low, medium and high, as OpenAI announced each and its reference said before gpt-5 ("o-series models only.
 * Currently supported values are low, medium, and high"): minimal came with gpt-5. Other OpenAI models
 * (o1-mini and o1-preview, which take no effort at all: OPENAI_NO_EFFORT; minis of gpt-5.1 and later) are not
 * listed: the wish goes as asked. max and ultra, the newest levels, OpenAI's reference documents for none of
 * these: each gets its nearest (xhigh where taken, else high).
 */
const OPENAI_EFFORTS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^gpt-5-pro(-\d{4}-\d{2}-\d{2})?$/, ['high']],
  [/^gpt-5\.\d+-pro(-\d{4}-\d{2}-\d{2})?$/, ['medium', 'high', 'xhigh']],
  [/^gpt-5(\.1)?-codex-mini(-\d{4}-\d{2}-\d{2})?$/, ['medium', 'high']],
  [/^gpt-5(\.1)?-codex(-\d{4}-\d{2}-\d{2})?$/, ['low', 'medium', 'high']],
  [/^gpt-5\.\d+-codex(-max)?(-\d{4}-\d{2}-\d{2})?$/, LOW_TO_XHIGH],
  [/^gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/, ['minimal', 'low', 'medium', 'high']],
  [/^gpt-5\.1(-\d{4}-\d{2}-\d{2})?$/, ['none', 'low', 'medium', 'high']],
  [/^gpt-5\.\d+(-\d{4}-\d{2}-\d{2})?$/, ['none', 'low', 'medium', 'high', 'xhigh']],
  [/^o(1(-pro)?|3(-mini|-pro)?|4-mini)(-\d{4}-\d{2}-\d{2})?$/, ['low', 'medium', 'high']],
  // Codex 0.171's bundled model list: the luna models take low to max, the other gpt-5.6 and gpt-6 models
  // (sol, terra, astra) and gpt-daybreak low to ultra; none of them off
  [/^gpt-(5\.6|6(\.\d+)?)-luna(-\d{4}-\d{2}-\d{2})?$/, [...LOW_TO_XHIGH, 'max']],
  [/^(gpt-(5\.6|6(\.\d+)?)-(sol|terra|astra)(-\d{4}-\d{2}-\d{2})?|gpt-daybreak(-[a-z]+)*)$/, [...LOW_TO_XHIGH, 'max', 'ultra']],
];
/** Groq's Qwen 3: "`reasoning_effort` must be one of `none` or `default`" (thinking off or on, no level) */
const QWEN3_ON_GROQ = /(^|\/)qwen3/;
/**
 * Ollama's OpenAI-compatible API (its openai/openai.go): "invalid reasoning value: 'minimal' (must be "high",
 * "medium", "low", or "none")" (400); none turns thinking off (think: false)
 */
const OLLAMA_EFFORTS = ['none', 'low', 'medium', 'high'];

/**
 * Mistral, https://docs.mistral.ai/capabilities/reasoning/adjustable: "Adjustable reasoning is available on
 * mistral-small-latest and mistral-medium-3-5 via the reasoning_effort parameter", "high" or "none" (any other value
 * is refused, 422); Magistral ("Native") always reasons and takes no parameter, nor does any other model.
 */
// mistral-small-latest and -2603; Medium 3.5 as mistral-medium-3-5 or 3.5, with or without a date: not Medium 3 or 3.1 (-3, -3-1, -2505, -2508)
const MISTRAL_ADJUSTABLE = /^(mistral-small-(latest|2603)|mistral-medium-3[.-]5(-\d+)?)$/;

/** Mistral's effort: high for any thinking, none for none, on the models that take it; nothing elsewhere. */
const mistralEffort = (name: string, wish: string): EffortChoice => ({ send: MISTRAL_ADJUSTABLE.test(name) ? (wish === 'none' ? 'none' : 'high') : undefined });

/**
 * The effort to send a model for the one wished (`none`: the client turned thinking off); undefined
 * when nothing is known about the model (the wish goes as it is). A level the model lacks becomes the
 * nearest it has (a tie goes to the higher); "none" where it has no off becomes its lowest level.
 */
export function modelEffort(providerType: ProviderType | undefined, modelName: string, wish: string): EffortChoice | undefined {
  const name = modelName.toLowerCase();
  if (providerType === 'xai') {
    const row = XAI_EFFORTS.find(([pattern]) => pattern.test(name));
    return { send: row ? nearest(wish, row[1]) : undefined };
  }
  if (providerType === 'mistral') return mistralEffort(name, wish);
  if (providerType === 'groq' && QWEN3_ON_GROQ.test(name)) return { send: wish === 'none' ? 'none' : 'default' };
  // OpenAI's open-weight models, wherever they are served (Groq, Together, Ollama, OpenRouter): no minimal, no off
  if (name.includes('gpt-oss')) return { send: nearest(wish, GPT_OSS_EFFORTS) };
  if (providerType === 'ollama') return { send: nearest(wish, OLLAMA_EFFORTS) };
  // OpenRouter takes none to max for every model and maps them to its own (its reasoning.effort, or the shorthand reasoning_effort)
  if (providerType === 'openrouter') return { send: wish === 'ultra' ? 'max' : wish };
  const openai = OPENAI_EFFORTS.find(([pattern]) => pattern.test(name));
  if (openai) return { send: nearest(wish, openai[1]) };
  return undefined;
}

/**
 * A forwarded body's effort as this model takes it: the choice when it differs from the client's `asked`
 * (another level, or none: `send` undefined), undefined when it goes as sent (a level the model takes, a
 * model nothing is known of). A model on OpenAI's own API that does not reason gets none when routing chose it
 * (`routed`: the effort was meant for another model, and OpenAI refuses it from gpt-4o and gpt-4.1, "Unrecognized
 * request argument supplied: reasoning_effort"), as a translated request; one the client named gets it as sent.
 * Elsewhere a catalog entry without reasoning is often only a default (Groq, Together, DeepSeek, xAI, a custom
 * listing, LM Studio's discovery) for a model that reasons and takes the effort: it goes as sent. Mistral's
 * own list decides there (mistralEffort).
 */
export function forwardedEffortChange(
  target: Pick<UpstreamTarget, 'providerType' | 'modelName' | 'reasoning'>, asked: string, routed: boolean,
): EffortChoice | undefined {
  // Mistral refuses the field from a model it does not name, whatever the catalog says of its reasoning
  if (target.reasoning === false && target.providerType !== 'mistral') return routed && openAIRefusesReasoning(target) ? { send: undefined } : undefined;
  const choice = modelEffort(target.providerType, target.modelName, asked);
  return choice && choice.send !== asked ? choice : undefined;
}

/**
 * The reasoning effort to send for the canonical wish, as this model takes it (OpenAI chat and Responses
 * bodies alike); names reasoning_effort in `dropped` where what is sent differs from the wish (another
 * level, or none at all).
 */
export function reasoningEffortFor(req: CanonicalRequest, target: UpstreamTarget, dropped: string[]): string | undefined {
  if (target.reasoning === false) {
    if (thinkingUnsentToNonReasoner(req, target)) dropped.push('reasoning_effort');
    return undefined;
  }
  const wish = req.reasoningEffort ?? (req.thinkingBudgetTokens === undefined ? undefined
    : req.thinkingBudgetTokens === 0 ? 'none' : effortForBudget(req.thinkingBudgetTokens));
  if (wish === undefined) return undefined;
  const choice = modelEffort(target.providerType, target.modelName, wish);
  // no off every model takes (OpenAI's "none" is refused before gpt-5.1): unknown models think by default;
  // xhigh, max and ultra are newer than most, and refused by the o-series and other servers: high is what every reasoner takes
  const send = choice ? choice.send : wish === 'none' ? undefined : wish === 'xhigh' || wish === 'max' || wish === 'ultra' ? 'high' : wish;
  if (send !== wish) dropped.push('reasoning_effort');
  return send;
}

/** OpenRouter's `reasoning` object: a thinking budget as such, an effort (none: thinking off) as a level. */
export interface OpenRouterReasoning {
  effort?: string;
  max_tokens?: number;
}

/**
 * What OpenRouter gets for the canonical wish (https://openrouter.ai/docs/use-cases/reasoning-tokens: `effort`
 * or `max_tokens`, "one of the following, not both"): the client's exact budget (Anthropic's budget_tokens,
 * Gemini's thinkingBudget) as `max_tokens`, where a level would only approximate it; an effort as `effort`,
 * thinking off as effort `none`. Both asked for: the effort goes, and the budget is named.
 */
export function openRouterReasoning(req: CanonicalRequest, target: UpstreamTarget, dropped: string[]): OpenRouterReasoning | undefined {
  const budget = req.thinkingBudgetTokens;
  if (target.reasoning === false || req.reasoningEffort !== undefined || budget === undefined || budget === 0) {
    if (req.reasoningEffort !== undefined && budget !== undefined && budget > 0 && target.reasoning !== false) dropped.push('reasoning_effort');
    const effort = reasoningEffortFor(req, target, dropped);
    return effort === undefined ? undefined : { effort };
  }
  return { max_tokens: budget };
}

/** The least of a model's levels (its list may be in any order). */
function lowest(accepted: readonly string[]): string | undefined {
  const known = accepted.map((level) => LADDER.indexOf(level as (typeof LADDER)[number])).filter((i) => i > 0);
  return known.length > 0 ? LADDER[Math.min(...known)] : undefined;
}

function nearest(wish: string, accepted: readonly string[]): string | undefined {
  if (accepted.includes(wish)) return wish;
  const at = LADDER.indexOf(wish as (typeof LADDER)[number]);
  // off where the model has no off: its lowest level (left out, it would think at its default, medium)
  if (at === 0) return lowest(accepted);
  // a value nobody knows: left out rather than guessed
  if (at < 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const level of accepted) {
    const i = LADDER.indexOf(level as (typeof LADDER)[number]);
    if (i <= 0) continue;
    const distance = Math.abs(i - at);
    if (distance < bestDistance || (distance === bestDistance && i > at)) {
      best = level;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * xAI: "presencePenalty, frequencyPenalty, and stop cannot be used with reasoning models. Requests that
 * include them return an error." Named in the body's spelling.
 */
export const XAI_REASONING_REFUSES = ['stop', 'presence_penalty', 'frequency_penalty'] as const;

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, the gpt-5 family, the Codex and pro models) answer 400
 * "Unsupported parameter: 'top_p' is not supported with this model", and the same for `stop` (what an
 * Anthropic client's stop_sequences become; smolagents#1671, litellm#15244), and refuse a temperature
 * other than 1 and the penalties (https://platform.openai.com/docs/guides/reasoning#limitations), and
 * "Unsupported parameter: 'logprobs' is not supported with this model", and top_logprobs with it (gpt-5:
 * https://community.openai.com/t/gpt-5-removed-parameters-logprob-top-p-temperature/1345768). A temperature
 * of 1 is their own and passes.
 */
export const OPENAI_REASONING_REFUSES = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'stop', 'logprobs', 'top_logprobs'] as const;

/** What a model refuses while it reasons, in the body's spelling; `temperature` only when it is not 1. */
export type RefusedParam = (typeof XAI_REASONING_REFUSES)[number] | (typeof OPENAI_REASONING_REFUSES)[number];

const OPENAI_REASONING_NAME = /^(o\d|gpt-5)/;
const openAIReasonerName = (name: string): boolean => OPENAI_REASONING_NAME.test(name) && !name.includes('-chat');
/** o1-mini and o1-preview reason but take no effort at all ("Unsupported parameter: 'reasoning_effort'") */
const OPENAI_NO_EFFORT = /^o1-(mini|preview)(-\d{4}-\d{2}-\d{2})?$/;

/**
 * A model on OpenAI's own API the catalog says does not reason and whose name does not say it takes an effort
 * (o-series, gpt-5 family; not their chat models, nor o1-mini and o1-preview): OpenAI refuses it a reasoning
 * effort, and on the Responses API any `reasoning` and encrypted reasoning asked in `include`, which a body meant
 * for another model (routing chose this one) leaves out. A model discovered under a new name gets the catalog's
 * default, chat only, which says nothing: its name is believed. Other providers are not known to refuse them, and
 * their catalog's no is often a default for a model that reasons.
 */
export function openAIRefusesReasoning(target: Pick<UpstreamTarget, 'providerType' | 'modelName' | 'reasoning'>): boolean {
  if (target.providerType !== 'openai' || target.reasoning !== false) return false;
  const name = target.modelName.toLowerCase();
  return !openAIReasonerName(name) || OPENAI_NO_EFFORT.test(name);
}

/**
 * gpt-5.1 and later (not their Codex, pro, mini or chat models) have reasoning effort none, their
 * default, and take temperature, top_p and stop with it, not otherwise ("GPT-5.4 parameter compatibility");
 * logprobs go with them too (Azure's gpt-5.2 answers them, litellm#18856).
 */
const OPENAI_SAMPLES_WITHOUT_THINKING = /^gpt-5\.\d+(-\d{4}-\d{2}-\d{2})?$/;

/**
 * The parameters this model refuses beside its reasoning (none for most models). `catalogSays`: the
 * catalog's reasoning capability (undefined for a model it does not know); `effort`: the
 * reasoning_effort the request will carry.
 */
export function refusedBesideReasoning(
  providerType: ProviderType | undefined, modelName: string, catalogSays: boolean | undefined, effort: string | undefined,
): readonly RefusedParam[] {
  if (providerType === 'xai') return xaiReasons(modelName, catalogSays) ? XAI_REASONING_REFUSES : [];
  if (providerType !== 'openai' && providerType !== 'openai-compatible') return [];
  // OpenAI's own API: its names say it (a model discovered under a new name gets the catalog's default,
  // chat only, which says nothing); elsewhere a catalog entry without reasoning is believed
  if (catalogSays === false && providerType !== 'openai') return [];
  const name = modelName.toLowerCase();
  if (!openAIReasonerName(name)) return [];
  if ((effort === undefined || effort === 'none') && OPENAI_SAMPLES_WITHOUT_THINKING.test(name)) return [];
  return OPENAI_REASONING_REFUSES;
}

/** Whether `value` of `key` goes to a model that refuses `refused`: a temperature of 1 always does. */
export function takesParam(refused: readonly RefusedParam[], key: RefusedParam, value: unknown): boolean {
  if (!refused.includes(key)) return true;
  return key === 'temperature' && value === 1;
}

/** An xAI model that reasons: the catalog says so, or (a model it does not know) its name does not deny it. */
export function xaiReasons(modelName: string, catalogSays: boolean | undefined): boolean {
  if (catalogSays !== undefined) return catalogSays;
  const name = modelName.toLowerCase();
  if (name.includes('non-reasoning') || name.startsWith('grok-2')) return false;
  return !name.startsWith('grok-3') || name.startsWith('grok-3-mini');
}
