// Claude Code's WebSearch tool sends a request whose only tool is Anthropic's server web search
// (recorded from Claude Code 2.1.332). A model that cannot search must not answer it: Claude Code would
// hand its answer from memory to the main model as "Web search results". An Anthropic model gets it as sent;
// a Gemini model runs it with Google Search (proxy-anthropic-web-search-gemini.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, type Harness } from './helpers/app-harness';
import { OPENAI_TYPE_MODEL, recording, replay, startFixtureHarness } from './helpers/fixture-harness';

let h: Harness;
beforeAll(async () => { h = await startFixtureHarness(); });
afterAll(async () => { await h?.close(); });

const WEB_SEARCH = recording('anthropic', 'claude-code-web-search');
const upstreamCalls = (): number => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

describe("Claude Code's WebSearch request", () => {
  it('with no model set up that can search (no Anthropic or Gemini model, no OpenAI model on the Responses API): a 400 in Anthropic\'s shape saying why, and nothing sent upstream', async () => {
    for (const id of ['fa', 'fg']) await h.app.service.updateProvider({ id, patch: { enabled: false } });
    try {
      const before = upstreamCalls();
      // (a named Gemini model now runs it with Google Search: proxy-anthropic-web-search-gemini.test.ts)
      for (const model of ['auto', MODELS.openai, OPENAI_TYPE_MODEL]) {
        const res = await replay(h, '/v1/messages', WEB_SEARCH, model);
        expect(res.status, `${model}: ${res.text}`).toBe(400);
        expect(res.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
        expect(res.json.error.message).toMatch(/^no model can serve this request: this request's web search tool \(web_search_20250305\) needs a model on the Anthropic, Gemini or OpenAI Responses API, and none set up here can take it \([^:]+: its API cannot carry/);
      }
      expect(upstreamCalls()).toBe(before);
      // Claude Code's conversation, with its many client tools, still reaches any model
      const turn = await replay(h, '/v1/messages', recording('anthropic', 'claude-code-first'), 'auto');
      expect(turn.status, turn.text.slice(0, 300)).toBe(200);
    } finally {
      for (const id of ['fa', 'fg']) await h.app.service.updateProvider({ id, patch: { enabled: true } });
    }
  });

  it('with tool_choice none the search cannot run: a named OpenAI model answers it, the tool dropped and named', async () => {
    const rec = { ...WEB_SEARCH, body: { ...WEB_SEARCH.body, tool_choice: { type: 'none' } } };
    const openaiBefore = h.openai.requests.length;
    const res = await replay(h, '/v1/messages', rec, MODELS.openai);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers['x-switchboard-model']).toBe(MODELS.openai);
    expect(res.headers['x-switchboard-dropped']).toContain('web_search');
    expect(h.openai.requests.length).toBe(openaiBefore + 1);
  });

  it('a named model with no model that can search in its chain: the message names the models set up that can, and what to do', async () => {
    const res = await replay(h, '/v1/messages', WEB_SEARCH, MODELS.openai);
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.json.error.message).toContain(`needs a model on the Anthropic, Gemini or OpenAI Responses API; ${MODELS.anthropic}, ${MODELS.gemini} can: add one to ${MODELS.openai}'s fallbacks, or send auto`);
    expect(res.json.error.message).not.toContain('none set up here');
  });

  it('an Anthropic model gets it as sent: by power level, or as the fallback of a named model that cannot search', async () => {
    const auto = await replay(h, '/v1/messages', WEB_SEARCH, 'auto');
    expect(auto.status, auto.text.slice(0, 300)).toBe(200);
    expect(auto.headers['x-switchboard-model']).toBe(MODELS.anthropic);
    expect(auto.headers['x-switchboard-dropped']).toBeUndefined();
    const sent = h.anthropic.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.tools).toEqual(WEB_SEARCH.body.tools);
    expect(sent.system).toEqual(WEB_SEARCH.body.system);
    expect(sent.messages).toEqual(WEB_SEARCH.body.messages);

    const rules = await h.app.service.getRoutingRules();
    await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [MODELS.openai]: [MODELS.anthropic] } });
    try {
      const openaiBefore = h.openai.requests.length;
      const named = await replay(h, '/v1/messages', WEB_SEARCH, MODELS.openai);
      expect(named.status, named.text.slice(0, 300)).toBe(200);
      expect(named.headers['x-switchboard-model']).toBe(MODELS.anthropic);
      expect(h.openai.requests.length).toBe(openaiBefore);
    } finally {
      await h.app.service.updateRoutingRules({ fallbacks: rules.fallbacks });
    }
  });
});
