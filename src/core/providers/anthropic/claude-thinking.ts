// Which kind of thinking a Claude model takes, told by its name, and a forwarded body's thinking said in
// the kind the model routing chose takes.
import { thinkingBudgetWithin } from '../output-cap';
import { effortForBudget } from '../reasoning';

/**
 * Effort -> thinking budget, as Anthropic's own OpenAI-compatibility layer maps `reasoning_effort`; xhigh, max and
 * ultra, which it lacks, the most Anthropic advises asking without batches (32K, Claude Code's own highest is 31,999).
 */
export const EFFORT_BUDGET = { minimal: 1024, low: 1024, medium: 8192, high: 24576, xhigh: 32_000, max: 32_000, ultra: 32_000 } as const;

// `claude-opus-4-6`, `claude-sonnet-5`, `claude-3-5-sonnet-20241022`: the family's version, never a date
const CLAUDE_VERSION = /claude-(?:(?:opus|sonnet|haiku)-(\d+)(?:[-.](\d{1,2})(?!\d))?|(\d+)(?:[-.](\d)(?!\d))?-(?:opus|sonnet|haiku))/;

/** The version a Claude model's name states, as major * 100 + minor (4.6 is 406); undefined where it states none. */
export function claudeVersion(modelName: string): number | undefined {
  const m = CLAUDE_VERSION.exec(modelName);
  if (!m) return undefined;
  return Number(m[1] ?? m[3]) * 100 + Number(m[2] ?? m[4] ?? 0);
}

/**
 * Claude 4.6 and later think adaptively, told how hard by `output_config.effort` (Opus 4.7 and later
 * refuse a token budget with 400); earlier models take only a budget. A name that says no version
 * (a custom or future id) is taken as current.
 */
export function takesAdaptiveThinking(modelName: string): boolean {
  return (claudeVersion(modelName) ?? Infinity) >= 406;
}

/**
 * A forwarded Messages body for a Claude model routing chose (a fallback, an alias, a power level) carries
 * the thinking the client wrote for the model it named, and generations differ: Opus 4.7 and later refuse
 * a budget (400 "thinking.type.enabled is not supported for this model"), Claude before 4.6 refuses adaptive
 * thinking (400 "adaptive thinking is not supported on this model"), and no other candidate is tried after
 * a 400. The thinking is said in the model's own kind, with the budget <-> effort mapping a translated request
 * gets (build-request.ts), and named in `dropped`. Claude 4.6 takes both, and a name stating no version is
 * left as the client wrote it: nothing is known of it to say the client's choice is wrong. Changes `body`.
 */
export function thinkingForClaude(body: Record<string, unknown>, modelName: string, dropped: string[]): void {
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | null | undefined;
  const version = claudeVersion(modelName);
  if (version === undefined || thinking === null || typeof thinking !== 'object') return;
  const config = body.output_config !== null && typeof body.output_config === 'object' ? (body.output_config as Record<string, unknown>) : undefined;
  if (thinking.type === 'enabled' && version >= 407) {
    const { budget_tokens: budget, ...rest } = thinking;
    body.thinking = { ...rest, type: 'adaptive' };
    const effort = effortForBudget(typeof budget === 'number' ? budget : 0);
    // high is the API's default effort; an effort the client set already says how hard
    if (effort !== 'high' && config?.effort === undefined) body.output_config = { ...config, effort };
    dropped.push('thinking');
  } else if (thinking.type === 'adaptive' && version < 406) {
    const { effort, ...otherConfig } = config ?? {};
    // no effort is the API's default, high
    const asked = EFFORT_BUDGET[typeof effort === 'string' && effort in EFFORT_BUDGET ? (effort as keyof typeof EFFORT_BUDGET) : 'high'];
    const budget = typeof body.max_tokens === 'number' ? thinkingBudgetWithin(asked, body.max_tokens) : asked;
    if (budget === undefined) delete body.thinking;
    else body.thinking = { ...thinking, type: 'enabled', budget_tokens: budget };
    dropped.push('thinking');
    if (effort === undefined) return;
    // the budget says how hard: Claude before Opus 4.5 takes no effort
    if (Object.keys(otherConfig).length === 0) delete body.output_config;
    else body.output_config = otherConfig;
    dropped.push('output_config.effort');
  }
}
