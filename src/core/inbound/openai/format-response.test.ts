import { describe, expect, it } from 'vitest';
import { openaiFixture } from '../../../../test/fixtures/openai/load';
import { RequestValidationError, type CanonicalResponse } from '../../canonical';
import { openaiAdapter } from '../../providers/openai';
import { embeddingsFieldsNotCarried, formatEmbeddingsResponse, openaiInbound, parseEmbeddingsRequest } from './index';

const base: CanonicalResponse = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  model: 'claude-sonnet-4-5',
  text: 'Hi there',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 3 },
};

describe('openaiInbound.formatResponse', () => {
  it('builds a chat.completion with the served model and full usage', () => {
    const out = openaiInbound.formatResponse(base, 'anthropic/claude-sonnet-4-5') as any;
    expect(out).toEqual({
      id: 'chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'anthropic/claude-sonnet-4-5',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 10, completion_tokens: 3, total_tokens: 13,
        prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(Math.abs(out.created - Date.now() / 1000)).toBeLessThan(5);
  });

  it('uses null content for a tool-call-only answer and keeps a chatcmpl id', () => {
    const out = openaiInbound.formatResponse({
      ...base, id: 'chatcmpl-x', text: '', reasoning: 'why', finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"a":1}' }],
    }, 'm') as any;
    expect(out.id).toBe('chatcmpl-x');
    expect(out.choices[0].message).toEqual({
      role: 'assistant', content: null, refusal: null, reasoning_content: 'why',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
    });
    expect(out.choices[0].finish_reason).toBe('tool_calls');
  });

  it("writes a refusal in message.refusal with content null, ending with stop as OpenAI ends it (the SDK's parse() throws on content_filter)", () => {
    const refusal = "I can't help with that.";
    const out = openaiInbound.formatResponse({ ...base, text: refusal, refusal, finishReason: 'content_filter' }, 'm') as any;
    expect(out.choices[0]).toMatchObject({ message: { role: 'assistant', content: null, refusal }, finish_reason: 'stop' });
    // an answer beside it keeps its content; a filter with no refusal text is still content_filter
    const both = openaiInbound.formatResponse({ ...base, text: `Sure.${refusal}`, refusal, finishReason: 'stop' }, 'm') as any;
    expect(both.choices[0]).toMatchObject({ message: { content: 'Sure.', refusal }, finish_reason: 'stop' });
    const filtered = openaiInbound.formatResponse({ ...base, text: '', finishReason: 'content_filter' }, 'm') as any;
    expect(filtered.choices[0]).toMatchObject({ message: { content: '', refusal: null }, finish_reason: 'content_filter' });
  });

  it('omits usage when none is given and invents an id when the upstream gave none', () => {
    const out = openaiInbound.formatResponse({ ...base, id: '', usage: undefined }, 'm') as any;
    expect(out).not.toHaveProperty('usage');
    expect(out.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
  });
});

describe('round trips', () => {
  it('inbound OpenAI -> canonical -> upstream OpenAI keeps what matters', () => {
    for (const name of ['text', 'tools', 'tool-results', 'vision']) {
      const inbound = openaiFixture(`${name}.request.json`);
      const canonical = openaiInbound.toCanonical(inbound).request;
      const http = openaiAdapter.buildChatRequest(canonical, { baseUrl: 'https://api.openai.com/v1', modelName: inbound.model, providerType: 'openai' });
      const upstream = JSON.parse(http.body!);
      expect(upstream.model).toBe(inbound.model);
      for (const key of ['tools', 'tool_choice', 'parallel_tool_calls', 'temperature', 'top_p', 'response_format', 'user']) {
        expect(upstream[key], `${name}: ${key}`).toEqual(inbound[key]);
      }
      expect(upstream.max_completion_tokens).toBe(inbound.max_completion_tokens ?? inbound.max_tokens);
      expect(upstream.stream).toBe(inbound.stream);
      if (inbound.stream) expect(upstream.stream_options).toEqual({ include_usage: true });
      // text-only content and developer messages travel in their simplest equivalent form
      const simplified = inbound.messages.map((m: any) => ({
        ...m,
        role: m.role === 'developer' ? 'system' : m.role,
        content: Array.isArray(m.content) && m.content.every((p: any) => p.type === 'text') ? m.content.map((p: any) => p.text).join('\n') : m.content,
      }));
      expect(upstream.messages, name).toEqual(simplified);
    }
  });

  it('upstream OpenAI response -> canonical -> inbound OpenAI response', () => {
    const upstream = openaiFixture('tools.response.json');
    const out = openaiInbound.formatResponse(openaiAdapter.parseChatResponse(upstream), 'openai/gpt-4.1') as any;
    expect(out.choices[0].message.tool_calls).toEqual(upstream.choices[0].message.tool_calls);
    expect(out.choices[0].message.content).toBeNull();
    expect(out.usage.prompt_tokens_details.cached_tokens).toBe(64);
  });
});

describe('embeddings', () => {
  it('parses the fixture request and rejects bad ones', () => {
    expect(parseEmbeddingsRequest(openaiFixture('embeddings.request.json'))).toEqual({
      model: 'text-embedding-3-small', input: ['The food was delicious and the waiter...', 'Second input'], encodingFormat: 'float', dimensions: 4,
    });
    expect(parseEmbeddingsRequest({ model: 'm', input: 'one', user: 'u' })).toEqual({ model: 'm', input: ['one'], user: 'u' });
    // OpenAI's token-id forms, kept as sent
    expect(parseEmbeddingsRequest({ model: 'm', input: [1, 2, 3] })).toEqual({ model: 'm', input: [], tokens: [1, 2, 3] });
    expect(parseEmbeddingsRequest({ model: 'm', input: [[1, 2], [3]] })).toEqual({ model: 'm', input: [], tokens: [[1, 2], [3]] });
    const bad: [unknown, string | undefined][] = [
      ['x', undefined], [{ input: 'a' }, 'model'], [{ model: 'm' }, 'input'], [{ model: 'm', input: [] }, 'input'],
      [{ model: 'm', input: ['a', 1] }, 'input'], [{ model: 'm', input: [1, 2.5] }, 'input[1]'], [{ model: 'm', input: [[1], []] }, 'input[1]'],
      [{ model: 'm', input: [[1, -2]] }, 'input[0][1]'], [{ model: 'm', input: {} }, 'input'],
      [{ model: 'm', input: '' }, 'input'], [{ model: 'm', input: 'a', dimensions: 0 }, 'dimensions'],
      [{ model: 'm', input: 'a', encoding_format: 'int8' }, 'encoding_format'], [{ model: 'm', input: ['a', null] }, 'input[1]'],
    ];
    for (const [body, param] of bad) {
      let err: unknown;
      try { parseEmbeddingsRequest(body); } catch (e) { err = e; }
      expect(err, JSON.stringify(body)).toBeInstanceOf(RequestValidationError);
      expect((err as RequestValidationError).param).toBe(param);
    }
  });

  it('names the fields a translation cannot carry (user is the adapter\'s to name)', () => {
    expect(embeddingsFieldsNotCarried({ model: 'm', input: 'a', dimensions: 4, encoding_format: 'float', user: 'u', input_type: 'query', truncate: 'END' }))
      .toEqual(['input_type', 'truncate']);
  });

  it('formats the OpenAI list shape, as floats or base64', () => {
    const res = { model: 'text-embedding-3-small', data: [[0.5, -1], [2, 0.25]], usage: { inputTokens: 6, outputTokens: 0 } };
    expect(formatEmbeddingsResponse(res, 'openai/text-embedding-3-small')).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, -1] }, { object: 'embedding', index: 1, embedding: [2, 0.25] }],
      model: 'openai/text-embedding-3-small',
      usage: { prompt_tokens: 6, total_tokens: 6 },
    });
    const b64 = formatEmbeddingsResponse(res, 'm', 'base64') as any;
    expect(openaiAdapter.parseEmbeddingsResponse({ ...b64, model: 'm' }).data).toEqual(res.data);
  });

  it('gives translated floats as the 32-bit values base64 carries; an OpenAI answer\'s as sent', () => {
    const res = { model: 'gemini-embedding-001', data: [[0.1, -0.3]], usage: { inputTokens: 1, outputTokens: 0 } };
    const float = (formatEmbeddingsResponse(res, 'g', 'float', true) as any).data[0].embedding;
    const b64 = formatEmbeddingsResponse(res, 'g', 'base64', true) as any;
    expect(float).toEqual(openaiAdapter.parseEmbeddingsResponse({ ...b64, model: 'g' }).data[0]);
    expect(float[0]).toBe(Math.fround(0.1));
    expect((formatEmbeddingsResponse(res, 'o', 'float') as any).data[0].embedding).toEqual([0.1, -0.3]);
  });
});
