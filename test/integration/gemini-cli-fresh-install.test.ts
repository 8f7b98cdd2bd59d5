// Gemini CLI retries every 503 whatever x-should-retry says (ten times, over minutes): on a fresh
// install (no key, no local server) the Gemini API answers the 503 that waiting will not mend as
// 400 FAILED_PRECONDITION with the same message, and the CLI gives up on it at once, saying what to do.
// The other APIs keep their 503 (their clients read x-should-retry).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardApp } from '../../src/node/app';
import { claudeDirs, removeDirs } from './helpers/claude-code';
import { startWithoutLocalServers } from './helpers/fresh-install';
import { geminiSettings, runGemini } from './helpers/gemini-cli';
import { startRecordingProxy, type RecordingProxy } from './helpers/recording-proxy';

let app: SwitchboardApp;
let dataDir: string;
let token: string;
let home: string;
let workspace: string;
let front: RecordingProxy;

beforeAll(async () => {
  ({ home, workspace } = claudeDirs());
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings());
  ({ app, dataDir, token } = await startWithoutLocalServers('sb-gemini-fresh-'));
  // counts the requests the CLI sent
  front = await startRecordingProxy(app.url);
});
afterAll(async () => {
  await front?.close();
  await app?.close();
  removeDirs(dataDir, home, workspace);
});

const NOT_READY = 'no provider is ready yet';

describe('a fresh install', () => {
  it('answers the Gemini API 400 FAILED_PRECONDITION, not to be retried, and chat completions its 503', async () => {
    const gemini = await fetch(`${app.url}/v1beta/models/balanced:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(gemini.status).toBe(400);
    expect(gemini.headers.get('x-should-retry')).toBe('false');
    const { error } = await gemini.json();
    expect(error.code).toBe(400);
    expect(error.status).toBe('FAILED_PRECONDITION');
    expect(error.message).toContain(NOT_READY);
    const chat = await fetch(`${app.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'balanced', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(503);
    expect(chat.headers.get('x-should-retry')).toBe('false');
    expect((await chat.json()).error.message).toContain(NOT_READY);
    // Activity shows what each client was sent
    const { requests } = await app.service.listRequests({ limit: 2 });
    expect(requests.map((r) => [r.inbound_api, r.status])).toEqual([['chat', 503], ['gemini', 400]]);
  });

  it('makes Gemini CLI give up at once with the message saying what to do', { timeout: 120_000 }, async () => {
    const before = front.bodies.length;
    const run = await runGemini({ home, workspace, url: front.url, token }, 'balanced', 'say hi');
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(NOT_READY);
    // before: ten requests, with backoff, over some four minutes
    expect(front.bodies.length - before).toBe(1);
  });
});
