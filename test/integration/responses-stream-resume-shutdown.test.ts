// A resumed Responses stream (GET /v1/responses/{id}?stream=true) still running when shutdown's drain ends
// is cut as a live one is: a stream that had begun ends with the Responses error events, not a bare end
// (the SDK threw "stream ended without producing a response"), and a client still waiting for the
// provider's headers gets a 503 with retry-after, not a 502 blaming the provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
beforeAll(async () => {
  h = await startResponsesHarness({ config: { limits: { shutdownDrainMs: 300, backgroundSettle: { firstMs: 600_000, maxMs: 600_000 } } } });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterAll(async () => { await h?.close(); });

const auth = (): Record<string, string> => ({ authorization: `Bearer ${h.token}` });

async function arrived(n: number): Promise<void> {
  while (h.responses.requests.length < n) await new Promise((r) => setTimeout(r, 10));
}

describe('close() with a resumed Responses stream running', () => {
  it('ends a begun one with the error events, and answers one still waiting for its provider 503', async () => {
    const made = await rawRequest(`${h.url}/v1/responses`, {
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ model: RESPONSES_MODEL, input: 'hi', stream: true }),
    });
    const id = JSON.parse(made.text.split('\n').find((l) => l.startsWith('data: '))!.slice(6)).response.id as string;

    // the provider sends three events and then nothing
    h.responses.faults.push({ kind: 'stall', afterChunks: 3 });
    const begun = await fetch(`${h.url}/v1/responses/${id}?stream=true`, { headers: auth() });
    expect(begun.status).toBe(200);
    const reader = begun.body!.getReader();
    const firstRead = new TextDecoder().decode((await reader.read()).value);
    expect(firstRead).toContain('response.created');

    // the provider has not answered this one by the time the drain ends
    h.responses.faults.push({ kind: 'slow-first-byte', ms: 5_000 });
    const asked = h.responses.requests.length;
    const waiting = fetch(`${h.url}/v1/responses/${id}?stream=true`, { headers: auth() });
    await arrived(asked + 1);

    await h.app.close();

    let text = firstRead;
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(events.at(-2)).toMatchObject({ type: 'error', message: expect.stringContaining('shutting down') });
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { id, status: 'failed' } });

    const refused = await waiting;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as any).error).toMatchObject({ type: 'overloaded_error', message: expect.stringContaining('shutting down') });
  });
});
