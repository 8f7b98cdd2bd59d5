// Names that route by power level: aliases of a routing name (`cheap` -> eco), and, when the rules
// say so, Claude Code's own model names (haiku as eco, sonnet as auto, opus as precision).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, MODELS, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { authJson, httpRequest } from './helpers/hardening-kit';
import { rulesForBlock } from './helpers/rules-change';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // power levels choose among the three fakes: gemini is the cheapest, claude the best
  await routeAmongFakesOnly(h);
});
afterAll(async () => { await h?.close(); });

const messages = (model: string) => httpRequest(h.url, '/v1/messages', {
  method: 'POST', headers: authJson(h.token), body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
});

describe('aliases of routing names', () => {
  it('are accepted by the rules and route with that power level', async () => {
    const rules = await h.app.service.updateRoutingRules({ aliases: { cheap: ['eco'], best: ['precision'], budget: ['cheap'] } });
    expect(rules.aliases).toEqual({ cheap: ['eco'], best: ['precision'], budget: ['cheap'] });
    expect((await messages('cheap')).headers['x-switchboard-model']).toBe(MODELS.gemini);
    expect((await messages('budget')).headers['x-switchboard-model']).toBe(MODELS.gemini);
    expect((await messages('best')).headers['x-switchboard-model']).toBe(MODELS.anthropic);
  });

  it('a routing name cannot be one step of a longer chain', async () => {
    await expect(h.app.service.updateRoutingRules({ aliases: { mixed: [MODELS.openai, 'eco'] } })).rejects.toMatchObject({ field: 'aliases.mixed[1]' });
  });
});

describe('Claude Code model names', () => {
  it('are unknown while the setting is off (the default)', async () => {
    expect((await h.app.service.getRoutingRules(undefined)).claude_code_model_names).toBe(false);
    // (a bundled name such as claude-haiku-4-5 would be that catalog model instead)
    const res = await messages('claude-opus-4-8');
    expect(res.status).toBe(404);
    expect(res.json.error.type).toBe('not_found_error');
  });

  it('route haiku as eco, opus as precision and sonnet as auto when it is on', async () => {
    await h.app.service.updateRoutingRules({ claude_code_model_names: true });
    try {
      expect((await messages('claude-haiku-4-5-20251001')).headers['x-switchboard-model']).toBe(MODELS.gemini);
      expect((await messages('claude-opus-4-8')).headers['x-switchboard-model']).toBe(MODELS.anthropic);
      await h.app.service.updateUser({ id: 'default', patch: { power_level: 'eco' } });
      expect((await messages('claude-sonnet-5')).headers['x-switchboard-model']).toBe(MODELS.gemini);
      // an explicit provider/model id is still that model
      expect((await messages(MODELS.openai)).headers['x-switchboard-model']).toBe(MODELS.openai);
    } finally {
      await h.app.service.updateUser({ id: 'default', patch: { power_level: 'balanced' } });
      await h.app.service.updateRoutingRules({ claude_code_model_names: false });
    }
  });
});

describe('Gemini CLI model names', () => {
  // balanced weighs the fakes' measured latencies (a few ms each, min-max scaled), which a loaded machine reorders
  // from one request to the next (gemini and claude then tie or swap): without them, a level chooses the same each time
  rulesForBlock(() => h.app, { strategy: 'custom', weights: { cost: 0.5, latency: 0, quality: 0.5 } });
  const generate = (model: string) => httpRequest(h.url, `/v1beta/models/${model}:generateContent`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  });

  it("route with the profile's level when no set-up model has the name (Gemini CLI's internal calls without a Gemini key)", async () => {
    // the bundled gemini provider has no key here; the name is refused while the setting is off
    expect((await generate('gemini-3-flash-preview')).status).toBeGreaterThanOrEqual(400);
    expect((await h.app.service.getRoutingRules(undefined)).gemini_cli_model_names).toBe(false);
    await h.app.service.updateRoutingRules({ gemini_cli_model_names: true });
    try {
      for (const name of ['gemini-3-flash-preview', 'gemini-3-pro-preview', 'gemini-9-imaginary']) {
        const res = await generate(name);
        expect(res.status, name).toBe(200);
        // balanced among the three fakes
        expect(res.headers['x-switchboard-model'], name).toBe((await generate('balanced')).headers['x-switchboard-model']);
      }
      // the profile's level, whichever it is
      await h.app.service.updateUser({ id: 'default', patch: { power_level: 'precision' } });
      const precise = (await generate('precision')).headers['x-switchboard-model'];
      expect(precise).not.toBe((await generate('balanced')).headers['x-switchboard-model']);
      expect((await generate('gemini-3-flash-preview')).headers['x-switchboard-model']).toBe(precise);
      // a model that has the name and a key still serves it
      await h.app.service.createModel({ provider_id: 'fg', model_name: 'gemini-own-name', input_cost_per_1m: 1, output_cost_per_1m: 1, context_length: 100_000 });
      expect((await generate('gemini-own-name')).headers['x-switchboard-model']).toBe('fg/gemini-own-name');
    } finally {
      await h.app.service.updateUser({ id: 'default', patch: { power_level: 'balanced' } });
      await h.app.service.updateRoutingRules({ gemini_cli_model_names: false });
    }
  });
});

describe('a bare upstream model name several providers list', () => {
  it('is the one model of them that is set up: the bundled catalog lists openai/gpt-oss-120b under Groq and Together, neither with a key', async () => {
    const mine = await h.app.service.createModel({
      provider_id: 'fo', model_name: 'openai/gpt-oss-120b', input_cost_per_1m: 0.15, output_cost_per_1m: 0.6, context_length: 131072,
    });
    try {
      const served = await messages('openai/gpt-oss-120b');
      expect(served.status, served.text).toBe(200);
      expect(served.headers['x-switchboard-model']).toBe(mine.id);
      // two set up: ambiguous, and the message lists the two that could serve
      const other = await h.app.service.createModel({
        provider_id: 'fa', model_name: 'openai/gpt-oss-120b', input_cost_per_1m: 0.15, output_cost_per_1m: 0.6, context_length: 131072,
      });
      try {
        const res = await messages('openai/gpt-oss-120b');
        expect(res.status).toBe(404);
        expect(res.json.error.message).toMatch(/is ambiguous: it matches [^;]+;/);
        const listed = /it matches ([^;]+);/.exec(res.json.error.message)![1]!.split(', ');
        expect(listed.sort()).toEqual([mine.id, other.id].sort());
      } finally {
        await h.app.service.deleteModel({ id: other.id });
      }
    } finally {
      await h.app.service.deleteModel({ id: mine.id });
    }
  });
});

describe("Ollama's default tag", () => {
  it('llama3.2:latest and ollama/llama3.2:latest are the catalog\'s ollama/llama3.2, as README says', async () => {
    await h.app.service.updateProvider({ id: 'ollama', patch: { enabled: true, base_url: h.openai.url, api_key: KEYS.openai } });
    try {
      for (const name of ['llama3.2:latest', 'ollama/llama3.2:latest', 'llama3.2']) {
        const res = await messages(name);
        expect(res.status, `${name}: ${res.text}`).toBe(200);
        expect(res.headers['x-switchboard-model']).toBe('ollama/llama3.2');
      }
      expect(h.openai.requests.at(-1)!.body.model).toBe('llama3.2');
    } finally {
      await h.app.service.updateProvider({ id: 'ollama', patch: { enabled: false, base_url: 'http://127.0.0.1:11434/v1', api_key: null } });
    }
  });
});
