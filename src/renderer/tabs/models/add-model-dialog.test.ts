import { describe, expect, it } from 'vitest';
import { checkDraft, type Draft } from './add-model-dialog';

const draft = (over: Partial<Draft> = {}): Draft => ({
  provider_id: 'openai', model_name: 'gpt-4.1-mini', display_name: '', input: '0.4', output: '1.6', context: '128000', max_output: '', quality: '',
  capabilities: ['chat'], remote: false, api: 'chat', ...over,
});

describe('add model form', () => {
  it('needs the provider chosen: none is picked for the user', () => {
    expect(checkDraft(draft({ provider_id: '' }))).toEqual({ provider_id: 'Choose the provider that serves this model' });
    expect(checkDraft(draft())).toEqual({});
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(checkDraft(draft({ model_name: 'gpt 4', input: '-1', output: 'abc', context: '1.5', quality: '101' }))).sort())
      .toEqual(['context_length', 'input_cost_per_1m', 'model_name', 'output_cost_per_1m', 'quality']);
  });

  it('refuses a price too large to be a number (1e400), which would be sent as null, an unknown price', () => {
    expect(checkDraft(draft({ input: '1e400', output: '-1e400' }))).toEqual({
      input_cost_per_1m: 'A price of 0 or more, or empty if unknown',
      output_cost_per_1m: 'A price of 0 or more, or empty if unknown',
    });
    expect(checkDraft(draft({ output: '1e400' }))).toEqual({ output_cost_per_1m: 'A price of 0 or more, or empty if unknown' });
  });
});

describe('add model numbers', () => {
  it('refuses prices, context, max output and quality in hex, binary or octal', () => {
    expect(Object.keys(checkDraft(draft({ input: '0x10', output: '0b11', context: '0x10000', max_output: '0o17', quality: '0x10' }))).sort())
      .toEqual(['context_length', 'input_cost_per_1m', 'max_output_tokens', 'output_cost_per_1m', 'quality']);
  });
});
