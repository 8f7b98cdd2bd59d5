import { describe, expect, it } from 'vitest';
import { assembleSnapshot, makeModel, makeProvider, makeRules } from '../../../../test/helpers/snapshot-builders';
import { getGeminiModel, listGeminiModels } from './models';

const snapshot = assembleSnapshot(
  [makeProvider({ id: 'fo' }), makeProvider({ id: 'fg', format: 'gemini' }), makeProvider({ id: 'off', enabled: false })],
  [
    makeModel({ providerId: 'fo', modelName: 'gpt-x', contextLength: 128_000, maxOutputTokens: 16_384 }),
    makeModel({ providerId: 'fg', modelName: 'gemini-2.5-flash', contextLength: 1_048_576, maxOutputTokens: 65_536, capabilities: ['chat', 'reasoning'] }),
    makeModel({ providerId: 'fo', modelName: 'embed-x', capabilities: ['embeddings'] }),
    makeModel({ providerId: 'fo', modelName: 'disabled', enabled: false }),
    makeModel({ providerId: 'off', modelName: 'gone' }),
  ],
  makeRules({ aliases: { fast: ['fo/gpt-x'] } }),
);

describe('listGeminiModels', () => {
  it('lists routing names, aliases, then the enabled models of enabled providers', () => {
    const { models } = listGeminiModels(snapshot);
    expect(models.map((m) => m.name)).toEqual([
      'models/auto', 'models/eco', 'models/balanced', 'models/precision', 'models/fast',
      'models/fo/gpt-x', 'models/fg/gemini-2.5-flash', 'models/fo/embed-x',
    ]);
    expect(models[0]).toMatchObject({ inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] });
    expect(models.find((m) => m.name === 'models/fg/gemini-2.5-flash')).toMatchObject({ thinking: true, displayName: 'fg/gemini-2.5-flash' });
    expect(models.find((m) => m.name === 'models/fo/embed-x')!.supportedGenerationMethods).toEqual(['embedContent', 'batchEmbedContents']);
  });
});

describe('getGeminiModel', () => {
  it('finds a model by id, bare name, routing name or alias; nothing disabled or unknown', () => {
    expect(getGeminiModel(snapshot, 'gemini-2.5-flash')).toMatchObject({ name: 'models/gemini-2.5-flash', displayName: 'fg/gemini-2.5-flash' });
    expect(getGeminiModel(snapshot, 'fo/gpt-x')).toMatchObject({ name: 'models/fo/gpt-x', inputTokenLimit: 128_000 });
    expect(getGeminiModel(snapshot, 'eco')?.name).toBe('models/eco');
    expect(getGeminiModel(snapshot, 'fast')?.name).toBe('models/fast');
    for (const name of ['disabled', 'off/gone', 'nope']) expect(getGeminiModel(snapshot, name)).toBeUndefined();
  });
});

describe('an alias\'s limits', () => {
  const withAliases = assembleSnapshot(
    [makeProvider({ id: 'fo' }), makeProvider({ id: 'fg', format: 'gemini' })],
    [
      makeModel({ providerId: 'fo', modelName: 'small', contextLength: 32_000, maxOutputTokens: 4_096 }),
      makeModel({ providerId: 'fo', modelName: 'mid', contextLength: 128_000, maxOutputTokens: 16_384 }),
      makeModel({ providerId: 'fg', modelName: 'gemini-2.5-flash', contextLength: 1_048_576, maxOutputTokens: 65_536 }),
    ],
    makeRules({ aliases: { fast: ['fo/small'], cheap: ['small', 'fast'], saver: ['eco'] }, fallbacks: { 'fo/small': ['fo/mid'] } }),
  );
  const limits = (name: string) => {
    const m = getGeminiModel(withAliases, name);
    return [m?.inputTokenLimit, m?.outputTokenLimit];
  };

  it('are those of the models it can be routed to (its members and their fallbacks), not of the whole catalog', () => {
    expect(limits('fast')).toEqual([128_000, 16_384]);
    expect(limits('cheap')).toEqual([128_000, 16_384]);
    expect(listGeminiModels(withAliases).models.find((m) => m.name === 'models/fast')).toMatchObject({ inputTokenLimit: 128_000, outputTokenLimit: 16_384 });
  });

  it('are the whole catalog\'s for an alias of a routing name', () => {
    expect(limits('saver')).toEqual([1_048_576, 65_536]);
    expect(limits('auto')).toEqual([1_048_576, 65_536]);
  });
});

describe('outputTokenLimit', () => {
  const unknown = assembleSnapshot(
    [makeProvider({ id: 'fo' })],
    [makeModel({ providerId: 'fo', modelName: 'gpt-x', contextLength: 128_000, maxOutputTokens: null }), makeModel({ providerId: 'fo', modelName: 'embed-x', capabilities: ['embeddings'], maxOutputTokens: 1 })],
    makeRules({ aliases: { fast: ['fo/gpt-x'] } }),
  );

  it('is left out where no max output is known (a model, a routing name, an alias) and for an embedding model', () => {
    for (const name of ['fo/gpt-x', 'auto', 'fast', 'fo/embed-x']) {
      const m = getGeminiModel(unknown, name);
      expect(m, name).toBeDefined();
      expect(m, name).not.toHaveProperty('outputTokenLimit');
    }
  });
});
