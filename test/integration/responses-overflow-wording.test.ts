// OpenAI's Responses API words a prompt too long for the model's context without sizes: "Your input exceeds the
// context window of this model. Please adjust your input and try again." (code context_length_exceeded). Before,
// an Anthropic client got that text as it was, not Anthropic's "prompt is too long: N tokens > M maximum" that
// Claude Code compacts on (as the chat, Gemini and Anthropic wordings are reworded). Now it is told in the client's
// API's overflow wording: with Switchboard's sizes (N its estimate of the prompt, M the model's context_length) when
// the estimate passes the context, else with no prompt size at all. Review of 76dfe03: N was at least M + 1, and
// Claude Code compacts by the gap N - M (dropping head messages until they reach it), so a made-up M + 1 dropped
// one message group a retry; with no figures it drops a share of its own. Real proxy, a Responses upstream on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';

let h: Harness;
let upstream: RawUpstream;
const WORDING = 'Your input exceeds the context window of this model. Please adjust your input and try again.';

beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((_body, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: WORDING, type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' } }));
  });
  await h.app.service.createProvider({ id: 'ro', name: 'ro', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: 'sk-ro-0000000000000000000000' });
  await h.app.service.createModel({ provider_id: 'ro', model_name: 'gpt-r', api: 'responses', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 50_000, capabilities: ['chat'] });
  // a context the conservative estimate of GPL-3 (35,149 characters, ~8,800 at 4 a token) passes, the lenient one fits
  await h.app.service.createModel({ provider_id: 'ro', model_name: 'gpt-s', api: 'responses', input_cost_per_1m: 1, output_cost_per_1m: 2, context_length: 8_000, capabilities: ['chat'] });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => postJson(h, path, body);

/** Claude Code's reading of an overflow's two figures */
const CLAUDE_CODE = /prompt is too long[^0-9]*(\d+)\s*tokens?\s*>\s*(\d+)/;
const gpl = readFileSync('test/fixtures/tokens/gpl-3.txt', 'utf8');

describe("a Responses provider's context overflow without sizes", () => {
  it.each([false, true])('reaches an Anthropic client as "prompt is too long" with no figures when the estimate does not pass the context (stream %s)', async (stream) => {
    const res = await post('/v1/messages', { model: 'ro/gpt-r', max_tokens: 100, stream, messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(500) }] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.type).toBe('invalid_request_error');
    const message = res.json.error.message as string;
    expect(message).toMatch(/^prompt is too long\b/);
    // no sizes Claude Code would compact by: it drops a share of the conversation of its own instead
    expect(CLAUDE_CODE.exec(message), message).toBeNull();
  });

  it('reaches an Anthropic client as "prompt is too long: N tokens > M maximum" when the estimate passes the context', async () => {
    const res = await post('/v1/messages', { model: 'ro/gpt-s', max_tokens: 100, messages: [{ role: 'user', content: gpl }] });
    expect(res.status, res.text).toBe(400);
    const m = CLAUDE_CODE.exec(res.json.error.message as string);
    expect(m, res.json.error.message).not.toBeNull();
    expect(Number(m![2])).toBe(8_000);
    // Switchboard's estimate of the prompt, not a figure made up past the context
    expect(Number(m![1])).toBeGreaterThan(8_001);
    expect(Number(m![1])).toBeLessThan(gpl.length / 4 + 200);
  });

  it("reaches a chat client in OpenAI's chat wording naming the context alone, with code context_length_exceeded", async () => {
    const res = await post('/v1/chat/completions', { model: 'ro/gpt-r', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe('context_length_exceeded');
    expect(res.json.error.message).toMatch(/^This model's maximum context length is 50000 tokens\. However, your messages exceeded it\./);
    expect(res.json.error.message).not.toMatch(/resulted in \d+ tokens/);
  });

  it("reaches a Gemini client in Gemini's wording naming the context alone", async () => {
    const res = await post('/v1beta/models/ro%2Fgpt-r:generateContent', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toMatch(/^The input token count exceeds the maximum number of tokens allowed 50000\./);
  });
});
