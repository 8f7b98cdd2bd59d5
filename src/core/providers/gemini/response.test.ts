import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../../canonical';
import { mapFinishReason, mapUsage, parseGeminiChatResponse } from './response';
import { checkReportedUsage } from '../../usage-sanity';

function failureOf(fn: () => unknown): UpstreamFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof UpstreamFailure) return e;
    throw e;
  }
  throw new Error('expected an UpstreamFailure');
}

describe('parseChatResponse', () => {
  it('splits thoughts from answer text', () => {
    const res = parseGeminiChatResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'Hello' }, { text: ' world' }] }, finishReason: 'STOP' }],
      responseId: 'r1',
      modelVersion: 'gemini-2.5-flash',
    });
    expect(res).toEqual({ id: 'r1', model: 'gemini-2.5-flash', text: 'Hello world', reasoning: 'hmm', toolCalls: [], finishReason: 'stop' });
  });

  it('names inline data (an image) it has no place for, and keeps the text around it', () => {
    const part = { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } };
    const res = parseGeminiChatResponse({ candidates: [{ content: { parts: [{ text: 'Here:' }, part, { text: ' a cat' }] }, finishReason: 'STOP' }] });
    expect(res.text).toBe('Here: a cat');
    expect(res.dropped).toEqual(['candidates.content.parts[inlineData]']);
    expect(parseGeminiChatResponse({ candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] }).dropped).toBeUndefined();
  });

  it('names the code Gemini ran (executableCode), its output (codeExecutionResult) and a file part (fileData), once each, and keeps the text', () => {
    const parts = [
      { text: 'Let me compute it.' },
      { executableCode: { language: 'PYTHON', code: 'print(2 ** 10)' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1024\n' } },
      { executableCode: { language: 'PYTHON', code: 'print(3)' } },
      { fileData: { mimeType: 'image/png', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
      { text: ' It is 1024.' },
    ];
    const res = parseGeminiChatResponse({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }] });
    expect(res.text).toBe('Let me compute it. It is 1024.');
    expect(res.dropped).toEqual([
      'candidates.content.parts[executableCode]', 'candidates.content.parts[codeExecutionResult]', 'candidates.content.parts[fileData]',
    ]);
  });

  it('turns function calls into tool calls, with Gemini ids when given and unique ones otherwise', () => {
    const body = {
      candidates: [{
        content: { parts: [
          { functionCall: { name: 'a', args: { x: 1 } } },
          { functionCall: { id: 'fc-9', name: 'b' } },
          { functionCall: { name: 'c', args: {} } },
        ] },
        finishReason: 'STOP',
      }],
    };
    const res = parseGeminiChatResponse(body);
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls.map((c) => [c.name, c.arguments])).toEqual([['a', '{"x":1}'], ['b', '{}'], ['c', '{}']]);
    expect(res.toolCalls[0]?.id).toMatch(/^call_0_[A-Za-z0-9]{10}$/);
    expect(res.toolCalls[1]?.id).toBe('fc-9');
    expect(res.toolCalls[2]?.id).toMatch(/^call_2_/);
    expect(parseGeminiChatResponse(body).toolCalls[0]?.id).not.toBe(res.toolCalls[0]?.id);
  });

  it('keeps the thoughtSignature Gemini put on a call, not the sentinel', () => {
    const res = parseGeminiChatResponse({
      candidates: [{
        content: { parts: [
          { functionCall: { name: 'a', args: {} }, thoughtSignature: 'c2lnLWE=' },
          { functionCall: { name: 'b', args: {} } },
          { functionCall: { name: 'c', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
        ] },
        finishReason: 'STOP',
      }],
    });
    expect(res.toolCalls.map((c) => c.signature)).toEqual(['c2lnLWE=', undefined, undefined]);
    expect(res.toolCalls[1]).not.toHaveProperty('signature');
  });

  it('generates an id when Gemini sends no responseId', () => {
    const res = parseGeminiChatResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }] });
    expect(res.id).toMatch(/^gemini-/);
    expect(res.usage).toBeUndefined();
  });

  it('reads an empty candidate stopped for safety as content_filter', () => {
    const res = parseGeminiChatResponse({ candidates: [{ finishReason: 'SAFETY' }] });
    expect(res.text).toBe('');
    expect(res.finishReason).toBe('content_filter');
  });

  it('throws content_filter for a blocked prompt', () => {
    const f = failureOf(() => parseGeminiChatResponse({ promptFeedback: { blockReason: 'SAFETY' } }));
    expect(f.error).toMatchObject({ kind: 'content_filter' });
    expect(f.error.message).toContain('SAFETY');
  });

  it('reads a blocked prompt as an empty filtered answer when it is forwarded (Gemini in and out)', () => {
    const res = parseGeminiChatResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } }, { forwarded: true });
    expect(res).toMatchObject({ text: '', toolCalls: [], finishReason: 'content_filter', usage: { inputTokens: 5, outputTokens: 0 } });
  });

  it.each(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL'])('throws a retryable failure naming %s and its finishMessage, even after text', (reason) => {
    const f = failureOf(() => parseGeminiChatResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'I will edit the file.' }] }, finishReason: reason, finishMessage: 'Malformed function call: edit(', index: 0 }],
      usageMetadata: { promptTokenCount: 900, totalTokenCount: 900 },
    }));
    // what Google billed for it goes with the failure (the request's row counts it)
    expect(f.error).toEqual({
      kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason}: Malformed function call: edit(`,
      billed: { inputTokens: 900, outputTokens: 0 },
    });
    const bare = failureOf(() => parseGeminiChatResponse({ candidates: [{ finishReason: reason }] })).error;
    expect(bare.message).toBe(`Gemini ended its answer with ${reason}`);
    expect(bare.billed).toBeUndefined();
  });

  it('reads an answer finished with MALFORMED_FUNCTION_CALL as sent when it is forwarded (Gemini CLI retries it itself)', () => {
    const res = parseGeminiChatResponse({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: x(' }] }, { forwarded: true });
    expect(res).toMatchObject({ text: '', toolCalls: [], finishReason: 'stop' });
  });

  it.each(['OTHER', 'LANGUAGE', 'TOO_MANY_TOOL_CALLS', 'NO_IMAGE', 'IMAGE_OTHER', 'FINISH_REASON_UNSPECIFIED', 'A_REASON_NEWER_THAN_THIS'])(
    'throws a retryable failure for a candidate ended with %s before any content, not an empty stop', (reason) => {
      const f = failureOf(() => parseGeminiChatResponse({
        candidates: [{ content: { role: 'model', parts: [{ text: 'pondering', thought: true }] }, finishReason: reason, finishMessage: 'stopped', index: 0 }],
        usageMetadata: { promptTokenCount: 40, thoughtsTokenCount: 3, totalTokenCount: 43 },
      }));
      expect(f.error).toEqual({
        kind: 'invalid_output', reachable: true, message: `Gemini ended its answer with ${reason} before any content: stopped`,
        billed: { inputTokens: 40, outputTokens: 3, reasoningTokens: 3 },
        // a stop the same request meets again on the same model is failed over at once, not tried there again
        ...(['LANGUAGE', 'TOO_MANY_TOOL_CALLS', 'NO_IMAGE', 'IMAGE_OTHER'].includes(reason) ? { repeats: true } : {}),
      });
      expect(failureOf(() => parseGeminiChatResponse({ candidates: [{ finishReason: reason }] })).error.message).toBe(`Gemini ended its answer with ${reason} before any content`);
    });

  it('reads an answer with text or a call before OTHER as the answer it is, and an empty STOP as an empty answer', () => {
    expect(parseGeminiChatResponse({ candidates: [{ content: { parts: [{ text: 'Half an answer' }] }, finishReason: 'OTHER' }] })).toMatchObject({ text: 'Half an answer', finishReason: 'stop' });
    const call = parseGeminiChatResponse({ candidates: [{ content: { parts: [{ functionCall: { name: 'ls', args: {} } }] }, finishReason: 'OTHER' }] });
    expect(call).toMatchObject({ toolCalls: [{ name: 'ls' }], finishReason: 'tool_calls' });
    expect(parseGeminiChatResponse({ candidates: [{ finishReason: 'STOP' }] })).toMatchObject({ text: '', finishReason: 'stop' });
  });

  it('reads an empty candidate ended with OTHER as sent when it is forwarded (Gemini in and out)', () => {
    expect(parseGeminiChatResponse({ candidates: [{ finishReason: 'OTHER' }] }, { forwarded: true })).toMatchObject({ text: '', finishReason: 'stop' });
  });

  it('throws for a 200 carrying an error object', () => {
    const f = failureOf(() => parseGeminiChatResponse({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }));
    expect(f.error).toMatchObject({ kind: 'overloaded', status: 503 });
  });

  it('throws for a body that is not a response at all', () => {
    expect(failureOf(() => parseGeminiChatResponse('nope')).error.kind).toBe('server');
    // JSON of no API: not relayed as Google's answer; a blocked prompt (promptFeedback, no candidates) is one
    expect(failureOf(() => parseGeminiChatResponse({ hello: 'world' }, { forwarded: true })).error.kind).toBe('server');
    expect(parseGeminiChatResponse({ promptFeedback: { blockReason: 'SAFETY' } }, { forwarded: true }).finishReason).toBe('content_filter');
  });

  it('reads an answer whose empty candidates list Google left out (usageMetadata, modelVersion, responseId only) as an empty answer', () => {
    const body = { usageMetadata: { promptTokenCount: 5000, totalTokenCount: 5000 }, modelVersion: 'gemini-2.5-flash', responseId: 'abc' };
    for (const forwarded of [true, false]) {
      expect(parseGeminiChatResponse(body, { forwarded })).toMatchObject({ id: 'abc', model: 'gemini-2.5-flash', text: '', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 5000, outputTokens: 0 } });
    }
    expect(parseGeminiChatResponse({ modelVersion: 'gemini-2.5-flash' }).text).toBe('');
    expect(parseGeminiChatResponse({ responseId: 'abc' }).id).toBe('abc');
  });
});

describe('mapFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['IMAGE_PROHIBITED_CONTENT', false, 'content_filter'],
    ['IMAGE_RECITATION', false, 'content_filter'],
    ['CONTINUATION', false, 'length'],
    ['OTHER', false, 'stop'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['FINISH_REASON_UNSPECIFIED', false, 'stop'],
  ] as const)('%s (tool calls: %s) -> %s', (reason, tools, expected) => {
    expect(mapFinishReason(reason, tools)).toBe(expected);
  });
});

describe('mapUsage', () => {
  it('counts thoughts as output and reports them as reasoning', () => {
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 20, cachedContentTokenCount: 4, totalTokenCount: 35 }))
      .toEqual({ inputTokens: 10, outputTokens: 25, cachedInputTokens: 4, reasoningTokens: 20 });
  });

  it('bills the prompt of a tool Gemini ran itself as input', () => {
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, toolUsePromptTokenCount: 300 }))
      .toEqual({ inputTokens: 310, outputTokens: 5 });
  });

  it('keeps the tier trafficType says served it (Flex costs half, Priority more), as the request names it', () => {
    for (const [traffic, tier] of [['ON_DEMAND_FLEX', 'flex'], ['ON_DEMAND_PRIORITY', 'priority'], ['ON_DEMAND', 'standard']] as const) {
      expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, trafficType: traffic })).toEqual({ inputTokens: 10, outputTokens: 5, serviceTier: tier });
    }
    // provisioned throughput and names added later: no tier the price table knows
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, trafficType: 'PROVISIONED_THROUGHPUT' })).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, trafficType: 'toString' })).toEqual({ inputTokens: 10, outputTokens: 5 });
  });

  it("keeps the tier the Gemini API's usageMetadata.serviceTier names (its field; trafficType is Vertex AI's)", () => {
    for (const [said, tier] of [['flex', 'flex'], ['FLEX', 'flex'], ['priority', 'priority'], ['standard', 'standard']] as const) {
      expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, serviceTier: said })).toEqual({ inputTokens: 10, outputTokens: 5, serviceTier: tier });
    }
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, serviceTier: 'unspecified' })).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5, serviceTier: 'constructor' })).toEqual({ inputTokens: 10, outputTokens: 5 });
  });

  it('leaves absent figures absent', () => {
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 5 })).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(mapUsage({ promptTokenCount: 3 })).toEqual({ inputTokens: 3, outputTokens: 0 });
    expect(mapUsage(undefined)).toBeUndefined();
    expect(mapUsage({ totalTokenCount: 3 })).toBeUndefined();
  });

  it('leaves the input missing when no promptTokenCount is stated (the sanity check refuses it: the row is estimated)', () => {
    for (const meta of [{ candidatesTokenCount: 5 }, { candidatesTokenCount: 5, toolUsePromptTokenCount: 300 }, { thoughtsTokenCount: 9 }, { promptTokenCount: '10', candidatesTokenCount: 5 }]) {
      const usage = mapUsage(meta as never)!;
      expect(usage.inputTokens, JSON.stringify(meta)).toBeUndefined();
      expect(checkReportedUsage(usage).ok, JSON.stringify(meta)).toBe(false);
    }
    // an absent answer count is 0 (Google leaves a 0 out), the prompt's stated: believed
    expect(checkReportedUsage(mapUsage({ promptTokenCount: 3 })!)).toEqual({ ok: true });
    expect(mapUsage({ promptTokenCount: 0, candidatesTokenCount: 0 })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});

describe('audio and grounding', () => {
  it('counts the audio part of the prompt and of its cache, which some models bill dearer', () => {
    expect(mapUsage({
      promptTokenCount: 1_200, candidatesTokenCount: 5, cachedContentTokenCount: 500,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 200 }, { modality: 'AUDIO', tokenCount: 1_000 }],
      cacheTokensDetails: [{ modality: 'AUDIO', tokenCount: 400 }, { modality: 'TEXT', tokenCount: 100 }],
    })).toEqual({ inputTokens: 1_200, outputTokens: 5, cachedInputTokens: 500, audioInputTokens: 1_000, cachedAudioInputTokens: 400 });
    // a breakdown without audio, or not a list, says nothing
    expect(mapUsage({ promptTokenCount: 3, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3 }] })).toEqual({ inputTokens: 3, outputTokens: 0 });
    expect(mapUsage({ promptTokenCount: 3, promptTokensDetails: 'AUDIO' as never })).toEqual({ inputTokens: 3, outputTokens: 0 });
  });

  it("counts an image model's image tokens and a TTS model's audio among the answer's, which some models bill dearer", () => {
    expect(mapUsage({
      promptTokenCount: 100, candidatesTokenCount: 1_300,
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }, { modality: 'IMAGE', tokenCount: 1_290 }],
    })).toEqual({ inputTokens: 100, outputTokens: 1_300, imageOutputTokens: 1_290 });
    expect(mapUsage({ promptTokenCount: 10, candidatesTokenCount: 800, candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 800 }] }))
      .toEqual({ inputTokens: 10, outputTokens: 800, audioOutputTokens: 800 });
    // text alone, or an empty entry, says nothing
    expect(mapUsage({ promptTokenCount: 3, candidatesTokenCount: 2, candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }, { modality: 'IMAGE', tokenCount: 0 }] }))
      .toEqual({ inputTokens: 3, outputTokens: 2 });
  });

  it("counts the Google Search queries each candidate's grounding ran as web searches", () => {
    const res = parseGeminiChatResponse({
      candidates: [{
        content: { parts: [{ text: 'Found it' }] }, finishReason: 'STOP',
        groundingMetadata: { webSearchQueries: ['a', 'b', 'c'], groundingChunks: [{ web: { uri: 'https://x', title: 'x' } }] },
      }],
      usageMetadata: { promptTokenCount: 1_000, toolUsePromptTokenCount: 500, candidatesTokenCount: 1_000 },
    });
    expect(res.usage).toEqual({ inputTokens: 1_500, outputTokens: 1_000, webSearchCalls: 3 });
    const none = parseGeminiChatResponse({
      candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP', groundingMetadata: {} }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 },
    });
    expect(none.usage).toEqual({ inputTokens: 1, outputTokens: 1 });
  });

  it('counts distinct query strings alone: repeats, empty and non-text entries are no searches', () => {
    const res = parseGeminiChatResponse({
      candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP', groundingMetadata: { webSearchQueries: ['a', 'a', '', 0, null, 'b', ...Array(1_000).fill('a')] } }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 },
    });
    expect(res.usage).toEqual({ inputTokens: 1, outputTokens: 1, webSearchCalls: 2 });
  });
});
