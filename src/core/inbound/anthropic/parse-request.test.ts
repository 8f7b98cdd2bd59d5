import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../canonical';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import type { CanonicalRequest } from '../../canonical';
import { anthropicInbound, anthropicToCanonical } from './index';
import { summaryText } from '../../responses-compaction';
import { webSearchBlocks } from './web-search-blocks';

const parse = (body: unknown): CanonicalRequest => anthropicInbound.toCanonical(body as Record<string, unknown>).request;

const minimal = { model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };

function rejects(body: unknown, param: string | undefined): void {
  try {
    parse(body);
    expect.unreachable(`accepted ${JSON.stringify(body)}`);
  } catch (e) {
    expect(e).toBeInstanceOf(RequestValidationError);
    expect((e as RequestValidationError).param).toBe(param);
  }
}

describe('anthropic inbound parseRequest', () => {
  it('parses a simple request', () => {
    expect(parse(anthropicFixture('text.request.json'))).toEqual({
      model: 'claude-sonnet-4-5', system: ['You are a terse assistant.'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, Claude' }] }],
      stream: true, includeUsage: true, maxTokens: 1024, stop: ['\n\nHuman:'], temperature: 0.5, user: 'user-1234',
    });
  });

  it('splits tool results out of user turns and drops server tools', () => {
    const req = parse(anthropicFixture('tool-use.request.json'));
    expect(req.tools).toEqual([{
      name: 'get_weather', description: 'Get the current weather in a given location',
      parameters: anthropicFixture('tool-use.request.json').tools[0].input_schema,
    }]);
    expect(req.toolChoice).toBe('required');
    expect(req.parallelToolCalls).toBe(false);
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is the weather like in San Francisco?' }] },
      {
        role: 'assistant', content: [{ type: 'text', text: '<thinking>I need to use get_weather</thinking>' }],
        toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' }],
      },
      { role: 'tool', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '15 degrees' }] },
      { role: 'user', content: [{ type: 'text', text: 'And should I bring an umbrella?' }] },
    ]);
  });

  it("leaves out Claude Code's billing header block, which changes per conversation, and only that block", () => {
    const body = anthropicFixture('claude-code-first.request.json');
    expect(body.system[0].text).toMatch(/^x-anthropic-billing-header: cc_version=/);
    const system = parse(body).system;
    expect(system).toHaveLength(body.system.length - 1);
    expect(system[0]).toMatch(/^You are a Claude agent/);
    expect(system.some((t) => t.includes('x-anthropic-billing-header'))).toBe(false);
    // a block that only mentions it, or a plain string system prompt, is the client's own text
    const mention = 'Quote it: x-anthropic-billing-header: a';
    expect(parse({ ...minimal, system: [{ type: 'text', text: mention }] }).system).toEqual([mention]);
    expect(parse({ ...minimal, system: 'x-anthropic-billing-header: as a string' }).system).toEqual(['x-anthropic-billing-header: as a string']);
  });

  it('accepts what Claude Code sends', () => {
    const req = parse(anthropicFixture('claude-code.request.json'));
    expect(req.system).toHaveLength(2);
    expect(req.tools?.map((t) => t.name)).toEqual(['Read']);
    expect(req.thinkingBudgetTokens).toBe(4000);
    expect(req.user).toMatch(/^user_3f1c/);
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    // the thinking block's text goes with its turn, for a provider that wants it back (DeepSeek)
    expect(req.messages[1]).toEqual({
      role: 'assistant', content: [{ type: 'text', text: "I'll read it." }],
      toolCalls: [{ id: 'toolu_01Read', name: 'Read', arguments: '{"file_path":"/repo/package.json"}' }],
      reasoning: 'I should read the file.',
    });
    expect(req).not.toHaveProperty('context_management');
    expect(JSON.stringify(req)).not.toContain('betas_hint_ignored');
  });

  it('maps images, documents, is_error and the other tool choices', () => {
    const req = parse({
      ...minimal,
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'f' },
      thinking: { type: 'disabled' },
      messages: [{
        role: 'user', content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
          { type: 'image', source: { type: 'url', url: 'https://x/a.png' } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc text' } },
        ],
      }, {
        role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }],
      }, {
        role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: [{ type: 'text', text: 'failed' }] }],
      }],
    });
    expect(req.toolChoice).toEqual({ name: 'f' });
    // thinking disabled is a wish, off, that a model thinking by default (Gemini 2.5 Flash) must hear
    expect(req.thinkingBudgetTokens).toBe(0);
    expect(req.reasoningEffort).toBeUndefined();
    expect(req.messages[0]).toEqual({
      role: 'user', content: [
        { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
        { type: 'image', source: { kind: 'url', url: 'https://x/a.png' } },
        { type: 'text', text: 'doc text' },
      ],
    });
    expect(req.messages[2]).toEqual({ role: 'tool', toolCallId: 't', content: [{ type: 'text', text: 'failed' }], isError: true });
  });

  it('rejects invalid requests with the offending parameter', () => {
    rejects(null, undefined);
    rejects([], undefined);
    rejects({ ...minimal, model: '' }, 'model');
    rejects({ ...minimal, max_tokens: undefined }, 'max_tokens');
    rejects({ ...minimal, max_tokens: 0 }, 'max_tokens');
    rejects({ ...minimal, max_tokens: 1.5 }, 'max_tokens');
    rejects({ ...minimal, messages: [] }, 'messages');
    rejects({ ...minimal, messages: [{ role: 'user', content: 5 }] }, 'messages.0.content');
    rejects({ ...minimal, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type');
    rejects({ ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages.0.content.0');
    rejects({ ...minimal, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b', input: [] }] }] }, 'messages.0.content.0.input');
    rejects({ ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] }, 'messages.0.content.0.tool_use_id');
    rejects({ ...minimal, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', data: 'x' } }] }] }, 'messages.0.content.0.source.media_type');
    rejects({ ...minimal, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type');
    rejects({ ...minimal, system: 42 }, 'system');
    rejects({ ...minimal, tools: [{ name: 'f' }] }, 'tools.0.input_schema');
    rejects({ ...minimal, tools: [{ input_schema: {} }] }, 'tools.0.name');
    rejects({ ...minimal, tool_choice: { type: 'sometimes' } }, 'tool_choice.type');
    rejects({ ...minimal, tools: [{ name: 'f', input_schema: {} }], tool_choice: { type: 'tool' } }, 'tool_choice.name');
    rejects({ ...minimal, temperature: 1.5 }, 'temperature');
    rejects({ ...minimal, top_p: '0.5' }, 'top_p');
    rejects({ ...minimal, stop_sequences: 'END' }, 'stop_sequences');
    rejects({ ...minimal, stream: 'yes' }, 'stream');
    rejects({ ...minimal, thinking: { type: 'enabled' } }, 'thinking.budget_tokens');
    rejects({ ...minimal, metadata: { user_id: 7 } }, 'metadata.user_id');
  });

  it('allows an empty final assistant turn (prefill) and drops thinking-only turns', () => {
    const req = parse({
      ...minimal,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'xx' }] },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: [] },
      ],
    });
    expect(req.messages.map((m) => m.role)).toEqual(['user', 'user']);
  });

  it('count_tokens needs no max_tokens', () => {
    const { request } = anthropicToCanonical({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] }, { requireMaxTokens: false });
    expect(request.maxTokens).toBeUndefined();
    expect(() => anthropicToCanonical({ model: 'claude-x', messages: [] }, { requireMaxTokens: false })).toThrow(RequestValidationError);
  });

  it('keeps a mid-conversation system message in place and names what it cannot carry', () => {
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } }],
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' },
      thinking: { type: 'adaptive' },
      tools: [{ name: 'f', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 'sig' }, { type: 'text', text: 'b' }] },
        { role: 'system', content: 'The user switched to plan mode.' },
        { role: 'user', content: [{ type: 'text', text: 'c' }, { type: 'container_upload', file_id: 'f1' }] },
      ],
    });
    expect(request.system).toEqual(['be brief']);
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'system', 'user']);
    expect(request.messages[2]).toEqual({ role: 'system', content: [{ type: 'text', text: 'The user switched to plan mode.' }] });
    expect(request.reasoningEffort).toBe('high');
    expect(request.tools?.map((t) => t.name)).toEqual(['f']);
    // max and xhigh are carried as asked (the builders send the nearest a model takes, named), not read as high
    for (const effort of ['max', 'xhigh']) {
      expect(anthropicInbound.toCanonical({ ...minimal, output_config: { effort } }).request.reasoningEffort).toBe(effort);
    }
    // the web search goes as the request's search, named by the builders that cannot run it (providers/web-search.ts)
    expect(request.webSearch).toEqual({ type: 'web_search_20250305', settings: {} });
    expect(dropped.sort()).toEqual(['cache_control', 'context_management', 'messages.content[type=container_upload]', 'thinking']);
  });

  it("takes this turn's effort from the last system message's output_config (per-turn control) and leaves deferred tools out", () => {
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      output_config: { effort: 'low' },
      tools: [
        { name: 'Bash', input_schema: { type: 'object' } },
        { name: 'DeferredToolPlaceholder', description: 'never call this tool', input_schema: { type: 'object', properties: {} }, defer_loading: true },
      ],
      messages: [
        { role: 'user', content: 'a' },
        { role: 'system', content: 'env', output_config: { effort: 'medium' } },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
        { role: 'system', content: 'harder now', output_config: { effort: 'xhigh', task_budget: { type: 'tokens', total: 1000 } } },
      ],
    });
    expect(request.reasoningEffort).toBe('xhigh');
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'system', 'assistant', 'user', 'system']);
    expect(request.tools?.map((t) => t.name)).toEqual(['Bash']);
    expect(dropped.sort()).toEqual(['messages[role=system].output_config.task_budget', 'tools[defer_loading]']);
    // a system message's effort is its turn's: a later message of the person's starts another turn
    const system = { role: 'system', content: 'env', output_config: { effort: 'low' } };
    const earlier = anthropicInbound.toCanonical({
      ...minimal,
      output_config: { effort: 'high' },
      messages: [{ role: 'user', content: 'a' }, system, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }],
    });
    expect(earlier.request.reasoningEffort).toBe('high');
    // tool results continue the turn (Claude Code's tool-result turn)
    const sameTurn = anthropicInbound.toCanonical({
      ...minimal,
      output_config: { effort: 'high' },
      tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'a' }, system,
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }, { type: 'text', text: 'reminder' }] },
      ],
    });
    expect(sameTurn.request.reasoningEffort).toBe('low');
  });

  it('offers deferred tools when only Anthropic could load them (its own tool search) or the client forces one', () => {
    const weather = { name: 'get_weather', input_schema: { type: 'object', properties: {} }, defer_loading: true };
    const search = anthropicInbound.toCanonical({
      ...minimal,
      tools: [{ type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' }, weather],
    });
    expect(search.request.tools?.map((t) => t.name)).toEqual(['get_weather']);
    expect(search.dropped).toEqual(['tools[type=tool_search_tool_regex_20251119]']);
    const forced = anthropicInbound.toCanonical({ ...minimal, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } });
    expect(forced.request.tools?.map((t) => t.name)).toEqual(['get_weather']);
    expect(forced.request.toolChoice).toEqual({ name: 'get_weather' });
    expect(forced.dropped).toEqual([]);
    // a choice of a tool only Anthropic runs is named with it
    const server = anthropicInbound.toCanonical({ ...minimal, tools: [{ type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'tool', name: 'web_search' } });
    expect(server.request.tools).toBeUndefined();
    expect(server.request.webSearch?.type).toBe('web_search_20250305');
    expect(server.dropped.sort()).toEqual(['tool_choice']);
    // beside a custom tool too: the choice is not sent for a function the upstream was not given
    const beside = anthropicInbound.toCanonical({
      ...minimal, tools: [{ ...weather, defer_loading: false }, { type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'tool', name: 'web_search', disable_parallel_tool_use: true },
    });
    expect(beside.request.tools?.map((t) => t.name)).toEqual(['get_weather']);
    expect(beside.request.toolChoice).toBeUndefined();
    expect(beside.request.parallelToolCalls).toBe(false);
    expect(beside.dropped.sort()).toEqual(['tool_choice']);
  });

  it('carries the deprecated top-level output_format as output_config.format (older SDKs send it; Anthropic still takes it)', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const old = anthropicInbound.toCanonical({ ...minimal, output_format: { type: 'json_schema', schema } });
    // Anthropic enforces it: strict, for an OpenAI model to enforce it as well
    expect(old.request.responseFormat).toEqual({ type: 'json_schema', name: 'output', schema, strict: true });
    expect(old.dropped).toEqual([]);
    // beside output_config.format, that one is the format and the other is named
    const both = anthropicInbound.toCanonical({ ...minimal, output_config: { format: { type: 'json_schema', schema } }, output_format: { type: 'json_schema', schema: { type: 'object' } } });
    expect(both.request.responseFormat).toEqual({ type: 'json_schema', name: 'output', schema, strict: true });
    expect(both.dropped).toEqual(['output_format']);
  });

  it('names a tool\'s strict: true, which other formats are not asked (their strict rules differ)', () => {
    const tool = (strict?: boolean) => ({ name: 'f', input_schema: { type: 'object', properties: {} }, ...(strict === undefined ? {} : { strict }) });
    expect(anthropicInbound.toCanonical({ ...minimal, tools: [tool(true)] }).dropped).toEqual(['tools[strict]']);
    expect(anthropicInbound.toCanonical({ ...minimal, tools: [tool(false), tool()] }).dropped).toEqual([]);
  });

  it('offers a deferred tool once a tool search loaded it (a tool_reference in a tool result), as Claude Code loads WebFetch', () => {
    const deferred = (name: string) => ({ name, input_schema: { type: 'object', properties: {} }, defer_loading: true });
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      tools: [{ name: 'ToolSearch', input_schema: { type: 'object' } }, deferred('WebFetch'), deferred('DeferredToolPlaceholder')],
      messages: [
        { role: 'user', content: 'fetch example.com' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'ToolSearch', input: { query: 'select:WebFetch' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'tool_reference', tool_name: 'WebFetch' }] }, { type: 'text', text: 'Tool loaded.' }] },
      ],
    });
    expect(request.tools?.map((t) => t.name)).toEqual(['ToolSearch', 'WebFetch']);
    expect(request.messages[2]).toEqual({ role: 'tool', toolCallId: 't1', content: [{ type: 'text', text: 'Tool loaded: WebFetch' }] });
    expect(dropped).toEqual(['tools[defer_loading]']);
  });

  it('carries PDF documents and search results', () => {
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      messages: [{
        role: 'user', content: [
          { type: 'document', title: 'report.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
          { type: 'search_result', source: 'https://x/doc', title: 'Doc', content: [{ type: 'text', text: 'passage' }] },
        ],
      }],
    });
    expect(dropped).toEqual([]);
    expect(request.messages[0]).toEqual({
      role: 'user', content: [
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' }, filename: 'report.pdf' },
        { type: 'text', text: 'Doc\nSource: https://x/doc\npassage' },
      ],
    });
  });

  it('carries custom-content documents whole: a string, and text and images in order, the title read first', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } };
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      messages: [{
        role: 'user', content: [
          { type: 'document', title: 'Codes', source: { type: 'content', content: 'The secret code is 4711.' } },
          { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'page one' }, image, { type: 'text', text: 'page two' }] } },
          { type: 'document', title: 'Scan', source: { type: 'content', content: [image] } },
        ],
      }],
    });
    expect(dropped).toEqual([]);
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Codes\n\nThe secret code is 4711.' },
      { type: 'text', text: 'page one' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0K' } },
      { type: 'text', text: 'page two' },
      { type: 'text', text: 'Scan' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0K' } },
    ]);
  });

  it("carries a compaction block's summary as text, as a Codex compaction's comes back; only what Anthropic alone reads is named", () => {
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      messages: [
        { role: 'user', content: 'fix the build' },
        { role: 'assistant', content: [{ type: 'compaction', content: 'Summary: the build fails in lib/a.ts; tried X.', signature: 'EqQBCkgIAR', encrypted_content: 'opaque' }, { type: 'text', text: 'Where was I?' }] },
        { role: 'user', content: [{ type: 'compaction', content: null }, { type: 'text', text: 'go on' }] },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'text', text: summaryText('Summary: the build fails in lib/a.ts; tried X.') }, { type: 'text', text: 'Where was I?' }] },
      { role: 'user', content: [{ type: 'text', text: 'go on' }] },
    ]);
    expect(dropped.sort()).toEqual([
      'messages.content[type=compaction]', 'messages.content[type=compaction].encrypted_content', 'messages.content[type=compaction].signature',
    ]);
  });

  it("reads the search blocks Switchboard wrote for another provider's search as the query and the pages found, named nowhere", () => {
    const blocks = webSearchBlocks({ queries: ['euro 2024', 'euro final'], sources: [{ url: 'https://g/1', title: 'uefa.com' }] });
    const { request, dropped } = anthropicInbound.toCanonical({
      ...minimal,
      messages: [{ role: 'user', content: 'who won?' }, { role: 'assistant', content: [...blocks, { type: 'text', text: 'Spain.' }] }, { role: 'user', content: 'and?' }],
    });
    expect(request.messages[1]).toEqual({ role: 'assistant', content: [
      { type: 'text', text: 'Searched the web for: euro 2024' }, { type: 'text', text: 'Web search results:\n- uefa.com: https://g/1' },
      { type: 'text', text: 'Searched the web for: euro final' }, { type: 'text', text: 'Spain.' },
    ] });
    expect(dropped).toEqual([]);
  });
});
