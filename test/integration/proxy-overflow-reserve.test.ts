// A provider's "too long" names the output room it was sent. Where that room is a default Switchboard filled in
// (the client set no max_tokens; Anthropic requires one), the client is told of the reserve kept for the
// answer, as Switchboard's own context check tells it, not asked to lower a max_tokens it never sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const refusal = () => h.anthropic.faults.push({
  kind: 'status', status: 400,
  body: { type: 'error', error: { type: 'invalid_request_error', message: 'input length and `max_tokens` exceed context limit: 150000 + 8000 > 156000, decrease input length or `max_tokens` and try again' } },
});

async function chat(extra: Record<string, unknown>): Promise<{ status: number; message: string }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }], ...extra }),
  });
  const json = (await res.json()) as { error: { message: string } };
  return { status: res.status, message: json.error.message };
}

describe("a provider's overflow on an output room the client did not ask for", () => {
  it('is worded as the reserve kept for the answer when the client set no max_tokens', async () => {
    refusal();
    const { status, message } = await chat({});
    expect(status).toBe(400);
    expect(message).toContain('leaving less than the 8000 tokens kept for the answer when the request sets no');
    expect(message).not.toContain('in the completion');
  });

  it("is worded as the client's own max_tokens when it set one", async () => {
    refusal();
    const { status, message } = await chat({ max_tokens: 8000 });
    expect(status).toBe(400);
    expect(message).toMatch(/you requested 158000 tokens \(150000 in the messages, 8000 in the completion\)/);
  });

  it("is worded as the client's own max_tokens when routing lowered it to what the model writes", async () => {
    const put = await fetch(`${h.url}/api/v1/llm/models/${encodeURIComponent(MODELS.anthropic)}`, {
      method: 'PUT', headers: { authorization: `Bearer ${h.app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ max_output_tokens: 8000 }),
    });
    expect(put.status).toBe(200);
    refusal();
    const { status, message } = await chat({ max_tokens: 50000 });
    expect(status).toBe(400);
    // the limit the client set, as sent after the cap: not "sets no max_tokens"
    expect(message).toMatch(/8000 in the completion/);
    expect(message).not.toContain('sets no');
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({ max_tokens: 8000 });
  });
});
