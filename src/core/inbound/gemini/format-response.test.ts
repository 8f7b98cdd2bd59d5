import { GenerateContentResponse } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical';
import { geminiAdapter } from '../../providers/gemini';
import { formatGeminiError, formatGeminiStreamError } from './format-error';
import { formatGeminiResponse } from './format-response';
import { geminiInbound } from './index';
import { safeToolName } from '../safe-tool-name';
import functionCall from '../../../../test/fixtures/gemini/function-call.response.json';

const base: CanonicalResponse = {
  id: 'chatcmpl-1', model: 'gpt-x', text: 'Hello', reasoning: 'mulling', toolCalls: [], finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 8, reasoningTokens: 3, cachedInputTokens: 4 },
};

/** The SDK's own view of a response body. */
const sdk = (body: unknown): GenerateContentResponse => Object.assign(new GenerateContentResponse(), body);

describe('formatGeminiResponse', () => {
  it('answers with one candidate, the served model, usage split as Gemini counts it', () => {
    expect(formatGeminiResponse(base, 'fo/gpt-x')).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 3, cachedContentTokenCount: 4, totalTokenCount: 18 },
      modelVersion: 'fo/gpt-x',
      responseId: 'chatcmpl-1',
    });
    expect(sdk(formatGeminiResponse(base, 'm')).text).toBe('Hello');
  });

  it('puts thoughts first as thought parts when asked, and function calls with ids and parsed args, the first signed as Gemini 3 would', () => {
    const res = formatGeminiResponse({
      ...base, text: '', finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }, { id: 'toolu_2', name: 'g', arguments: '{broken' }],
    }, 'm', { includeThoughts: true }) as any;
    expect(res.candidates[0].content.parts).toEqual([
      { text: 'mulling', thought: true },
      // Google's sentinel: the client replays this turn to whichever model serves next, Gemini 3 included
      { functionCall: { id: 'call_1', name: 'f', args: { a: 1 } }, thoughtSignature: 'skip_thought_signature_validator' },
      { functionCall: { id: 'toolu_2', name: 'g', args: {} } },
    ]);
    expect(res.candidates[0].finishReason).toBe('STOP');
    expect(sdk(res).functionCalls).toEqual([{ id: 'call_1', name: 'f', args: { a: 1 } }, { id: 'toolu_2', name: 'g', args: {} }]);
    expect(sdk(res).text).toBeUndefined();
  });

  it('leaves out a call whose arguments were cut off (max_tokens), keeping the whole ones', () => {
    const out = formatGeminiResponse({
      ...base, reasoning: undefined, text: '', finishReason: 'length',
      toolCalls: [{ id: 'a', name: 'read_file', arguments: '{"file_path":"a"}' }, { id: 'b', name: 'write_file', arguments: '{"file_path":"b","content":"ha' }],
    }, 'm') as any;
    expect(out.candidates[0].content.parts).toEqual([{ functionCall: { id: 'a', name: 'read_file', args: { file_path: 'a' } }, thoughtSignature: 'skip_thought_signature_validator' }]);
    expect(out.candidates[0].finishReason).toBe('MAX_TOKENS');
  });

  it('round-trips a Gemini function-call response through canonical', () => {
    const parsed = geminiAdapter.parseChatResponse(functionCall);
    const out = formatGeminiResponse(parsed, 'm') as any;
    const calls = functionCall.candidates[0]!.content.parts.filter((p: any) => p.functionCall).map((p: any) => ({ name: p.functionCall.name, args: p.functionCall.args }));
    expect(out.candidates[0].content.parts.map((p: any) => ({ name: p.functionCall.name, args: p.functionCall.args }))).toEqual(calls);
    expect(out.usageMetadata.promptTokenCount).toBe(functionCall.usageMetadata.promptTokenCount);
  });

  it('leaves usage out when there was none, and maps every finish reason', () => {
    expect(formatGeminiResponse({ ...base, usage: undefined }, 'm')).not.toHaveProperty('usageMetadata');
    const reasons = { length: 'MAX_TOKENS', content_filter: 'SAFETY', error: 'OTHER', tool_calls: 'STOP' } as const;
    for (const [finish, want] of Object.entries(reasons)) {
      expect((formatGeminiResponse({ ...base, finishReason: finish as 'length' }, 'm') as any).candidates[0].finishReason).toBe(want);
    }
  });
});

describe('formatGeminiError', () => {
  it('names the google.rpc status of each HTTP status the proxy answers with', () => {
    const want: Record<number, string> = {
      400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 402: 'RESOURCE_EXHAUSTED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
      405: 'UNIMPLEMENTED', 413: 'INVALID_ARGUMENT', 415: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED',
      500: 'INTERNAL', 502: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED', 418: 'FAILED_PRECONDITION',
    };
    for (const [status, rpc] of Object.entries(want)) {
      expect(formatGeminiError(Number(status), 'whatever', 'msg')).toEqual({ error: { code: Number(status), message: 'msg', status: rpc } });
    }
    expect(formatGeminiStreamError(503, 'overloaded_error', 'busy')).toBe('data: {"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}\n\n');
  });
});

describe('tool names OpenAI and Anthropic refuse (Gemini CLI MCP tools)', () => {
  const DOTTED = 'mcp_tix_tickets.lookup';
  const body = {
    contents: [
      { role: 'user', parts: [{ text: 'look up T-1' }] },
      { role: 'model', parts: [{ functionCall: { id: 'c1', name: DOTTED, args: { id: 'T-1' } } }] },
      { role: 'user', parts: [{ functionResponse: { id: 'c1', name: DOTTED, response: { output: 'open' } } }] },
    ],
    tools: [{ functionDeclarations: [{ name: DOTTED, parameters: { type: 'OBJECT' } }, { name: 'read_file' }] }],
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [DOTTED] } },
  };
  const safe = safeToolName(DOTTED);

  it('travel under a safe name, the call in the history too, and come back as the client declared them', () => {
    const codec = geminiInbound({ model: 'm', stream: false });
    const { request } = codec.toCanonical(body);
    expect(safe).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(request.tools!.map((t) => t.name)).toEqual([safe, 'read_file']);
    expect(request.toolChoice).toEqual({ name: safe });
    expect(request.messages[1]).toMatchObject({ toolCalls: [{ id: 'c1', name: safe }] });
    const res = codec.formatResponse({ ...base, text: '', finishReason: 'tool_calls', toolCalls: [{ id: 'c2', name: safe, arguments: '{"id":"T-2"}' }] }, 'm') as any;
    expect(res.candidates[0].content.parts[0].functionCall).toEqual({ id: 'c2', name: DOTTED, args: { id: 'T-2' } });
  });

  it('come back as declared in a stream too', () => {
    const codec = geminiInbound({ model: 'm', stream: true });
    codec.toCanonical(body);
    const enc = codec.createStreamEncoder({ id: 'r', servedModel: 'm', includeUsage: true, estimatedInputTokens: 1 });
    enc.encode({ type: 'tool-call-start', index: 0, id: 'c2', name: safe });
    enc.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '{}' });
    expect(enc.end()).toContain(`"name":"${DOTTED}"`);
  });
});

describe('an answer with nothing to say', () => {
  it('has one empty text part, as Gemini sends, never parts: [] (which @google/genai chats drop from the history)', () => {
    const res = formatGeminiResponse({ ...base, text: '', reasoning: '' }, 'm') as any;
    expect(res.candidates[0].content.parts).toEqual([{ text: '' }]);
  });
});
