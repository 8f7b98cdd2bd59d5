// A base URL set without its /v1: the API's paths sent bare got the UI's answers (a bare 405 for a POST,
// the app shell with 200 for GET /models, which the openai SDK read as an empty list). They get a 404
// unknown_endpoint in the client's API's shape naming the URL meant; the UI is still served.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers/app-harness';
import { CODEX, codexHomeDirs, runProcess } from './helpers/codex';

let h: Harness;
let uiDir: string;
let codexHome: string | undefined;
const SHELL = '<!doctype html><title>Switchboard</title>';

beforeAll(async () => {
  uiDir = mkdtempSync(join(tmpdir(), 'sb-nov1-ui-'));
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), SHELL);
  writeFileSync(join(uiDir, 'assets', 'app-1234.js'), 'console.log(1)');
  h = await startHarness({ config: { uiDir } });
});
afterAll(async () => {
  await h?.close();
  rmSync(uiDir, { recursive: true, force: true });
  if (codexHome) rmSync(codexHome, { recursive: true, force: true });
});

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => fetch(`${h.url}${path}`, {
  method,
  headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('an API path without /v1', () => {
  it.each([
    ['POST', '/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'hi' }] }],
    ['POST', '/responses', { model: 'auto', input: 'hi' }],
    ['POST', '/embeddings', { model: 'auto', input: 'hi' }],
    ['GET', '/models', undefined],
    ['GET', '/models/auto', undefined],
  ])('%s %s is a 404 unknown_endpoint in the OpenAI shape naming the /v1 URL', async (method, path, body) => {
    const res = await call(method, path, {}, body);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    const { error } = await res.json();
    expect(error.code).toBe('unknown_endpoint');
    expect(error.message).toContain(`${h.url}/v1${path}`);
  });

  it('answers an Anthropic client in its shape', async () => {
    const res = await call('POST', '/messages', { 'anthropic-version': '2023-06-01' }, { model: 'auto', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.type).toBe('error');
    expect(body.error.message).toContain(`${h.url}/v1/messages`);
  });

  it('names /v1beta for a Gemini call, in its shape', async () => {
    const res = await call('POST', '/models/auto:generateContent', { 'x-goog-api-key': h.token }, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(res.status).toBe(404);
    const { error } = await res.json();
    expect(error.status).toBe('NOT_FOUND');
    expect(error.message).toContain(`${h.url}/v1beta/models/auto:generateContent`);
  });

  it('makes the openai SDK with such a base URL reject, not list no models', async () => {
    const client = new OpenAI({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const err = await client.models.list().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).message).toContain(`${h.url}/v1/models`);
    const chat = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('Codex with a base URL lacking /v1', () => {
  it('fails saying which URL was meant, not "unexpected status 405"', { timeout: 120_000 }, async () => {
    const dirs = codexHomeDirs('sb-nov1-codex-');
    codexHome = dirs.home;
    writeFileSync(join(dirs.codexHome, 'config.toml'), [
      'model = "auto"', 'model_provider = "switchboard"', '', '[model_providers.switchboard]', 'name = "Switchboard"',
      `base_url = "${h.url}"`, 'env_key = "SWITCHBOARD_TOKEN"', 'wire_api = "responses"', 'request_max_retries = 0', 'stream_max_retries = 0', '',
    ].join('\n'));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirs.home, CODEX_HOME: dirs.codexHome, SWITCHBOARD_TOKEN: h.token, LANG: 'C.UTF-8' };
    const run = await runProcess(CODEX, ['exec', '--skip-git-repo-check', '--sandbox', 'read-only', 'say hi'], { cwd: dirs.work, env });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`did you mean ${h.url}/v1/responses?`);
  });
});

describe('the UI', () => {
  it.each(['/', '/index.html', '/login', '/settings/providers'])('is still served at %s', async (path) => {
    const res = await fetch(`${h.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toBe(SHELL);
  });

  it('still serves its assets', async () => {
    const res = await fetch(`${h.url}/assets/app-1234.js`);
    expect(res.status).toBe(200);
  });
});
