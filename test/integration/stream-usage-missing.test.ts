// A chat client that asked `stream_options.include_usage` is owed, as OpenAI sends it, a last chunk with
// `choices: []` and `usage` before `[DONE]` (Continue, aider and LiteLLM meter from it). An OpenAI-compatible
// upstream forwarded as is (llama-server) may ignore the option and send none: the client then gets Switchboard's
// chunk, named as the stream's other chunks, with the figures its usage row records. Only when it asked, only when
// none came, only on a stream that ended normally. Real proxy on 127.0.0.1; the upstream is the fake OpenAI server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityEntryOf, RM, startRoutingHarness, type RoutingHarness } from './helpers/routing-harness';

let h: RoutingHarness;

beforeAll(async () => {
  h = await startRoutingHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A streamed chat request; the answer's `data:` payloads in order, and the response for its activity entry. */
async function streamChat(streamOptions?: Record<string, unknown>): Promise<{ res: Response; events: string[] }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ model: RM.mid, stream: true, messages: [{ role: 'user', content: 'hi' }], ...(streamOptions ? { stream_options: streamOptions } : {}) }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice('data: '.length));
  return { res, events };
}

const usageChunks = (events: string[]) => events.filter((e) => e !== '[DONE]').map((e) => JSON.parse(e)).filter((c) => c.usage);

describe('a chat stream whose upstream sends no usage', () => {
  it('ends with a usage chunk before [DONE] when the client asked for it, with the row\'s figures', async () => {
    h.resetFakes();
    h.mid.faults.push({ kind: 'no-usage' });
    const { res, events } = await streamChat({ include_usage: true });
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const last = chunks.at(-1);
    const first = chunks[0];
    expect(last).toMatchObject({ id: first.id, object: 'chat.completion.chunk', created: first.created, model: first.model, choices: [] });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(usageChunks(events)).toHaveLength(1);

    const entry = await activityEntryOf(h.app, res);
    expect(entry.estimated).toBe(true);
    expect(entry.input_tokens).toBeGreaterThan(0);
    expect(entry.output_tokens).toBeGreaterThan(0);
    expect(last.usage).toEqual({ prompt_tokens: entry.input_tokens, completion_tokens: entry.output_tokens, total_tokens: entry.input_tokens + entry.output_tokens });
  });

  it('sends none when the client did not ask, and only the provider\'s when it sent one', async () => {
    h.resetFakes();
    h.mid.faults.push({ kind: 'no-usage' });
    const unasked = await streamChat();
    expect(usageChunks(unasked.events)).toHaveLength(0);
    expect(unasked.events.at(-1)).toBe('[DONE]');

    const stated = await streamChat({ include_usage: true });
    const given = usageChunks(stated.events);
    expect(given).toHaveLength(1);
    expect(given[0].usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 });
    expect(stated.events.at(-1)).toBe('[DONE]');
  });

  it('sends none on a stream cut short', async () => {
    h.resetFakes();
    h.mid.faults.push({ kind: 'reset-mid-stream', afterChunks: 2 });
    const { events } = await streamChat({ include_usage: true });
    expect(usageChunks(events)).toHaveLength(0);
    expect(events).not.toContain('[DONE]');
    expect(events.some((e) => e.includes('"error"'))).toBe(true);
  });
});
