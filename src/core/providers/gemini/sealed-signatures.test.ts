import { describe, expect, it, vi } from 'vitest';
import { readGeminiRequest } from '../../inbound/gemini/read';
import { SKIP_THOUGHT_SIGNATURE } from './request';
import { geminiAdapter } from './index';

// what a sealed value looks like is switchboard-thinking.ts's business: here, one that says so
vi.mock('../../switchboard-thinking', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../switchboard-thinking')>()),
  isSealedThinking: (v: unknown): boolean => typeof v === 'string' && v.startsWith('SEALED:'),
}));

const call = { model: 'gemini-2.5-pro', stream: false };
const target = { baseUrl: 'https://generativelanguage.googleapis.com', modelName: 'gemini-3-pro-preview', apiKey: 'k' };

/** A model turn's call part as a Gemini client sends Claude's sealed thinking back. */
const sealedCallPart = (): Record<string, unknown> => ({ functionCall: { id: 't1', name: 'run', args: {} }, thoughtSignature: 'SEALED:blocks' });

const turns = (modelPart: Record<string, unknown>) => ({
  contents: [
    { role: 'user', parts: [{ text: 'go' }] },
    { role: 'model', parts: [{ text: 'Reading.' }, modelPart] },
    { role: 'user', parts: [{ functionResponse: { id: 't1', name: 'run', response: { output: 'ok' } } }] },
  ],
});

describe('sealed thinking in a forwarded Gemini body', () => {
  it('is noted by the read, under either spelling; a signature of Google\'s own or the sentinel is not', () => {
    const sealed = sealedCallPart();
    expect(readGeminiRequest(turns(sealed), call).sealedThinking).toBe(true);
    const { thoughtSignature, ...bare } = sealed;
    expect(readGeminiRequest(turns({ ...bare, thought_signature: thoughtSignature }), call).sealedThinking).toBe(true);
    expect(readGeminiRequest(turns({ ...bare, thoughtSignature: 'CiQBjz1rX', thought_signature: thoughtSignature }), call).sealedThinking).toBe(true);
    expect(readGeminiRequest(turns({ ...bare, thoughtSignature: 'CiQBjz1rX' }), call)).not.toHaveProperty('sealedThinking');
    expect(readGeminiRequest(turns({ ...bare, thoughtSignature: SKIP_THOUGHT_SIGNATURE }), call)).not.toHaveProperty('sealedThinking');
  });

  it('goes as the sentinel when the read found it; the parts are not walked again when it found none', () => {
    const body = turns(sealedCallPart());
    const sent = JSON.parse(geminiAdapter.buildForwardRequest(body, target, { stream: false, sealedThinking: true }).body as string);
    expect(sent.contents[1].parts[1].thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    // not said by the read (another caller): looked for all the same
    expect(JSON.parse(geminiAdapter.buildForwardRequest(body, target, { stream: false }).body as string)).toEqual(sent);
    // a part that counts how often its signature is read: JSON.stringify reads it once, a walk of the parts more
    let reads = 0;
    const counted: Record<string, unknown> = { functionCall: { id: 't1', name: 'run', args: {} } };
    Object.defineProperty(counted, 'thoughtSignature', { enumerable: true, get: () => (reads++, 'CiQBjz1rX') });
    const plain = turns(counted);
    const stringified = (reads = 0, JSON.stringify(plain), reads);
    reads = 0;
    const out = geminiAdapter.buildForwardRequest(plain, target, { stream: false, sealedThinking: false });
    expect(reads).toBe(stringified);
    expect(out.body).toBe(JSON.stringify(plain));
  });
});
