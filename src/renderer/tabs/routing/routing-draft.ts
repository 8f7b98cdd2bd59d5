// The editable form of the routing rules: numbers kept as typed text, chains as ordered rows,
// converted back (with client-side checks) on Save. Pure, so it is unit-tested.
import type { PowerLevel, RoutingRules, RoutingRulesUpdate, Strategy } from '../../../shared/types';

export interface ChainRow {
  /** stable key for React while the name is being edited */
  key: string;
  name: string;
  models: string[];
}

export interface RoutingDraft {
  power_level: PowerLevel;
  strategy: Strategy;
  weights: { cost: string; latency: string; quality: string };
  max_retries: string;
  retries_per_model: string;
  timeout_ms: string;
  cooldown_failures: string;
  cooldown_ms: string;
  /** percent of the monthly cap, '' = never step down */
  budget_step_down_pct: string;
  claude_code_model_names: boolean;
  aliases: ChainRow[];
  fallbacks: ChainRow[];
}

let rowCounter = 0;
export const newChainRow = (name = '', models: string[] = []): ChainRow => ({ key: `row-${++rowCounter}`, name, models });

export function draftFromRules(r: RoutingRules): RoutingDraft {
  return {
    power_level: r.power_level,
    strategy: r.strategy,
    weights: { cost: String(r.weights.cost), latency: String(r.weights.latency), quality: String(r.weights.quality) },
    max_retries: String(r.max_retries),
    retries_per_model: String(r.retries_per_model),
    timeout_ms: String(r.timeout_ms),
    cooldown_failures: String(r.cooldown_failures),
    cooldown_ms: String(r.cooldown_ms),
    budget_step_down_pct: r.budget_step_down_at === null ? '' : String(Math.round(r.budget_step_down_at * 1000) / 10),
    claude_code_model_names: r.claude_code_model_names,
    aliases: Object.entries(r.aliases).map(([n, m]) => newChainRow(n, [...m])),
    fallbacks: Object.entries(r.fallbacks).map(([n, m]) => newChainRow(n, [...m])),
  };
}

export interface DraftError {
  field: string;
  message: string;
}

export type DraftResult = { ok: true; update: RoutingRulesUpdate } | { ok: false; errors: DraftError[] };

function num(text: string, field: string, check: (n: number) => boolean, message: string): number | DraftError {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && check(n) ? n : { field, message };
}

function chains(rows: ChainRow[], field: 'aliases' | 'fallbacks', errors: DraftError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const name = row.name.trim();
    const models = row.models.map((m) => m.trim()).filter((m) => m !== '');
    if (name === '') errors.push({ field, message: 'Every chain needs a name' });
    else if (name in out) errors.push({ field: `${field}.${name}`, message: `"${name}" appears twice` });
    else if (models.length === 0) errors.push({ field: `${field}.${name}`, message: `"${name}" needs at least one model` });
    else out[name] = models;
  }
  return out;
}

const isError = (v: unknown): v is DraftError => typeof v === 'object' && v !== null && 'field' in v && 'message' in v;

/** Every problem at once, so the user fixes them in one pass rather than one per Save. */
export function rulesFromDraft(d: RoutingDraft): DraftResult {
  const nonNeg = (n: number) => n >= 0;
  const parts = {
    cost: num(d.weights.cost, 'weights.cost', nonNeg, 'A weight of 0 or more'),
    latency: num(d.weights.latency, 'weights.latency', nonNeg, 'A weight of 0 or more'),
    quality: num(d.weights.quality, 'weights.quality', nonNeg, 'A weight of 0 or more'),
    max_retries: num(d.max_retries, 'max_retries', (n) => Number.isInteger(n) && n >= 0, 'A whole number, 0 or more'),
    retries_per_model: num(d.retries_per_model, 'retries_per_model', (n) => Number.isInteger(n) && n >= 0 && n <= 5, 'A whole number from 0 to 5'),
    timeout_ms: num(d.timeout_ms, 'timeout_ms', (n) => Number.isInteger(n) && n > 0, 'Milliseconds, more than 0'),
    cooldown_failures: num(d.cooldown_failures, 'cooldown_failures', (n) => Number.isInteger(n) && n >= 1, 'A whole number, 1 or more'),
    cooldown_ms: num(d.cooldown_ms, 'cooldown_ms', (n) => Number.isInteger(n) && n >= 0, 'Milliseconds, 0 or more'),
  };
  const errors: DraftError[] = Object.values(parts).filter(isError);
  let budget: number | null = null;
  if (d.budget_step_down_pct.trim() !== '') {
    const pct = num(d.budget_step_down_pct, 'budget_step_down_at', (n) => n > 0 && n <= 100, 'A percentage between 0 and 100');
    if (isError(pct)) errors.push(pct);
    else budget = pct / 100;
  }
  const aliases = chains(d.aliases, 'aliases', errors);
  const fallbacks = chains(d.fallbacks, 'fallbacks', errors);
  if (errors.length > 0) return { ok: false, errors };
  const p = parts as Record<keyof typeof parts, number>;
  return {
    ok: true,
    update: {
      power_level: d.power_level,
      strategy: d.strategy,
      weights: { cost: p.cost, latency: p.latency, quality: p.quality },
      max_retries: p.max_retries,
      retries_per_model: p.retries_per_model,
      timeout_ms: p.timeout_ms,
      cooldown_failures: p.cooldown_failures,
      cooldown_ms: p.cooldown_ms,
      budget_step_down_at: budget,
      claude_code_model_names: d.claude_code_model_names,
      aliases,
      fallbacks,
    },
  };
}

/** The message of the first error (field like `weights.cost` or `aliases.fast`) that belongs to this field. */
export function errorFor(errors: readonly DraftError[], field: string): string | null {
  return errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message ?? null;
}

/** The draft as it would save, without the editor's row keys: equal for equal rules. */
export function draftSignature(d: RoutingDraft): string {
  const rows = (list: ChainRow[]) => list.map((r) => [r.name, r.models]);
  return JSON.stringify({ ...d, aliases: rows(d.aliases), fallbacks: rows(d.fallbacks) });
}
