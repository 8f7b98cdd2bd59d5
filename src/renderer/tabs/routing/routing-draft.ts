// The editable form of the routing rules: numbers kept as typed text, chains as ordered rows,
// converted back (with client-side checks) on Save. Pure, so it is unit-tested.
import type { PowerLevel, RoutingRules, RoutingRulesUpdate, Strategy } from '../../../shared/types';
import { RULE_LIMITS, isStepDownShare, type RuleLimit } from '../../../shared/validate-rules';

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
  gemini_cli_model_names: boolean;
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
    gemini_cli_model_names: r.gemini_cli_model_names,
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
  // no prototype: a chain named toString or valueOf is one of the user's, not Object's (and __proto__ a key the server names)
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const row of rows) {
    const name = row.name.trim();
    const models = row.models.map((m) => m.trim()).filter((m) => m !== '');
    if (name === '') errors.push({ field, message: 'Every chain needs a name' });
    else if (Object.hasOwn(out, name)) errors.push({ field: `${field}.${name}`, message: `"${name}" appears twice` });
    else if (models.length === 0) errors.push({ field: `${field}.${name}`, message: `"${name}" needs at least one model` });
    else out[name] = models;
  }
  return out;
}

/** A number within the server's bounds for it, with a message that names them. */
function limited(text: string, field: string, limit: RuleLimit, what = limit.integer ? 'A whole number' : 'A number'): number | DraftError {
  const within = (n: number) => (!limit.integer || Number.isInteger(n)) && n >= limit.min && n <= limit.max;
  return num(text, field, within, `${what} from ${limit.min} to ${limit.max}`);
}

/** The step-down field is a percentage of the cap; the rules (and the server's message) hold a share of 1. */
export const STEP_DOWN_MESSAGE = 'A percentage above 0 and below 100';

/** A server error as the form shows it: about the step-down, in the field's percent, not the server's shares. */
export const draftError = (field: string | undefined, message: string): DraftError =>
  field === 'budget_step_down_at' ? { field, message: STEP_DOWN_MESSAGE } : { field: field ?? '', message };

const isError = (v: unknown): v is DraftError => typeof v === 'object' && v !== null && 'field' in v && 'message' in v;

/** Every problem at once, so the user fixes them in one pass rather than one per Save. */
export function rulesFromDraft(d: RoutingDraft): DraftResult {
  const L = RULE_LIMITS;
  const parts = {
    cost: limited(d.weights.cost, 'weights.cost', L.weight, 'A weight'),
    latency: limited(d.weights.latency, 'weights.latency', L.weight, 'A weight'),
    quality: limited(d.weights.quality, 'weights.quality', L.weight, 'A weight'),
    max_retries: limited(d.max_retries, 'max_retries', L.max_retries),
    retries_per_model: limited(d.retries_per_model, 'retries_per_model', L.retries_per_model),
    timeout_ms: limited(d.timeout_ms, 'timeout_ms', L.timeout_ms, 'Milliseconds, a whole number'),
    cooldown_failures: limited(d.cooldown_failures, 'cooldown_failures', L.cooldown_failures),
    cooldown_ms: limited(d.cooldown_ms, 'cooldown_ms', L.cooldown_ms, 'Milliseconds, a whole number'),
  };
  const errors: DraftError[] = Object.values(parts).filter(isError);
  let budget: number | null = null;
  if (d.budget_step_down_pct.trim() !== '') {
    const pct = num(d.budget_step_down_pct, 'budget_step_down_at', (n) => isStepDownShare(n / 100), STEP_DOWN_MESSAGE);
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
      gemini_cli_model_names: d.gemini_cli_model_names,
      aliases,
      fallbacks,
    },
  };
}

/** The draft's key an error's field belongs to (`weights.cost` -> weights; the step-down's share -> its percent). */
function draftKey(field: string): keyof RoutingDraft | null {
  const head = field.split('.')[0] ?? '';
  if (head === 'budget_step_down_at') return 'budget_step_down_pct';
  return Object.hasOwn(DRAFT_KEYS, head) ? (head as keyof RoutingDraft) : null;
}
const DRAFT_KEYS: Record<keyof RoutingDraft, true> = {
  power_level: true, strategy: true, weights: true, max_retries: true, retries_per_model: true, timeout_ms: true,
  cooldown_failures: true, cooldown_ms: true, budget_step_down_pct: true, claude_code_model_names: true,
  gemini_cli_model_names: true, aliases: true, fallbacks: true,
};

/**
 * The errors a Save showed, after an edit: the form's own checks run again on the edited draft (a corrected
 * field's error goes, a newly broken one shows), and an error the server gave stays until its field changes
 * (one naming no field of the form goes with any edit).
 */
export function errorsAfterEdit(errors: readonly DraftError[], before: RoutingDraft, after: RoutingDraft): DraftError[] {
  if (errors.length === 0) return [];
  const own = (d: RoutingDraft) => {
    const r = rulesFromDraft(d);
    return r.ok ? [] : r.errors;
  };
  const ownBefore = own(before);
  const fromServer = errors.filter((e) => !ownBefore.some((o) => o.field === e.field && o.message === e.message));
  const unchanged = (e: DraftError) => {
    const key = draftKey(e.field);
    return key !== null && JSON.stringify(before[key]) === JSON.stringify(after[key]);
  };
  return [...own(after), ...fromServer.filter(unchanged)];
}

/** The form's label of an error's field (`weights.cost`, `aliases.fast`), so the summary never shows a wire name. */
const FIELD_LABELS: Record<string, string> = {
  'weights.cost': 'Cost weight', 'weights.latency': 'Latency weight', 'weights.quality': 'Quality weight', weights: 'Weights',
  max_retries: 'Max retries', retries_per_model: 'Retries per model', timeout_ms: 'Timeout', cooldown_failures: 'Cooldown after failures',
  cooldown_ms: 'Cooldown', budget_step_down_at: 'Budget step-down', power_level: 'Power level', strategy: 'Strategy',
  claude_code_model_names: 'Claude Code names', gemini_cli_model_names: 'Gemini CLI names', aliases: 'Aliases', fallbacks: 'Fallback chains',
};
export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? FIELD_LABELS[field.split('.')[0] ?? ''] ?? field;

/** The message of the first error (field like `weights.cost` or `aliases.fast`) that belongs to this field. */
export function errorFor(errors: readonly DraftError[], field: string): string | null {
  return errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message ?? null;
}

/** The draft as it would save, without the editor's row keys: equal for equal rules. */
export function draftSignature(d: RoutingDraft): string {
  const rows = (list: ChainRow[]) => list.map((r) => [r.name, r.models]);
  return JSON.stringify({ ...d, aliases: rows(d.aliases), fallbacks: rows(d.fallbacks) });
}
