import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES } from '../../shared/defaults';
import { salvageDocument } from './config-salvage';

const at = '2026-01-01T00:00:00.000Z';
const provider = (id: string, type = 'openai-compatible') => ({
  id, name: `P ${id}`, type, base_url: 'http://127.0.0.1:9/v1', enabled: 1, priority: 2, key_mask: 'sk-...abcd', created_at: at, updated_at: at,
});
const model = (providerId: string, name: string, extra: object = {}) => ({
  id: `${providerId}/${name}`, provider_id: providerId, model_name: name, display_name: name, input_cost_per_1m: 1, output_cost_per_1m: 2,
  cached_input_cost_per_1m: null, cache_write_5m_cost_per_1m: null, cache_write_1h_cost_per_1m: null, long_context_tiers: null,
  context_length: 1000, max_output_tokens: null, capabilities: '["chat","tools"]', quality: 50, enabled: 0, api: 'chat',
  price_source: 'bundled', price_as_of: '2026-01-01', avg_latency_ms: null, latency_samples: 0, created_at: at, updated_at: at, ...extra,
});
const user = (id: string, preferred: string[] = []) => ({
  id, name: id, power_level: 'eco', monthly_cap_usd: 5, credit_balance_usd: null, preferred_models: JSON.stringify(preferred), privacy_guard: 'block', created_at: at, updated_at: at,
});

describe('salvageDocument', () => {
  it('builds a configuration document from the rows, as an export does, with salvaged_from', () => {
    const rules = { ...DEFAULT_ROUTING_RULES, strategy: 'cost', aliases: { fast: ['p/m'] } };
    const doc = salvageDocument({
      providers: [provider('p')], models: [model('p', 'm')], routing_rules: [{ id: 1, rules: JSON.stringify(rules), updated_at: at }], users: [user('u', ['fast'])],
    }, '/d/switchboard.db.corrupt-x', new Date(at));
    expect(doc).toMatchObject({ format: 'switchboard-config', version: 1, salvaged_from: '/d/switchboard.db.corrupt-x' });
    expect(doc.salvage_notes).toBeUndefined();
    expect(doc.providers).toEqual([{ id: 'p', name: 'P p', type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1', enabled: true, priority: 2 }]);
    expect(doc.models[0]).toMatchObject({ provider_id: 'p', model_name: 'm', capabilities: ['chat', 'tools'], enabled: false, quality: 50 });
    expect(doc.routing_rules).toMatchObject({ strategy: 'cost', aliases: { fast: ['p/m'] } });
    expect(doc.profiles).toEqual([{ id: 'u', name: 'u', power_level: 'eco', monthly_cap_usd: 5, credit_balance_usd: null, preferred_models: ['fast'], privacy_guard: 'block' }]);
    expect(JSON.stringify(doc)).not.toContain('key_mask');
  });

  it('leaves out the rows the import would refuse, and names each in salvage_notes', () => {
    const doc = salvageDocument({
      providers: [provider('p'), provider('bad', 'no-such-type')],
      models: [model('p', 'm'), model('p', 'broken', { context_length: -1 }), model('bad', 'orphan')],
      routing_rules: { error: 'database disk image is malformed' },
      users: [user('u'), user('v', ['p/broken'])],
    }, '/d/x', new Date(at));
    expect(doc.providers.map((p) => p.id)).toEqual(['p']);
    expect(doc.models.map((m) => m.model_name)).toEqual(['m']);
    expect(doc.profiles.map((u) => [u.id, u.preferred_models])).toEqual([['u', []], ['v', []]]);
    expect(doc.routing_rules).toEqual(DEFAULT_ROUTING_RULES);
    const notes = doc.salvage_notes!.join('\n');
    for (const named of ['provider bad', 'model p/broken', 'model bad/orphan', 'routing rules: could not be read', 'profile v: preferred models taken out, as they were not saved: p/broken']) {
      expect(notes).toContain(named);
    }
  });

  it("keeps a model's remote mark (an Ollama cloud model under any name), which the import then keeps", () => {
    const doc = salvageDocument({
      providers: [provider('oll', 'ollama')],
      models: [model('oll', 'mybig:latest', { remote: 1, input_cost_per_1m: null, output_cost_per_1m: null, price_source: null }), model('oll', 'qwen3:8b', { remote: 0 })],
      routing_rules: [], users: [],
    }, '/d/x', new Date(at));
    expect(doc.models.map((m) => [m.model_name, m.remote])).toEqual([['mybig:latest', true], ['qwen3:8b', false]]);
    expect(doc.salvage_notes).toBeUndefined();
  });

  it('keeps a profile whose credit balance the last request took below zero, as the proxy leaves it', () => {
    const doc = salvageDocument({ providers: [], models: [], routing_rules: [], users: [{ ...user('g2'), credit_balance_usd: -0.002 }] }, '/d/x', new Date(at));
    expect(doc.profiles.map((u) => [u.id, u.credit_balance_usd])).toEqual([['g2', -0.002]]);
    expect(doc.salvage_notes).toBeUndefined();
  });

  it('keeps rules and profiles read whole, without their references to models not saved, and names those', () => {
    // the providers' page lost: every model goes with its provider
    const rules = {
      ...DEFAULT_ROUTING_RULES, strategy: 'cost',
      aliases: { fast: ['fo/cheap'], mixed: ['fo/cheap', 'p/m'], next: ['fast'], thrifty: ['eco'] },
      fallbacks: { 'fo/echo': ['p/m'], 'p/m': ['fo/cheap', 'mixed'] },
    };
    const doc = salvageDocument({
      providers: [provider('p')], models: [model('p', 'm'), model('fo', 'cheap'), model('fo', 'echo')],
      routing_rules: [{ id: 1, rules: JSON.stringify(rules), updated_at: at }], users: [user('alice', ['fo/echo', 'fast', 'mixed', 'p/m'])],
    }, '/d/x', new Date(at));
    expect(doc.routing_rules).toMatchObject({ strategy: 'cost', aliases: { mixed: ['p/m'], thrifty: ['eco'] }, fallbacks: { 'p/m': ['mixed'] } });
    expect(doc.profiles).toEqual([expect.objectContaining({ id: 'alice', power_level: 'eco', monthly_cap_usd: 5, preferred_models: ['mixed', 'p/m'] })]);
    expect(doc.salvage_notes).toEqual([
      'model fo/cheap left out: its provider fo was not saved',
      'model fo/echo left out: its provider fo was not saved',
      'routing rules: models taken out, as they were not saved: fo/cheap, fo/echo; aliases left with nothing, taken out: fast, next',
      'profile alice: preferred models taken out, as they were not saved: fo/echo, fast',
    ]);
  });
});
