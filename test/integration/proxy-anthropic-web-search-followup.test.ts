// A conversation goes on after a search another provider ran (Gemini's Google Search, written as Anthropic's
// server_tool_use and web_search_tool_result blocks): the client sends those blocks back in its next turn, and
// every upstream reads them as text, the query and the pages found. Gemini and OpenAI serve the turn (before:
// 400, server tool history held to the Anthropic API); Anthropic gets the text too, not call ids it never issued,
// while its own search blocks are forwarded as they are.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_RESULTS } from '../mocks/fake-gemini-grounding';
import { MODELS, type Harness } from './helpers/app-harness';
import { recording, startFixtureHarness } from './helpers/fixture-harness';

let h: Harness;
let client: Anthropic;
beforeAll(async () => {
  h = await startFixtureHarness();
  client = new Anthropic({ baseURL: h.url, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => { await h?.close(); });

const WEB_SEARCH = recording('anthropic', 'claude-code-web-search').body;
const QUESTION = WEB_SEARCH.messages as unknown[];
const SEARCHED = 'Searched the web for: switchboard llm router';
const FOUND = `Web search results:\n${DEFAULT_SEARCH_RESULTS.map((r) => `- ${r.title}: ${r.uri}`).join('\n')}`;
const FOLLOW_UP = { role: 'user', content: 'Which of those is the oldest?' };

/** Turn 1 on Gemini (no Anthropic model then): the search blocks the client keeps in its history. */
async function searchedTurn(stream: boolean): Promise<unknown[]> {
  await h.app.service.updateProvider({ id: 'fa', patch: { enabled: false } });
  try {
    const body = { ...WEB_SEARCH, model: MODELS.gemini } as never;
    const message = stream ? await client.messages.stream(body).finalMessage() : await client.messages.create({ ...(body as object), max_tokens: 1_000, stream: false } as never);
    const content = (message as Anthropic.Message).content;
    expect(content.map((b) => b.type)).toContain('web_search_tool_result');
    expect(content.find((b) => b.type === 'server_tool_use')).toMatchObject({ id: expect.stringMatching(/^srvtoolu_sb/) });
    return content;
  } finally {
    await h.app.service.updateProvider({ id: 'fa', patch: { enabled: true } });
  }
}

async function followUp(model: string, history: unknown[], tools: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${h.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 200, ...(tools ? { tools } : {}), messages: [...QUESTION, { role: 'assistant', content: history }, FOLLOW_UP] }),
  });
  return { status: res.status, json: await res.json() };
}

describe('the turn after a search Switchboard had another provider run', () => {
  it('Gemini serves it, the search tool still offered, reading the query and the pages as the model turn\'s text', async () => {
    const history = await searchedTurn(false);
    await h.app.service.updateProvider({ id: 'fa', patch: { enabled: false } });
    try {
      const before = h.gemini.requests.length;
      const res = await followUp('auto', history, WEB_SEARCH.tools);
      expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
      expect(h.gemini.requests.length).toBe(before + 1);
      const contents = (h.gemini.requests.at(-1)!.body as { contents: { role: string; parts: { text?: string }[] }[] }).contents;
      const model = contents.find((c) => c.role === 'model')!;
      const text = model.parts.map((p) => p.text ?? '').join('\n');
      expect(text).toContain(SEARCHED);
      expect(text).toContain(FOUND);
      expect(contents.at(-1)).toMatchObject({ role: 'user', parts: [{ text: FOLLOW_UP.content }] });
    } finally {
      await h.app.service.updateProvider({ id: 'fa', patch: { enabled: true } });
    }
  });

  it('an OpenAI chat model serves it (the history streamed, the blocks after the text), the blocks as the assistant\'s text', async () => {
    const history = await searchedTurn(true);
    const before = h.openai.requests.length;
    const res = await followUp(MODELS.openai, history, undefined);
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
    expect(h.openai.requests.length).toBe(before + 1);
    const messages = (h.openai.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] }).messages;
    const assistant = JSON.stringify(messages.find((m) => m.role === 'assistant')!.content);
    expect(assistant).toContain(JSON.stringify(SEARCHED).slice(1, -1));
    expect(assistant).toContain(JSON.stringify(FOUND).slice(1, -1));
    expect(JSON.stringify(messages)).not.toContain('srvtoolu_');
  });

  it('Anthropic gets them as text blocks, and its own search blocks as they were', async () => {
    const history = await searchedTurn(false);
    const own = [
      { type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'router history' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01A', content: [{ type: 'web_search_result', url: 'https://a.example', title: 'A', encrypted_content: 'EqkC', page_age: null }] },
    ];
    const before = h.anthropic.requests.length;
    const res = await followUp(MODELS.anthropic, [...history, ...own], WEB_SEARCH.tools);
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
    expect(h.anthropic.requests.length).toBe(before + 1);
    const sent = (h.anthropic.requests.at(-1)!.body as { messages: { role: string; content: any[] }[] }).messages;
    const assistant = sent.find((m) => m.role === 'assistant')!.content;
    expect(assistant.filter((b) => b.type === 'text').map((b) => b.text)).toEqual(expect.arrayContaining([SEARCHED, FOUND]));
    expect(assistant.filter((b) => b.type === 'server_tool_use' || b.type === 'web_search_tool_result')).toEqual(own);
  });
});
