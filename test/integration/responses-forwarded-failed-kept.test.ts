// A Responses stream forwarded from a Responses provider that fails after its answer began is kept as failed, as a
// translated one is: GET /v1/responses/{id} answers it. The provider's own response.failed (its failed response, with
// the output it streamed and its error) reaches the client as it came and is what is kept; a stream that breaks off
// ends with Switchboard's error and response.failed, the output items streamed so far in it (one still streaming
// marked incomplete), and that is kept. Before, neither was kept (404) and the client's response.failed had no
// output. Real proxy, real SQLite, a Responses upstream of the test's own on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, postJson } from './helpers/app-harness';
import { startRawUpstream, type RawUpstream } from './helpers/raw-upstream';
import { usageRows } from './helpers/usage-csv';

let h: Harness;
let upstream: RawUpstream;

const USAGE = { input_tokens: 20, output_tokens: 5, total_tokens: 25 };
const DONE_ITEM = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'First.', annotations: [] }] };
const ADDED_ITEM = { id: 'msg_2', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
const FAILED_ERROR = { code: 'server_error', message: 'The model failed to generate a response.' };
/** another key, and a bearer token, quoted by a provider's error (not the key Switchboard sent, which its key watch catches) */
const QUOTED_KEY = 'sk-proj-LEAKabcdef0123456789abcdef0123456789';
/** the key Switchboard sends the provider */
const RF_KEY = 'sk-rf-0000000000000000000000';
/** output text with words a secret pattern run over the whole event would take for one */
const PROSE = 'See task-management-system-design.';
const QUOTED_BEARER = 'Bearer zzTOKENzz0123456789abcdef0123';

/** the events of a stream up to a second message still streaming; each upstream request gets its own response id */
function begun(id: string): { events: string; response: Record<string, unknown> } {
  let seq = 0;
  const ev = (type: string, rest: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...rest })}\n\n`;
  const response = { id, object: 'response', created_at: 1700000000, model: 'gpt-x', output: [], usage: null, error: null };
  const events = ev('response.created', { response: { ...response, status: 'in_progress' } })
    + ev('response.output_item.added', { output_index: 0, item: { ...DONE_ITEM, status: 'in_progress', content: [] } })
    + ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'First.' })
    + ev('response.output_item.done', { output_index: 0, item: DONE_ITEM })
    + ev('response.output_item.added', { output_index: 1, item: ADDED_ITEM })
    + ev('response.output_text.delta', { item_id: 'msg_2', output_index: 1, content_index: 0, delta: 'Seco' });
  return { events, response: { ...response, sequence: seq } };
}

let served = 0;
/** the response.failed event the upstream last sent, as it sent it */
let sentFailed = '';
beforeAll(async () => {
  h = await startHarness();
  upstream = await startRawUpstream((body, res) => {
    const input = JSON.stringify((JSON.parse(body.toString()) as { input: unknown }).input);
    const id = `resp_up${++served}`;
    const { events, response } = begun(id);
    // a first turn answered whole, for a second to continue
    if (input.includes('FIRST') && !input.includes('go on')) {
      const { sequence: _s, ...shell } = response;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...shell, status: 'completed', output: [DONE_ITEM], usage: USAGE }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (input.includes('FAIL')) {
      const { sequence, ...shell } = response;
      // LEAK: another key and a bearer token; SPLIT: the key Switchboard sent, broken by a newline (a JSON escape in the
      // event's text), beside output text a redaction of the whole event would have mangled
      const error = input.includes('SPLIT') ? { code: 'server_error', message: `key ${RF_KEY.slice(0, 14)}\n${RF_KEY.slice(14)} bad` }
        : input.includes('LEAK') ? { code: 'server_error', message: `upstream auth: ${QUOTED_KEY} / ${QUOTED_BEARER}` } : FAILED_ERROR;
      const failed = { ...shell, status: 'failed', error, output: [DONE_ITEM, { ...ADDED_ITEM, status: 'incomplete', content: [{ type: 'output_text', text: input.includes('SPLIT') ? PROSE : 'Seco', annotations: [] }] }], usage: USAGE };
      sentFailed = `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: sequence, response: failed })}\n\n`;
      res.end(events + sentFailed);
      return;
    }
    // breaks off mid-answer
    res.write(events, () => setTimeout(() => res.socket?.destroy(), 20));
  });
  await h.app.service.createProvider({ id: 'rf', name: 'rf', type: 'openai', base_url: `${upstream.origin}/v1`, api_key: RF_KEY });
  await h.app.service.createModel({ provider_id: 'rf', model_name: 'gpt-x', api: 'responses', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 400_000, capabilities: ['chat', 'tools'] });
  await h.app.service.updateRoutingRules({ cooldown_failures: 100 });
});

afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

function events(text: string): { event: string; data: any }[] {
  return text.split('\n\n').filter((b) => b.trim() !== '').map((b) => ({ event: /^event: (.*)$/m.exec(b)?.[1] ?? '', data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) }));
}

async function retrieve(id: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${h.url}/v1/responses/${id}`, { headers: { authorization: `Bearer ${h.token}` } });
  return { status: res.status, json: await res.json() };
}

describe('a forwarded Responses stream that failed after its answer began', () => {
  it("ending with the provider's response.failed: the client gets it as it came, and it is kept failed with its output and error", async () => {
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'FAIL please', stream: true });
    expect(res.status, res.text).toBe(200);
    const evs = events(res.text);
    expect(evs.map((e) => e.event)).not.toContain('error');
    expect(res.text.endsWith(sentFailed)).toBe(true);
    const last = evs.at(-1)!;
    expect(last.event).toBe('response.failed');
    expect(last.data.sequence_number).toBe(evs.length - 1);
    expect(last.data.response).toMatchObject({ status: 'failed', error: FAILED_ERROR, usage: USAGE });
    expect(last.data.response.output.map((i: any) => i.id)).toEqual(['msg_1', 'msg_2']);
    const id = evs[0]!.data.response.id as string;

    const kept = await retrieve(id);
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ id, status: 'failed', error: FAILED_ERROR });
    expect(kept.json.output).toEqual(last.data.response.output);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ status: '200', input_tokens: '20' });
    expect(row.error_kind).not.toBe('');
  });

  it('broken off: the client gets error and response.failed with the items streamed so far, and that response is kept', async () => {
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'go on', stream: true });
    expect(res.status, res.text).toBe(200);
    const evs = events(res.text);
    expect(evs.slice(-2).map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(evs.map((e) => e.data.sequence_number)).toEqual(evs.map((_e, i) => i));
    const failed = evs.at(-1)!.data.response;
    const id = evs[0]!.data.response.id as string;
    expect(failed).toMatchObject({ id, status: 'failed', error: { code: 'server_error', message: expect.stringContaining('broke off') } });
    expect(failed.output).toEqual([DONE_ITEM, { ...ADDED_ITEM, status: 'incomplete' }]);

    const kept = await retrieve(id);
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ id, status: 'failed', error: failed.error, output: failed.output });
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ status: '200', error_kind: 'stream' });
  });

  it("the provider's response.failed has any secret its error quotes redacted, for the client and in what is kept", async () => {
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'FAIL LEAK', stream: true });
    expect(res.status, res.text).toBe(200);
    const evs = events(res.text);
    const last = evs.at(-1)!;
    expect(last.event).toBe('response.failed');
    expect(last.data.response.error.message).toContain('[REDACTED]');
    for (const secret of [QUOTED_KEY, 'zzTOKENzz0123456789abcdef0123']) expect(res.text).not.toContain(secret);
    const kept = await retrieve(evs[0]!.data.response.id as string);
    expect(kept.status).toBe(200);
    for (const secret of [QUOTED_KEY, 'zzTOKENzz0123456789abcdef0123']) expect(JSON.stringify(kept.json)).not.toContain(secret);
  });

  it("broken off on a turn continuing another: Switchboard's response.failed names the previous_response_id the client sent", async () => {
    const first = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'FIRST' });
    expect(first.status, first.text).toBe(200);
    const previous = first.json.id as string;
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'go on', previous_response_id: previous, stream: true });
    expect(res.status, res.text).toBe(200);
    const evs = events(res.text);
    expect(evs.at(-1)!.event).toBe('response.failed');
    expect(evs.at(-1)!.data.response.previous_response_id).toBe(previous);
  });

  it("the key Switchboard sent, broken by an escaped newline in the provider's error, is redacted; the output is kept as the model wrote it", async () => {
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'FAIL SPLIT', stream: true });
    expect(res.status, res.text).toBe(200);
    const evs = events(res.text);
    const last = evs.at(-1)!;
    expect(last.event).toBe('response.failed');
    const tail = RF_KEY.slice(14);
    expect(last.data.response.error.message).not.toContain(tail);
    expect(last.data.response.output[1].content[0].text).toBe(PROSE);
    const kept = await retrieve(evs[0]!.data.response.id as string);
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.json.error)).not.toContain(tail);
    expect(kept.json.output[1].content[0].text).toBe(PROSE);
  });

  it('not stored (store: false): nothing is kept', async () => {
    const res = await postJson(h, '/v1/responses', { model: 'rf/gpt-x', input: 'go on', stream: true, store: false });
    const id = events(res.text)[0]!.data.response.id as string;
    expect((await retrieve(id)).status).toBe(404);
  });
});
