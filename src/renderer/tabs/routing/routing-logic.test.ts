import { describe, expect, it } from 'vitest';
import type { RoutingRules } from '../../../shared/types';
import { applyRoutingRulesPatch } from '../../../shared/validate-rules';
import { draftError, draftFromRules, draftSignature, errorFor, fieldLabel, newChainRow, rulesFromDraft } from './routing-draft';
import { buildSimulatorRequest, simulatorProfiles } from './simulator-request';

const rules: RoutingRules = {
  power_level: 'balanced',
  strategy: 'custom',
  weights: { cost: 0.5, latency: 0.2, quality: 0.3 },
  fallbacks: { 'openai/gpt-4o': ['anthropic/claude-sonnet-4-5'] },
  aliases: { fast: ['groq/llama', 'openai/gpt-4o-mini'] },
  max_retries: 2,
  retries_per_model: 1,
  timeout_ms: 60000,
  cooldown_failures: 3,
  cooldown_ms: 30000,
  budget_step_down_at: 0.8,
  claude_code_model_names: true,
  gemini_cli_model_names: false,
};

describe('routing draft', () => {
  it('round-trips the rules unchanged', () => {
    const r = rulesFromDraft(draftFromRules(rules));
    expect(r).toEqual({ ok: true, update: rules });
    // the Gemini CLI names switch too (it was left out of the draft, so a Save could not set it)
    const on = rulesFromDraft({ ...draftFromRules(rules), gemini_cli_model_names: true });
    expect(on.ok && on.update.gemini_cli_model_names).toBe(true);
  });

  it("takes chains named like Object's own members (toString, valueOf) as the user's, and still finds a name given twice", () => {
    const d = draftFromRules({ ...rules, aliases: { toString: ['openai/gpt-4o'], valueOf: ['groq/llama'] } });
    const r = rulesFromDraft(d);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(JSON.parse(JSON.stringify(r.update.aliases))).toEqual({ toString: ['openai/gpt-4o'], valueOf: ['groq/llama'] });
    d.aliases.push({ ...newChainRow(), name: 'toString', models: ['openai/gpt-4o-mini'] });
    const twice = rulesFromDraft(d);
    expect(twice.ok ? [] : twice.errors.map((e) => e.message)).toEqual(['"toString" appears twice']);
  });

  it('keeps chain order as edited and maps an empty threshold to null', () => {
    const d = draftFromRules(rules);
    d.aliases[0]!.models.reverse();
    d.budget_step_down_pct = '';
    const r = rulesFromDraft(d);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(r.update.aliases).toEqual({ fast: ['openai/gpt-4o-mini', 'groq/llama'] });
    expect(r.update.budget_step_down_at).toBeNull();
  });

  it('names every offending field at once', () => {
    const d = draftFromRules(rules);
    d.weights.latency = '-1';
    d.timeout_ms = 'soon';
    d.budget_step_down_pct = '150';
    d.aliases.push(newChainRow('fast', ['x/y']));
    d.fallbacks.push(newChainRow('', ['a/b']));
    const r = rulesFromDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['weights.latency', 'timeout_ms', 'budget_step_down_at', 'aliases.fast', 'fallbacks']);
  });

  it('names each refused field by its label in the summary, never by its wire name', () => {
    const d = draftFromRules(rules);
    for (const k of ['max_retries', 'retries_per_model', 'timeout_ms', 'cooldown_failures', 'cooldown_ms'] as const) d[k] = '1.5';
    d.weights = { cost: 'x', latency: 'x', quality: 'x' };
    d.budget_step_down_pct = '150';
    const r = rulesFromDraft(d);
    if (r.ok) throw new Error('expected refusals');
    expect(r.errors).toHaveLength(9);
    for (const e of r.errors) expect(fieldLabel(e.field)).not.toMatch(/_|\./);
    expect(fieldLabel('retries_per_model')).toBe('Retries per model');
    expect(fieldLabel('aliases.fast')).toBe('Aliases');
  });

  it('refuses before saving what the server would refuse, in the field\'s own terms', () => {
    const problems = (edit: Partial<ReturnType<typeof draftFromRules>>) => {
      const r = rulesFromDraft({ ...draftFromRules(rules), ...edit });
      return r.ok ? [] : r.errors;
    };
    expect(problems({ timeout_ms: '500' })).toEqual([{ field: 'timeout_ms', message: 'Milliseconds, a whole number from 1000 to 600000' }]);
    expect(problems({ timeout_ms: '600001' })).toHaveLength(1);
    expect(problems({ max_retries: '11' })).toEqual([{ field: 'max_retries', message: 'A whole number from 0 to 10' }]);
    expect(problems({ cooldown_failures: '0' })).toEqual([{ field: 'cooldown_failures', message: 'A whole number from 1 to 100' }]);
    // 100% is the whole cap: the server takes shares strictly below 1
    expect(problems({ budget_step_down_pct: '100' })).toEqual([{ field: 'budget_step_down_at', message: 'A percentage above 0 and below 100' }]);
    // the limits are the server's: what passes here, the server takes
    for (const edit of [{ timeout_ms: '1000', max_retries: '10' }, { timeout_ms: '600000', budget_step_down_pct: '99.9' }]) {
      const r = rulesFromDraft({ ...draftFromRules(rules), ...edit });
      if (!r.ok) throw new Error(r.errors[0]?.message);
      expect(() => applyRoutingRulesPatch(rules, r.update, { modelIds: new Set(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'groq/llama', 'openai/gpt-4o-mini']) })).not.toThrow();
    }
    // a server error on the step-down speaks in percent, as the field does
    expect(draftError('budget_step_down_at', 'budget_step_down_at must be between 0 and 1 (exclusive), or null').message).toBe('A percentage above 0 and below 100');
    expect(draftError(undefined, 'boom')).toEqual({ field: '', message: 'boom' });
  });

  it('matches nested server fields to their editor', () => {
    expect(errorFor([{ field: 'aliases.fast', message: 'unknown model' }], 'aliases')).toBe('unknown model');
    expect(errorFor([{ field: 'weights', message: 'sum is 0' }], 'weights.cost')).toBeNull();
    expect(errorFor([{ field: 'max_retries', message: 'x' }], 'max')).toBeNull();
    expect(errorFor([{ field: 'a', message: '1' }, { field: 'timeout_ms', message: '2' }], 'timeout_ms')).toBe('2');
  });

  it('tells an edited draft from the saved one, whatever the editor keys', () => {
    const a = draftFromRules(rules);
    const b = draftFromRules(rules);
    expect(draftSignature(a)).toBe(draftSignature(b));
    b.aliases[0]!.models.push('x/y');
    expect(draftSignature(a)).not.toBe(draftSignature(b));
  });
});

describe('simulator request', () => {
  it('is a plain chat body by default', () => {
    expect(buildSimulatorRequest({ prompt: 'hi', model: '', needsTools: false, hasImage: false, jsonMode: false })).toEqual({
      model: 'auto',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('adds tools, an image part and JSON mode when asked', () => {
    const body = buildSimulatorRequest({ prompt: 'look', model: 'precision', needsTools: true, hasImage: true, jsonMode: true });
    expect(body.model).toBe('precision');
    expect(body.tools).toHaveLength(1);
    expect(body.response_format).toEqual({ type: 'json_object' });
    const content = (body.messages as { content: { type: string }[] }[])[0]!.content;
    expect(content.map((p) => p.type)).toEqual(['text', 'image_url']);
  });

  it('lists each profile once, the default profile as the entry that sends no user_id', () => {
    const users = [{ id: 'default', name: 'Default' }, { id: 'alice', name: 'Alice' }];
    expect(simulatorProfiles(users)).toEqual([{ value: '', label: 'Default' }, { value: 'alice', label: 'Alice' }]);
    // renamed, it keeps its new name; before the profiles load, it is there alone
    expect(simulatorProfiles([{ id: 'alice', name: 'Alice' }, { id: 'default', name: 'Me' }]).map((p) => p.label)).toEqual(['Me', 'Alice']);
    expect(simulatorProfiles([])).toEqual([{ value: '', label: 'Default' }]);
  });
});
