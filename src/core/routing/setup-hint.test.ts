import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES } from '../../shared/defaults';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import { MISSING_CAPABILITY, REASON } from './eligibility';
import { noCandidateMessage, setupHint } from './setup-hint';

describe('setupHint', () => {
  it('says what to do when nothing is set up: no key, nothing running, nothing enabled', () => {
    const excluded = [
      { model: 'openai/gpt-4.1-mini', ...REASON.providerDisabled },
      { model: 'anthropic/claude', ...REASON.noKey },
      { model: 'ollama/llama3.2', ...REASON.notRunning },
    ];
    expect(setupHint(excluded)).toMatch(/Providers tab/);
    expect(setupHint(excluded)).toMatch(/Ollama/);
    expect(setupHint([])).not.toBeNull();
    // every provider's key variable, not only the first three
    expect(setupHint(excluded)).toContain('(or set its variable before starting it: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, '
      + 'OPENROUTER_API_KEY, TOGETHER_API_KEY, GROQ_API_KEY, MISTRAL_API_KEY, DEEPSEEK_API_KEY or XAI_API_KEY)');
    expect(noCandidateMessage('no model can serve this request (x)', excluded))
      .toMatch(/^No model can serve this request: no provider is ready yet\. Add a provider key .* Details: no model can serve this request \(x\)$/);
  });

  it('names the model asked for when other providers are serving: its provider has no key, and how to map the name', () => {
    const excluded = [{ model: 'anthropic/claude-haiku-4-5', ...REASON.noKey }];
    const hint = setupHint(excluded, { anyReady: true, requested: 'claude-haiku-4-5-20251001' })!;
    expect(hint).not.toMatch(/no provider is ready/);
    expect(hint).toMatch(/^"claude-haiku-4-5-20251001" is not set up \(anthropic\/claude-haiku-4-5: provider has no key\), though other providers are\. Add its provider's key \(or switch it on\) in the Providers tab, or map the name/);
    expect(hint).toContain('"aliases": {"claude-haiku-4-5-20251001": ["balanced"]}');
    expect(hint).toContain('Claude Code names');
    const gemini = setupHint([{ model: 'gemini/gemini-2.5-flash', ...REASON.noKey }], { anyReady: true, requested: 'gemini-2.5-flash' });
    expect(gemini).not.toContain('Claude Code');
    expect(gemini).toContain('"gemini_cli_model_names": true');
    // nothing ready anywhere: the fresh-install hint
    expect(setupHint(excluded, { anyReady: false, requested: 'claude-haiku-4-5-20251001' })).toMatch(/no provider is ready yet/);
  });

  it('says to pull a local model its runtime does not have, not to add a key', () => {
    const hint = setupHint([{ model: 'ollama/qwen3:8b', ...REASON.notInstalled }], { anyReady: true, requested: 'ollama/qwen3:8b' })!;
    // a provider/model id cannot be an alias: send a routing name instead
    expect(hint).toMatch(/\. Pull it \(ollama pull\) or download it \(LM Studio\) on its runtime, or send "auto"/);
    expect(hint).not.toContain('key');
  });

  it('says to switch on a model that is switched off (a discovered cloud model), not to add a key', () => {
    const off = { model: 'gemini/gemini-3.5-flash-lite', ...REASON.modelDisabled };
    const hint = setupHint([off], { anyReady: true, requested: 'gemini-3.5-flash-lite' })!;
    expect(hint).toMatch(/^"gemini-3\.5-flash-lite" is not set up \(gemini\/gemini-3\.5-flash-lite: model disabled\), though other providers are\. Switch it on in the Models tab, or map the name/);
    expect(hint).not.toMatch(/key|Providers tab/);
    // the name's model off and its fallback's provider without a key: each fix, once
    const mixed = setupHint([off, { model: 'gemini/gemini-2.5-flash', ...REASON.noKey }, { model: 'gemini/gemini-2.5-pro', ...REASON.modelDisabled }],
      { anyReady: true, requested: 'gemini-3.5-flash-lite' })!;
    expect(mixed).toContain(". Switch it on in the Models tab, add its provider's key (or switch it on) in the Providers tab, or map the name");
    // nothing else ready either (the one provider's discovered models all came in off): still the model's own fix
    const alone = setupHint([{ model: 'tg/m1', ...REASON.modelDisabled }], { anyReady: false, requested: 'tg/m1' })!;
    expect(alone).toMatch(/^"tg\/m1" is not set up \(tg\/m1: model disabled\)\. Switch it on in the Models tab, or send "auto"/);
    expect(alone).not.toMatch(/no provider is ready|key|though other providers are/);
  });

  it('says to start a server of one\'s own that does not answer, where it was asked, not to add a key', () => {
    const down = [{ model: 'ollama/llama3.2', ...REASON.notRunning }];
    const serverOf = (id: string) => (id.startsWith('ollama/') ? { runtime: 'Ollama', url: 'http://127.0.0.1:11434/v1' } : undefined);
    for (const anyReady of [false, true]) {
      const hint = setupHint(down, { anyReady, requested: 'ollama/llama3.2', serverOf })!;
      expect(hint).toMatch(/^Ollama does not answer at http:\/\/127\.0\.0\.1:11434\/v1, so ollama\/llama3\.2 cannot be tried\. Start it \(Ollama: its app or `ollama serve`/);
      expect(hint).not.toMatch(/key|though other providers are/);
    }
    expect(setupHint([...down, { model: 'x/y', ...REASON.notRunning }], { anyReady: false, serverOf })).toMatch(/^Ollama does not answer at .*; the server of x\/y does not answer, so ollama\/llama3\.2, x\/y cannot be tried/);
  });

  it('stays out of the way when models exist but this request does not fit them', () => {
    const excluded = [{ model: 'ollama/llama3.2', ...REASON.notRunning }, { model: 'openai/gpt', ...MISSING_CAPABILITY.vision! }];
    expect(setupHint(excluded)).toBeNull();
    expect(noCandidateMessage('plain', excluded)).toBe('plain');
  });

  describe('the way round a name not set up', () => {
    // only an OpenRouter key: its models are set up, OpenAI's and Anthropic's are not
    const readyModels = [
      { id: 'openrouter/x-ai/grok-4.1-fast', modelName: 'x-ai/grok-4.1-fast' },
      { id: 'openrouter/openai/gpt-4o-mini', modelName: 'openai/gpt-4o-mini' },
      { id: 'openrouter/anthropic/claude-sonnet-4.5', modelName: 'anthropic/claude-sonnet-4.5' },
    ];
    const catalog = new Set(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', ...readyModels.map((m) => m.id)]);
    const state = (requested: string) => ({ anyReady: true, requested, readyModels, isModelId: (n: string) => catalog.has(n) });
    const hintFor = (requested: string, model = requested) => setupHint([{ model, ...REASON.noKey }], state(requested))!;
    const aliasExample = (hint: string) => /"aliases": (\{.*?\]\})/.exec(hint)?.[1];

    it('suggests only aliases the routing rules take', () => {
      const names: [string, string][] = [
        ['anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'], ['openai/gpt-4o-mini', 'openai/gpt-4o-mini'],
        ['claude-haiku-4-5-20251001', 'anthropic/claude-haiku-4-5'], ['gpt-4o-mini', 'openai/gpt-4o-mini'],
        ['gemini-2.5-flash', 'gemini/gemini-2.5-flash'], ['qwen3:8b', 'ollama/qwen3:8b'], ['my model', 'x/my model'],
      ];
      let examples = 0;
      for (const [requested, model] of names) {
        const example = aliasExample(hintFor(requested, model));
        if (example === undefined) continue;
        examples++;
        const aliases = JSON.parse(example) as Record<string, string[]>;
        expect(Object.keys(aliases)).toEqual([requested]);
        expect(() => applyRoutingRulesPatch({ ...DEFAULT_ROUTING_RULES }, { aliases }, { modelIds: catalog })).not.toThrow();
      }
      expect(examples).toBe(4); // the names without a provider or a space
    });

    it('a provider/model id points to the set-up model of the same name, or to auto and the levels; never an alias', () => {
      const hint = hintFor('openai/gpt-4o-mini');
      expect(hint).toContain('or send "openrouter/openai/gpt-4o-mini" (the same model, set up) or "auto" (or a power level: eco, balanced, precision) as the model instead');
      expect(hint).not.toContain('aliases');
      // OpenRouter writes Anthropic's versions with dots
      expect(hintFor('anthropic/claude-sonnet-4-5')).toContain('or send "openrouter/anthropic/claude-sonnet-4.5" (the same model, set up) or "auto"');
      const none = hintFor('anthropic/claude-opus-4-7');
      expect(none).toContain('or send "auto" (or a power level: eco, balanced, precision) as the model instead');
      expect(none).not.toMatch(/aliases|openrouter/);
    });

    it('an alias example maps a bare name to the set-up model of that name when there is one', () => {
      expect(aliasExample(hintFor('gpt-4o-mini', 'openai/gpt-4o-mini'))).toBe('{"gpt-4o-mini": ["openrouter/openai/gpt-4o-mini"]}');
      expect(aliasExample(hintFor('claude-haiku-4-5-20251001', 'anthropic/claude-haiku-4-5'))).toBe('{"claude-haiku-4-5-20251001": ["balanced"]}');
    });
  });
});
