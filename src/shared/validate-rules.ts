// Routing rules: each field on its own, then the rules as a whole against the catalog
// (fallback and alias entries must name models or aliases that exist; aliases must not loop; an
// alias may instead stand for one routing name, such as `eco`).
import { POWER_LEVELS, STRATEGIES, type RoutingRules } from './types';
import { ROUTING_NAMES } from './defaults';
import { aliasRoutingName, isRoutingName } from './routing-names';
import { modelRef } from './validate-admin';
import { ValidationError, arrayOf, boolean, nullable, number, objectOf, oneOf, recordOf, text, type NumberOptions, type Validator } from './validate';

export type RuleLimit = NumberOptions & { min: number; max: number };

/** The bounds of each number in the rules: the server's check, and the Routing tab's own before it saves. */
export const RULE_LIMITS = {
  weight: { min: 0, max: 1000 },
  max_retries: { integer: true, min: 0, max: 10 },
  retries_per_model: { integer: true, min: 0, max: 5 },
  timeout_ms: { integer: true, min: 1000, max: 600_000 },
  cooldown_failures: { integer: true, min: 1, max: 100 },
  cooldown_ms: { integer: true, min: 0, max: 3_600_000 },
} as const satisfies Record<string, RuleLimit>;

/** A budget step-down threshold: a share of the monthly cap, strictly between none and all of it. */
export const isStepDownShare = (v: number): boolean => v > 0 && v < 1;

const weight = number(RULE_LIMITS.weight);
const chain = arrayOf(modelRef, { min: 1, max: 20, unique: true });
const aliasName = text({
  max: 64,
  trim: false,
  pattern: { re: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/, describe: 'must be letters, digits, dots, dashes, underscores or colons' },
});

const stepDown: Validator<number> = (value, field) => {
  const v = number()(value, field);
  if (!isStepDownShare(v)) throw new ValidationError(field, `${field} must be between 0 and 1 (exclusive), or null`);
  return v;
};

export const routingRulesPatchBody = objectOf({
  power_level: oneOf(POWER_LEVELS),
  strategy: oneOf(STRATEGIES),
  weights: objectOf({ cost: weight, latency: weight, quality: weight }),
  fallbacks: recordOf(modelRef, chain, { max: 500 }),
  aliases: recordOf(aliasName, chain, { max: 200 }),
  max_retries: number(RULE_LIMITS.max_retries),
  retries_per_model: number(RULE_LIMITS.retries_per_model),
  timeout_ms: number(RULE_LIMITS.timeout_ms),
  cooldown_failures: number(RULE_LIMITS.cooldown_failures),
  cooldown_ms: number(RULE_LIMITS.cooldown_ms),
  budget_step_down_at: nullable(stepDown),
  claude_code_model_names: boolean,
  gemini_cli_model_names: boolean,
});

export interface RulesContext {
  modelIds: ReadonlySet<string>;
}

/**
 * Validate a PUT body and apply it to the current rules. Cross-references are checked on the
 * result, but only for the maps the patch touches, so a rule left dangling elsewhere does not
 * block an unrelated change.
 */
export function applyRoutingRulesPatch(current: RoutingRules, body: unknown, ctx: RulesContext): RoutingRules {
  const patch = routingRulesPatchBody(body, '');
  const next: RoutingRules = {
    ...current,
    ...patch,
    weights: { ...current.weights, ...patch.weights },
    fallbacks: patch.fallbacks ?? current.fallbacks,
    aliases: patch.aliases ?? current.aliases,
  };
  const w = next.weights;
  if (!(w.cost + w.latency + w.quality > 0)) throw new ValidationError('weights', 'weights must not all be zero');
  if (patch.aliases) checkAliases(next.aliases, ctx);
  if (patch.fallbacks || patch.aliases) checkFallbacks(next.fallbacks, next.aliases, ctx);
  return next;
}

const isReserved = (n: string) => (ROUTING_NAMES as readonly string[]).includes(n.toLowerCase());

/** Whether the rules would take `name` as an alias: its name check, and neither a routing name nor a model id. */
export function canBeAlias(name: string, isModelId: (id: string) => boolean): boolean {
  try {
    aliasName(name, 'alias');
  } catch (err) {
    if (err instanceof ValidationError) return false;
    throw err;
  }
  return !isReserved(name) && !isModelId(name);
}
const routesByLevel = (name: string, aliases: Record<string, string[]>) => aliasRoutingName(name, aliases) !== undefined;

function checkAliases(aliases: Record<string, string[]>, ctx: RulesContext): void {
  for (const [alias, targets] of Object.entries(aliases)) {
    const field = `aliases.${alias}`;
    if (isReserved(alias)) throw new ValidationError(field, `alias ${alias} clashes with a routing name (${ROUTING_NAMES.join(', ')})`);
    if (ctx.modelIds.has(alias)) throw new ValidationError(field, `alias ${alias} clashes with a model id`);
    targets.forEach((t, i) => {
      const at = `${field}[${i}]`;
      if (isRoutingName(t) || routesByLevel(t, aliases)) {
        // a power level is a whole ranking, not a step in a chain: it can only be the alias's one entry
        if (targets.length > 1) throw new ValidationError(at, `${t} routes by power level: it must be the alias's only entry`);
        return;
      }
      if (!ctx.modelIds.has(t) && !Object.hasOwn(aliases, t)) {
        throw new ValidationError(at, `${t} is neither a model id, an alias nor a routing name (${ROUTING_NAMES.join(', ')})`);
      }
    });
  }
  for (const alias of Object.keys(aliases)) {
    if (reachesItself(alias, aliases)) throw new ValidationError(`aliases.${alias}`, `alias ${alias} refers to itself through its chain`);
  }
}

function reachesItself(start: string, aliases: Record<string, string[]>): boolean {
  const seen = new Set<string>();
  const stack = [...(aliases[start] ?? [])];
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (cur === start) return true;
    if (seen.has(cur) || !Object.hasOwn(aliases, cur)) continue;
    seen.add(cur);
    stack.push(...(aliases[cur] ?? []));
  }
  return false;
}

function checkFallbacks(fallbacks: Record<string, string[]>, aliases: Record<string, string[]>, ctx: RulesContext): void {
  const known = (ref: string) => ctx.modelIds.has(ref) || Object.hasOwn(aliases, ref);
  const levelOnly = (ref: string) => `${ref} routes by power level: fallback chains name models`;
  for (const [from, chain] of Object.entries(fallbacks)) {
    const field = `fallbacks.${from}`;
    if (!known(from)) throw new ValidationError(field, `${from} is neither a model id nor an alias`);
    if (routesByLevel(from, aliases)) throw new ValidationError(field, levelOnly(from));
    chain.forEach((to, i) => {
      if (!known(to)) throw new ValidationError(`${field}[${i}]`, `${to} is neither a model id nor an alias`);
      if (routesByLevel(to, aliases)) throw new ValidationError(`${field}[${i}]`, levelOnly(to));
      if (to === from) throw new ValidationError(`${field}[${i}]`, `${from} cannot fall back to itself`);
    });
  }
}
