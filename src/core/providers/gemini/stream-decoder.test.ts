import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { createGeminiStreamDecoder } from './stream-decoder';
import { decodeAll } from '../../../../test/fixtures/gemini/replay';
import { checkReportedUsage } from '../../usage-sanity';

const ev = (obj: unknown) => ({ data: JSON.stringify(obj) });
const textChunk = (text: string, extra: Record<string, unknown> = {}) =>
  ev({ candidates: [{ content: { role: 'model', parts: [{ text }] }, ...extra }], responseId: 'r-1', modelVersion: 'gemini-2.5-flash' });

function types(parts: StreamPart[]): string[] {
  return parts.map((p) => p.type);
}

describe('createStreamDecoder', () => {
  it('emits start once, deltas per part, then usage and finish at the finishReason', () => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ content: { parts: [{ text: 'Hel' }] } }], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 }, responseId: 'r-1', modelVersion: 'gemini-2.5-flash' }),
      ev({ candidates: [{ content: { parts: [{ text: 'lo' }] } }], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1 }, responseId: 'r-1' }),
      ev({ candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, thoughtsTokenCount: 3 }, responseId: 'r-1' }),
    ]);
    expect(parts).toEqual([
      // the prompt's size is on the first chunk already: announced with start
      { type: 'start', id: 'r-1', model: 'gemini-2.5-flash', inputTokens: 5 },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'text-delta', text: '!' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 5, reasoningTokens: 3 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('leaves the input missing when the last usageMetadata states no promptTokenCount (the row is estimated)', () => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }], usageMetadata: { candidatesTokenCount: 2 }, responseId: 'r-1' }),
    ]);
    const usage = parts.find((p) => p.type === 'usage');
    expect(usage?.type === 'usage' && usage.usage.inputTokens).toBeUndefined();
    expect(usage?.type === 'usage' && checkReportedUsage(usage.usage).ok).toBe(false);
    expect(checkReportedUsage(d.runningUsage!()!).ok).toBe(false);
  });

  it('names inline data (an image) it has no part for, from the chunk that brought it', () => {
    const d = createGeminiStreamDecoder();
    const image = ev({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] } }], responseId: 'r-1' });
    expect(types(d.push(textChunk('A cat:')))).toEqual(['start', 'text-delta']);
    expect(d.droppedParts?.()).toEqual([]);
    expect(d.push(image)).toEqual([]);
    expect(d.droppedParts?.()).toEqual(['candidates.content.parts[inlineData]']);
    expect(types([...d.push(textChunk('!', { finishReason: 'STOP' })), ...d.end()])).toEqual(['text-delta', 'finish']);
    expect(d.droppedParts?.()).toEqual(['candidates.content.parts[inlineData]']);
  });

  it('names the code Gemini ran, its output and a file part, once each, in the order they came', () => {
    const d = createGeminiStreamDecoder();
    const parts = (p: unknown[]) => ev({ candidates: [{ content: { parts: p }, index: 0 }], responseId: 'r-1' });
    expect(d.push(parts([{ executableCode: { language: 'PYTHON', code: 'print(1)' } }]))).toEqual([{ type: 'start', id: 'r-1', model: '' }]);
    expect(d.push(parts([{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1' } }, { executableCode: { language: 'PYTHON', code: 'print(2)' } }]))).toEqual([]);
    expect(d.droppedParts?.()).toEqual(['candidates.content.parts[executableCode]', 'candidates.content.parts[codeExecutionResult]']);
    d.push(parts([{ fileData: { mimeType: 'video/mp4', fileUri: 'https://example.com/v.mp4' } }]));
    expect(types([...d.push(textChunk('Done.', { finishReason: 'STOP' })), ...d.end()])).toEqual(['text-delta', 'finish']);
    expect(d.droppedParts?.()).toEqual([
      'candidates.content.parts[executableCode]', 'candidates.content.parts[codeExecutionResult]', 'candidates.content.parts[fileData]',
    ]);
  });

  it('announces the cached part of the prompt with start', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [
      ev({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 1 }, responseId: 'r-2' }),
    ]);
    expect(parts[0]).toEqual({ type: 'start', id: 'r-2', model: '', inputTokens: 100, cachedInputTokens: 60 });
  });

  it('tells the latest running usage (output and thoughts so far), for a stream cut short', () => {
    const d = createGeminiStreamDecoder();
    expect(d.runningUsage!()).toBeUndefined();
    d.push(ev({ candidates: [{ content: { parts: [{ text: 'Hi' }] } }], usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 1 } }));
    expect(d.runningUsage!()).toEqual({ inputTokens: 100, cachedInputTokens: 60, outputTokens: 1 });
    // cumulative: the latest chunk's figures, thoughts billed as output
    d.push(ev({ candidates: [{ content: { parts: [{ text: ' there' }] } }], usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 2, thoughtsTokenCount: 300 } }));
    expect(d.runningUsage!()).toEqual({ inputTokens: 100, cachedInputTokens: 60, outputTokens: 302, reasoningTokens: 300 });
  });

  it('streams thoughts as reasoning deltas and skips empty text', () => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ content: { parts: [{ text: 'thinking...', thought: true }, { text: '' }] } }] }),
      textChunk('answer', { finishReason: 'STOP' }),
    ]);
    expect(parts.filter((p) => p.type.endsWith('-delta'))).toEqual([
      { type: 'reasoning-delta', text: 'thinking...' },
      { type: 'text-delta', text: 'answer' },
    ]);
    expect(parts[0]).toMatchObject({ type: 'start', model: '' });
    expect((parts[0] as { id: string }).id).toMatch(/^gemini-/);
  });

  it('emits a whole function call as tool-call-start plus one delta, and finishes with tool_calls', () => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ content: { parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] } }] }),
      ev({ candidates: [{ content: { parts: [{ functionCall: { id: 'g-2', name: 'get_time', args: {} } }] }, finishReason: 'STOP' }] }),
    ]);
    expect(types(parts)).toEqual(['start', 'tool-call-start', 'tool-call-delta', 'tool-call-start', 'tool-call-delta', 'finish']);
    expect(parts[1]).toMatchObject({ type: 'tool-call-start', index: 0, name: 'get_weather' });
    expect((parts[1] as { id: string }).id).toMatch(/^call_0_/);
    expect(parts[2]).toEqual({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' });
    expect(parts[3]).toEqual({ type: 'tool-call-start', index: 1, id: 'g-2', name: 'get_time' });
    expect(parts[5]).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('carries the thoughtSignature Gemini put on a call on its tool-call-start', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [
      ev({ candidates: [{ content: { parts: [{ functionCall: { id: 'g-1', name: 'f', args: {} }, thoughtSignature: 'c2lnLWE=' }, { functionCall: { id: 'g-2', name: 'f', args: {} } }] }, finishReason: 'STOP' }] }),
    ]);
    expect(parts.filter((p) => p.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'g-1', name: 'f', signature: 'c2lnLWE=' },
      { type: 'tool-call-start', index: 1, id: 'g-2', name: 'f' },
    ]);
  });

  it('emits exactly one usage part even when usage keeps coming after the finish', () => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      textChunk('a', { finishReason: 'STOP' }),
      ev({ usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 9 } }),
    ]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'finish', 'usage']);
    expect(parts.filter((p) => p.type === 'usage')).toHaveLength(1);
    expect(parts[3]).toEqual({ type: 'usage', usage: { inputTokens: 9, outputTokens: 9 } });
  });

  it('with several candidates, answers with candidate 0 and reports the total that grew after its finish', () => {
    const cand = (index: number, text: string, extra: Record<string, unknown> = {}) => ({ content: { role: 'model', parts: [{ text }] }, index, ...extra });
    const parts = decodeAll(createGeminiStreamDecoder(), [
      ev({ candidates: [cand(1, 'B1')], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }),
      ev({ candidates: [cand(0, 'A1')], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }),
      ev({ candidates: [cand(0, 'A2', { finishReason: 'STOP' })], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4 } }),
      ev({ candidates: [cand(1, 'B2', { finishReason: 'STOP' })], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 8 } }),
    ]);
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'A1' }, { type: 'text-delta', text: 'A2' }]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'text-delta', 'usage', 'finish', 'usage']);
    expect(parts.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 8 } });
  });

  it('reports the same figures once, though Google repeats them after the finish', () => {
    const meta = { promptTokenCount: 3, candidatesTokenCount: 1 };
    const parts = decodeAll(createGeminiStreamDecoder(), [textChunk('a', { finishReason: 'STOP' }), ev({ usageMetadata: meta }), ev({ usageMetadata: meta })]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'finish', 'usage']);
    const again = decodeAll(createGeminiStreamDecoder(), [ev({ candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' }], usageMetadata: meta }), ev({ usageMetadata: meta })]);
    expect(types(again)).toEqual(['start', 'text-delta', 'usage', 'finish']);
  });

  it('reports no usage when Gemini sent none', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [textChunk('a', { finishReason: 'STOP' })]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'finish']);
  });

  it('maps MAX_TOKENS and SAFETY finish reasons', () => {
    const len = decodeAll(createGeminiStreamDecoder(), [textChunk('a', { finishReason: 'MAX_TOKENS' })]);
    expect(len.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
    const safety = decodeAll(createGeminiStreamDecoder(), [ev({ candidates: [{ finishReason: 'SAFETY' }] })]);
    expect(safety.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
  });

  it('ends with a non-retryable stream error when no finishReason arrived', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [textChunk('a')]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'error']);
    expect(parts[2]).toMatchObject({ type: 'error', error: { kind: 'stream' } });
  });

  it.each(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL'])('ends an answer finished with %s with a retryable error naming it, its usage first', (reason) => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ finishReason: reason, finishMessage: 'Malformed function call: print(default_api.write_file(', index: 0 }], usageMetadata: { promptTokenCount: 900, totalTokenCount: 900 }, responseId: 'r-m' }),
    ]);
    expect(parts).toEqual([
      { type: 'start', id: 'r-m', model: '', inputTokens: 900 },
      { type: 'usage', usage: { inputTokens: 900, outputTokens: 0 } },
      {
        type: 'error',
        error: {
          kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason}: Malformed function call: print(default_api.write_file(`,
          billed: { inputTokens: 900, outputTokens: 0 },
        },
      },
    ]);
    // nothing after it: the end adds no stop of its own
    expect(d.end()).toEqual([]);
  });

  it('ends with that error after text already streamed (the relay then ends the client\'s stream with an error event)', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [textChunk('Let me write it.'), ev({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }] })]);
    expect(types(parts)).toEqual(['start', 'text-delta', 'error']);
    expect(parts[2]).toEqual({ type: 'error', error: expect.objectContaining({ kind: 'invalid_output', message: 'Gemini ended its answer with MALFORMED_FUNCTION_CALL' }) });
  });

  it.each(['OTHER', 'LANGUAGE', 'NO_IMAGE', 'FINISH_REASON_UNSPECIFIED'])('ends a stream stopped with %s before any content with a retryable error, not a stop', (reason) => {
    const d = createGeminiStreamDecoder();
    const parts = decodeAll(d, [
      ev({ candidates: [{ content: { parts: [{ text: 'hmm', thought: true }] }, index: 0 }], responseId: 'r-o' }),
      ev({ candidates: [{ finishReason: reason, index: 0 }], usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 } }),
    ]);
    expect(types(parts)).toEqual(['start', 'reasoning-delta', 'usage', 'error']);
    expect(parts[3]).toEqual({
      type: 'error',
      error: {
        kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason} before any content`, billed: { inputTokens: 12, outputTokens: 0 },
        ...(reason === 'LANGUAGE' || reason === 'NO_IMAGE' ? { repeats: true } : {}),
      },
    });
    expect(d.end()).toEqual([]);
  });

  it('finishes a stream stopped with OTHER after text as it is, and forwards an empty one as sent', () => {
    const after = decodeAll(createGeminiStreamDecoder(), [textChunk('Half'), ev({ candidates: [{ finishReason: 'OTHER', index: 0 }] })]);
    expect(after.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    const forwarded = decodeAll(createGeminiStreamDecoder({ forwarded: true }), [ev({ candidates: [{ finishReason: 'OTHER', index: 0 }] })]);
    expect(types(forwarded)).toEqual(['start', 'finish']);
  });

  it('forwards an answer finished with MALFORMED_FUNCTION_CALL as sent (Gemini CLI retries it itself)', () => {
    const parts = decodeAll(createGeminiStreamDecoder({ forwarded: true }), [ev({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }] })]);
    expect(types(parts)).toEqual(['start', 'finish']);
  });

  it('turns malformed JSON into a stream error and ignores what follows', () => {
    const d = createGeminiStreamDecoder();
    expect(d.push(textChunk('a'))).toHaveLength(2);
    const bad = d.push({ data: '{"candidates": [' });
    expect(bad).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'stream' }) }]);
    expect(d.push(textChunk('b', { finishReason: 'STOP' }))).toEqual([]);
    expect(d.end()).toEqual([]);
  });

  it('turns an error object in a chunk into an error part', () => {
    const d = createGeminiStreamDecoder();
    const parts = d.push(ev({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } }));
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'rate_limit', status: 429 }) }]);
    expect(d.end()).toEqual([]);
  });

  it('reports a blocked prompt as content_filter before any start', () => {
    const d = createGeminiStreamDecoder();
    const parts = d.push(ev({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 4 } }));
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'content_filter' }) }]);
    expect(d.end()).toEqual([]);
  });

  it('reads a blocked prompt as an empty filtered answer when it is forwarded (Gemini in and out)', () => {
    const d = createGeminiStreamDecoder({ forwarded: true });
    const parts = d.push(ev({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 }, responseId: 'r-b' }));
    expect(parts).toEqual([
      { type: 'start', id: 'r-b', model: '', inputTokens: 4 },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 0 } },
      { type: 'finish', finishReason: 'content_filter' },
    ]);
    expect(d.end()).toEqual([]);
  });

  it('ignores empty keep-alive events', () => {
    const d = createGeminiStreamDecoder();
    expect(d.push({ data: '' })).toEqual([]);
    expect(d.push({ data: '  ' })).toEqual([]);
  });
});

describe('audio and grounding in a stream', () => {
  it('reports the audio split and the search queries of groundingMetadata that arrives after the finish', () => {
    const parts = decodeAll(createGeminiStreamDecoder(), [
      textChunk('Fo', { index: 0 }),
      ev({
        candidates: [{ content: { parts: [{ text: 'und' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 900, candidatesTokenCount: 2, promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 800 }] },
      }),
      ev({ candidates: [{ index: 0, groundingMetadata: { webSearchQueries: ['a', 'b', 'c'] } }] }),
    ]);
    const usages = parts.filter((p) => p.type === 'usage');
    expect(usages.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 900, outputTokens: 2, audioInputTokens: 800, webSearchCalls: 3 } });
    // the search's part too, which an Anthropic client gets as its blocks (the encoders end the answer at the stream's end)
    expect(types(parts).slice(-4)).toEqual(['usage', 'finish', 'web-search', 'usage']);
    expect(parts.find((p) => p.type === 'web-search')).toEqual({ type: 'web-search', search: { queries: ['a', 'b', 'c'], sources: [] } });
  });

  it('counts the queries once when groundingMetadata repeats, and in the running usage', () => {
    const d = createGeminiStreamDecoder();
    const grounding = { groundingMetadata: { webSearchQueries: ['a', 'b'] } };
    d.push(ev({ candidates: [{ content: { parts: [{ text: 'a' }] }, ...grounding }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1 } }));
    d.push(ev({ candidates: [{ content: { parts: [{ text: 'b' }] }, ...grounding }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2 } }));
    expect(d.runningUsage!()).toEqual({ inputTokens: 10, outputTokens: 2, webSearchCalls: 2 });
  });

  it('keeps the sources a later chunk than the queries brings, and every query once, in one part at the end', () => {
    const source = (uri: string, title?: string) => ({ web: { uri, ...(title ? { title } : {}) } });
    const parts = decodeAll(createGeminiStreamDecoder(), [
      textChunk('Spain', { groundingMetadata: { webSearchQueries: ['who won euro 2024'] } }),
      // a chunk with metadata alone (LiteLLM #28884, #29167 meet them mid-stream)
      ev({ candidates: [{ index: 0, groundingMetadata: { webSearchQueries: ['who won euro 2024', 'euro 2024 final'], groundingChunks: [source('https://g/1')] } }] }),
      ev({
        candidates: [{ content: { parts: [{ text: ' won.' }] }, finishReason: 'STOP',
          groundingMetadata: { webSearchQueries: ['who won euro 2024'], groundingChunks: [source('https://g/1', 'uefa.com'), source('https://g/2', 'bbc.com')] } }],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5 },
      }),
    ]);
    const searches = parts.filter((p) => p.type === 'web-search');
    expect(searches).toEqual([{ type: 'web-search', search: {
      queries: ['who won euro 2024', 'euro 2024 final'],
      sources: [{ url: 'https://g/1', title: 'uefa.com' }, { url: 'https://g/2', title: 'bbc.com' }],
    } }]);
    expect(types(parts).slice(-2)).toEqual(['finish', 'web-search']);
    expect(parts.filter((p) => p.type === 'usage').at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 10, outputTokens: 5, webSearchCalls: 2 } });
  });
});
