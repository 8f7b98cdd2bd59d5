import { describe, expect, it } from 'vitest';
import { takesAudioInput } from './audio-input';
import { openRouterListing } from './openrouter-listing';

describe('takesAudioInput', () => {
  it('knows Gemini, OpenAI\'s audio models and Voxtral by name, here and on OpenRouter', () => {
    for (const [type, name] of [
      ['gemini', 'gemini-2.5-flash'], ['openai', 'gpt-4o-audio-preview'], ['openai', 'gpt-4o-mini-audio-preview-2024-12-17'],
      ['openai', 'gpt-audio'], ['openai', 'gpt-audio-mini'], ['mistral', 'voxtral-small-latest'],
      ['openrouter', 'google/gemini-2.5-pro'], ['openrouter', 'openai/gpt-audio'],
    ]) expect(takesAudioInput(type!, name!), `${type} ${name}`).toBe(true);
    for (const [type, name] of [
      ['gemini', 'gemma-3-27b-it'], ['openai', 'gpt-4o'], ['openai', 'gpt-audiox'], ['deepseek', 'deepseek-chat'], ['groq', 'llama-3.3-70b-versatile'],
      ['mistral', 'mistral-small-latest'], ['openrouter', 'meta-llama/llama-3.3-70b-instruct'], ['openai-compatible', 'gemini-2.5-flash'],
    ]) expect(takesAudioInput(type!, name!), `${type} ${name}`).toBe(false);
  });

  it('OpenRouter\'s listing gives audio to a model whose input_modalities hold audio', () => {
    const listed = openRouterListing({ data: [
      { id: 'a', architecture: { input_modalities: ['text', 'audio'] } },
      { id: 't', architecture: { input_modalities: ['text', 'image'] } },
    ] });
    expect(listed.get('a')?.capabilities).toContain('audio');
    expect(listed.get('t')?.capabilities).not.toContain('audio');
  });
});
