// A request whose only tools run at the provider (Gemini CLI's google_web_search: googleSearch alone; a
// Responses web_search alone, or a tool_choice forcing one; a chat with web_search_options) must not be
// answered from memory by another API's model with the tool dropped: the client would show that answer as
// search results. With the same API's provider off: a 400 in the client's own shape naming the tool and the
// API that can run it, nothing sent upstream. With it on: forwarded as sent. Official SDKs throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { ApiError, GoogleGenAI } from '@google/genai';
import { MODELS, routeAmongFakesOnly } from './helpers/app-harness';
import { RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

let h: ResponsesHarness;
let openai: OpenAI;
let ai: GoogleGenAI;
beforeAll(async () => {
  h = await startResponsesHarness();
  await routeAmongFakesOnly(h);
  openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
});
afterAll(async () => { await h?.close(); });

const upstreamCalls = (): number => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length + h.responses.requests.length;
// each but the API's own model, whose provider is off: that one is told it is not set up
const others = (own: string): string[] => ['auto', MODELS.openai, MODELS.anthropic, MODELS.gemini, RESPONSES_MODEL].filter((m) => m !== own);

async function withProviderOff(id: string, run: () => Promise<void>): Promise<void> {
  await h.app.service.updateProvider({ id, patch: { enabled: false } });
  try {
    await run();
  } finally {
    await h.app.service.updateProvider({ id, patch: { enabled: true } });
  }
}

async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(() => { throw new Error('expected the request to be refused'); }, (e: unknown) => e);
}

async function servedAsFallbackOf(named: string, fallback: string, run: () => Promise<void>): Promise<void> {
  const rules = await h.app.service.getRoutingRules();
  await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [named]: [fallback] } });
  try {
    await run();
  } finally {
    await h.app.service.updateRoutingRules({ fallbacks: rules.fallbacks });
  }
}

describe("Gemini: Gemini CLI's google_web_search request (googleSearch alone) through @google/genai", () => {
  // the CLI's "web-search" model config: temperature 0, topP 1, tools [{ googleSearch: {} }]
  const search = (model: string) => ai.models.generateContent({
    model, contents: [{ role: 'user', parts: [{ text: 'latest node release' }] }], config: { temperature: 0, topP: 1, tools: [{ googleSearch: {} }] },
  });

  it("with no Gemini model set up: a 400 in Gemini's shape naming the tool and the API, nothing sent upstream", async () => {
    await withProviderOff('fg', async () => {
      const before = upstreamCalls();
      for (const model of others(MODELS.gemini)) {
        const e = await rejection(search(model));
        expect(e, model).toBeInstanceOf(ApiError);
        expect(e.status).toBe(400);
        const body = JSON.parse(e.message);
        expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
        expect(body.error.message).toMatch(/^no model can serve this request: this request's Google Search tool \(googleSearch\) needs a model on the Gemini API, and none set up here can take it \(/);
      }
      expect(upstreamCalls()).toBe(before);
      // a function beside the search: another model answers with the function, the search named as dropped
      const res = await ai.models.generateContent({
        model: MODELS.anthropic, contents: 'hi',
        config: { tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object', properties: {} } }] }, { googleSearch: {} }] },
      });
      expect(res.sdkHttpResponse?.headers?.['x-switchboard-model']).toBe(MODELS.anthropic);
      expect(res.sdkHttpResponse?.headers?.['x-switchboard-dropped']).toBe('tools.googleSearch');
    });
  });

  it('a Gemini model gets it as sent: by power level, or as the fallback of a named model that cannot search', async () => {
    const res = await search('auto');
    expect(res.sdkHttpResponse?.headers?.['x-switchboard-model']).toBe(MODELS.gemini);
    expect(res.sdkHttpResponse?.headers?.['x-switchboard-dropped']).toBeUndefined();
    const sent = h.gemini.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.tools).toEqual([{ googleSearch: {} }]);
    expect(sent.contents).toEqual([{ role: 'user', parts: [{ text: 'latest node release' }] }]);
    await servedAsFallbackOf(MODELS.openai, MODELS.gemini, async () => {
      const openaiBefore = h.openai.requests.length;
      const named = await search(MODELS.openai);
      expect(named.sdkHttpResponse?.headers?.['x-switchboard-model']).toBe(MODELS.gemini);
      expect(h.openai.requests.length).toBe(openaiBefore);
    });
  });
});

describe('Responses: hosted tools alone, or forced, through openai responses.create', () => {
  const weather = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false };

  it("with no Responses model set up: a 400 in OpenAI's shape naming the tool and the API, nothing sent upstream", async () => {
    await withProviderOff('fr', async () => {
      const before = upstreamCalls();
      for (const model of others(RESPONSES_MODEL)) {
        const e = await rejection(openai.responses.create({ model, input: 'latest node release', tools: [{ type: 'web_search' }] }));
        expect(e, model).toBeInstanceOf(OpenAI.BadRequestError);
        expect(e.error).toMatchObject({ type: 'invalid_request_error' });
        expect(e.error.message).toMatch(/^no model can serve this request: this request's web search tool \(web_search\) needs a model on the OpenAI Responses API, and none set up here can take it \(/);
      }
      const forced = await rejection(openai.responses.create({
        model: 'auto', input: 'latest node release', tools: [weather, { type: 'web_search_preview' }], tool_choice: { type: 'web_search_preview' },
      }));
      expect(forced).toBeInstanceOf(OpenAI.BadRequestError);
      expect(forced.error.message).toContain("this request's web search tool (web_search_preview) needs a model on the OpenAI Responses API");
      expect(upstreamCalls()).toBe(before);
      // Codex's shape, function tools beside web_search: another model answers, the search named as dropped
      const { response } = await openai.responses.create({ model: MODELS.anthropic, input: 'hi', store: false, tools: [weather, { type: 'web_search' }] }).withResponse();
      expect(response.headers.get('x-switchboard-model')).toBe(MODELS.anthropic);
      expect(response.headers.get('x-switchboard-dropped')).toContain('tools[type=web_search]');
    });
  });

  it('a Responses model gets it as sent: by power level, or as the fallback of a named model that cannot search', async () => {
    const tools = [{ type: 'web_search' as const, search_context_size: 'low' as const }];
    const { response } = await openai.responses.create({ model: 'auto', input: 'latest node release', store: false, tools }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    expect((h.responses.requests.at(-1)!.body as Record<string, unknown>).tools).toEqual(tools);
    await servedAsFallbackOf(MODELS.anthropic, RESPONSES_MODEL, async () => {
      const anthropicBefore = h.anthropic.requests.length;
      const named = await openai.responses.create({
        model: MODELS.anthropic, input: 'latest node release', store: false, tools: [weather, { type: 'web_search_preview' }], tool_choice: { type: 'web_search_preview' },
      }).withResponse();
      expect(named.response.headers.get('x-switchboard-model')).toBe(RESPONSES_MODEL);
      expect((h.responses.requests.at(-1)!.body as Record<string, unknown>).tool_choice).toEqual({ type: 'web_search_preview' });
      expect(h.anthropic.requests.length).toBe(anthropicBefore);
    });
  });
});

describe('Chat Completions: web_search_options through openai chat.completions.create', () => {
  const ask = (model: string) => openai.chat.completions.create({
    model, messages: [{ role: 'user', content: 'latest node release' }], web_search_options: { search_context_size: 'low' },
  });

  it("with no Chat Completions model set up: a 400 in OpenAI's shape naming the search and the API, nothing sent upstream", async () => {
    await withProviderOff('fo', async () => {
      const before = upstreamCalls();
      for (const model of others(MODELS.openai)) {
        const e = await rejection(ask(model));
        expect(e, model).toBeInstanceOf(OpenAI.BadRequestError);
        expect(e.error).toMatchObject({ type: 'invalid_request_error' });
        expect(e.error.message).toMatch(/^no model can serve this request: this request's web search \(web_search_options\) needs a model on the Chat Completions API, and none set up here can take it \(/);
      }
      expect(upstreamCalls()).toBe(before);
    });
  });

  it('a Chat Completions model gets it as sent', async () => {
    const { response } = await ask('auto').withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe(MODELS.openai);
    expect(response.headers.get('x-switchboard-dropped')).toBeNull();
    expect((h.openai.requests.at(-1)!.body as Record<string, unknown>).web_search_options).toEqual({ search_context_size: 'low' });
  });
});
