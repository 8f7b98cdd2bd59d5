import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import { refusesEncryptedReasoning, withoutEncryptedReasoning } from './reasoning-refused';

const refusal = (message: string, code?: string, status = 400) => new UpstreamFailure({ kind: 'bad_request', status, message, ...(code ? { code } : {}) });

describe('refusesEncryptedReasoning', () => {
  it("knows OpenAI's wordings of a ciphertext another organization made, and nothing else", () => {
    expect(refusesEncryptedReasoning(refusal('The encrypted content for item rs_484bbae05b07 could not be verified.'))).toBe(true);
    expect(refusesEncryptedReasoning(refusal('The encrypted content gAAA...Rg== could not be verified. Reason: Encrypted content could not be decrypted or parsed.'))).toBe(true);
    expect(refusesEncryptedReasoning(refusal('bad', 'invalid_encrypted_content'))).toBe(true);
    expect(refusesEncryptedReasoning(refusal('The encrypted content for item rs_1 could not be verified.', undefined, 500))).toBe(false);
    expect(refusesEncryptedReasoning(refusal("Item with id 'rs_1' not found."))).toBe(false);
    expect(refusesEncryptedReasoning(refusal('Your organization must be verified to stream this model.'))).toBe(false);
    expect(refusesEncryptedReasoning(new Error('The encrypted content could not be verified'))).toBe(false);
  });
});

describe('withoutEncryptedReasoning', () => {
  it('leaves out every reasoning item with encrypted reasoning but those kept', () => {
    const body = { store: false, input: [
      { type: 'message', role: 'user', content: 'hi' },
      { type: 'reasoning', id: 'rs_a', summary: [], encrypted_content: 'gAAAA-a' },
      { type: 'reasoning', id: 'rs_b', summary: [], encrypted_content: 'gAAAA-b' },
    ] };
    expect(withoutEncryptedReasoning(body, (it) => it.id === 'rs_b')!.input).toEqual([body.input[0], body.input[2]]);
    expect(withoutEncryptedReasoning(body)!.input).toEqual([body.input[0]]);
    expect(withoutEncryptedReasoning({ input: [body.input[0]] })).toBeUndefined();
    expect(withoutEncryptedReasoning({ input: 'hi' })).toBeUndefined();
  });
});
