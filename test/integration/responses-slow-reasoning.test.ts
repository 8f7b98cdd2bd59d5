// A Responses reasoning model asked for no summary (every translated request that did not ask to see thoughts)
// sends its reasoning item's output_item.added and then nothing until its answer: the model at work, so the
// try's timeout_ms does not cut it (before, only text or thinking text counted: each try ended 504 and the
// retry paid for the reasoning again), translated or forwarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { rulesForBlock } from './helpers/rules-change';
import { usageRows } from './helpers/usage-csv';

let h: ResponsesHarness;
beforeAll(async () => { h = await startResponsesHarness(); });
afterAll(async () => { await h?.close(); });

describe('a reasoning model at work past timeout_ms, asked for no summary (its reasoning item begun, then nothing until the answer)', () => {
  rulesForBlock(() => h.app, { timeout_ms: 1000 });

  it.each([
    ['translated, Chat Completions in', '/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }] }, 'data: [DONE]'],
    ['translated, Anthropic Messages in', '/v1/messages', { max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }, 'event: message_stop'],
    ['forwarded, Responses in (Codex)', '/v1/responses', { input: 'hi', store: false }, 'event: response.completed'],
  ] as const)('%s: is not cut, and its one try answers', async (_what, path, body, last) => {
    h.responses.faults.push({ kind: 'slow-answer', ms: 1500 });
    const before = h.responses.requests.length;
    const res = await rawRequest(`${h.url}${path}`, {
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: RESPONSES_MODEL, stream: true, ...body }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain(last);
    expect(h.responses.faults).toEqual([]);
    expect(h.responses.requests.length - before).toBe(1);
    const row = (await usageRows(h.app)).find((r) => r.request_id === res.headers.get('x-switchboard-request-id'))!;
    expect(row).toMatchObject({ status: '200', error_kind: '' });
  });
});
