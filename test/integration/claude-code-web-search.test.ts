// Claude Code itself (the pinned 2.1.332 native binary) using its WebSearch tool while its model is an OpenAI
// one. With no model that can search set up, the search request (web_search_20250305 alone) is refused, so its
// main model is told the search failed, never handed a model's memory as "Web search results". With a Gemini
// model in reach, Gemini's Google Search runs it and the main model gets the sources found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_RESULTS } from '../mocks/fake-gemini-grounding';
import { MODELS, startHarness, type Harness } from './helpers/app-harness';
import { claudeDirs, claudeResult, removeDirs, runClaudeCode } from './helpers/claude-code';

const RUN_TIMEOUT = 120_000;
let h: Harness;
let home: string;
let workspace: string;

beforeAll(async () => {
  // the fake OpenAI loads WebSearch with ToolSearch, then calls it, then answers text
  h = await startHarness({
    fake: {
      callTool: [
        { name: 'ToolSearch', arguments: { query: 'select:WebSearch' } },
        { name: 'WebSearch', arguments: { query: 'switchboard llm router' }, round: 1 },
      ],
    },
  });
  await h.app.service.updateRoutingRules({ retries_per_model: 0 });
  for (const id of ['ollama', 'lmstudio', 'fa']) await h.app.service.updateProvider({ id, patch: { enabled: false } });
  ({ home, workspace } = claudeDirs());
});
afterAll(async () => {
  await h?.close();
  removeDirs(home, workspace);
});

/** Claude Code searches once; what its main model (the fake OpenAI) was given as tool results, and the turns it sent. */
async function searchOnce(): Promise<{ sent: any[]; results: string[] }> {
  const before = h.openai.requests.length;
  const run = await runClaudeCode({
    baseUrl: h.url, token: h.token, home, cwd: workspace, model: MODELS.openai,
    prompt: 'Search the web for switchboard llm router', extraArgs: ['--allowedTools', 'WebSearch'],
  });
  expect(claudeResult(run).is_error, run.stdout).toBe(false);
  const sent = h.openai.requests.slice(before).map((r) => r.body as any);
  // the main conversation's turns reached the OpenAI model; the search request did not
  expect(sent.every((b) => b.tools?.some((t: any) => t.function.name === 'ToolSearch'))).toBe(true);
  const results = sent.flatMap((b) => b.messages.filter((m: any) => m.role === 'tool').map((m: any) => String(m.content)));
  return { sent, results: results.filter((c) => c !== 'Tool loaded: WebSearch') };
}

describe('Claude Code 2.1.332 WebSearch with its main model on OpenAI', () => {
  it('with no model that can search: its main model gets the refusal as the tool result, not an answer from memory', async () => {
    await h.app.service.updateProvider({ id: 'fg', patch: { enabled: false } });
    try {
      const { results } = await searchOnce();
      // what Claude Code makes of the 400: its WebSearch tool result reads "API Error: 400 <message>"
      expect(results).toEqual([
        "API Error: 400 no model can serve this request: this request's web search tool (web_search_20250305) needs a model on the Anthropic, Gemini or OpenAI Responses API, " +
          "and none set up here can take it (fo/gpt-fake: its API cannot carry this request's web search tool (web_search_20250305))",
      ]);
    } finally {
      await h.app.service.updateProvider({ id: 'fg', patch: { enabled: true } });
    }
  }, RUN_TIMEOUT);

  it("with a Gemini model as its fallback: Google's search runs it and the main model gets the sources' titles and URLs", async () => {
    const rules = await h.app.service.getRoutingRules();
    await h.app.service.updateRoutingRules({ fallbacks: { ...rules.fallbacks, [MODELS.openai]: [MODELS.gemini] } });
    try {
      const geminiBefore = h.gemini.requests.length;
      const { results } = await searchOnce();
      const searched = h.gemini.requests.slice(geminiBefore).map((r) => r.body as any);
      expect(searched).toHaveLength(1);
      expect(searched[0].tools).toEqual([{ google_search: {} }]);
      expect(results).toHaveLength(1);
      const result = results[0]!;
      expect(result).toContain('Web search results for query: "switchboard llm router"');
      // Claude Code lists a web_search_tool_result's results as "Links: [{title, url}]"
      const links = DEFAULT_SEARCH_RESULTS.map((r) => ({ title: r.title, url: r.uri }));
      expect(result).toContain(`Links: ${JSON.stringify(links)}`);
      expect(result).toContain('Hello from the fake gemini provider!');
      expect(result).not.toContain('API Error');
    } finally {
      await h.app.service.updateRoutingRules({ fallbacks: rules.fallbacks });
    }
  }, RUN_TIMEOUT);
});
