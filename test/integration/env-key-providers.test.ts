// An environment default key (OPENAI_API_KEY, ...) switches its seeded provider on, as a first stored key
// does (SPEC.md §1, README), for as long as it is set; a provider the user switched off stays off, across
// restarts too. Started the way `npm run serve` starts: createApp with the variable in its env.
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createApp, type SwitchboardApp } from '../../src/node/app';
import { makeTempDir, writeFixtureCatalog, type TempDir } from './db-fixtures';
import { adminFetch } from './helpers/routing-harness';

const ENV_KEY = 'sk-envkey-abcdef1234';
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
let tmp: TempDir | undefined;
let app: SwitchboardApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  tmp?.cleanup();
  tmp = undefined;
});

async function start(env: Record<string, string> = {}, log: (line: string) => void = () => {}): Promise<SwitchboardApp> {
  await app?.close();
  tmp ??= makeTempDir();
  app = await createApp({
    dataDir: tmp.dir, port: 0, catalogPath: writeFixtureCatalog(tmp.dir), log,
    env: { SWITCHBOARD_ENCRYPTION_KEY: ENCRYPTION_KEY, ...env },
    limits: { testProvidersOnChange: false, healthCheckEveryMs: 3_600_000 },
  });
  return app;
}

const openai = async (a: SwitchboardApp) =>
  (await adminFetch(a, 'GET', '/api/v1/llm/providers')).json.find((p: { id: string }) => p.id === 'openai');
const preview = async (a: SwitchboardApp, model: string) =>
  (await adminFetch(a, 'POST', '/api/v1/llm/route/preview', { request: { model, messages: [{ role: 'user', content: 'hi' }] } })).json;
const proxyModels = async (a: SwitchboardApp): Promise<string[]> => {
  const token = (await a.service.getStatus()).default_token as string;
  const res = await fetch(`${a.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id);
};

it('a seeded provider with an env key is on and routable; started without the key it waits again', async () => {
  let a = await start({ OPENAI_API_KEY: ENV_KEY });
  expect(await openai(a)).toMatchObject({ enabled: true, has_key: true, key_source: 'env', api_key_masked: 'sk-...1234' });
  const anthropic = (await adminFetch(a, 'GET', '/api/v1/llm/providers')).json.find((p: { id: string }) => p.id === 'anthropic');
  expect(anthropic).toMatchObject({ enabled: false, has_key: false });
  expect((await preview(a, 'openai/gpt-4.1-mini')).candidates[0]).toMatchObject({ model: 'openai/gpt-4.1-mini' });
  expect((await preview(a, 'auto')).candidates.map((c: { model: string }) => c.model)).toContain('openai/gpt-4.1-mini');
  expect(await proxyModels(a)).toContain('openai/gpt-4.1-mini');
  // the setup document holds the user's setup, not the machine's environment; importing it back keeps the provider on
  const doc = (await adminFetch(a, 'GET', '/api/v1/llm/config')).json;
  expect(doc.providers.find((p: { id: string }) => p.id === 'openai')).toMatchObject({ enabled: false });
  expect((await adminFetch(a, 'POST', '/api/v1/llm/config', doc)).status).toBe(200);
  expect(await openai(a)).toMatchObject({ enabled: true, key_source: 'env' });

  a = await start();
  expect(await openai(a)).toMatchObject({ enabled: false, has_key: false, key_source: null });
  a = await start({ OPENAI_API_KEY: ENV_KEY });
  expect(await openai(a)).toMatchObject({ enabled: true, key_source: 'env' });
});

it('a provider the user switched off stays off with the env key set, also after a restart', async () => {
  let a = await start({ OPENAI_API_KEY: ENV_KEY });
  expect((await adminFetch(a, 'PUT', '/api/v1/llm/providers/openai', { enabled: false })).json).toMatchObject({ enabled: false, has_key: true });
  const excluded = (await preview(a, 'openai/gpt-4.1-mini')).excluded;
  expect(excluded).toContainEqual(expect.objectContaining({ model: 'openai/gpt-4.1-mini', reason: expect.stringMatching(/provider disabled/) }));
  a = await start({ OPENAI_API_KEY: ENV_KEY });
  expect(await openai(a)).toMatchObject({ enabled: false, has_key: true, key_source: 'env' });
  expect(await proxyModels(a)).not.toContain('openai/gpt-4.1-mini');
  // and on again when the user says so
  expect((await adminFetch(a, 'PUT', '/api/v1/llm/providers/openai', { enabled: true })).json).toMatchObject({ enabled: true });
  expect((await preview(a, 'openai/gpt-4.1-mini')).candidates[0]).toMatchObject({ model: 'openai/gpt-4.1-mini' });
});

it('a seeded provider deleted and imported back from a document waits for its key again, as in a fresh install', async () => {
  const a = await start({ OPENAI_API_KEY: ENV_KEY });
  const doc = (await adminFetch(a, 'GET', '/api/v1/llm/config')).json;
  expect((await adminFetch(a, 'DELETE', '/api/v1/llm/providers/openai')).status).toBeLessThan(300);
  expect(await openai(a)).toBeUndefined();
  expect((await adminFetch(a, 'POST', '/api/v1/llm/config', doc)).status).toBe(200);
  expect(await openai(a)).toMatchObject({ enabled: true, key_source: 'env' });
  expect((await preview(a, 'openai/gpt-4.1-mini')).candidates[0]).toMatchObject({ model: 'openai/gpt-4.1-mini' });
  // one the user switched off before the import stays off: this database knew the choice
  expect((await adminFetch(a, 'PUT', '/api/v1/llm/providers/openai', { enabled: false })).status).toBe(200);
  expect((await adminFetch(a, 'POST', '/api/v1/llm/config', doc)).status).toBe(200);
  expect(await openai(a)).toMatchObject({ enabled: false, key_source: 'env' });
});

it("the profile token README's setup exports as OPENAI_API_KEY and GEMINI_API_KEY is not taken for a provider key", async () => {
  const lines: string[] = [];
  const token = `sb-${randomBytes(32).toString('base64url')}`;
  const a = await start({ OPENAI_API_KEY: token, GEMINI_API_KEY: token, ANTHROPIC_API_KEY: `sba-${randomBytes(8).toString('hex')}` }, (l) => lines.push(l));
  expect(await openai(a)).toMatchObject({ enabled: false, has_key: false, key_source: null });
  const anthropic = (await adminFetch(a, 'GET', '/api/v1/llm/providers')).json.find((p: { id: string }) => p.id === 'anthropic');
  expect(anthropic).toMatchObject({ enabled: false, has_key: false });
  // said once at start, naming the variables and never the token
  const said = lines.filter((l) => l.includes('Switchboard token'));
  expect(said).toHaveLength(1);
  expect(said[0]).toContain('OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY');
  expect(lines.join('\n')).not.toContain(token);
});
