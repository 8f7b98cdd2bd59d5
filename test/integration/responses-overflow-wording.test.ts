// OpenAI's Responses API words a prompt too long for the model's context without sizes: "Your input exceeds the
// context window of this model. Please adjust your input and try again." (code context_length_exceeded). Before,
// an Anthropic client got that text as it was, not Anthropic's "prompt is too long: N tokens > M maximum" that
// Claude Code compacts on (as the chat, Gemini and Anthropic wordings are reworded). Now the sizes the provider
// did not name are Switchboard's: N its estimate of the prompt (at least one past the context: the provider
// said it passed it), M the model's context_length. Real proxy, a Responses upstream on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startHarness, type Harness } from './helpers/app-harness';
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
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

const post = (path: string, body: unknown) => rawRequest(`${h.url}${path}`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
  body: JSON.stringify(body),
});

describe("a Responses provider's context overflow without sizes", () => {
  it.each([false, true])('reaches an Anthropic client as "prompt is too long: N tokens > M maximum" (stream %s)', async (stream) => {
    const res = await post('/v1/messages', { model: 'ro/gpt-r', max_tokens: 100, stream, messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(500) }] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.type).toBe('invalid_request_error');
    const m = /^prompt is too long: (\d+) tokens > (\d+) maximum/.exec(res.json.error.message as string);
    expect(m, res.json.error.message).not.toBeNull();
    // the estimate of this prompt is far below the context: the provider said it passed it, so one past it
    expect(Number(m![1])).toBe(50_001);
    expect(Number(m![2])).toBe(50_000);
  });

  it('reaches a chat client in OpenAI\'s chat wording, with code context_length_exceeded', async () => {
    const res = await post('/v1/chat/completions', { model: 'ro/gpt-r', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe('context_length_exceeded');
    expect(res.json.error.message).toMatch(/^This model's maximum context length is 50000 tokens\. However, your messages resulted in 50001 tokens/);
  });
});
