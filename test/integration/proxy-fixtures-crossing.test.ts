// The recorded client requests (test/fixtures/record-clients.ts) sent to a provider of another
// format: what has an equivalent is translated (system messages, PDFs, images, audio, tool round
// trips, thinking effort, seed and penalties), what has none is named in x-switchboard-dropped, and
// what cannot be carried without changing its meaning is refused rather than sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PDF_BASE64, SAMPLE_PNG_BASE64, SAMPLE_WAV_BASE64 } from '../fixtures/samples';
import { MODELS, type Harness } from './helpers/app-harness';
import type { RawResponse } from './helpers/hardening-kit';
import { OPENAI_TYPE_MODEL, recording, replay, startFixtureHarness } from './helpers/fixture-harness';

let h: Harness;
beforeAll(async () => { h = await startFixtureHarness(); });
afterAll(async () => { await h?.close(); });

const IMAGE_URL = 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg';
const dropped = (res: RawResponse): string[] => String(res.headers['x-switchboard-dropped'] ?? '').split(',').filter(Boolean).sort();
const sentTo = (fake: Harness['openai']): any => fake.requests.at(-1)!.body;

async function messages(name: string, model: string): Promise<RawResponse> {
  const res = await replay(h, '/v1/messages', recording('anthropic', name), model);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  expect(res.headers['x-switchboard-model']).toBe(model);
  return res;
}

async function chat(name: string, model: string): Promise<RawResponse> {
  const res = await replay(h, '/v1/chat/completions', recording('openai', name), model);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res;
}

describe('Claude Code to OpenAI and Gemini', () => {
  it('first turn: system blocks, the mid-conversation system message in place, its tools but the deferred placeholder, effort', async () => {
    const res = await messages('claude-code-first', OPENAI_TYPE_MODEL);
    const oa = sentTo(h.openai);
    // the billing header block (per conversation: it would spoil prefix caching) is left out
    expect(oa.messages.map((m: any) => m.role)).toEqual(['system', 'system', 'user', 'system']);
    expect(oa.messages[0].content).toMatch(/^You are a Claude agent/);
    expect(JSON.stringify(oa.messages)).not.toContain('x-anthropic-billing-header');
    expect(oa.messages[3].content).toMatch(/^# Environment/);
    // 12 tools, one of them DeferredToolPlaceholder (defer_loading, "never call this tool"): not offered
    expect(oa.tools.map((t: any) => t.function.name)).not.toContain('DeferredToolPlaceholder');
    expect(oa.tools).toHaveLength(11);
    expect(oa.tools.every((t: any) => t.type === 'function')).toBe(true);
    expect(oa).toMatchObject({ reasoning_effort: 'medium', max_completion_tokens: 128000, stream: true, stream_options: { include_usage: true } });
    expect(dropped(res)).toEqual(['cache_control', 'context_management', 'tools[defer_loading]']);

    await messages('claude-code-first', MODELS.gemini);
    const g = sentTo(h.gemini);
    expect(g.systemInstruction.parts).toHaveLength(3);
    expect(g.systemInstruction.parts[0].text).toMatch(/^You are a Claude agent/);
    expect(g.systemInstruction.parts[2].text).toMatch(/^# Environment/);
    expect(g.contents.map((c: any) => c.role)).toEqual(['user']);
    expect(g.tools[0].functionDeclarations).toHaveLength(11);
    // adaptive thinking with its display omitted: the effort's budget, no thoughts asked back
    expect(g.generationConfig).toMatchObject({ maxOutputTokens: 128000, thinkingConfig: { includeThoughts: false } });
    expect(g.generationConfig.thinkingConfig.thinkingBudget).toBeGreaterThan(0);
  });

  it("tool-result turn: the effort its system message sets for the turn wins over the top-level one", async () => {
    const rec = recording('anthropic', 'claude-code-tool-result');
    const system = rec.body.messages.findIndex((m: any) => m.role === 'system');
    expect(rec.body.messages[system].output_config).toEqual({ effort: 'medium' });
    const body = structuredClone(rec.body);
    body.output_config = { effort: 'low' };
    body.messages[system].output_config = { effort: 'max' };
    const res = await replay(h, '/v1/messages?beta=true', { ...rec, body }, OPENAI_TYPE_MODEL);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(sentTo(h.openai).reasoning_effort).toBe('high');
  });

  it('tool-result turn: the Bash call and its output pair up; the signed thinking is named as dropped', async () => {
    const res = await messages('claude-code-tool-result', OPENAI_TYPE_MODEL);
    const oa = sentTo(h.openai).messages;
    expect(oa.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01Record', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo sb-roundtrip","description":"Print a marker"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01Record', content: 'sb-roundtrip' },
    ]);
    expect(dropped(res)).toEqual(['cache_control', 'context_management', 'thinking', 'tools[defer_loading]']);

    await messages('claude-code-tool-result', MODELS.gemini);
    const g = sentTo(h.gemini).contents;
    expect(g.map((c: any) => c.role)).toEqual(['user', 'model', 'user']);
    expect(g[1].parts[0].functionCall).toEqual({ name: 'Bash', args: { command: 'echo sb-roundtrip', description: 'Print a marker' } });
    expect(g[2].parts).toEqual([{ functionResponse: { name: 'Bash', response: { content: 'sb-roundtrip' } } }]);
  });
});

describe('Anthropic SDK requests to OpenAI and Gemini', () => {
  it('a PDF document becomes a file part and inlineData; its context is text, its citations are named', async () => {
    const res = await messages('sdk-pdf', OPENAI_TYPE_MODEL);
    expect(sentTo(h.openai).messages[0].content).toEqual([
      { type: 'text', text: 'An invoice from ACME' },
      { type: 'file', file: { file_data: `data:application/pdf;base64,${SAMPLE_PDF_BASE64}`, filename: 'invoice.pdf' } },
      { type: 'text', text: 'What is the total?' },
    ]);
    expect(dropped(res)).toEqual(['citations']);
    await messages('sdk-pdf', MODELS.gemini);
    expect(sentTo(h.gemini).contents[0].parts).toEqual([
      { text: 'An invoice from ACME' }, { inlineData: { mimeType: 'application/pdf', data: SAMPLE_PDF_BASE64 } }, { text: 'What is the total?' },
    ]);
  });

  it('images, inline and by URL', async () => {
    await messages('sdk-images', OPENAI_TYPE_MODEL);
    expect(sentTo(h.openai).messages[0].content.slice(0, 2)).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${SAMPLE_PNG_BASE64}` } },
      { type: 'image_url', image_url: { url: IMAGE_URL } },
    ]);
    await messages('sdk-images', MODELS.gemini);
    expect(sentTo(h.gemini).contents[0].parts.slice(0, 2)).toEqual([
      { inlineData: { mimeType: 'image/png', data: SAMPLE_PNG_BASE64 } },
      { fileData: { mimeType: 'image/jpeg', fileUri: IMAGE_URL } },
    ]);
  });

  it('a server-tool history is refused by another format, never sent without its meaning', async () => {
    const before = h.openai.requests.length + h.gemini.requests.length;
    for (const model of [OPENAI_TYPE_MODEL, MODELS.gemini]) {
      const res = await replay(h, '/v1/messages', recording('anthropic', 'sdk-server-tools'), model);
      // not 503: waiting would not help, and Claude Code retries a 503
      expect(res.status, res.text).toBe(400);
      expect(res.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect(res.json.error.message).toMatch(/cannot carry/);
    }
    expect(h.openai.requests.length + h.gemini.requests.length).toBe(before);
  });

  it('a mid-conversation system message keeps its place on OpenAI and joins systemInstruction on Gemini', async () => {
    await messages('sdk-mid-system', OPENAI_TYPE_MODEL);
    expect(sentTo(h.openai).messages.map((m: any) => [m.role, m.content])).toEqual([
      ['system', 'You are terse.'], ['user', 'Name a colour.'], ['assistant', 'Blue.'], ['user', 'Name another.'], ['system', 'From now on answer in French.'],
    ]);
    await messages('sdk-mid-system', MODELS.gemini);
    const g = sentTo(h.gemini);
    expect(g.systemInstruction.parts).toEqual([{ text: 'You are terse.' }, { text: 'From now on answer in French.' }]);
    expect(g.contents.map((c: any) => c.role)).toEqual(['user', 'model', 'user']);
  });

  it('adaptive thinking at high effort becomes reasoning_effort and a thinking budget; signed blocks are named', async () => {
    const res = await messages('sdk-thinking', OPENAI_TYPE_MODEL);
    const oa = sentTo(h.openai);
    expect(oa.reasoning_effort).toBe('high');
    expect(oa.messages[1]).toEqual({ role: 'assistant', content: '7' });
    expect(dropped(res)).toEqual(['thinking']);
    await messages('sdk-thinking', MODELS.gemini);
    // high's 24,576 kept below the client's max_tokens of 16,000, which Gemini counts thinking against
    expect(sentTo(h.gemini).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 15_999, includeThoughts: true });
  });
});

describe('OpenAI SDK requests to Anthropic and Gemini', () => {
  it('a PDF file part becomes a document block and inlineData', async () => {
    await chat('sdk-pdf', MODELS.anthropic);
    expect(sentTo(h.anthropic).messages[0].content[0]).toEqual({
      type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: SAMPLE_PDF_BASE64 }, title: 'invoice.pdf',
    });
    await chat('sdk-pdf', MODELS.gemini);
    expect(sentTo(h.gemini).contents[0].parts[0]).toEqual({ inlineData: { mimeType: 'application/pdf', data: SAMPLE_PDF_BASE64 } });
  });

  it('images become image blocks and inlineData; the detail hint is named as dropped', async () => {
    const res = await chat('sdk-images', MODELS.anthropic);
    expect(sentTo(h.anthropic).messages[0].content.slice(0, 2)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: SAMPLE_PNG_BASE64 } },
      { type: 'image', source: { type: 'url', url: IMAGE_URL } },
    ]);
    expect(dropped(res)).toEqual(['image_url.detail']);
    const toGemini = await chat('sdk-images', MODELS.gemini);
    expect(sentTo(h.gemini).contents[0].parts[0]).toEqual({ inlineData: { mimeType: 'image/png', data: SAMPLE_PNG_BASE64 } });
    expect(dropped(toGemini)).toEqual(['image_url.detail']);
  });

  it('audio goes to Gemini as inlineData and is refused by Anthropic', async () => {
    await chat('sdk-audio', MODELS.gemini);
    expect(sentTo(h.gemini).contents[0].parts[0]).toEqual({ inlineData: { mimeType: 'audio/wav', data: SAMPLE_WAV_BASE64 } });
    const before = h.anthropic.requests.length;
    const res = await replay(h, '/v1/chat/completions', recording('openai', 'sdk-audio'), MODELS.anthropic);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
    expect(res.json.error.message).toMatch(/cannot carry/);
    expect(h.anthropic.requests.length).toBe(before);
  });

  it('system messages: one system prompt on Anthropic, in order; systemInstruction on Gemini', async () => {
    await chat('sdk-mid-system', MODELS.anthropic);
    const a = sentTo(h.anthropic);
    expect(a.system).toEqual([{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'From now on answer in French.', cache_control: { type: 'ephemeral' } }]);
    expect(a.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('reasoning effort and sampling extras: carried where the format has them, named where not', async () => {
    const toAnthropic = await chat('sdk-reasoning-extras', MODELS.anthropic);
    expect(sentTo(h.anthropic)).toMatchObject({ thinking: { type: 'adaptive' }, max_tokens: 2048, stream: true, metadata: { user_id: 'user-1234' } });
    expect(dropped(toAnthropic)).toEqual(['frequency_penalty', 'logit_bias', 'logprobs', 'metadata', 'presence_penalty', 'seed', 'service_tier', 'store', 'top_logprobs']);
    const toGemini = await chat('sdk-reasoning-extras', MODELS.gemini);
    expect(sentTo(h.gemini).generationConfig).toEqual({
      seed: 7, maxOutputTokens: 2048,
      // high's budget below max_completion_tokens, which counts reasoning: room left for the answer
      thinkingConfig: { thinkingBudget: 2047, includeThoughts: true },
    });
    // logprobs would come back in logprobsResult, which no translated answer carries: not asked for, named;
    // penalties only gemini-2.0-flash takes (2.5 and later answer 400), and user, which it has no field for: named
    expect(dropped(toGemini)).toEqual(['frequency_penalty', 'logit_bias', 'logprobs', 'metadata', 'presence_penalty', 'service_tier', 'store', 'top_logprobs', 'user']);
  });
});
