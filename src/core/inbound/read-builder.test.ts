import { describe, expect, it } from 'vitest';
import { ReadBuilder } from './read-builder';
import { readGeminiRequest } from './gemini/read';
import { readAnthropicRequest } from './anthropic/read';
import { readOpenAIChatRequest } from './openai/read';
import { readResponsesRequest } from './responses/read';
import { detectSecretsInTexts } from '../privacy';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('ReadBuilder.onlyOn', () => {
  it('names what holds the request to some APIs when every holder said, and nothing when one did not', () => {
    const build = (f: (r: ReadBuilder) => void) => {
      const r = new ReadBuilder();
      f(r);
      return r.build({ model: 'm', stream: false, includeUsage: false });
    };
    expect(build((r) => r.onlyOn(['chat'], 'n > 1'))).toMatchObject({ servableBy: ['chat'], servableWhy: 'n > 1' });
    expect(build((r) => { r.onlyOn(['chat', 'gemini'], 'input_audio'); r.onlyOn(['chat'], 'n > 1'); r.onlyOn(['chat'], 'n > 1'); }))
      .toMatchObject({ servableBy: ['chat'], servableWhy: 'input_audio, n > 1' });
    const unnamed = build((r) => { r.onlyOn(['chat'], 'n > 1'); r.onlyOn(['chat', 'responses']); });
    expect(unnamed.servableBy).toEqual(['chat']);
    expect(unnamed.servableWhy).toBeUndefined();
    expect(build(() => {}).servableWhy).toBeUndefined();
  });
});

describe('ReadBuilder walkers', () => {
  it('values: a tool argument or result is read whatever its keys, media payloads aside', () => {
    const r = new ReadBuilder();
    r.values({
      data: `GITHUB=${SECRET}`,
      url: `https://api.example.com/?access_token=${SECRET}`,
      signature: 'signed-by-me',
      nested: { file_id: 'file-1', list: [{ data: 'deep' }] },
      image: { mimeType: 'image/png', data: PNG },
      shot: `data:image/png;base64,${PNG}`,
      log: 'data: {"event":"ping"}',
    });
    expect(r.texts).toEqual(expect.arrayContaining([`GITHUB=${SECRET}`, `https://api.example.com/?access_token=${SECRET}`, 'signed-by-me', 'file-1', 'deep', 'image/png', 'data: {"event":"ping"}']));
    expect(r.texts.some((t) => t.includes(PNG))).toBe(false);
  });

  it('strings: an unknown block keeps its model state and media unread, and its other keys read', () => {
    const r = new ReadBuilder();
    r.strings({ type: 'mystery', signature: 'sig', encrypted_content: 'enc', data: 'plain words', source: { media_type: 'image/png', data: PNG }, url: 'https://x.test/a' });
    expect(r.texts).toEqual(['mystery', 'plain words', 'image/png', 'https://x.test/a']);
  });
});

describe('tool arguments and results reach the privacy guard (under keys once skipped as opaque)', () => {
  it('Gemini functionResponse.response.data and functionCall.args.url', () => {
    const read = readGeminiRequest({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'fetch', args: { url: `https://h.test/?access_token=${SECRET}` } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'env', response: { data: `GITHUB=${SECRET}` } } }] },
      ],
    }, { model: 'gemini-2.5-flash', stream: false });
    expect(read.texts).toContain(`GITHUB=${SECRET}`);
    expect(read.texts).toContain(`https://h.test/?access_token=${SECRET}`);
    expect(detectSecretsInTexts(read.texts)).toContain('github_token');
  });

  it('Anthropic tool_use.input.data', () => {
    const read = readAnthropicRequest({
      model: 'claude-sonnet-4-5', max_tokens: 100,
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'put', input: { data: SECRET } }] }],
    });
    expect(detectSecretsInTexts(read.texts)).toEqual(['github_token']);
  });
});

describe('text files sent base64 are read as the text they hold', () => {
  const env = `GITHUB_TOKEN=${SECRET}\n`;
  const b64 = Buffer.from(env).toString('base64');

  it('Gemini inlineData text/plain', () => {
    const read = readGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'check' }, { inlineData: { mimeType: 'text/plain', data: b64 } }] }] }, { model: 'gemini-2.5-flash', stream: false });
    expect(read.texts).toContain(env);
    expect(detectSecretsInTexts(read.texts)).toEqual(['github_token', 'dotenv_secret']);
  });

  it('a chat file part and a Responses input_file with a text/plain data URL', () => {
    const chat = readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: '.env', file_data: `data:text/plain;base64,${b64}` } }] }] });
    expect(chat.texts).toContain(env);
    expect(chat.capabilities).toContain('documents');
    const responses = readResponsesRequest({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', filename: '.env', file_data: `data:text/plain;base64,${b64}` }] }] });
    expect(responses.texts).toContain(env);
  });

  it('a PDF or an image stays unread, and a text file inside a tool result is decoded', () => {
    const chat = readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: `data:application/pdf;base64,${b64}` } }] }] });
    expect(chat.texts).toEqual([]);
    const r = new ReadBuilder();
    r.values({ files: [{ mime_type: 'text/plain', data: b64 }, `data:text/csv;base64,${b64}`] });
    expect(r.texts.filter((t) => t === env)).toHaveLength(2);
  });
});

describe('tool and content part bounds', () => {
  const many = (n: number, item: (i: number) => unknown): unknown[] => Array.from({ length: n }, (_, i) => item(i));
  const refusal = (f: () => unknown): { message: string; param?: string } => {
    try {
      f();
    } catch (err) {
      return err as { message: string; param?: string };
    }
    throw new Error('not refused');
  };
  const fn = (i: number) => ({ type: 'function', function: { name: `f${i}`, parameters: { type: 'object' } } });
  const text = { type: 'text', text: 'x' };

  it('takes Anthropic tool search\'s largest catalog, 10,000 tools, and refuses one more in every API, naming the list', () => {
    const hi = [{ role: 'user', content: 'hi' }];
    expect(readOpenAIChatRequest({ model: 'm', messages: hi, tools: many(10_000, fn) }).capabilities).toContain('tools');
    expect(refusal(() => readOpenAIChatRequest({ model: 'm', messages: hi, tools: many(10_001, fn) }))).toMatchObject({ message: 'tools: at most 10000 tools in one request', param: 'tools' });
    expect(refusal(() => readOpenAIChatRequest({ model: 'm', messages: hi, functions: many(10_001, (i) => ({ name: `f${i}` })) })).param).toBe('functions');
    const anthropicTools = many(10_001, (i) => ({ name: `t${i}`, input_schema: { type: 'object' }, defer_loading: true }));
    expect(refusal(() => readAnthropicRequest({ model: 'm', max_tokens: 5, messages: hi, tools: anthropicTools })).param).toBe('tools');
    // a namespace's members and the tools an input item adds count with the request's own
    const namespace = { type: 'namespace', name: 'mcp', tools: many(10_000, (i) => ({ type: 'function', name: `f${i}` })) };
    expect(refusal(() => readResponsesRequest({ model: 'm', input: 'hi', tools: [namespace] })).param).toBe('tools[0].tools');
    const added = { type: 'additional_tools', tools: many(5_001, (i) => ({ type: 'function', name: `g${i}` })) };
    expect(refusal(() => readResponsesRequest({ model: 'm', input: [{ role: 'user', content: 'hi' }, added], tools: many(5_000, (i) => ({ type: 'function', name: `f${i}` })) })).param).toBe('tools');
    expect(refusal(() => readResponsesRequest({ model: 'm', input: [added, added] })).param).toBe('input[1].tools');
    const declarations = (n: number) => many(n, (i) => ({ name: `f${i}` }));
    const gemini = (tools: unknown[]) => readGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools }, { model: 'm', stream: false });
    expect(gemini([{ functionDeclarations: declarations(5_000) }, { functionDeclarations: declarations(5_000) }]).capabilities).toContain('tools');
    expect(refusal(() => gemini([{ functionDeclarations: declarations(5_000) }, { function_declarations: declarations(5_001) }])))
      .toMatchObject({ message: 'tools[1].function_declarations: at most 10000 tools in one request', param: 'tools[1].function_declarations' });
  });

  it('takes 10,000 content parts in a message and refuses one more in every API, naming the message', () => {
    expect(readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: many(10_000, () => text) }] }).texts).toHaveLength(10_000);
    expect(refusal(() => readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'user', content: many(10_001, () => text) }] })))
      .toMatchObject({ message: 'messages[1].content: at most 10000 content parts in one message', param: 'messages[1].content' });
    const result = { type: 'tool_result', tool_use_id: 't', content: many(10_001, () => text) };
    expect(refusal(() => readAnthropicRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [text, result] }] })).param).toBe('messages.0.content.1.content');
    expect(refusal(() => readAnthropicRequest({ model: 'm', max_tokens: 5, system: many(10_001, () => text), messages: [{ role: 'user', content: 'hi' }] })).param).toBe('system');
    expect(refusal(() => readResponsesRequest({ model: 'm', input: [{ role: 'user', content: many(10_001, () => ({ type: 'input_text', text: 'x' })) }] })).param).toBe('input[0].content');
    expect(refusal(() => readResponsesRequest({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: many(10_001, () => ({ type: 'input_text', text: 'x' })) }] })).param).toBe('input[0].output');
    const parts = many(10_001, () => ({ text: 'x' }));
    expect(refusal(() => readGeminiRequest({ contents: [{ role: 'user', parts }] }, { model: 'm', stream: false })).param).toBe('contents[0].parts');
  });
});
