// Run inside a D-Bus session with an unlocked gnome-keyring (see hardening-keychain-locked.test.ts):
// stores a provider key, locks the keychain, starts Switchboard again and asks for that provider's
// model, whose fallback is a keyless local one. Prints what the cloud provider received.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/node/app';
import { startFakeOpenAI } from '../../mocks/fake-openai';

const KEY = 'sk-locked-keychain-key-0123456789';
const cloud = await startFakeOpenAI({ apiKey: KEY, text: 'cloud answer' });
const local = await startFakeOpenAI({ text: 'local answer' });
const dataDir = mkdtempSync(join(tmpdir(), 'sb-locked-key-'));
const quiet = { dataDir, port: 0, env: {}, log: () => undefined };

const first = await createApp(quiet);
await first.service.createProvider({ id: 'cloud', name: 'Cloud', type: 'openai-compatible', base_url: cloud.url, api_key: KEY });
await first.service.createModel({ provider_id: 'cloud', model_name: 'm', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 8192 });
await first.service.createProvider({ id: 'lan', name: 'Local', type: 'openai-compatible', base_url: local.url });
await first.service.createModel({ provider_id: 'lan', model_name: 'm', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8192 });
await first.service.updateRoutingRules({ fallbacks: { 'cloud/m': ['lan/m'] } });
await first.close();

// lock every collection, as a screen lock or a keyring timeout does
const service = ['--session', '--dest', 'org.freedesktop.secrets', '--object-path', '/org/freedesktop/secrets'];
const listing = execFileSync('gdbus', ['call', ...service, '--method', 'org.freedesktop.DBus.Properties.Get', 'org.freedesktop.Secret.Service', 'Collections'], { encoding: 'utf8' });
const collections = [...listing.matchAll(/'(\/org\/freedesktop\/secrets\/collection\/[^']+)'/g)].map((m) => `'${m[1]}'`);
execFileSync('gdbus', ['call', ...service, '--method', 'org.freedesktop.Secret.Service.Lock', `[${collections.join(',')}]`]);

const lines: string[] = [];
const app = await createApp({ ...quiet, log: (l) => lines.push(l) });
const token = readFileSync(join(dataDir, 'default-token'), 'utf8').trim();
const res = await fetch(`${app.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'cloud/m', messages: [{ role: 'user', content: 'hi' }] }),
});
const body = (await res.json()) as { choices?: { message: { content: string } }[] };
// what the status bar and GET /api/v1/llm/status show, once the stored key's read has failed
const secretStore = (await app.service.getStatus()).secret_store;
await app.close();
// the activity log's view of the request: which attempt failed, and how (read after the final flush)
const after = await createApp(quiet);
const logged = await after.service.listRequests({ limit: 1 });
await after.close();
const out = {
  status: res.status,
  servedBy: res.headers.get('x-switchboard-model'),
  text: body.choices?.[0]?.message.content,
  cloudRequests: cloud.requests.length,
  attempts: logged.requests[0]?.attempts.map((a) => [a.model, a.error_kind]),
  secretStore,
  log: lines,
};
await cloud.close();
await local.close();
console.log(`RESULT ${JSON.stringify(out)}`);
