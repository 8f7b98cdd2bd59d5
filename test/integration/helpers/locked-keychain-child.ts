// Run inside a D-Bus session whose gnome-keyring was started but never unlocked (see
// hardening-keychain-locked.test.ts): prints what storing a key and a keyless request do.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/node/app';
import { startFakeOpenAI } from '../../mocks/fake-openai';

const local = await startFakeOpenAI({ text: 'local answer' });
const dataDir = mkdtempSync(join(tmpdir(), 'sb-locked-'));
const app = await createApp({ dataDir, port: 0, env: {}, log: () => undefined });
const out: Record<string, unknown> = {};
try {
  await app.service.createProvider({ id: 'cloud', name: 'Cloud', type: 'openai', api_key: 'sk-locked-keychain-test-0123456789' });
  out.store = { ok: true };
} catch (err) {
  const e = err as { status?: number; field?: string; message?: string };
  out.store = { ok: false, status: e.status, field: e.field, message: e.message };
}
out.providers = (await app.service.listProviders()).map((p) => p.id);
await app.service.createProvider({ id: 'lan', name: 'Local', type: 'openai-compatible', base_url: local.url });
await app.service.createModel({ provider_id: 'lan', model_name: 'm', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
const { readFileSync } = await import('node:fs');
const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
const res = await fetch(`${app.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'lan/m', messages: [{ role: 'user', content: 'hi' }] }),
});
out.local = { status: res.status, text: ((await res.json()) as any).choices?.[0]?.message?.content };
await app.close();
await local.close();
console.log(`RESULT ${JSON.stringify(out)}`);
