import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import { noteRefusedAgain, refusesEncryptedReasoning, withoutEncryptedReasoning, withoutRefusedReasoning } from './reasoning-refused';

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

describe('withoutRefusedReasoning', () => {
  const body = { store: false, input: [
    { type: 'message', role: 'user', content: 'hi' },
    { type: 'compaction', id: 'cmp_34', encrypted_content: 'gAAAA-c' },
    { type: 'reasoning', id: 'rs_a', summary: [], encrypted_content: 'gAAAA-a' },
    { type: 'reasoning', id: 'rs_b', summary: [], encrypted_content: 'gAAAA-b' },
  ] };
  const own = (ids: string[]) => {
    const marked: unknown[] = [];
    return { marked, mine: (it: Record<string, unknown>) => ids.includes(it.id as string), refused: (it: Record<string, unknown>) => void marked.push(it.id) };
  };
  const named = (id: string) => refusal(`The encrypted content for item ${id} could not be verified.`, 'invalid_encrypted_content');

  it("keeps the key's own when another's is refused, and marks the refused item", () => {
    const b = own(['rs_b']);
    expect(withoutRefusedReasoning(named('rs_a'), body, b)!.input).toEqual([body.input[0], body.input[1], body.input[3]]);
    expect(b.marked).toEqual(['rs_a']);
  });

  it('marks every item the retry leaves out, not only the one named: a refusal names one of several (review of 2c76c7f)', () => {
    const several = { ...body, input: [...body.input, { type: 'reasoning', id: 'rs_c', summary: [], encrypted_content: 'gAAAA-c2' }] };
    const b = own(['rs_b']);
    expect(withoutRefusedReasoning(named('rs_a'), several, b)!.input).toEqual([several.input[0], several.input[1], several.input[3]]);
    expect(b.marked).toEqual(['rs_a', 'rs_c']);
    // naming none: what the retry leaves out is marked all the same
    const c = own(['rs_b']);
    withoutRefusedReasoning(refusal('The encrypted content gAAA...Rg== could not be verified.'), several, c);
    expect(c.marked).toEqual(['rs_a', 'rs_c']);
    // the key's own refused: the others left out are marked, of its own only the refused one
    const d = own(['rs_a', 'rs_b']);
    expect(withoutRefusedReasoning(named('rs_b'), several, d)!.input).toEqual([several.input[0], several.input[1]]);
    expect(d.marked).toEqual(['rs_b', 'rs_c']);
  });

  it('leaves out all encrypted reasoning when the key refuses its own, and marks the refused item', () => {
    const b = own(['rs_a', 'rs_b']);
    expect(withoutRefusedReasoning(named('rs_b'), body, b)!.input).toEqual([body.input[0], body.input[1]]);
    expect(b.marked).toEqual(['rs_b']);
  });

  it('naming no item: keeps the own ones, or leaves out all when that would leave out nothing', () => {
    const unnamed = refusal('The encrypted content gAAA...Rg== could not be verified.');
    expect(withoutRefusedReasoning(unnamed, body, own(['rs_b']))!.input).toEqual([body.input[0], body.input[1], body.input[3]]);
    expect(withoutRefusedReasoning(unnamed, body, own(['rs_a', 'rs_b']))!.input).toEqual([body.input[0], body.input[1]]);
    expect(withoutRefusedReasoning(unnamed, body)!.input).toEqual([body.input[0], body.input[1]]);
  });

  it('no retry for a compaction item refused, an item not in the body, or another error', () => {
    expect(withoutRefusedReasoning(named('cmp_34'), body, own([]))).toBeUndefined();
    expect(withoutRefusedReasoning(named('rs_gone'), body)).toBeUndefined();
    expect(withoutRefusedReasoning(refusal("Item with id 'rs_a' not found."), body)).toBeUndefined();
  });

  it('the retry refused in turn: the item it names is marked, a compaction item or another error marks nothing', () => {
    const b = own(['rs_b']);
    noteRefusedAgain(named('cmp_34'), body, b);
    noteRefusedAgain(refusal("Item with id 'rs_b' not found."), body, b);
    noteRefusedAgain(refusal('The encrypted content gAAA...Rg== could not be verified.'), body, b);
    expect(b.marked).toEqual([]);
    noteRefusedAgain(named('rs_b'), body, b);
    expect(b.marked).toEqual(['rs_b']);
  });
});
