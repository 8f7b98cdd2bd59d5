import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES } from './defaults';
import type { RoutingRules } from './types';
import { ValidationError } from './validate';
import { applyRoutingRulesPatch } from './validate-rules';

const ctx = { modelIds: new Set(['openai/gpt-x', 'anthropic/claude-y', 'ollama/llama']) };
const base = (): RoutingRules => structuredClone(DEFAULT_ROUTING_RULES) as RoutingRules;

function blame(patch: unknown, current: RoutingRules = base()): string {
  try {
    applyRoutingRulesPatch(current, patch, ctx);
    return 'ok';
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
}

describe('routing rules validation', () => {
  const cases: [string, unknown, string][] = [
    ['empty patch', {}, 'ok'],
    ['power level', { power_level: 'precision' }, 'ok'],
    ['bad power level', { power_level: 'max' }, 'power_level'],
    ['bad strategy', { strategy: 'random' }, 'strategy'],
    ['custom strategy', { strategy: 'custom' }, 'ok'],
    ['negative weight', { weights: { cost: -1 } }, 'weights.cost'],
    ['NaN weight', { weights: { latency: Number.NaN } }, 'weights.latency'],
    ['weight string', { weights: { quality: '1' } }, 'weights.quality'],
    ['all weights zero', { weights: { cost: 0, latency: 0, quality: 0 } }, 'weights'],
    ['partial weights keep the rest', { weights: { cost: 0 } }, 'ok'],
    ['unknown weight', { weights: { speed: 1 } }, 'weights.speed'],
    ['fallback chain ok', { fallbacks: { 'openai/gpt-x': ['anthropic/claude-y'] } }, 'ok'],
    ['fallback from unknown model', { fallbacks: { 'openai/nope': ['anthropic/claude-y'] } }, 'fallbacks.openai/nope'],
    ['fallback to unknown model', { fallbacks: { 'openai/gpt-x': ['nope/x'] } }, 'fallbacks.openai/gpt-x[0]'],
    ['fallback empty chain', { fallbacks: { 'openai/gpt-x': [] } }, 'fallbacks.openai/gpt-x'],
    ['fallback not array', { fallbacks: { 'openai/gpt-x': 'anthropic/claude-y' } }, 'fallbacks.openai/gpt-x'],
    ['fallback entry empty string', { fallbacks: { 'openai/gpt-x': [''] } }, 'fallbacks.openai/gpt-x[0]'],
    ['fallback to itself', { fallbacks: { 'openai/gpt-x': ['openai/gpt-x'] } }, 'fallbacks.openai/gpt-x[0]'],
    ['fallbacks not an object', { fallbacks: [] }, 'fallbacks'],
    ['fallbacks __proto__', JSON.parse('{"fallbacks":{"__proto__":["openai/gpt-x"]}}'), 'fallbacks.__proto__'],
    ['alias ok', { aliases: { fast: ['ollama/llama', 'openai/gpt-x'] } }, 'ok'],
    ['alias to alias', { aliases: { fast: ['ollama/llama'], quick: ['fast'] } }, 'ok'],
    ['alias clashes auto', { aliases: { auto: ['ollama/llama'] } }, 'aliases.auto'],
    ['alias clashes eco', { aliases: { eco: ['ollama/llama'] } }, 'aliases.eco'],
    ['alias clashes Balanced', { aliases: { Balanced: ['ollama/llama'] } }, 'aliases.Balanced'],
    ['alias clashes precision', { aliases: { precision: ['ollama/llama'] } }, 'aliases.precision'],
    ['alias with slash', { aliases: { 'openai/gpt-x': ['ollama/llama'] } }, 'aliases.openai/gpt-x'],
    ['alias unknown target', { aliases: { fast: ['nope/x'] } }, 'aliases.fast[0]'],
    ['alias empty', { aliases: { fast: [] } }, 'aliases.fast'],
    ['alias loop', { aliases: { a: ['b'], b: ['a'] } }, 'aliases.a'],
    ['alias self', { aliases: { a: ['a'] } }, 'aliases.a'],
    ['fallback via alias', { aliases: { fast: ['ollama/llama'] }, fallbacks: { fast: ['openai/gpt-x'] } }, 'ok'],
    ['alias to a routing name', { aliases: { cheap: ['eco'], smart: ['auto'] } }, 'ok'],
    ['alias to an alias of a routing name', { aliases: { cheap: ['eco'], budget: ['cheap'] } }, 'ok'],
    ['routing name inside a chain', { aliases: { fast: ['ollama/llama', 'eco'] } }, 'aliases.fast[1]'],
    ['level alias inside a chain', { aliases: { cheap: ['eco'], fast: ['ollama/llama', 'cheap'] } }, 'aliases.fast[1]'],
    ['routing name in another case', { aliases: { cheap: ['ECO'] } }, 'aliases.cheap[0]'],
    ['fallback to a level alias', { aliases: { cheap: ['eco'] }, fallbacks: { 'openai/gpt-x': ['cheap'] } }, 'fallbacks.openai/gpt-x[0]'],
    ['fallback from a level alias', { aliases: { cheap: ['eco'] }, fallbacks: { cheap: ['openai/gpt-x'] } }, 'fallbacks.cheap'],
    ['claude code names on', { claude_code_model_names: true }, 'ok'],
    ['claude code names not a boolean', { claude_code_model_names: 'yes' }, 'claude_code_model_names'],
    ['max_retries 11', { max_retries: 11 }, 'max_retries'],
    ['max_retries -1', { max_retries: -1 }, 'max_retries'],
    ['max_retries 0', { max_retries: 0 }, 'ok'],
    ['timeout 999', { timeout_ms: 999 }, 'timeout_ms'],
    ['timeout 600001', { timeout_ms: 600_001 }, 'timeout_ms'],
    ['timeout 1000', { timeout_ms: 1000 }, 'ok'],
    ['cooldown_failures 0', { cooldown_failures: 0 }, 'cooldown_failures'],
    ['cooldown_ms negative', { cooldown_ms: -1 }, 'cooldown_ms'],
    ['step down 0', { budget_step_down_at: 0 }, 'budget_step_down_at'],
    ['step down 1', { budget_step_down_at: 1 }, 'budget_step_down_at'],
    ['step down 0.5', { budget_step_down_at: 0.5 }, 'ok'],
    ['step down null', { budget_step_down_at: null }, 'ok'],
    ['unknown field', { retries: 3 }, 'retries'],
    ['body not object', 'balanced', ''],
  ];
  it.each(cases)('%s', (_label, patch, field) => {
    expect(blame(patch)).toBe(field);
  });

  it('applies a subset and leaves the rest', () => {
    const next = applyRoutingRulesPatch(base(), { weights: { cost: 1 }, max_retries: 0 }, ctx);
    expect(next.weights).toEqual({ cost: 1, latency: 0.2, quality: 0.4 });
    expect(next.max_retries).toBe(0);
    expect(next.timeout_ms).toBe(DEFAULT_ROUTING_RULES.timeout_ms);
  });

  it('refuses dropping an alias the fallbacks still use', () => {
    const current = applyRoutingRulesPatch(base(), { aliases: { fast: ['ollama/llama'] }, fallbacks: { fast: ['openai/gpt-x'] } }, ctx);
    expect(blame({ aliases: {} }, current)).toBe('fallbacks.fast');
  });
});
