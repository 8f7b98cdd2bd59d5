// Validates the bundled catalog the storage layer seeds from (resources/catalog.json).
import { describe, expect, it } from 'vitest';
import catalog from '../../../resources/catalog.json';
import { CAPABILITIES, PROVIDER_TYPES } from '../../shared/types';
import { PROVIDER_TYPE_INFO } from '../providers/registry';

interface CatalogModel {
  provider_type: string; model_name: string; display_name: string;
  input_cost_per_1m: number; output_cost_per_1m: number; cached_input_cost_per_1m: number | null;
  context_length: number; max_output_tokens: number | null; capabilities: string[]; quality: number | null;
  source: string; as_of: string;
}
const models = catalog.models as CatalogModel[];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('resources/catalog.json', () => {
  it('has a date and documents how quality was derived', () => {
    expect(catalog.as_of).toMatch(DATE);
    expect(catalog.quality_method.length).toBeGreaterThan(50);
  });

  it('lists every provider type except openai-compatible, with the registry defaults', () => {
    const types = catalog.providers.map((p) => p.type).sort();
    expect(types).toEqual(PROVIDER_TYPES.filter((t) => t !== 'openai-compatible').sort());
    for (const p of catalog.providers) {
      const info = PROVIDER_TYPE_INFO[p.type as keyof typeof PROVIDER_TYPE_INFO];
      expect(p.base_url, p.type).toBe(info.defaultBaseUrl);
      expect(p.auth, p.type).toBe(info.auth);
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.models_path).toMatch(/^\//);
      expect(p.docs).toMatch(/^https:\/\//);
    }
  });

  it('has at least 45 models covering every listed provider', () => {
    expect(models.length).toBeGreaterThanOrEqual(45);
    const covered = new Set(models.map((m) => m.provider_type));
    for (const p of catalog.providers) expect(covered.has(p.type), p.type).toBe(true);
  });

  it('has no duplicate ids', () => {
    const ids = models.map((m) => `${m.provider_type}/${m.model_name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(models.map((m) => [`${m.provider_type}/${m.model_name}`, m] as const))('%s is well formed', (_id, m) => {
    expect(PROVIDER_TYPES).toContain(m.provider_type);
    expect(m.display_name.length).toBeGreaterThan(0);
    for (const price of [m.input_cost_per_1m, m.output_cost_per_1m]) {
      expect(Number.isFinite(price)).toBe(true);
      expect(price).toBeGreaterThanOrEqual(0);
    }
    if (m.cached_input_cost_per_1m !== null) {
      expect(m.cached_input_cost_per_1m).toBeGreaterThanOrEqual(0);
      expect(m.cached_input_cost_per_1m).toBeLessThanOrEqual(m.input_cost_per_1m);
    }
    expect(Number.isInteger(m.context_length) && m.context_length > 0).toBe(true);
    if (m.max_output_tokens !== null) expect(Number.isInteger(m.max_output_tokens) && m.max_output_tokens > 0).toBe(true);
    expect(m.capabilities.length).toBeGreaterThan(0);
    for (const c of m.capabilities) expect(CAPABILITIES).toContain(c);
    expect(m.capabilities.includes('chat') || m.capabilities.includes('embeddings')).toBe(true);
    if (m.quality !== null) expect(m.quality >= 0 && m.quality <= 100).toBe(true);
    expect(m.source).toMatch(/^https:\/\//);
    expect(m.as_of).toMatch(DATE);
  });

  it('prices local models at zero and paid providers above it', () => {
    for (const m of models) {
      const local = m.provider_type === 'ollama' || m.provider_type === 'lmstudio';
      if (local) expect(m.input_cost_per_1m + m.output_cost_per_1m).toBe(0);
      else expect(m.input_cost_per_1m).toBeGreaterThan(0);
    }
  });

  it('covers the required families', () => {
    const ids = new Set(models.map((m) => `${m.provider_type}/${m.model_name}`));
    const has = (re: RegExp) => [...ids].some((id) => re.test(id));
    expect(has(/^openai\/text-embedding/)).toBe(true);
    expect(has(/^anthropic\/claude-opus-4/)).toBe(true);
    expect(has(/^anthropic\/claude-sonnet-4/)).toBe(true);
    expect(has(/^anthropic\/claude-haiku-4/)).toBe(true);
    for (const g of ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite']) expect(ids.has(`gemini/${g}`)).toBe(true);
    expect(has(/^gemini\/.*embedding/)).toBe(true);
    expect(ids.has('openrouter/openai/gpt-4o-mini')).toBe(true);
  });
});
