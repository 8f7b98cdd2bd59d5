import { describe, expect, it } from 'vitest';
import type { RoutingRules } from '../../../shared/types';
import { draftFromRules, draftSignature, errorFor, newChainRow, rulesFromDraft } from './routing-draft';
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
});
