import { describe, expect, it } from 'vitest';
import type { RoutingRules } from '../../../shared/types';
import { draftFromRules, errorFor, newChainRow, rulesFromDraft } from './routing-draft';
import { buildSimulatorRequest } from './simulator-request';

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
};

describe('routing draft', () => {
  it('round-trips the rules unchanged', () => {
    const r = rulesFromDraft(draftFromRules(rules));
    expect(r).toEqual({ ok: true, update: rules });
  });

  it('keeps chain order as edited and maps an empty threshold to null', () => {
    const d = draftFromRules(rules);
    d.aliases[0]!.models.reverse();
    d.budget_step_down_pct = '';
    const r = rulesFromDraft(d);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.update.aliases).toEqual({ fast: ['openai/gpt-4o-mini', 'groq/llama'] });
    expect(r.update.budget_step_down_at).toBeNull();
  });

  it('names the offending field', () => {
    const d = draftFromRules(rules);
    d.weights.latency = '-1';
    expect(rulesFromDraft(d)).toMatchObject({ ok: false, error: { field: 'weights.latency' } });
    const d2 = draftFromRules(rules);
    d2.aliases.push(newChainRow('fast', ['x/y']));
    expect(rulesFromDraft(d2)).toMatchObject({ ok: false, error: { field: 'aliases.fast' } });
    const d3 = draftFromRules(rules);
    d3.timeout_ms = 'soon';
    expect(rulesFromDraft(d3)).toMatchObject({ ok: false, error: { field: 'timeout_ms' } });
  });

  it('matches nested server fields to their editor', () => {
    expect(errorFor({ field: 'aliases.fast', message: 'unknown model' }, 'aliases')).toBe('unknown model');
    expect(errorFor({ field: 'weights', message: 'sum is 0' }, 'weights.cost')).toBeNull();
    expect(errorFor({ field: 'max_retries', message: 'x' }, 'max')).toBeNull();
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
});
