// A local model server (Ollama, LM Studio) that is stopped, or nothing set up at all, is answered at once
// with the 503 that says what to do, typed so that no client retries it: Claude Code retries any error
// typed overloaded_error (before it reads x-should-retry), some ten times over three minutes. And a server
// stopped since its last probe is found not running by the request that is refused, not cooled down and
// tried again for the next minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardApp } from '../../src/node/app';
import { startFakeOpenAI } from '../mocks/fake-openai';
import { claudeDirs, claudeResult, removeDirs, runClaudeCode } from './helpers/claude-code';
import { startWithoutLocalServers } from './helpers/fresh-install';
import { adminFetch } from './helpers/routing-harness';

const RUN_TIMEOUT = 120_000;
let app: SwitchboardApp;
let dataDir: string;
let home: string;
let workspace: string;
let token: string;

beforeAll(async () => {
  ({ home, workspace } = claudeDirs());
  ({ app, dataDir, token } = await startWithoutLocalServers('sb-local-stopped-'));
});
afterAll(async () => {
  await app?.close();
  removeDirs(dataDir, home, workspace);
});

const activityCount = async (): Promise<number> => {
  const res = await adminFetch(app, 'GET', '/api/v1/llm/requests?limit=500');
  return (res.json as { requests: unknown[] }).requests.length;
};

const ollamaHealth = async () => (await app.service.listProviders()).find((p) => p.id === 'ollama')!.health.status;

const messages = (model: string) => fetch(`${app.url}/v1/messages`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
  body: JSON.stringify({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
});

/** Ollama running at a port of its own (served and seen healthy), then stopped: the minute's probe has not seen it stop. */
async function ollamaStoppedSinceItsProbe(): Promise<void> {
  const ollama = await startFakeOpenAI({});
  await app.service.updateProvider({ id: 'ollama', patch: { base_url: ollama.url } });
  await expect.poll(ollamaHealth).toBe('healthy');
  expect((await messages('ollama/llama3.2')).status).toBe(200);
  await ollama.close();
}

/** Claude Code asked once with this model: it failed with a 503 whose message holds `says`, after one request. */
async function expectClaudeCodeGivesUp(model: string, says: string): Promise<void> {
  const before = await activityCount();
  const run = await runClaudeCode({ baseUrl: app.url, token, home, cwd: workspace, prompt: 'hi', model });
  const result = claudeResult(run) as ReturnType<typeof claudeResult> & { api_error_status?: number };
  expect(result.is_error, run.stdout).toBe(true);
  expect(result.api_error_status).toBe(503);
  expect(result.result).toContain(says);
  // not retried: the one request Claude Code sent is all Switchboard saw
  expect(await activityCount() - before).toBe(1);
}

describe('Claude Code with nothing to serve it', () => {
  it('gives up on the first answer when nothing is set up (auto): one request, the 503 saying what to do', async () => {
    await expectClaudeCodeGivesUp('auto', 'no provider is ready yet');
  }, RUN_TIMEOUT);

  it('gives up on the first answer when the Ollama it names was stopped since its last probe: one request, "start it"', async () => {
    await ollamaStoppedSinceItsProbe();
    await expectClaudeCodeGivesUp('ollama/llama3.2', 'Ollama does not answer at');
  }, RUN_TIMEOUT);
});

describe('a request refused by a local server stopped since its last probe', () => {
  it('and the one straight after it get the not-running 503, not to be retried, and the provider shows as not running', async () => {
    await ollamaStoppedSinceItsProbe();
    for (const attempt of ['refused', 'after']) {
      const res = await messages('ollama/llama3.2');
      const body = await res.json() as { type: string; error: { type: string; message: string } };
      expect(res.status, `${attempt}: ${JSON.stringify(body)}`).toBe(503);
      expect(res.headers.get('x-should-retry')).toBe('false');
      expect(res.headers.get('retry-after')).toBeNull();
      expect(body.error.type).toBe('api_error');
      expect(body.error.message).toMatch(/^No model can serve this request: Ollama does not answer at http:\/\/127\.0\.0\.1:\d+\/v1, so ollama\/llama3\.2 cannot be tried\. Start it/);
    }
    expect(await ollamaHealth()).toBe('not_running');
    // the refused try is in the first request's Activity entry: one attempt, not a retry of the stopped server
    const res = await adminFetch(app, 'GET', '/api/v1/llm/requests?limit=2');
    const [after, refused] = (res.json as { requests: { attempts: { model: string; error_kind: string }[] }[] }).requests;
    expect(refused!.attempts).toEqual([expect.objectContaining({ model: 'ollama/llama3.2', error_kind: 'connect' })]);
    expect(after!.attempts).toEqual([]);
  });
});

describe('an embeddings request refused by a local server stopped since its last probe', () => {
  it('gets the not-running 503, not to be retried, on the first request', async () => {
    // ollama/nomic-embed-text is seeded
    await ollamaStoppedSinceItsProbe();
    const res = await fetch(`${app.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ollama/nomic-embed-text', input: 'hi' }),
    });
    const body = await res.json() as { error: { type: string; message: string } };
    expect(res.status, JSON.stringify(body)).toBe(503);
    expect(res.headers.get('x-should-retry')).toBe('false');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(body.error.message).toMatch(/^No model can serve this request: Ollama does not answer at http:\/\/127\.0\.0\.1:\d+\/v1, so ollama\/nomic-embed-text cannot be tried\. Start it/);
    expect(await ollamaHealth()).toBe('not_running');
  });
});
