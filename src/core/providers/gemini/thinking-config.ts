// Which thinking a Gemini model takes, told by its name: the thinkingConfig a translated request gets
// (thinkingConfig), and a forwarded body's fitted to the model routing chose (thinkingForGemini).
import type { CanonicalRequest } from '../../canonical';
import { isJsonObject, ownValue, type JsonObject } from '../../json-object';
import { thinkingBudgetWithin } from '../output-cap';
import type { GeminiThinkingConfig } from './wire-types';

/**
 * Budgets Google's own OpenAI-compatibility layer uses for `reasoning_effort`; xhigh, max and ultra, which it lacks,
 * the largest budget Gemini documents (2.5 Pro's; fitted to each model's range).
 */
const EFFORT_BUDGET = { minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32_768, max: 32_768, ultra: 32_768 } as const;

type Level = 'minimal' | 'low' | 'medium' | 'high';

/** Gemini 3's thinkingLevel values, each the effort of the same name. */
const LEVELS: Record<string, Level> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high' };

const ALL_LEVELS: readonly Level[] = ['minimal', 'low', 'medium', 'high'];
const NO_MINIMAL: readonly Level[] = ['low', 'medium', 'high'];

/**
 * The thinkingLevel values each Gemini 3 model takes, least first, as Google's thinking docs list them; it answers
 * others with 400 "Thinking level MEDIUM is not supported for this model": 3 Pro low and high only; the Pros after
 * it (3.1) add medium, and no Pro takes minimal; Flash and Flash-Lite all four, but Flash from 3.7 has no minimal,
 * nor gemini-flash-latest, which now names one of those. First match wins.
 */
const MODEL_LEVELS: ReadonlyArray<readonly [RegExp, readonly Level[]]> = [
  [/^gemini-3-pro/, ['low', 'high']],
  [/^gemini-(?:3\.\d+-pro|pro-latest)/, NO_MINIMAL],
  [/^gemini-(?:3(?:\.\d+)?-flash-lite|flash-lite-latest)/, ALL_LEVELS],
  [/^gemini-3(?:\.[1-6])?-flash/, ALL_LEVELS],
  [/^gemini-(?:3\.[7-9]-flash|flash-latest)/, NO_MINIMAL],
];

/** The levels the model takes; undefined where not known (image models, which differ, later generations, other names). */
function levelsOf(name: string): readonly Level[] | undefined {
  if (name.includes('-image')) return undefined;
  return MODEL_LEVELS.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * A level the model does not take, as the nearest it takes by the budgets each stands for (EFFORT_BUDGET): minimal
 * (512) is low (1,024) where there is no minimal; medium (8,192) on 3 Pro is high (24,576, 3 times as much)
 * rather than low (8 times less). In the client's case (Google takes `HIGH` or `high`). Any other value, or a
 * model not known, as asked.
 */
function levelTaken(asked: string, name: string): string {
  const takes = levelsOf(name);
  const level = ownValue(LEVELS, asked.toLowerCase());
  if (!takes || level === undefined || takes.includes(level)) return asked;
  const distance = (l: Level) => Math.abs(Math.log(EFFORT_BUDGET[l] / EFFORT_BUDGET[level]));
  const nearest = takes.reduce((best, l) => (distance(l) < distance(best) ? l : best));
  return asked === asked.toLowerCase() ? nearest : nearest.toUpperCase();
}

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
 * Gemini 3 (its least level: low, minimal on the Flash models that take it): they get their least and the wish is
 * named. Models before 2.5 do not think: nothing to send.
 */
function thinkingOff(modelName: string, dropped: string[]): GeminiThinkingConfig | undefined {
  const name = bareName(modelName);
  if (/^gemini-2\.5-flash/.test(name)) return { thinkingBudget: 0 };
  if (BEFORE_THINKING.test(name)) return undefined;
  const least: GeminiThinkingConfig | undefined = /^gemini-2\.5-pro/.test(name)
    ? { thinkingBudget: 128 }
    : needsThoughtSignature(name) ? { thinkingLevel: levelsOf(name)?.[0] ?? (name.includes('flash') ? 'minimal' : 'low') } : undefined;
  // a name that says nothing of its generation (a custom or tuned model): the 2.5 Flash way
  if (!least) return { thinkingBudget: 0 };
  dropped.push('reasoning_effort');
  return least;
}

/** thinkingLevel is Gemini 3's: 2.x answers 400 "Thinking level is not supported for this model". A name that says no generation takes it. */
const takesThinkingLevel = (name: string): boolean => !/^gemini-[12]\./.test(name);

/** The Gemini REST API takes each field in lowerCamelCase or in the proto's snake_case. */
const CONFIG_KEYS = ['generationConfig', 'generation_config'] as const;
const THINKING_KEYS = ['thinkingConfig', 'thinking_config'] as const;

/**
 * A forwarded generateContent body for a Gemini model routing chose (a power level, an alias, a fallback) carries
 * the thinkingConfig the client wrote for the model it named, and generations differ: 2.x refuses Gemini 3's
 * thinkingLevel, 3 Pro the minimal and medium 3 Flash takes, 2.5 Flash-Lite thoughts asked with its thinking off,
 * 2.5 Pro a zero budget, each 2.5 model a budget outside its range, all with a 400 after which no other candidate
 * is tried (Gemini CLI's every prompt with `-m eco` routed to 2.5 Flash-Lite). It is fitted with the rules a
 * translated request's is (thinkingConfig): a level said as its budget where the model takes none, as the nearest
 * the model takes where it takes others, no thoughts asked of a model not thinking, none of it
 * before 2.5, thinking off as the model turns it off, budgets within range; each field changed named in `dropped`
 * as the client spells it. Returns the body, copied where changed (the client's objects are left as they were).
 */
export function thinkingForGemini(body: JsonObject, modelName: string, dropped: string[]): JsonObject {
  let out = body;
  for (const configKey of CONFIG_KEYS) {
    const config = body[configKey];
    if (!isJsonObject(config)) continue;
    let fitted = config;
    const maxTokens = config.maxOutputTokens ?? config.max_output_tokens;
    for (const key of THINKING_KEYS) {
      const asked = config[key];
      if (!isJsonObject(asked)) continue;
      const thinking = fittedThinking(asked, bareName(modelName), key, maxTokens, dropped);
      if (thinking === asked) continue;
      if (fitted === config) fitted = { ...config };
      if (thinking === undefined) delete fitted[key];
      else fitted[key] = thinking;
    }
    if (fitted !== config) out = { ...out, [configKey]: fitted };
  }
  return out;
}

/** One thinkingConfig (under `key`) fitted to the model: itself when nothing changes, undefined when none is to go. */
function fittedThinking(asked: JsonObject, name: string, key: string, maxTokens: unknown, dropped: string[]): JsonObject | undefined {
  if (BEFORE_THINKING.test(name)) {
    dropped.push(key);
    return undefined;
  }
  // a field put in where the client had none is spelled as the client spells its own
  const snake = SNAKE_FIELDS.some((field) => asked[field] !== undefined);
  const levelKey = spelled(asked, 'thinkingLevel', 'thinking_level', snake);
  const budgetKey = spelled(asked, 'thinkingBudget', 'thinking_budget', snake);
  const includeKey = spelled(asked, 'includeThoughts', 'include_thoughts', snake);
  let level = asked[levelKey];
  let budget = asked[budgetKey];
  if (level !== undefined && !takesThinkingLevel(name)) {
    // the level's budget, as a translated request budgets that effort, unless the client set one too
    const effort = typeof level === 'string' ? ownValue(LEVELS, level.toLowerCase()) : undefined;
    if (budget === undefined && effort !== undefined) budget = levelBudget(effort, name, maxTokens);
    level = undefined;
  } else if (typeof level === 'string') level = levelTaken(level, name);
  if (budget === 0) {
    const off = thinkingOff(name, []);
    budget = off?.thinkingBudget;
    if (off?.thinkingLevel !== undefined) level = off.thinkingLevel;
  } else if (typeof budget === 'number') budget = fitBudget(budget, name);
  // thoughts are shown only by a model that thinks: with a budget that is not 0, a level, or unasked
  const thinks = typeof budget === 'number' ? budget !== 0 : level !== undefined || thinksUnasked(name);
  const include = asked[includeKey] === true && !thinks ? undefined : asked[includeKey];
  let out = asked;
  for (const [field, value] of [[levelKey, level], [budgetKey, budget], [includeKey, include]] as const) {
    if (value === asked[field]) continue;
    if (out === asked) out = { ...asked };
    if (value === undefined) delete out[field];
    else out[field] = value;
    // the client's own fields changed or left out are named; one put in (a level's budget) is no field of its
    if (asked[field] !== undefined) dropped.push(`${key}.${field}`);
  }
  return out !== asked && Object.keys(out).length === 0 ? undefined : out;
}

/**
 * A level's budget for a model that takes none: within its range and, as a translated request's is, below the body's
 * maxOutputTokens, which thinking counts against; 0 (thinking off, as the model turns it off) where that limit leaves
 * less than the model's least budget.
 */
function levelBudget(effort: Level, name: string, maxTokens: unknown): number {
  const fitted = fitBudget(EFFORT_BUDGET[effort], name);
  return typeof maxTokens === 'number' ? thinkingBudgetWithin(fitted, maxTokens, budgetRange(name)?.[0] ?? 1) ?? 0 : fitted;
}

const SNAKE_FIELDS = ['thinking_level', 'thinking_budget', 'include_thoughts'] as const;

/** The key `obj` holds the field under: its camelCase name unless only the snake_case one is there (or, absent, `snake` says so). */
function spelled(obj: JsonObject, camel: string, snakeName: string, snake: boolean): string {
  return obj[camel] !== undefined ? camel : obj[snakeName] !== undefined || snake ? snakeName : camel;
}
