import { describe, expect, it } from 'vitest';
import type { Model } from '../../../shared/types';
import { checkDetails, detailDraftOf, detailPatch } from './model-detail-fields';

// as discovery adds a model the bundled table does not know
const discovered = {
  id: 'lan/qwen3-coder', provider_id: 'lan', model_name: 'qwen3-coder', display_name: 'qwen3-coder', context_length: 8192,
  max_output_tokens: null, capabilities: ['chat'], quality: null,
} as unknown as Model;

describe('model details form', () => {
  it('sends only what changed, capabilities in the catalog order', () => {
    const d = detailDraftOf(discovered);
    expect(detailPatch(discovered, d)).toEqual({});
    expect(detailPatch(discovered, { ...d, capabilities: ['tools', 'chat'], context: '131072' }))
      .toEqual({ capabilities: ['chat', 'tools'], context_length: 131072 });
    expect(detailPatch(discovered, { ...d, capabilities: ['chat'] })).toEqual({});
    expect(detailPatch(discovered, { ...d, display_name: ' Qwen3 Coder ', max_output: '8192', quality: '70' }))
      .toEqual({ display_name: 'Qwen3 Coder', max_output_tokens: 8192, quality: 70 });
    // emptied: the model's own name, which it has already
    expect(detailPatch(discovered, { ...d, display_name: '' })).toEqual({});
  });

  it("sends the remote mark only when the user changes it, either way", () => {
    expect(detailDraftOf(discovered).remote).toBe(false);
    expect(detailPatch(discovered, { ...detailDraftOf(discovered), remote: true })).toEqual({ remote: true });
    const cloud = { ...discovered, remote: true } as Model;
    expect(detailPatch(cloud, detailDraftOf(cloud))).toEqual({});
    expect(detailPatch(cloud, { ...detailDraftOf(cloud), remote: false })).toEqual({ remote: false });
  });

  it('names every bad field at once; empty max output and quality are allowed', () => {
    const d = detailDraftOf(discovered);
    expect(checkDetails(d)).toEqual({});
    expect(Object.keys(checkDetails({ ...d, context: '0', max_output: '1.5', quality: '101' })).sort())
      .toEqual(['context_length', 'max_output_tokens', 'quality']);
  });
});
