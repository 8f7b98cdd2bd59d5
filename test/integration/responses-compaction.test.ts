// Codex's remote compaction: a request whose input ends with a compaction_trigger item wants exactly
// one compaction item back, and a later one sends that item (the earlier conversation, encrypted by
// OpenAI) back. Only a Responses upstream can do either: routing picks one, and a model named that
// cannot gets a 400 before anything is paid for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
beforeAll(async () => { h = await startResponsesHarness(); });
afterAll(async () => { await h?.close(); });

const upstreamCount = () => h.responses.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.openai.requests.length;
const send = (model: string, input: unknown[]) => rawRequest(`${h.url}/v1/responses`, {
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model, input, store: false }),
});
const TRIGGER = [{ role: 'user', content: 'fix the bug' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] }, { type: 'compaction_trigger' }];
const COMPACTED = [{ type: 'compaction', encrypted_content: 'gAAAAB-opaque' }, { role: 'user', content: 'go on' }];

describe('remote compaction', () => {
  it('is routed to a Responses model, the items passed as sent', async () => {
    for (const input of [TRIGGER, COMPACTED]) {
      const res = await send('auto', input);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
      expect(h.responses.requests.at(-1)!.body.input).toEqual(input);
    }
  });

  it('named on a model of another API is refused with 400 model_not_supported, reaching no provider', async () => {
    for (const model of [MODELS.anthropic, MODELS.openai, MODELS.gemini]) {
      for (const input of [TRIGGER, COMPACTED]) {
        const before = upstreamCount();
        const res = await send(model, input);
        expect(res.status).toBe(400);
        expect(res.json.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_supported' });
        expect(upstreamCount()).toBe(before);
      }
    }
  });
});
