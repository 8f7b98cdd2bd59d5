import { describe, expect, it } from 'vitest';
import { latestTagTwin, withoutLatestTag } from './model-name';

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
