import { describe, expect, it } from 'vitest';
import type { RoutingRules } from '../../shared/types';
import { expandChain, resolveRequestedName } from './resolve-name';
import { RouteError } from './route-error';
import { assembleSnapshot, makeModel, makeProvider, makeRules } from '../../../test/helpers/snapshot-builders';

const providers = [makeProvider({ id: 'openai' }), makeProvider({ id: 'openrouter' }), makeProvider({ id: 'groq' })];
const models = [
  makeModel({ providerId: 'openai', modelName: 'gpt-4o-mini' }),
  makeModel({ providerId: 'openrouter', modelName: 'openai/gpt-4o-mini' }),
  makeModel({ providerId: 'openai', modelName: 'gpt-4.1' }),
  makeModel({ providerId: 'openrouter', modelName: 'gpt-4.1' }),
  makeModel({ providerId: 'groq', modelName: 'llama-3.3-70b' }),
  makeModel({ providerId: 'groq', modelName: 'llama-3.1-8b' }),
];
const snap = (rules: Partial<RoutingRules> = {}) => assembleSnapshot(providers, models, makeRules(rules));

function unknownModelError(f: () => unknown): RouteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RouteError);
    expect((e as RouteError).kind).toBe('unknown_model');
    return e as RouteError;
  }
  throw new Error('expected a RouteError');
}

describe('resolveRequestedName', () => {
  it("'auto' is the profile's level; eco/balanced/precision are themselves", () => {
    expect(resolveRequestedName('auto', snap(), 'precision')).toEqual({ kind: 'level', level: 'precision', auto: true });
    expect(resolveRequestedName('eco', snap(), 'precision')).toEqual({ kind: 'level', level: 'eco', auto: false });
    expect(resolveRequestedName('balanced', snap(), 'eco')).toEqual({ kind: 'level', level: 'balanced', auto: false });
    expect(resolveRequestedName('precision', snap(), 'eco')).toEqual({ kind: 'level', level: 'precision', auto: false });
  });

  it('a model id is that model, then its fallbacks, recursively, without cycles or duplicates', () => {
    const rules = {
      fallbacks: {
        'openai/gpt-4.1': ['groq/llama-3.3-70b', 'openai/gpt-4o-mini'],
        'groq/llama-3.3-70b': ['groq/llama-3.1-8b', 'openai/gpt-4.1'],
        'openai/gpt-4o-mini': ['groq/llama-3.1-8b'],
      },
    };
    const r = resolveRequestedName('openai/gpt-4.1', snap(rules), 'balanced');
    expect(r).toMatchObject({ kind: 'chain', chain: ['openai/gpt-4.1', 'groq/llama-3.3-70b', 'openai/gpt-4o-mini', 'groq/llama-3.1-8b'], unresolved: [] });
    // the head is the client's own choice (its body goes as sent), the fallbacks routing's
    expect(r).toMatchObject({ named: 'openai/gpt-4.1' });
  });

  it('an alias is its chain in order, then each member\'s fallbacks', () => {
    const rules = {
      aliases: { fast: ['groq/llama-3.1-8b', 'openai/gpt-4o-mini'] },
      fallbacks: { 'groq/llama-3.1-8b': ['groq/llama-3.3-70b'] },
    };
    const r = resolveRequestedName('fast', snap(rules), 'balanced');
    expect(r).toMatchObject({ kind: 'chain', chain: ['groq/llama-3.1-8b', 'openai/gpt-4o-mini', 'groq/llama-3.3-70b'] });
    expect(r.kind === 'chain' && r.note).toContain("alias 'fast'");
    expect(r.kind === 'chain' && r.named).toBeUndefined();
  });

  it('an alias wins over a model of the same name, and aliases may nest', () => {
    const rules = {
      aliases: { 'openai/gpt-4.1': ['groq/llama-3.1-8b'], smart: ['openai/gpt-4.1', 'groq/llama-3.3-70b'] },
    };
    expect(resolveRequestedName('openai/gpt-4.1', snap(rules), 'eco')).toMatchObject({ chain: ['groq/llama-3.1-8b'] });
    expect(resolveRequestedName('smart', snap(rules), 'eco')).toMatchObject({ chain: ['groq/llama-3.1-8b', 'groq/llama-3.3-70b'] });
  });

  it('reports chain entries that name nothing', () => {
    const rules = { aliases: { fast: ['groq/gone', 'groq/llama-3.1-8b'] } };
    expect(resolveRequestedName('fast', snap(rules), 'eco')).toMatchObject({ chain: ['groq/llama-3.1-8b'], unresolved: ['groq/gone'] });
  });

  it('a bare upstream name unique in the catalog is that model', () => {
    expect(resolveRequestedName('llama-3.3-70b', snap(), 'eco')).toMatchObject({ kind: 'chain', chain: ['groq/llama-3.3-70b'] });
    // OpenRouter's own names contain a slash and are not ids here
    expect(resolveRequestedName('openai/gpt-4o-mini', snap(), 'eco')).toMatchObject({ chain: ['openai/gpt-4o-mini'] });
    const noOpenAi = assembleSnapshot(providers, models.filter((m) => m.providerId !== 'openai'));
    expect(resolveRequestedName('openai/gpt-4o-mini', noOpenAi, 'eco')).toMatchObject({ chain: ['openrouter/openai/gpt-4o-mini'] });
  });

  it('a bare name several providers carry is unknown_model, listing the ids', () => {
    const e = unknownModelError(() => resolveRequestedName('gpt-4.1', snap(), 'eco'));
    expect(e.message).toContain('ambiguous');
    expect(e.message).toContain('openai/gpt-4.1');
    expect(e.message).toContain('openrouter/gpt-4.1');
  });

  it('of the models a bare name matches, the one that is set up is meant; several set up stay ambiguous', () => {
    const keyless = (id: string) => makeProvider({ id, hasKey: false });
    // only OpenAI has a key: gpt-4.1 is OpenAI's
    const openaiOnly = assembleSnapshot([makeProvider({ id: 'openai' }), keyless('openrouter'), makeProvider({ id: 'groq' })], models);
    expect(resolveRequestedName('gpt-4.1', openaiOnly, 'eco')).toMatchObject({ chain: ['openai/gpt-4.1'] });
    // a disabled provider or model is not set up either
    const disabled = assembleSnapshot([makeProvider({ id: 'openai', enabled: false }), makeProvider({ id: 'openrouter' })], models);
    expect(resolveRequestedName('gpt-4.1', disabled, 'eco')).toMatchObject({ chain: ['openrouter/gpt-4.1'] });
    const modelOff = assembleSnapshot(providers, models.map((m) => (m.id === 'openrouter/gpt-4.1' ? { ...m, enabled: false } : m)));
    expect(resolveRequestedName('gpt-4.1', modelOff, 'eco')).toMatchObject({ chain: ['openai/gpt-4.1'] });
    // the profile's own key counts
    const noKeys = assembleSnapshot([keyless('openai'), keyless('openrouter')], models);
    unknownModelError(() => resolveRequestedName('gpt-4.1', noKeys, 'eco'));
    expect(resolveRequestedName('gpt-4.1', noKeys, 'eco', new Set(['openrouter']))).toMatchObject({ chain: ['openrouter/gpt-4.1'] });
    // inside an alias too
    expect(resolveRequestedName('x', assembleSnapshot([...openaiOnly.providers.values()], models, makeRules({ aliases: { x: ['gpt-4.1'] } })), 'eco'))
      .toMatchObject({ chain: ['openai/gpt-4.1'], unresolved: [] });
  });

  it('an alias may stand for a routing name, directly or through aliases', () => {
    const rules = { aliases: { cheap: ['eco'], budget: ['cheap'], smart: ['auto'] } };
    expect(resolveRequestedName('cheap', snap(rules), 'precision')).toEqual({ kind: 'level', level: 'eco', auto: false });
    expect(resolveRequestedName('budget', snap(rules), 'precision')).toEqual({ kind: 'level', level: 'eco', auto: false });
    expect(resolveRequestedName('smart', snap(rules), 'balanced')).toEqual({ kind: 'level', level: 'balanced', auto: true });
  });

  it('anything else is unknown_model', () => {
    for (const name of ['gpt-9', 'openai/gpt-9', '', 'AUTO', 'constructor', '__proto__']) {
      unknownModelError(() => resolveRequestedName(name, snap(), 'eco'));
    }
  });
});

describe('expandChain', () => {
  it('terminates on self-referencing fallbacks and alias cycles', () => {
    const rules = {
      aliases: { a: ['b'], b: ['a', 'groq/llama-3.1-8b'] },
      fallbacks: { 'groq/llama-3.1-8b': ['groq/llama-3.1-8b', 'a'] },
    };
    expect(expandChain(['a'], snap(rules))).toEqual({ chain: ['groq/llama-3.1-8b'], unresolved: [] });
  });
});

describe('Claude Code model names (rules.claude_code_model_names)', () => {
  const on = { claude_code_model_names: true };

  it('route the haiku family as eco, sonnet as auto and opus as precision', () => {
    for (const name of ['claude-haiku-4-5-20251001', 'claude-3-5-haiku-latest']) {
      expect(resolveRequestedName(name, snap(on), 'balanced'), name).toEqual({ kind: 'level', level: 'eco', auto: false });
    }
    for (const name of ['claude-sonnet-5', 'claude-sonnet-4-5-20250929', 'claude-3-7-sonnet-latest']) {
      expect(resolveRequestedName(name, snap(on), 'balanced'), name).toEqual({ kind: 'level', level: 'balanced', auto: true });
    }
    expect(resolveRequestedName('claude-opus-4-8', snap(on), 'eco')).toEqual({ kind: 'level', level: 'precision', auto: false });
  });

  it('leave alone an alias of that name, provider/model ids, other names, and everything when off', () => {
    const withAlias = snap({ ...on, aliases: { 'claude-opus-4-8': ['groq/llama-3.1-8b'] } });
    expect(resolveRequestedName('claude-opus-4-8', withAlias, 'eco')).toMatchObject({ kind: 'chain', chain: ['groq/llama-3.1-8b'] });
    const anthropic = assembleSnapshot([makeProvider({ id: 'anthropic' })], [makeModel({ providerId: 'anthropic', modelName: 'claude-opus-4-8' })], makeRules(on));
    expect(resolveRequestedName('anthropic/claude-opus-4-8', anthropic, 'eco')).toMatchObject({ kind: 'chain', chain: ['anthropic/claude-opus-4-8'] });
    unknownModelError(() => resolveRequestedName('claude-poem-1', snap(on), 'eco'));
    unknownModelError(() => resolveRequestedName('claude-opus-4-8', snap(), 'eco'));
  });
});

describe('Gemini CLI model names (rules.gemini_cli_model_names)', () => {
  const gemini = (rules: Partial<RoutingRules>, hasKey: boolean) => assembleSnapshot(
    [...providers, makeProvider({ id: 'gemini', hasKey })], [...models, makeModel({ providerId: 'gemini', modelName: 'gemini-3-pro-preview' })], makeRules(rules),
  );

  it("route a gemini-* name no set-up model serves with the profile's level", () => {
    for (const name of ['gemini-3-pro-preview', 'gemini-3-flash-preview', 'gemini-2.5-flash']) {
      expect(resolveRequestedName(name, gemini({ gemini_cli_model_names: true }, false), 'eco'), name).toEqual({ kind: 'level', level: 'eco', auto: true });
    }
  });

  it('leave alone a name a set-up model serves, an alias of it, and everything when off', () => {
    expect(resolveRequestedName('gemini-3-pro-preview', gemini({ gemini_cli_model_names: true }, true), 'eco')).toMatchObject({ kind: 'chain', chain: ['gemini/gemini-3-pro-preview'] });
    const aliased = gemini({ gemini_cli_model_names: true, aliases: { 'gemini-3-flash-preview': ['groq/llama-3.1-8b'] } }, false);
    expect(resolveRequestedName('gemini-3-flash-preview', aliased, 'eco')).toMatchObject({ kind: 'chain', chain: ['groq/llama-3.1-8b'] });
    unknownModelError(() => resolveRequestedName('gemini-3-flash-preview', gemini({}, false), 'eco'));
    expect(resolveRequestedName('gemini-3-pro-preview', gemini({}, false), 'eco')).toMatchObject({ kind: 'chain', chain: ['gemini/gemini-3-pro-preview'] });
  });
});

describe('dated snapshot names', () => {
  it('serve a dated name (as Claude Code sends it) with the undated catalog model', () => {
    const snap = assembleSnapshot([makeProvider({ id: 'anthropic' })], [makeModel({ providerId: 'anthropic', modelName: 'claude-sonnet-4-5' })]);
    const r = resolveRequestedName('claude-sonnet-4-5-20250929', snap, 'balanced');
    expect(r.kind === 'chain' && r.chain).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(() => resolveRequestedName('claude-sonnet-9-9-20250929', snap, 'balanced')).toThrow(RouteError);
  });
});

describe("Ollama's default tag: `x` and `x:latest` are one model", () => {
  const ollamaSnap = () => assembleSnapshot([makeProvider({ id: 'ollama' })], [
    makeModel({ providerId: 'ollama', modelName: 'llama3.2' }),
    makeModel({ providerId: 'ollama', modelName: 'mistral:latest' }),
    makeModel({ providerId: 'ollama', modelName: 'qwen3:8b' }),
  ]);
  const chainOf = (name: string) => {
    const r = resolveRequestedName(name, ollamaSnap(), 'balanced');
    return r.kind === 'chain' ? r.chain : [];
  };

  it('serves a bare name or a provider/model id with or without :latest', () => {
    expect(chainOf('llama3.2:latest')).toEqual(['ollama/llama3.2']);
    expect(chainOf('ollama/llama3.2:latest')).toEqual(['ollama/llama3.2']);
    expect(chainOf('mistral')).toEqual(['ollama/mistral:latest']);
    expect(chainOf('ollama/mistral')).toEqual(['ollama/mistral:latest']);
    expect(chainOf('ollama/llama3.2')).toEqual(['ollama/llama3.2']);
  });

  it('another tag is another model', () => {
    unknownModelError(() => resolveRequestedName('ollama/qwen3:14b', ollamaSnap(), 'balanced'));
    unknownModelError(() => resolveRequestedName('qwen3', ollamaSnap(), 'balanced'));
  });

  it('in a chain, both spellings are the one model, tried once', () => {
    const snap = assembleSnapshot([makeProvider({ id: 'ollama' })], [makeModel({ providerId: 'ollama', modelName: 'llama3.2' })]);
    expect(expandChain(['ollama/llama3.2:latest', 'llama3.2', 'ollama/llama3.2'], snap).chain).toEqual(['ollama/llama3.2']);
  });
});
