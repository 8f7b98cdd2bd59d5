// A wrong token, a revoked one or the admin token is refused with a 401 that no client retries
// (x-should-retry: false): Claude Code retried a bare 401 some eight times, with backoff, for minutes
// before printing a word. Given the admin token (sba-), the message says which token a tool needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardApp } from '../../src/node/app';
import { claudeDirs, claudeResult, removeDirs, runClaudeCode } from './helpers/claude-code';
import { startWithoutLocalServers } from './helpers/fresh-install';
import { startRecordingProxy, type RecordingProxy } from './helpers/recording-proxy';

const RUN_TIMEOUT = 120_000;
let app: SwitchboardApp;
let dataDir: string;
let home: string;
let workspace: string;
let adminToken: string;
let front: RecordingProxy;

beforeAll(async () => {
  ({ home, workspace } = claudeDirs());
  ({ app, dataDir } = await startWithoutLocalServers('sb-bad-token-'));
  adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  // counts the requests Claude Code sent
  front = await startRecordingProxy(app.url);
});
afterAll(async () => {
  await front?.close();
  await app?.close();
  removeDirs(dataDir, home, workspace);
});

const ADMIN_HINT = "this is Switchboard's admin token (sba-...), for the admin API and the UI; tools need a profile token (sb-...)";

const CALLS: [string, string, Record<string, unknown>][] = [
  ['chat completions', '/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'hi' }] }],
  ['responses', '/v1/responses', { model: 'auto', input: 'hi' }],
  ['messages', '/v1/messages', { model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }],
  ['gemini', '/v1beta/models/auto:generateContent', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }],
];

describe('a refused token', () => {
  it.each(CALLS)('is a 401 not to be retried on %s, missing, wrong or the admin token', async (_name, path, body) => {
    for (const auth of [undefined, 'sb-never-issued', adminToken]) {
      const res = await fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}`, 'x-goog-api-key': auth } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-should-retry')).toBe('false');
      const text = await res.text();
      if (auth === adminToken) expect(text).toContain(ADMIN_HINT);
      else expect(text).not.toContain('admin token');
    }
  });
});

describe('Claude Code with a token Switchboard refuses', () => {
  it.each([
    ['a wrong token', () => 'sb-never-issued', 'Invalid proxy token'],
    ['the admin token', () => adminToken, ADMIN_HINT],
  ])('gives up on %s at once, printing why', async (_name, token, says) => {
    const before = front.bodies.length;
    const run = await runClaudeCode({ baseUrl: front.url, token: token(), home, cwd: workspace, prompt: 'hi', model: 'auto' });
    const result = claudeResult(run);
    expect(result.is_error, run.stdout).toBe(true);
    expect(run.code).not.toBe(0);
    expect(result.result).toContain(says);
    // before: some eight requests, with backoff, before it printed anything
    const sent = front.bodies.length - before;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(2);
  }, RUN_TIMEOUT);
});
