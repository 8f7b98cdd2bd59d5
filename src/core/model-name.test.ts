import { describe, expect, it } from 'vitest';
import { isOllamaCloudName, latestTagTwin, withoutLatestTag } from './model-name';

describe('model names under Ollama\'s default tag', () => {
  it('withoutLatestTag drops only :latest', () => {
    expect(withoutLatestTag('llama3.2:latest')).toBe('llama3.2');
    expect(withoutLatestTag('qwen3:8b')).toBe('qwen3:8b');
    expect(withoutLatestTag('mistral-large-latest')).toBe('mistral-large-latest');
  });

  it('latestTagTwin gives the other spelling, none for a name with another tag', () => {
    expect(latestTagTwin('llama3.2:latest')).toBe('llama3.2');
    expect(latestTagTwin('llama3.2')).toBe('llama3.2:latest');
    expect(latestTagTwin('ollama/llama3.2')).toBe('ollama/llama3.2:latest');
    expect(latestTagTwin('qwen3:8b')).toBeUndefined();
    expect(latestTagTwin('ollama/qwen3:8b')).toBeUndefined();
  });
});

describe("Ollama's cloud models by name", () => {
  it('are the ones tagged cloud or -cloud', () => {
    for (const n of ['gpt-oss:120b-cloud', 'qwen3-coder:480b-cloud', 'glm-4.6:cloud', 'deepseek-v3.1:671b-cloud', 'library/kimi-k2:1t-CLOUD']) expect(isOllamaCloudName(n), n).toBe(true);
    for (const n of ['qwen3:8b', 'cloud', 'my-cloud', 'my-cloud:latest', 'gpt-oss:120b', 'x:cloudy', 'x:cloud-8b']) expect(isOllamaCloudName(n), n).toBe(false);
  });
});
