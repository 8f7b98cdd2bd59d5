// Codex's remote compaction: a request whose input ends with a compaction_trigger item wants exactly
// one compaction item back, and later turns send that item back in place of the conversation. OpenAI's
// Responses models do it themselves (the items pass as sent); any other model is asked for Codex's
// handoff summary, which comes back as one compaction item Switchboard can read later, for any model.
// OpenAI's own encrypted item reaches only OpenAI: a model of another API named with it gets a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, fakeAnswer, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
beforeAll(async () => { h = await startResponsesHarness(); });
afterAll(async () => { await h?.close(); });

const upstreamCount = () => h.responses.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.openai.requests.length;
const send = (model: string, input: unknown[], stream = false) => rawRequest(`${h.url}/v1/responses`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model, input, store: false, stream, tools: [{ type: 'function', name: 'exec_command', strict: false, parameters: { type: 'object', properties: {} } }] }),
});
const CALL = [{ type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{}' }, { type: 'function_call_output', call_id: 'c1', output: 'ok' }];
const TRIGGER = [{ role: 'user', content: 'fix the bug' }, ...CALL, { type: 'compaction_trigger' }];
const FROM_OPENAI = [{ type: 'compaction', encrypted_content: 'gAAAAB-opaque' }, { role: 'user', content: 'go on' }];
const lastText = (body: any): string => JSON.stringify(body.messages?.at(-1) ?? body.contents?.at(-1) ?? body.input?.at(-1));
/** The events of an SSE answer, parsed. */
const events = (text: string): any[] => text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));

describe('remote compaction on a Responses model', () => {
  it('passes the items as sent', async () => {
    for (const input of [TRIGGER, FROM_OPENAI]) {
      const res = await send('auto', input);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
      expect(h.responses.requests.at(-1)!.body.input).toEqual(input);
    }
  });
});

describe('remote compaction on another model', () => {
  it('asks for a summary, tools unused, and answers with one compaction item, recorded as a paid call', async () => {
    for (const [model, fake] of [[MODELS.anthropic, h.anthropic], [MODELS.gemini, h.gemini], [MODELS.openai, h.openai]] as const) {
      const res = await send(model, TRIGGER);
      expect(res.status, res.text).toBe(200);
      const body = fake.requests.at(-1)!.body;
      expect(lastText(body)).toContain('CONTEXT CHECKPOINT COMPACTION');
      expect(JSON.stringify(body.tool_choice ?? body.toolConfig)).toMatch(/none|NONE/);
      expect(res.json.output).toEqual([{ id: expect.stringMatching(/^cmp_/), type: 'compaction', encrypted_content: expect.any(String) }]);
      const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
      expect(row).toMatchObject({ model_id: model, status: '200', estimated: 'false' });
      expect(Number(row.cost_usd)).toBeGreaterThan(0);
    }
  });

  it('streams the compaction item alone', async () => {
    const res = await send(MODELS.anthropic, TRIGGER, true);
    const all = events(res.text);
    const items = all.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
    expect(items).toEqual([{ id: expect.stringMatching(/^cmp_/), type: 'compaction', encrypted_content: expect.any(String) }]);
    expect(all.some((e) => e.type === 'response.output_text.delta')).toBe(false);
    expect(all.at(-1)).toMatchObject({ type: 'response.completed', response: { output: items } });
  });

  it('reads its compaction item back as the summary, on any model, OpenAI included', async () => {
    const made = (await send(MODELS.anthropic, TRIGGER)).json.output[0];
    const later = [{ role: 'user', content: 'fix the bug' }, made, { role: 'user', content: 'go on' }];
    for (const [model, fake] of [[MODELS.gemini, h.gemini], [MODELS.openai, h.openai], [RESPONSES_MODEL, h.responses]] as const) {
      const res = await send(model, later);
      expect(res.status, res.text).toBe(200);
      const sent = JSON.stringify(fake.requests.at(-1)!.body);
      expect(sent).toContain('Here is the summary produced by the other language model');
      expect(sent).toContain(fakeAnswer('anthropic'));
      expect(sent).not.toContain('compaction');
    }
  });

  it("refuses OpenAI's encrypted compaction item with 400 model_not_supported, reaching no provider", async () => {
    for (const model of [MODELS.anthropic, MODELS.openai, MODELS.gemini]) {
      const before = upstreamCount();
      const res = await send(model, FROM_OPENAI);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
      expect(upstreamCount()).toBe(before);
    }
  });
});
