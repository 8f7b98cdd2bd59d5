// A client that leaves mid-stream (Claude Code's Esc: a 200 logged with error_kind client_closed) is no error: not
// in the Usage tab's error counts, not under the Activity tab's Failed filter, as the error-rate alert already had
// it. One rule (shared/counts-as-error.ts) for all of them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { waitFor } from './helpers/hardening-kit';
import { adminFetch } from './helpers/routing-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
});
afterAll(async () => h?.close());

const headers = () => ({ 'content-type': 'application/json', authorization: `Bearer ${h.token}` });
const body = (stream: boolean) => JSON.stringify({ model: MODELS.openai, stream, messages: [{ role: 'user', content: 'hi' }] });

async function usage(): Promise<{ total_requests: number; total_errors: number; by_day: { errors: number }[] }> {
  return (await adminFetch(h.app, 'GET', '/api/v1/llm/usage?days=1')).json;
}

async function failedIds(): Promise<string[]> {
  const page = (await adminFetch(h.app, 'GET', '/api/v1/llm/requests?status=error&limit=50')).json;
  return page.requests.map((r: { request_id: string }) => r.request_id);
}

/**
 * The activity entry of this request, once the proxy has logged it (the admin API flushes the recorder; the
 * proxy logs a cancelled stream when it sees the client gone): failing, not hanging, when it never does.
 */
async function loggedEntry(requestId: string): Promise<{ status: number; error_kind: string | null }> {
  return waitFor(async () => {
    const page = (await adminFetch(h.app, 'GET', '/api/v1/llm/requests?limit=50')).json;
    return page.requests.find((r: { request_id: string }) => r.request_id === requestId) as { status: number; error_kind: string | null } | undefined;
  }, 5_000, `request ${requestId} in the activity log (the cancelled stream was never logged)`);
}

it('a client leaving mid-stream leaves the error counts and the Failed filter as they were', async () => {
  // one real failure to count against
  h.openai.faults.push({ kind: 'status', status: 500 });
  const failed = await rawRequest(`${h.url}/v1/chat/completions`, { headers: headers(), body: body(false) });
  expect(failed.status).toBeGreaterThanOrEqual(500);
  const failedId = failed.headers.get('x-switchboard-request-id')!;
  const before = await usage();
  expect(before.total_errors).toBe(1);
  expect(await failedIds()).toEqual([failedId]);

  // the provider sends its first chunk, then nothing more: the client leaves while the answer streams
  h.openai.faults.push({ kind: 'stall', afterChunks: 1 });
  const abort = new AbortController();
  const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: headers(), body: body(true), signal: abort.signal });
  expect(res.status).toBe(200);
  const first = new TextDecoder().decode((await res.body!.getReader().read()).value);
  expect(first).toContain('data: ');
  const cancelledId = res.headers.get('x-switchboard-request-id')!;
  abort.abort();
  expect(await loggedEntry(cancelledId)).toMatchObject({ status: 200, error_kind: 'client_closed' });

  const after = await usage();
  expect(after.total_requests).toBe(before.total_requests + 1);
  expect(after.total_errors).toBe(1);
  expect(after.by_day.reduce((n, d) => n + d.errors, 0)).toBe(1);
  expect(await failedIds()).toEqual([failedId]);
});
