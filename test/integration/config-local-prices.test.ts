// A config import prices a model on a local runtime as POST/PUT /models do: an unknown price is the runtime's
// $0, which is nobody's (price_source null) and turns unknown again when the provider leaves the machine.
// Before: an imported $0 the runtime had filled in became the user's (billed $0 on a cloud provider after a
// move), and an unknown price imported onto a local runtime stayed unknown (left out of cost routing).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchboardApp } from '../../src/node/app';
import type { ConfigDocument } from '../../src/shared/config-types';
import type { Model } from '../../src/shared/types';
import { closedPort, startWithoutLocalServers } from './helpers/fresh-install';
import { adminFetch } from './helpers/routing-harness';

const installs: { app: SwitchboardApp; dataDir: string }[] = [];
let from: SwitchboardApp;
let into: SwitchboardApp;
let loopback: string;

beforeAll(async () => {
  for (const prefix of ['sb-cfg-local-a-', 'sb-cfg-local-b-']) installs.push(await startWithoutLocalServers(prefix));
  [from, into] = installs.map((i) => i.app) as [SwitchboardApp, SwitchboardApp];
  loopback = `http://127.0.0.1:${await closedPort()}/v1`;
});
afterAll(async () => {
  for (const { app, dataDir } of installs) {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const modelOf = async (app: SwitchboardApp, id: string): Promise<Model> => {
  const m = (await app.service.listModels({})).find((x) => x.id === id);
  if (m === undefined) throw new Error(`no model ${id}`);
  return m;
};
const priced = (m: Model) => ({ input: m.input_cost_per_1m, output: m.output_cost_per_1m, source: m.price_source, unknown: m.price_unknown });
const RUNTIME_ZERO = { input: 0, output: 0, source: null, unknown: false };
const doc = (models: object[]) => ({ format: 'switchboard-config', version: 1, providers: [], models, routing_rules: {}, profiles: [] });

describe("a local runtime's $0 exported and imported into a fresh install", () => {
  it('stays nobody\'s there, so it is unknown again once the provider moves to a cloud type', async () => {
    const made = await adminFetch(from, 'POST', '/api/v1/llm/providers', { id: 'lan', name: 'LAN', type: 'openai-compatible', base_url: loopback });
    expect(made.status, made.text).toBe(200);
    const posted = await adminFetch(from, 'POST', '/api/v1/llm/models', {
      provider_id: 'lan', model_name: 'gpt-local', input_cost_per_1m: null, output_cost_per_1m: null, context_length: 8000,
    });
    expect(posted.status, posted.text).toBe(200);
    const exported = (await adminFetch(from, 'GET', '/api/v1/llm/config')).json as ConfigDocument;
    expect(exported.models.find((m) => m.model_name === 'gpt-local')).toMatchObject({ input_cost_per_1m: 0, output_cost_per_1m: 0, price_source: null });

    const res = await adminFetch(into, 'POST', '/api/v1/llm/config', exported);
    expect(res.status, res.text).toBe(200);
    expect(priced(await modelOf(into, 'lan/gpt-local'))).toEqual(RUNTIME_ZERO);
    // the same file again leaves it as it is
    expect((await adminFetch(into, 'POST', '/api/v1/llm/config', exported)).status).toBe(200);
    expect(priced(await modelOf(into, 'lan/gpt-local'))).toEqual(RUNTIME_ZERO);

    // an OpenAI type at a loopback address is a relay that bills: the runtime's $0 says nothing there
    const moved = await adminFetch(into, 'PUT', '/api/v1/llm/providers/lan', { type: 'openai' });
    expect(moved.status, moved.text).toBe(200);
    expect(priced(await modelOf(into, 'lan/gpt-local'))).toEqual({ input: null, output: null, source: null, unknown: true });
  });

  it("keeps a $0 the file says is the user's as the user's", async () => {
    await into.service.createProvider({ id: 'loc-user', name: 'Loc', type: 'openai-compatible', base_url: loopback });
    const res = await adminFetch(into, 'POST', '/api/v1/llm/config', doc([
      { provider_id: 'loc-user', model_name: 'mine', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8000, price_source: 'user' },
      { provider_id: 'loc-user', model_name: 'hand-written', input_cost_per_1m: 0, output_cost_per_1m: 0, context_length: 8000 },
    ]));
    expect(res.status, res.text).toBe(200);
    expect((await modelOf(into, 'loc-user/mine')).price_source).toBe('user');
    expect((await modelOf(into, 'loc-user/hand-written')).price_source).toBe('user');
  });
});

describe('an unknown price imported onto a local runtime', () => {
  it('is stored as the runtime\'s $0, as POST and PUT /models store it, for a new model and an existing one', async () => {
    await into.service.createProvider({ id: 'loc', name: 'Loc', type: 'openai-compatible', base_url: loopback });
    const unknown = { input_cost_per_1m: null, output_cost_per_1m: null };
    expect((await adminFetch(into, 'POST', '/api/v1/llm/models', { provider_id: 'loc', model_name: 'posted', ...unknown, context_length: 8000 })).status).toBe(200);
    for (const name of ['priced', 'put']) await into.service.createModel({ provider_id: 'loc', model_name: name, input_cost_per_1m: 2, output_cost_per_1m: 3, context_length: 8000 });
    expect((await adminFetch(into, 'PUT', '/api/v1/llm/models/loc%2Fput', unknown)).status).toBe(200);

    const res = await adminFetch(into, 'POST', '/api/v1/llm/config', doc([
      { provider_id: 'loc', model_name: 'imported', ...unknown, context_length: 8000 },
      { provider_id: 'loc', model_name: 'priced', ...unknown },
    ]));
    expect(res.status, res.text).toBe(200);
    for (const id of ['loc/posted', 'loc/put', 'loc/imported', 'loc/priced']) expect(priced(await modelOf(into, id)), id).toEqual(RUNTIME_ZERO);
  });
});
