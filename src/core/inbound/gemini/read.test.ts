import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { readGeminiRequest } from './read';
import firstTurn from '../../../../test/fixtures/gemini/cli-first-turn.request.json';
import toolResult from '../../../../test/fixtures/gemini/cli-tool-result.request.json';
import classifier from '../../../../test/fixtures/gemini/cli-classifier.request.json';

const call = { model: 'gemini-2.5-flash', stream: true };
const read = (body: unknown, c = call) => readGeminiRequest(body as Record<string, unknown>, c);
const user = (...parts: unknown[]) => ({ contents: [{ role: 'user', parts }] });

describe('readGeminiRequest: tools Google runs itself', () => {
  // Gemini CLI 0.61's google_web_search: the "web-search" model config (gemini-3-flash-base, temperature 0, topP 1)
  const webSearch = { ...user({ text: 'latest node release' }), generationConfig: { temperature: 0, topP: 1 }, tools: [{ googleSearch: {} }] };

  it("Gemini CLI's web search request (googleSearch alone) is held to Gemini, saying why", () => {
    const r = read(webSearch);
    expect(r.servableBy).toEqual(['gemini']);
    expect(r.servableWhy).toBe('Google Search tool (googleSearch)');
    // its web fetch (urlContext), snake_case keys, and several tools Google runs together
    expect(read({ ...webSearch, tools: [{ urlContext: {} }] }).servableWhy).toBe('URL context tool (urlContext)');
    const both = read({ ...webSearch, tools: [{ google_search: {} }, { code_execution: {} }, { googleSearch: {} }] });
    expect(both.servableBy).toEqual(['gemini']);
    expect(both.servableWhy).toBe('Google Search tool (googleSearch) and code execution tool (codeExecution)');
    // an empty function list is no client tool
    expect(read({ ...webSearch, tools: [{ functionDeclarations: [] }, { googleSearchRetrieval: {} }] }).servableBy).toEqual(['gemini']);
  });

  it('functionCallingConfig mode NONE still holds it: it governs function calls, not the Google Search grounding', () => {
    const none = read({ ...webSearch, toolConfig: { functionCallingConfig: { mode: 'NONE' } } });
    expect(none.servableBy).toEqual(['gemini']);
  });

  it('functions beside a Google tool, or a tool not known to run at Google, keep the request routable anywhere', () => {
    const fn = { functionDeclarations: [{ name: 'f', parameters: { type: 'object' } }] };
    expect(read({ ...webSearch, tools: [fn, { googleSearch: {} }] }).servableBy).toBeUndefined();
    expect(read({ ...webSearch, tools: [{ googleSearch: {}, ...fn }] }).servableBy).toBeUndefined();
    expect(read({ ...webSearch, tools: [{ computerUse: { environment: 'ENVIRONMENT_BROWSER' } }] }).servableBy).toBeUndefined();
    expect(read({ ...webSearch, tools: [{ googleSearch: {} }, { someFutureTool: {} }] }).servableBy).toBeUndefined();
    expect(read({ ...webSearch, tools: [{ constructor: {} }] }).servableBy).toBeUndefined();
    expect(read({ ...webSearch, tools: [] }).servableBy).toBeUndefined();
    expect(read(firstTurn).servableBy).toBeUndefined();
  });
});

describe('readGeminiRequest on what Gemini CLI 0.61 sends', () => {
  it('reads the first turn: model and stream from the URL, tools, thoughts asked for, nothing native', () => {
    const r = read(firstTurn);
    expect(r).toMatchObject({ model: 'gemini-2.5-flash', stream: true, includeUsage: true, includeThoughts: true, nativeFeatures: [] });
    expect(r.capabilities.sort()).toEqual(['chat', 'tools']);
    expect(r.messageCount).toBe(2);
    expect(r.texts.some((t) => t.startsWith('You are Gemini CLI') || t.includes('Gemini CLI'))).toBe(true);
    expect(r.texts).toContain('PLEASE_READ notes.txt');
    // fifteen function declarations: counted, not scanned
    expect(r.schemaChars).toBeGreaterThan(5000);
    expect(r.servableBy).toBeUndefined();
  });

  it('reads a tool round trip: the call and the file content, the skip signature is not a feature', () => {
    const r = read(toolResult);
    expect(r.texts).toContain('read_file');
    expect(r.texts).toContain('secret content 42\n');
    expect(r.nativeFeatures).toEqual([]);
  });

  it('reads the router classifier call as needing JSON output', () => {
    const r = read(classifier, { model: 'gemini-3.5-flash-lite', stream: false });
    expect(r.capabilities.sort()).toEqual(['chat', 'json']);
    expect(r.stream).toBe(false);
  });
});

describe('readGeminiRequest', () => {
  it('takes snake_case field names as the REST API does', () => {
    const r = read({
      system_instruction: { parts: [{ text: 'sys' }] },
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: 'AA==' } }, { text: 'look' }] }],
      generation_config: { max_output_tokens: 99, response_mime_type: 'application/json' },
    });
    expect(r.texts).toEqual(['sys', 'look']);
    expect(r.maxOutputTokens).toBe(99);
    expect(r.capabilities.sort()).toEqual(['chat', 'json', 'vision']);
    expect(r.mediaCount).toBe(1);
  });

  it('names what only Gemini carries, and what only Gemini can serve', () => {
    const native = read({
      ...user({ text: 'x' }),
      safetySettings: [], tools: [{ googleSearch: {} }, { codeExecution: {} }],
    });
    expect(native.nativeFeatures.sort()).toEqual(['safetySettings', 'tools.codeExecution', 'tools.googleSearch']);
    // tools Google runs, and no function: only Gemini can answer (below)
    expect(native.servableBy).toEqual(['gemini']);
    expect(read({ ...user({ text: 'x' }), safetySettings: [] }).servableBy).toBeUndefined();
    // the cached context lives at Google: another provider would answer without it
    const cached = read({ ...user({ text: 'x' }), cachedContent: 'cachedContents/1' });
    expect(cached.nativeFeatures).toEqual(['cachedContent']);
    expect(cached.servableBy).toEqual(['gemini']);
    const signed = read({ contents: [{ role: 'model', parts: [{ functionCall: { name: 'f' }, thoughtSignature: 'abc' }] }] });
    expect(signed.nativeFeatures).toEqual(['thought signatures']);
    for (const body of [
      user({ inlineData: { mimeType: 'video/mp4', data: 'AA==' } }),
      user({ fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } }),
      user({ fileData: { fileUri: 'https://www.youtube.com/watch?v=x' } }),
      { ...user({ text: 'x' }), generationConfig: { candidateCount: 2 } },
      { ...user({ text: 'x' }), generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } },
    ]) expect(read(body).servableBy).toEqual(['gemini']);
    // named, so the model left out for it says why (as chat's n > 1 does)
    expect(read({ ...user({ text: 'x' }), generationConfig: { candidateCount: 2 } }).servableWhy).toBe('generationConfig.candidateCount > 1 (more than one candidate)');
    expect(read({ ...user({ text: 'x' }), generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } }).servableWhy).toBe('generationConfig.responseModalities IMAGE');
    expect(read(user({ inlineData: { mimeType: 'video/mp4', data: 'AA==' } })).servableWhy).toBe('video/mp4 (only Gemini reads it)');
    expect(read({ ...user({ text: 'x' }), cachedContent: 'cachedContents/1' }).servableWhy).toBe('cachedContent (held by Google)');
    expect(read(user({ inlineData: { mimeType: 'audio/wav', data: 'AA==' } })).servableBy).toEqual(['chat', 'gemini']);
    expect(read(user({ fileData: { mimeType: 'image/png', fileUri: 'https://example.com/a.png' } })).servableBy).toBeUndefined();
    // a PDF by URL: Chat Completions takes files only inline
    expect(read(user({ fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/a.pdf' } })).servableBy).toEqual(['messages', 'responses', 'gemini']);
  });

  it('never refuses a part or field it does not know', () => {
    const r = read({ ...user({ text: 'x' }, { futurePart: { words: 'hello there' } }), futureField: 1 });
    expect(r.texts).toContain('hello there');
    expect(r.nativeFeatures).toEqual(['part futurePart']);
  });

  it.each([
    ['no contents', {}],
    ['empty contents', { contents: [] }],
    ['contents not a list', { contents: {} }],
    ['a content not an object', { contents: ['hi'] }],
    ['parts not a list', { contents: [{ parts: {} }] }],
    ['a bad maxOutputTokens', { ...user({ text: 'x' }), generationConfig: { maxOutputTokens: -1 } }],
  ])('refuses %s', (_what, body) => {
    expect(() => read(body)).toThrow(RequestValidationError);
  });

  it('refuses a URL without a model', () => {
    expect(() => read(user({ text: 'x' }), { model: '', stream: false })).toThrow(RequestValidationError);
  });
});
