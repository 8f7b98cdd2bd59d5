import { describe, expect, it } from 'vitest';
import { isFreeProvider, isLocalProvider } from './provider-locality';

describe('where a provider runs', () => {
  it('on this machine only at a loopback address, whatever its type', () => {
    expect(isLocalProvider('ollama', 'http://localhost:11434/v1')).toBe(true);
    expect(isLocalProvider('lmstudio', 'http://127.0.0.1:1234/v1')).toBe(true);
    expect(isLocalProvider('openai-compatible', 'http://[::1]:8000/v1')).toBe(true);
    expect(isLocalProvider('lmstudio', 'http://[fd00::2]:1234/v1')).toBe(false);
    expect(isLocalProvider('ollama', 'http://192.168.1.20:11434/v1')).toBe(false);
    expect(isLocalProvider('ollama', 'https://ollama.com/v1')).toBe(false);
    expect(isLocalProvider('openai', 'http://127.0.0.1:4000/v1')).toBe(false); // a relay
  });

  it('free: one\'s own runtime here or on the LAN, not a hosted service or a cloud type', () => {
    expect(isFreeProvider('ollama', 'http://192.168.1.20:11434/v1')).toBe(true);
    expect(isFreeProvider('lmstudio', 'http://localhost:1234/v1')).toBe(true);
    expect(isFreeProvider('ollama', 'https://ollama.com/v1')).toBe(false);
    expect(isFreeProvider('openai-compatible', 'http://127.0.0.1:8000/v1')).toBe(true);
    expect(isFreeProvider('openai-compatible', 'https://llm.example.com/v1')).toBe(false);
    expect(isFreeProvider('anthropic', 'http://127.0.0.1:4000')).toBe(false);
  });
});
