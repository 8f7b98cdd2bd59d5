import { describe, expect, it } from 'vitest';
import { openaiFixture } from '../../../../test/fixtures/openai/load';
import { UpstreamFailure, type UpstreamError } from '../../canonical';
import { openaiAdapter } from './index';
import { checkReportedUsage } from '../../usage-sanity';

function failureOf(fn: () => unknown): UpstreamError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UpstreamFailure) return e.error;
    throw e;
  }
  throw new Error('expected an UpstreamFailure');
}

describe('openaiAdapter.parseChatResponse', () => {
  it('parses a text completion with usage details', () => {
    const res = openaiAdapter.parseChatResponse(openaiFixture('text.response.json'));
    expect(res).toEqual({
      id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      model: 'gpt-4o-mini-2024-07-18',
      text: 'Hello! How can I assist you today?',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0, serviceTier: 'default' },
    });
  });

  it('carries the tier that served the request into the usage', () => {
    const r = openaiAdapter.parseChatResponse({
      id: 'x', model: 'gpt-5.4', service_tier: 'priority', usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    });
    expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 2, serviceTier: 'priority' });
  });

  it('takes a refusal (content null) as the answer text', () => {
    const r = openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] });
    expect(r.text).toBe('I cannot help with that.');
    expect(r.refusal).toBe('I cannot help with that.');
    // OpenAI ends it with stop; Anthropic clients read refusal, Gemini clients SAFETY from this
    expect(r.finishReason).toBe('content_filter');
  });

  it('keeps stop when the answer has content beside a refusal field', () => {
    const r = openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Sure.', refusal: null }, finish_reason: 'stop' }] });
    expect(r.finishReason).toBe('stop');
    expect(r).not.toHaveProperty('refusal');
  });

  it('parses parallel tool calls with null content', () => {
    const res = openaiAdapter.parseChatResponse(openaiFixture('tools.response.json'));
    expect(res.text).toBe('');
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls).toEqual([
      { id: 'call_abc123', name: 'get_current_weather', arguments: '{\n"location": "Paris, France"\n}' },
      { id: 'call_def456', name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' },
    ]);
    expect(res.usage).toEqual({ inputTokens: 82, outputTokens: 17, cachedInputTokens: 64, reasoningTokens: 0 });
  });

  it('reads reasoning_content (DeepSeek) and reasoning (OpenRouter, Ollama)', () => {
    const res = openaiAdapter.parseChatResponse(openaiFixture('reasoning.response.json'));
    expect(res.reasoning).toBe('Compare the tenths: 1 < 8, so 9.11 < 9.8.');
    expect(res.usage?.reasoningTokens).toBe(231);
    const alt = openaiAdapter.parseChatResponse({
      id: 'x', model: 'm', choices: [{ message: { role: 'assistant', content: 'ok', reasoning: 'thought' }, finish_reason: 'stop' }],
    });
    expect(alt.reasoning).toBe('thought');
  });

  // xAI (docs.x.ai): reasoning tokens are charged at the completion price but counted outside completion_tokens
  const GROK_USAGE = {
    prompt_tokens: 2341, completion_tokens: 31, total_tokens: 3108,
    prompt_tokens_details: { cached_tokens: 448 }, completion_tokens_details: { reasoning_tokens: 736 },
  };
  const withUsage = (usage: unknown) => openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }], usage }).usage;

  it('adds reasoning tokens to the output where the total counts them apart from completion_tokens (xAI)', () => {
    expect(withUsage(GROK_USAGE)).toEqual({ inputTokens: 2341, outputTokens: 767, cachedInputTokens: 448, reasoningTokens: 736 });
  });

  it('keeps completion_tokens where it holds the reasoning already (OpenAI) or the total says neither', () => {
    // OpenAI: total = prompt + completion, reasoning part of completion
    expect(withUsage({ prompt_tokens: 18, completion_tokens: 250, total_tokens: 268, completion_tokens_details: { reasoning_tokens: 231 } }))
      .toEqual({ inputTokens: 18, outputTokens: 250, reasoningTokens: 231 });
    // no total, or one that fits neither reading: completion_tokens as reported
    expect(withUsage({ ...GROK_USAGE, total_tokens: undefined })?.outputTokens).toBe(31);
    expect(withUsage({ ...GROK_USAGE, total_tokens: 5000 })?.outputTokens).toBe(31);
    // no reasoning: nothing to add
    expect(withUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 0 } })?.outputTokens).toBe(5);
  });

  it('maps every finish reason', () => {
    const reasonOf = (finish_reason: unknown) => openaiAdapter.parseChatResponse({
      id: 'x', model: 'm', choices: [{ message: { content: 'a' }, finish_reason }],
    }).finishReason;
    expect(reasonOf('stop')).toBe('stop');
    expect(reasonOf('length')).toBe('length');
    expect(reasonOf('tool_calls')).toBe('tool_calls');
    expect(reasonOf('function_call')).toBe('tool_calls');
    expect(reasonOf('content_filter')).toBe('content_filter');
    expect(reasonOf(null)).toBe('stop');
    // answers cut short by the provider: Mistral's context full, DeepSeek's resources short
    expect(reasonOf('model_length')).toBe('length');
    expect(reasonOf('insufficient_system_resource')).toBe('length');
  });

  it('reports tool_calls when a server says stop after a tool call, and reads legacy function_call', () => {
    const res = openaiAdapter.parseChatResponse({
      id: 'x', model: 'llama3.2', choices: [{ message: { content: '', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'f', arguments: { a: 1 } } }] }, finish_reason: 'stop' }],
    });
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls).toEqual([{ id: 'call_9', name: 'f', arguments: '{"a":1}' }]);
    const legacy = openaiAdapter.parseChatResponse({
      id: 'x', model: 'm', choices: [{ message: { content: null, function_call: { name: 'g', arguments: '{}' } }, finish_reason: 'function_call' }],
    });
    expect(legacy.toolCalls).toEqual([{ id: expect.stringMatching(/^call_0_[A-Za-z0-9]{10}$/), name: 'g', arguments: '{}' }]);
  });

  it('reads a call with no arguments ("", null, missing, blank) as {}, the JSON text every client parses', () => {
    const calls = (fns: Record<string, unknown>[]) => openaiAdapter.parseChatResponse({
      id: 'x', model: 'm', choices: [{ message: { content: null, tool_calls: fns.map((f, i) => ({ id: `c${i}`, type: 'function', function: { name: 'now', ...f } })) }, finish_reason: 'tool_calls' }],
    }).toolCalls.map((c) => c.arguments);
    expect(calls([{ arguments: '' }, { arguments: null }, {}, { arguments: ' \n' }, { arguments: '{"a":1}' }])).toEqual(['{}', '{}', '{}', '{}', '{"a":1}']);
    const legacy = openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ message: { content: null, function_call: { name: 'g', arguments: '' } }, finish_reason: 'function_call' }] });
    expect(legacy.toolCalls[0]?.arguments).toBe('{}');
  });

  it('gives a tool call without an id one that no other turn repeats (Anthropic upstreams refuse repeats)', () => {
    const body = { id: 'x', model: 'm', choices: [{ message: { content: '', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] };
    const first = openaiAdapter.parseChatResponse(body).toolCalls[0]?.id;
    const second = openaiAdapter.parseChatResponse(body).toolCalls[0]?.id;
    expect(first).toMatch(/^call_0_/);
    expect(second).not.toBe(first);
  });

  it('leaves a prompt count the usage lacks, or gives as a non-number, missing: the sanity check refuses it (the row is estimated)', () => {
    const usageOf = (usage: unknown) => openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }], usage }).usage!;
    for (const usage of [{ completion_tokens: 13 }, { completion_tokens: 13, total_tokens: 13 }, { prompt_tokens: '12', completion_tokens: 7 }, { prompt_tokens: null, completion_tokens: 7 }]) {
      expect(usageOf(usage).inputTokens, JSON.stringify(usage)).toBeUndefined();
      expect(checkReportedUsage(usageOf(usage)).ok, JSON.stringify(usage)).toBe(false);
    }
    // a stated 0 is a count: believed
    expect(usageOf({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(checkReportedUsage(usageOf({ prompt_tokens: 0, completion_tokens: 5 }))).toEqual({ ok: true });
  });

  it('leaves usage undefined when absent and counts DeepSeek cache hits', () => {
    const noUsage = openaiAdapter.parseChatResponse({ id: 'x', model: 'm', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }] });
    expect(noUsage.usage).toBeUndefined();
    const ds = openaiAdapter.parseChatResponse({
      id: 'x', model: 'deepseek-chat', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 },
    });
    expect(ds.usage).toEqual({ inputTokens: 100, outputTokens: 5, cachedInputTokens: 64 });
  });

  it("reads an audio model's audio tokens in and out (part of the prompt and completion), and no audio as none", () => {
    const res = openaiAdapter.parseChatResponse({
      id: 'x', model: 'gpt-4o-audio-preview', choices: [{ message: { role: 'assistant', content: null, audio: { id: 'a', data: 'AAAA', transcript: 'hi', expires_at: 1 } }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 10_100, completion_tokens: 5_050, total_tokens: 15_150,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 10_000, text_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 5_000, text_tokens: 50 },
      },
    });
    expect(res.usage).toEqual({
      inputTokens: 10_100, outputTokens: 5_050, cachedInputTokens: 0, reasoningTokens: 0, audioInputTokens: 10_000, audioOutputTokens: 5_000,
    });
    // every OpenAI answer reports audio_tokens 0
    const text = openaiAdapter.parseChatResponse({
      id: 'x', model: 'gpt-5.4', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { audio_tokens: 0 }, completion_tokens_details: { audio_tokens: 0 } },
    });
    expect(text.usage).toEqual({ inputTokens: 10, outputTokens: 5 });
  });

  it('reads the cost OpenRouter billed, adding the upstream cost a BYOK key paid, and its cache writes', () => {
    const usage = (u: Record<string, unknown>) => openaiAdapter.parseChatResponse({
      id: 'x', model: 'm', choices: [{ message: { content: 'a' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, ...u },
    }).usage;
    expect(usage({ cost: 0.0012, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 20 } }))
      .toEqual({ inputTokens: 100, outputTokens: 5, cachedInputTokens: 10, cacheCreationInputTokens: 20, providerCostUsd: 0.0012 });
    expect(usage({ cost: 0.0001, is_byok: true, cost_details: { upstream_inference_cost: 0.002 } })?.providerCostUsd).toBeCloseTo(0.0021, 12);
    expect(usage({ cost: 0.0001, is_byok: false, cost_details: { upstream_inference_cost: 0.002 } })?.providerCostUsd).toBe(0.0001);
    expect(usage({ cost: -1 })?.providerCostUsd).toBeUndefined();
    expect(usage({ cost: '0.1' })?.providerCostUsd).toBeUndefined();
  });

  it('reads Mistral array content with thinking parts', () => {
    const res = openaiAdapter.parseChatResponse({
      id: 'x', model: 'magistral-small', choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: [
        { type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] },
        { type: 'text', text: 'Answer' },
      ] } }],
    });
    expect(res.text).toBe('Answer');
    expect(res.reasoning).toBe('hmm');
  });

  it('throws an UpstreamFailure for a 200 body that is an error object', () => {
    const quota = failureOf(() => openaiAdapter.parseChatResponse(openaiFixture('error-quota.response.json')));
    expect(quota.kind).toBe('auth'); // out of credit: fails over, nobody is told to wait
    expect(quota.message).toMatch(/exceeded your current quota/);
    const routed = failureOf(() => openaiAdapter.parseChatResponse({ error: { code: 502, message: 'Provider returned error' } }));
    expect(routed).toMatchObject({ kind: 'server', status: 502 });
    const ctx = failureOf(() => openaiAdapter.parseChatResponse(openaiFixture('error-context.response.json')));
    expect(ctx.kind).toBe('context_length');
    expect(failureOf(() => openaiAdapter.parseChatResponse('oops')).kind).toBe('server');
    // JSON of no API: a failed try, never an empty completion
    expect(failureOf(() => openaiAdapter.parseChatResponse({ hello: 'world' }))).toMatchObject({ kind: 'server', message: expect.stringMatching(/no choices array/) });
    expect(failureOf(() => openaiAdapter.parseChatResponse({ hello: 'world' })).billed).toBeUndefined();
    // the usage it states is what the provider billed for the failed try
    expect(failureOf(() => openaiAdapter.parseChatResponse({ usage: { prompt_tokens: 40, completion_tokens: 2 } })).billed).toEqual({ inputTokens: 40, outputTokens: 2 });
  });
});

describe('openaiAdapter.classifyError', () => {
  const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    openaiAdapter.classifyError(status, typeof body === 'string' ? body : JSON.stringify(body), headers);

  it('classifies OpenAI error bodies by status and code', () => {
    const ctx = classify(400, openaiFixture('error-context.response.json'));
    expect(ctx).toMatchObject({ kind: 'context_length', status: 400 });
    expect(ctx.message).toMatch(/maximum context length/);
    // OpenAI's 429 insufficient_quota is an account out of credit, not a rate limit: waiting will not
    // mend it, another provider may serve (auth fails over, is not retried, tells no client to wait)
    const quota = classify(429, openaiFixture('error-quota.response.json'), { 'retry-after': '7' });
    expect(quota).toMatchObject({ kind: 'auth', status: 429 });
    expect(classify(429, { error: { message: 'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM)', type: 'tokens', code: 'rate_limit_exceeded' } }).kind).toBe('rate_limit');
    // OpenRouter and DeepSeek say it with 402
    expect(classify(402, { error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } }).kind).toBe('auth');
    expect(classify(402, { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } }).kind).toBe('auth');
    // more output asked for than the model writes: another model may take it
    expect(classify(400, { error: { message: 'max_tokens is too large: 32000. This model supports at most 16384 completion tokens, whereas you provided 32000.', type: 'invalid_request_error', param: 'max_tokens', code: null } }).kind).toBe('context_length');
    expect(classify(400, { error: { message: 'Invalid max_tokens value, the valid range of max_tokens is [1, 8192]', type: 'invalid_request_error', code: 'invalid_request_error' } }).kind).toBe('context_length');
    expect(classify(400, { error: { message: 'bad temperature', type: 'invalid_request_error', code: null } }))
      .toMatchObject({ kind: 'bad_request', message: 'bad temperature' });
    expect(classify(404, { error: { message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', code: 'model_not_found' } }).kind).toBe('not_found');
    expect(classify(503, { error: { message: 'The engine is currently overloaded', type: 'server_error' } }).kind).toBe('overloaded');
    expect(classify(400, { error: { message: 'flagged', type: 'invalid_request_error', code: 'content_policy_violation' } }))
      .toMatchObject({ kind: 'content_filter' });
  });

  it("takes OpenRouter's 403 moderation flag for the request's content, not a refusal of our key (openrouter.ai/docs/errors)", () => {
    const flagged = {
      error: {
        code: 403,
        message: 'openai/gpt-4o requires moderation on OpenAI. Your input was flagged for "harassment". No credits were charged.',
        metadata: { reasons: ['harassment'], flagged_input: 'you are...', provider_name: 'OpenAI', model_slug: 'openai/gpt-4o' },
      },
    };
    expect(classify(403, flagged)).toMatchObject({ kind: 'content_filter', status: 403 });
    // a 403 without a moderation verdict is still the key's (a model the key may not use)
    expect(classify(403, { error: { code: 403, message: 'Key is not allowed to use this model' } }).kind).toBe('auth');
  });

  it("takes xAI's 400 for a wrong key for our key's fault, as a 401 (continuedev/continue#10778)", () => {
    const xai = { code: 'Client specified an invalid argument', error: 'Incorrect API key provided: sk***56. You can obtain an API key from https://console.x.ai.' };
    expect(classify(400, xai)).toMatchObject({ kind: 'auth', status: 400 });
    // Google's OpenAI-compatible endpoint says it with 400 too
    expect(classify(400, [{ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }]).kind).toBe('auth');
    // xAI's other 400s stay the request's
    expect(classify(400, { code: 'Client specified an invalid argument', error: 'Invalid request content: bad temperature' }).kind).toBe('bad_request');
  });

  it('reads the prompt too long for the model in each provider\'s words, so another model may take it', () => {
    // xAI (cline/cline#3120)
    expect(classify(400, { code: 'Client specified an invalid argument', error: "This model's maximum prompt length is 131072 but the request contains 136973 tokens." }).kind).toBe('context_length');
    // Together (BerriAI/litellm#4934)
    expect(classify(400, { error: { message: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4097. Given: 80125 `inputs` tokens and 4096 `max_new_tokens`', type: 'invalid_request_error', param: 'max_tokens', code: null } }).kind).toBe('context_length');
    // Groq: its code says it
    expect(classify(400, { error: { message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } }).kind).toBe('context_length');
    // Mistral
    expect(classify(400, { object: 'error', message: 'Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length', type: 'invalid_request_error', param: null, code: null }).kind).toBe('context_length');
    // DeepSeek
    expect(classify(400, { error: { message: "This model's maximum context length is 65536 tokens. However, you requested 70000 tokens (70000 in the messages, 0 in the completion). Please reduce the length of the messages or completion.", type: 'invalid_request_error', param: null, code: 'invalid_request_error' } }).kind).toBe('context_length');
  });

  it("takes Groq's 413 for a request above the key's tokens-per-minute for what it is: too large for this model, not for the proxy", () => {
    const tpm = { error: { message: 'Request too large for model `llama-3.3-70b-versatile` in organization `org_01x` service tier `on_demand` on tokens per minute (TPM): Limit 12000, Requested 14137, please reduce your message size and try again.', type: 'tokens', code: 'rate_limit_exceeded' } };
    expect(classify(413, tpm)).toMatchObject({ kind: 'context_length', status: 413 });
    // a 413 that says nothing of the sort is still a body too large
    expect(classify(413, { error: { message: 'Request Entity Too Large', type: 'invalid_request_error', code: null } }).kind).toBe('payload_too_large');
  });

  it("takes Groq's 498 (flex tier out of capacity) for an overload worth retrying", () => {
    const flex = { error: { message: 'Flex tier capacity exceeded. Please try again later.', type: 'capacity_exceeded', code: 'capacity_exceeded' } };
    expect(classify(498, flex)).toMatchObject({ kind: 'overloaded', status: 498 });
  });

  it("takes LM Studio's model that will not load for the model out of reach, not the request's fault", () => {
    const load = { error: { message: 'Failed to load model "google/gemma-3-12b". Error: Error loading model.', type: 'invalid_request_error', param: 'model' } };
    expect(classify(400, load)).toMatchObject({ kind: 'not_found', status: 400 });
    const none = { error: { message: 'No models loaded. Please load a model in the developer page or use the `lms load` command.', type: 'invalid_request_error', param: 'model' } };
    expect(classify(400, none).kind).toBe('not_found');
    expect(classify(404, none).kind).toBe('not_found');
  });

  it("takes llama-server's 503 while it loads its model for an overload worth waiting for", () => {
    expect(classify(503, { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } })).toMatchObject({ kind: 'overloaded', status: 503 });
    // another 503 says nothing of the sort: the server's
    expect(classify(503, { error: { message: 'upstream connect error', type: 'server_error' } }).kind).toBe('server');
  });

  it('redacts the key OpenAI echoes in a 401', () => {
    const err = classify(401, { error: { message: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('abcdefghijklmnop');
    expect(err.message).toContain('Incorrect API key provided');
  });

  it('understands the shapes compatible servers use', () => {
    expect(classify(404, { error: 'model "llama9" not found, try pulling it first' }).message).toBe('model "llama9" not found, try pulling it first');
    const mistral = classify(422, { object: 'error', message: { detail: [{ type: 'extra_forbidden', msg: 'Extra inputs are not permitted' }] }, type: 'invalid_request_error', code: null });
    expect(mistral.kind).toBe('bad_request');
    expect(mistral.message).toMatch(/Extra inputs are not permitted/);
    expect(classify(400, { detail: 'Input is too long for requested model.' }).kind).toBe('context_length');
    expect(classify(429, [{ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }]).message).toBe('Resource has been exhausted');
  });

  it('falls back to the raw text, truncated', () => {
    const err = classify(502, `<html>${'x'.repeat(5000)}</html>`);
    expect(err.kind).toBe('server');
    expect(err.message.length).toBeLessThanOrEqual(500);
    expect(classify(500, '').message).toBe('upstream returned HTTP 500');
  });
});

describe('openaiAdapter embeddings and models responses', () => {
  it('sorts embeddings by index and reads usage', () => {
    const res = openaiAdapter.parseEmbeddingsResponse(openaiFixture('embeddings.response.json'));
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.data).toEqual([[0.0023064255, -0.009327292, 0.015797347, -0.0077780345], [0.5, -0.25, 0.125, 1.0]]);
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 0 });
  });

  it('decodes base64 embeddings', () => {
    const b64 = Buffer.from(new Float32Array([0.5, -2, 3.25]).buffer).toString('base64');
    const res = openaiAdapter.parseEmbeddingsResponse({ data: [{ index: 0, embedding: b64 }], model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } });
    expect(res.data).toEqual([[0.5, -2, 3.25]]);
  });

  it('throws on an error body', () => {
    expect(() => openaiAdapter.parseEmbeddingsResponse({ error: { message: 'nope', type: 'invalid_request_error' } })).toThrow(UpstreamFailure);
  });

  it('lists model ids from OpenAI and Ollama shapes', () => {
    expect(openaiAdapter.parseListModels(openaiFixture('models.response.json'))).toEqual(['gpt-4o-mini', 'text-embedding-3-small', 'o3-mini']);
    expect(openaiAdapter.parseListModels(openaiFixture('ollama-tags.response.json'))).toEqual(['llama3.2:latest', 'qwen2.5-coder:7b']);
    expect(openaiAdapter.parseListModels({ object: 'list', data: [] })).toEqual([]);
    // Ollama with no model pulled: Go writes its empty (nil) list as null
    expect(openaiAdapter.parseListModels({ object: 'list', data: null })).toEqual([]);
    expect(openaiAdapter.parseListModels({ models: null })).toEqual([]);
  });

  it('refuses an answer that is no listing, rather than reading it as no models', () => {
    for (const body of ['nope', { data: 'oops' }, { object: 'list' }, null]) {
      expect(() => openaiAdapter.parseListModels(body)).toThrow('the listing has no data/models array');
    }
  });

  it("lists Together's bare array, its text models only (docs.together.ai/reference/models)", () => {
    expect(openaiAdapter.parseListModels([
      { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', object: 'model', type: 'chat', context_length: 131072, pricing: { input: 0.88, output: 0.88 } },
      { id: 'Qwen/Qwen2.5-Coder-32B-Instruct', object: 'model', type: 'code' },
      { id: 'meta-llama/Meta-Llama-3-70B', object: 'model', type: 'language' },
      { id: 'black-forest-labs/FLUX.1-schnell', object: 'model', type: 'image' },
      { id: 'BAAI/bge-large-en-v1.5', object: 'model', type: 'embedding' },
      { id: 'Salesforce/Llama-Rank-V1', object: 'model', type: 'rerank' },
      { id: 'untyped/model', object: 'model' },
      { object: 'model', type: 'chat' },
    ])).toEqual(['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'meta-llama/Meta-Llama-3-70B', 'untyped/model']);
    // Mistral's `type` ("base", "fine-tuned") in an OpenAI-shaped listing says nothing of the kind: every entry stays
    expect(openaiAdapter.parseListModels({ object: 'list', data: [{ id: 'mistral-small-latest', type: 'base' }] })).toEqual(['mistral-small-latest']);
  });
});
