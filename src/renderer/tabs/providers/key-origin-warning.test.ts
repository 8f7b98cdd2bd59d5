import { describe, expect, it } from 'vitest';
import type { Provider } from '../../../shared/types';
import { keysAtRisk, keysAtRiskMessage, keysRemovedNote } from './key-origin-warning';

const stored = {
  id: 'fo', name: 'Fake', type: 'openai-compatible', base_url: 'http://127.0.0.1:8080/v1', has_key: true, key_source: 'stored', byok_keys: 2,
} as Provider;

describe('keys a provider edit would remove', () => {
  it('are the stored key and the profiles\u2019 keys when the origin changes (host, port or scheme) without a new key', () => {
    expect(keysAtRisk(stored, { base_url: 'http://localhost:8080/v1' })).toEqual({ providerKey: true, profiles: 2 });
    expect(keysAtRisk(stored, { base_url: 'http://127.0.0.1:8081/v1' })).toEqual({ providerKey: true, profiles: 2 });
    expect(keysAtRisk(stored, { base_url: 'https://127.0.0.1:8080/v1' })).toEqual({ providerKey: true, profiles: 2 });
    // a new key goes with the move: only the profiles' keys are lost
    expect(keysAtRisk(stored, { base_url: 'http://localhost:8080/v1', api_key: 'sk-new' })).toEqual({ providerKey: false, profiles: 2 });
  });

  it('are none for another path, another name, or a provider with nothing stored', () => {
    expect(keysAtRisk(stored, { base_url: 'http://127.0.0.1:8080/other/v1' })).toBeNull();
    expect(keysAtRisk(stored, { name: 'x' })).toBeNull();
    expect(keysAtRisk({ ...stored, has_key: false, key_source: null, byok_keys: 0 }, { base_url: 'http://localhost:8080/v1' })).toBeNull();
    expect(keysAtRisk({ ...stored, byok_keys: 0 }, { base_url: 'http://localhost:8080/v1', api_key: 'sk-new' })).toBeNull();
    // an environment key is not stored: nothing is removed
    expect(keysAtRisk({ ...stored, key_source: 'env', byok_keys: 0 }, { base_url: 'http://localhost:8080/v1' })).toBeNull();
  });

  it('follow a new type when the URL was the old type\u2019s default (the server moves it)', () => {
    const openai = { ...stored, type: 'openai', base_url: 'https://api.openai.com/v1', byok_keys: 0 } as Provider;
    expect(keysAtRisk(openai, { type: 'groq' })).toEqual({ providerKey: true, profiles: 0 });
    expect(keysAtRisk({ ...openai, base_url: 'https://proxy.example.com/v1' }, { type: 'groq' })).toBeNull();
  });

  it('are named before Save and after it', () => {
    expect(keysAtRiskMessage({ providerKey: true, profiles: 2 })).toBe(
      "This base URL is another origin, and keys go only where they were stored for: the stored key and 2 profiles' own keys for it will be removed on save. Paste the key again to keep it.",
    );
    expect(keysAtRiskMessage({ providerKey: false, profiles: 1 })).toMatch(/: 1 profile's own key for it will be removed on save\. Add it again on the BYOK tab\.$/);
    expect(keysRemovedNote({ provider_key: true, profiles: ['a', 'b'] })).toBe("; removed its stored key and 2 profiles' own keys for it");
    expect(keysRemovedNote({ provider_key: false, profiles: [] })).toBe('');
  });
});
