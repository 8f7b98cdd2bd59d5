import { describe, expect, it, vi } from 'vitest';
import { classifyOpenAIError } from './classify-error';
import { LOCAL_CONTEXT_FAULTS } from '../../../../test/mocks/provider-errors';

const body = (error: Record<string, unknown>): string => JSON.stringify({ error: { message: 'm', type: 'invalid_request_error', ...error } });

describe('classifyOpenAIError: the provider\'s own code and param', () => {
  it('are kept, for a client whose body was forwarded as sent', () => {
    expect(classifyOpenAIError(400, body({ param: 'input[0].content[0].text', code: 'missing_required_parameter' }), {}))
      .toEqual({ kind: 'bad_request', status: 400, message: 'm', param: 'input[0].content[0].text', code: 'missing_required_parameter' });
    expect(classifyOpenAIError(400, body({ param: null, code: 'invalid_encrypted_content' }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm', code: 'invalid_encrypted_content' });
  });

  it('are left out when absent or not names (OpenRouter\'s numeric code is a status), and never carry a key', () => {
    expect(classifyOpenAIError(400, body({ param: null, code: null }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm' });
    expect(classifyOpenAIError(400, JSON.stringify({ error: { message: 'm', code: 400 } }), {})).toEqual({ kind: 'bad_request', status: 400, message: 'm' });
    const key = `sk-proj-${'a1B2c3D4e5'.repeat(5)}`;
    const leaked = classifyOpenAIError(400, body({ param: `api_key=${key}`, code: key }), {});
    expect(JSON.stringify(leaked)).not.toContain(key);
  });
});

describe('classifyOpenAIError: a 400 saying the model is gone', () => {
  // the bodies as the providers send them (Groq, OpenRouter, Mistral, DeepSeek; its gateway's flat shape too)
  it.each([
    ['Groq', '{"error":{"message":"The model `llama3-70b-8192` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.","type":"invalid_request_error","code":"model_decommissioned"}}'],
    ['OpenRouter', '{"error":{"message":"google/gemini-2.0-pro-exp-02-05:free is not a valid model ID","code":400},"user_id":"user_2x7DNyswjOHVRWDYVMCIROyGjsS"}'],
    ['Mistral', '{"object":"error","message":"Invalid model: mistral-large-2402","type":"invalid_model","param":null,"code":"1500"}'],
    ['DeepSeek', '{"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}'],
    ['DeepSeek (flat)', '{"code":"invalid_request_error","message":"Model Not Exist","type":"invalid_request_error","request_id":""}'],
  ])('%s: not_found, as a 404 (fails over, the model goes last)', (_provider, text) => {
    expect(classifyOpenAIError(400, text, {})).toMatchObject({ kind: 'not_found', status: 400 });
  });

  it('leaves a 400 the request caused a bad_request, whatever it says of a model', () => {
    const bad = (message: string, code: string | null = null, param: string | null = null) =>
      classifyOpenAIError(400, JSON.stringify({ error: { message, type: 'invalid_request_error', param, code } }), {}).kind;
    expect(bad("Invalid schema for function 'pick_model': In context=('properties', 'model'), 'additionalProperties' is required to be supplied and to be false.", 'invalid_function_parameters', 'tools[0].function.parameters')).toBe('bad_request');
    expect(bad("'model' : property 'model' is not a valid model ID field in this request")).toBe('bad_request');
    expect(bad('The model does not support image inputs. Model Not Exist in this form?')).toBe('bad_request');
    expect(bad("Unsupported parameter: 'temperature' is not supported with this model.", 'unsupported_parameter', 'temperature')).toBe('bad_request');
    expect(bad('you must provide a model parameter')).toBe('bad_request');
  });
});

describe('classifyOpenAIError: Ollama\'s model without a capability the request asks', () => {
  const ollama = (message: string) => JSON.stringify({ error: { message, type: 'api_error', param: null, code: null } });
  it('is untranslatable (another model may serve; this one is fine for other requests), for tools, thinking, vision', () => {
    expect(classifyOpenAIError(400, ollama('registry.ollama.ai/library/llama3.2:latest does not support tools'), {}))
      .toEqual({ kind: 'untranslatable', status: 400, message: 'registry.ollama.ai/library/llama3.2:latest does not support tools' });
    expect(classifyOpenAIError(400, ollama('"gemma3:1b" does not support thinking'), {}).kind).toBe('untranslatable');
    expect(classifyOpenAIError(400, ollama('registry.ollama.ai/library/llama3.2:latest does not support vision'), {}).kind).toBe('untranslatable');
    // several capabilities missing: Ollama joins them with a newline
    expect(classifyOpenAIError(400, ollama('registry.ollama.ai/library/llama3.2:latest does not support tools\nvision'), {}).kind).toBe('untranslatable');
    expect(classifyOpenAIError(400, ollama('"nomic-embed-text:latest" does not support chat'), {}).kind).toBe('untranslatable');
  });

  it('leaves a combination the request asked for, in any provider\'s words, to the request (bad_request, no failover)', () => {
    for (const message of [
      'Streaming does not support tools with n > 1',
      'function calling does not support thinking mode; set thinking.type=disabled',
      'response_format json_schema does not support tools in this mode',
      'Streaming does not support tools',
      'claude-3-5-haiku-20241022 does not support thinking.',
    ]) expect(classifyOpenAIError(400, ollama(message), {}).kind, message).toBe('bad_request');
  });

  it('leaves other "does not support" refusals as they were', () => {
    expect(classifyOpenAIError(400, ollama('this model does not support the parameter seed'), {}).kind).toBe('bad_request');
    expect(classifyOpenAIError(404, ollama('model "qwen3:8b" not found, try pulling it first'), {}).kind).toBe('not_found');
  });
});

describe('classifyOpenAIError: a 503', () => {
  const unavailable = JSON.stringify({ error: { message: 'Service Unavailable', type: 'server_error' } });
  it('naming when to come back (retry-after, retry-after-ms, a date) is an overload: waiting helps, for that long', () => {
    expect(classifyOpenAIError(503, unavailable, { 'retry-after': '30' })).toMatchObject({ kind: 'overloaded', status: 503, retryAfterMs: 30_000 });
    expect(classifyOpenAIError(503, unavailable, { 'retry-after-ms': '1500' })).toMatchObject({ kind: 'overloaded', retryAfterMs: 1_500 });
    expect(classifyOpenAIError(503, 'upstream unavailable', { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).kind).toBe('overloaded');
  });

  it('naming nothing stays a server failure; a 500 naming a wait too', () => {
    expect(classifyOpenAIError(503, unavailable, {}).kind).toBe('server');
    expect(classifyOpenAIError(503, unavailable, { 'retry-after': 'soon' }).kind).toBe('server');
    expect(classifyOpenAIError(500, unavailable, { 'retry-after': '30' }).kind).toBe('server');
  });
});

describe('classifyOpenAIError: a local server\'s prompt too long for the context it runs with', () => {
  it.each(Object.entries(LOCAL_CONTEXT_FAULTS))('%s: context_length, with the prompt and the context it names', (_server, fault) => {
    const text = JSON.stringify((fault as { body: unknown }).body);
    expect(classifyOpenAIError(400, text, {})).toMatchObject({ kind: 'context_length', status: 400, overflow: { needs: 9000, has: 8192 } });
  });

  it("takes llama-server's n_prompt_tokens and n_ctx where its message names no figures", () => {
    const text = JSON.stringify({ error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 9000, n_ctx: 8192 } });
    expect(classifyOpenAIError(400, text, {})).toMatchObject({ kind: 'context_length', overflow: { needs: 9000, has: 8192 } });
    // figures that fit are no overflow
    const fits = JSON.stringify({ error: { message: 'the request exceeds the available context size', type: 'exceed_context_size_error', n_prompt_tokens: 100, n_ctx: 8192 } });
    expect(classifyOpenAIError(400, fits, {}).overflow).toBeUndefined();
  });
});

describe('classifyOpenAIError: OpenRouter\'s "Provider returned error"', () => {
  const openRouter = (metadata: Record<string, unknown>, code = 400): string => JSON.stringify({ error: { code, message: 'Provider returned error', metadata }, user_id: 'user_x' });
  const googleSaid = 'Function call is missing a thought_signature in functionCall parts.';

  it('tells the provider behind it and what it said (its error\'s message when raw is JSON), classified as before', () => {
    const raw = JSON.stringify({ error: { code: 400, message: googleSaid, status: 'INVALID_ARGUMENT' } });
    expect(classifyOpenAIError(400, openRouter({ provider_name: 'Google AI Studio', raw }), {}))
      .toEqual({ kind: 'bad_request', status: 400, message: `Provider returned error (Google AI Studio: ${googleSaid})` });
    // raw that is no error body, or no JSON, is told as it came; the 200 error body (stream or answer) too
    expect(classifyOpenAIError(502, openRouter({ provider_name: 'Anthropic', raw: '{"type":"overloaded_error"}' }, 502), {}).message)
      .toBe('Provider returned error (Anthropic: {"type":"overloaded_error"})');
    expect(classifyOpenAIError(400, openRouter({ raw: 'upstream said no' }), {}).message).toBe('Provider returned error (upstream said no)');
  });

  it('keeps the kind the message says, whatever raw says', () => {
    // raw naming a context overflow does not make a 502 a context_length, nor a rate limit a 400 one
    const raw = JSON.stringify({ error: { message: 'prompt is too long: context length exceeded; rate limit' } });
    expect(classifyOpenAIError(502, openRouter({ provider_name: 'X', raw }, 502), {}).kind).toBe('server');
    expect(classifyOpenAIError(400, openRouter({ provider_name: 'X', raw }), {}).kind).toBe('bad_request');
  });

  it('bounds the excerpt and never carries a key', () => {
    const key = `sk-proj-${'a1B2c3D4e5'.repeat(5)}`;
    const err = classifyOpenAIError(400, openRouter({ provider_name: 'P', raw: `bad key ${key} ${'x'.repeat(10_000)}` }), {});
    expect(err.message).not.toContain(key);
    expect(err.message.length).toBeLessThanOrEqual('Provider returned error (P: '.length + 500 + 1);
  });
});

describe('classifyOpenAIError: a raw nested in raw', () => {
  const nested = (depth: number): string => {
    let body = '{"error":{"message":"innermost"}}';
    for (let i = 0; i < depth; i++) body = `{"error":{"message":"Provider returned error","metadata":{"raw":${body}}}}`;
    return body;
  };

  it('is read one level deep: the provider\'s error as it came, however deep the nesting (2000: no stack overflow)', () => {
    expect(classifyOpenAIError(400, nested(2000), {})).toEqual({ kind: 'bad_request', status: 400, message: 'Provider returned error (Provider returned error)' });
    expect(classifyOpenAIError(400, nested(1), {}).message).toBe('Provider returned error (innermost)');
    // raw as a string of JSON holding another raw: its message only, not parsed again
    const inString = JSON.stringify({ error: { message: 'Provider returned error', metadata: { provider_name: 'P', raw: nested(3) } } });
    expect(classifyOpenAIError(400, inString, {}).message).toBe('Provider returned error (P: Provider returned error)');
  });

  it('parses the body once and raw at most once, whatever the depth (work linear in the body)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      classifyOpenAIError(400, nested(500), {});
      expect(parse).toHaveBeenCalledTimes(1);
      const inString = JSON.stringify({ error: { message: 'Provider returned error', metadata: { raw: nested(500) } } });
      parse.mockClear();
      classifyOpenAIError(400, inString, {});
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('a message nested past what JSON.stringify can write is no crash', () => {
    const deep = `{"error":{"message":${'['.repeat(200_000)}${']'.repeat(200_000)},"metadata":{"raw":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}}`;
    expect(classifyOpenAIError(400, deep, {}).kind).toBe('bad_request');
  });
});
