import { describe, expect, it } from 'vitest';
import { runsFree } from './free-runtime';

describe('runsFree (where an empty price is saved as $0)', () => {
  it('is true for a local runtime, as the server decides it', () => {
    expect(runsFree({ type: 'ollama', base_url: 'http://127.0.0.1:11434/v1' })).toBe(true);
    expect(runsFree({ type: 'ollama', base_url: 'http://192.168.1.20:11434/v1' })).toBe(true);
    expect(runsFree({ type: 'lmstudio', base_url: 'http://localhost:1234/v1' })).toBe(true);
    expect(runsFree({ type: 'openai-compatible', base_url: 'http://127.0.0.1:8000/v1' })).toBe(true);
    expect(runsFree({ type: 'openai-compatible', base_url: 'http://[::1]:8000/v1' })).toBe(true);
    expect(runsFree({ type: 'openai-compatible', base_url: 'http://[::ffff:127.0.0.1]:8000/v1' })).toBe(true);
  });

  it('is false for a billed service, a cloud type on loopback (a relay) and an OpenAI-compatible server elsewhere', () => {
    expect(runsFree({ type: 'ollama', base_url: 'https://ollama.com/v1' })).toBe(false);
    expect(runsFree({ type: 'openai', base_url: 'http://127.0.0.1:4000/v1' })).toBe(false);
    expect(runsFree({ type: 'openai-compatible', base_url: 'http://10.0.0.5:8000/v1' })).toBe(false);
    expect(runsFree({ type: 'openai-compatible', base_url: 'not a url' })).toBe(false);
  });
});
