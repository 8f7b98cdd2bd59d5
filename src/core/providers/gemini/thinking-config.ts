// Which thinking a Gemini model takes, told by its name: the thinkingConfig a translated request gets.
import type { CanonicalRequest } from '../../canonical';
import { thinkingBudgetWithin } from '../output-cap';
import type { GeminiThinkingConfig } from './wire-types';

/**
 * Budgets Google's own OpenAI-compatibility layer uses for `reasoning_effort`; xhigh, max and ultra, which it lacks,
 * the largest budget Gemini documents (2.5 Pro's; fitted to each model's range).
 */
const EFFORT_BUDGET = { minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32_768, max: 32_768, ultra: 32_768 } as const;

const bareName = (modelName: string): string => modelName.replace(/^models\//, '');

/**
 * Gemini 3 rejects a replayed functionCall without its thoughtSignature. A client of another API never
 * sees one: the proxy puts back those it kept (ToolCall.signature), and those models get Google's
 * sentinel for the rest (another model's calls, or after a restart).
 */
export function needsThoughtSignature(modelName: string): boolean {
  const name = bareName(modelName);
  const major = /^gemini-(\d+)/.exec(name)?.[1];
  if (major !== undefined) return Number(major) >= 3;
  return /^gemini-(?:pro|flash|flash-lite)-latest$/.test(name);
}

export function thinkingConfig(req: CanonicalRequest, modelName: string, reasoning: boolean, dropped: string[]): GeminiThinkingConfig | undefined {
  if (!reasoning) return undefined;
  const budget = req.thinkingBudgetTokens ?? (req.reasoningEffort ? EFFORT_BUDGET[req.reasoningEffort] : undefined);
  // thoughts asked for with no budget (Codex's reasoning.summary for a model name it does not know): the model's
  // own dynamic budget, its thought summaries shown, which Gemini sends only when asked; a model whose thinking
  // is off unless asked has none to show, and refuses the ask
  if (budget === undefined) return req.includeThoughts && thinksUnasked(modelName) ? { includeThoughts: true } : undefined;
  // ultra asks more than max (OpenAI's task delegation), which the largest budget already is
  if (req.thinkingBudgetTokens === undefined && req.reasoningEffort === 'ultra') dropped.push('reasoning_effort');
  if (budget === 0) return thinkingOff(modelName, dropped);
  const fitted = fitBudget(budget, modelName);
  // Gemini counts thinking against maxOutputTokens (OpenAI's max_completion_tokens likewise counts
  // reasoning): a budget not below the client's limit could spend it all and answer nothing
  const within = fitted < 0 || req.maxTokens === undefined ? fitted : thinkingBudgetWithin(fitted, req.maxTokens, budgetRange(modelName)?.[0] ?? 1);
  if (within === undefined) return thinkingLeast(modelName, dropped);
  // thoughts come back unless the client said it does not want them shown (Anthropic's `display: "omitted"`)
  return { thinkingBudget: within, includeThoughts: req.includeThoughts !== false };
}

/**
 * Gemini 2.5's documented budget ranges (it answers 400 outside them): 2.5 Pro 128-32768, 2.5 Flash
 * 0-24576 (0 is off), 2.5 Flash-Lite 512-24576 (or 0, off). Undefined for other models.
 */
function budgetRange(modelName: string): readonly [number, number] | undefined {
  const name = bareName(modelName);
  return /^gemini-2\.5-flash-lite/.test(name) ? [512, 24_576]
    : /^gemini-2\.5-flash/.test(name) ? [1, 24_576]
      : /^gemini-2\.5-pro/.test(name) ? [128, 32_768] : undefined;
}

/**
 * A budget outside the model's range (Anthropic's budget_tokens reaches 32000 and more) is a 400; a
 * budget is a ceiling, so the nearest one the model takes is sent. -1 (dynamic) and other models pass as asked.
 */
function fitBudget(budget: number, modelName: string): number {
  const range = budgetRange(modelName);
  if (!range || budget < 0) return budget;
  return Math.min(range[1], Math.max(range[0], budget));
}

/**
 * The client's output limit leaves no room for the model's least budget: thinking off where the model
 * allows it, its least elsewhere (2.5 Pro's 128), the thinking asked for named either way.
 */
function thinkingLeast(modelName: string, dropped: string[]): GeminiThinkingConfig | undefined {
  // thinkingOff names only reasoning_effort, which this names once whatever it sends
  const least = thinkingOff(modelName, []);
  if (!dropped.includes('reasoning_effort')) dropped.push('reasoning_effort');
  return least;
}

/** Models before 2.5, which do not think: no thinkingConfig to send them. */
const BEFORE_THINKING = /^gemini-(?:1\.|2\.0-)/;

/**
 * Whether the model thinks when the request says nothing of it. 2.5 Flash-Lite thinks only with a budget and
 * answers 400 INVALID_ARGUMENT "Thinking_config.include_thoughts is only enabled when thinking is enabled" to
 * thoughts asked without one (google-gemini/gemini-cli#1953); models before 2.5 do not think. 2.5 Flash and
 * Pro, Gemini 3 and a name that says nothing of its generation do.
 */
function thinksUnasked(modelName: string): boolean {
  const name = bareName(modelName);
  return !BEFORE_THINKING.test(name) && !/^gemini-2\.5-flash-lite/.test(name);
}

/**
 * The client turned thinking off (reasoning_effort "none", thinking disabled, thinkingBudget 0). Gemini
 * 2.5 Flash and Flash-Lite turn it off with a zero budget (asking for thoughts then is an error on
 * some models); 2.5 Pro "only works in thinking mode" (400 for 0, its least is 128) and neither can
 * Gemini 3 (its least is thinkingLevel low, minimal on Flash): they get their least and the wish is
 * named. Models before 2.5 do not think: nothing to send.
 */
function thinkingOff(modelName: string, dropped: string[]): GeminiThinkingConfig | undefined {
  const name = bareName(modelName);
  if (/^gemini-2\.5-flash/.test(name)) return { thinkingBudget: 0 };
  if (BEFORE_THINKING.test(name)) return undefined;
  const least: GeminiThinkingConfig | undefined = /^gemini-2\.5-pro/.test(name)
    ? { thinkingBudget: 128 }
    : needsThoughtSignature(name) ? { thinkingLevel: name.includes('flash') ? 'minimal' : 'low' } : undefined;
  // a name that says nothing of its generation (a custom or tuned model): the 2.5 Flash way
  if (!least) return { thinkingBudget: 0 };
  dropped.push('reasoning_effort');
  return least;
}
