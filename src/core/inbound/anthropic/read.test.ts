import { describe, expect, it } from 'vitest';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { readAnthropicRequest } from './read';
import { webSearchBlocks } from './web-search-blocks';

const turn = (content: unknown[]) => ({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content }] });

describe('readAnthropicRequest', () => {
  it("reads today's Claude Code turn: tools, its Anthropic-only features, every text, no refusal", () => {
    const body = anthropicFixture('claude-code-tool-result.request.json');
    const read = readAnthropicRequest(body);
    expect(read).toMatchObject({ model: 'claude-opus-5-5', stream: true, maxOutputTokens: 128000, messageCount: 5 });
    expect(read.capabilities).toEqual(expect.arrayContaining(['chat', 'tools']));
    expect(read.nativeFeatures).toEqual(expect.arrayContaining(['cache_control', 'context_management', 'thinking signatures', 'deferred tools']));
    expect(read.servableBy).toBeUndefined();
    expect(read.texts).toContain('sb-roundtrip');
    expect(read.schemaChars).toBeGreaterThan(10_000);
  });

  it('a PDF needs documents; a Files API source keeps the request on Anthropic', () => {
    const pdf = readAnthropicRequest(anthropicFixture('sdk-pdf.request.json'));
    expect(pdf.capabilities).toContain('documents');
    expect(pdf.texts).toEqual(expect.arrayContaining(['invoice.pdf', 'An invoice from ACME']));
    expect(pdf.servableBy).toBeUndefined();
    for (const type of ['document', 'image']) {
      expect(readAnthropicRequest(turn([{ type, source: { type: 'file', file_id: 'file_011CNha8' } }])).servableBy, type).toEqual(['messages']);
    }
  });

  it('a custom-content document is text (and images), not a PDF', () => {
    const text = readAnthropicRequest(turn([{ type: 'document', source: { type: 'content', content: 'The secret code is 4711.' } }]));
    expect(text.capabilities).not.toContain('documents');
    expect(text.texts).toContain('The secret code is 4711.');
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } };
    const mixed = readAnthropicRequest(turn([{ type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'page one' }, image] } }]));
    expect(mixed.capabilities).toContain('vision');
    expect(mixed.capabilities).not.toContain('documents');
  });

  it('a message thread continued stays on Anthropic (it holds the history); one created may go anywhere, whole', () => {
    const continued = { ...turn([{ type: 'text', text: 'and then?' }]), thread: { type: 'continue', previous_message_id: 'msg_01' } };
    expect(readAnthropicRequest(continued).servableBy).toEqual(['messages']);
    expect(readAnthropicRequest({ ...turn([{ type: 'text', text: 'hi' }]), thread: { type: 'create' } }).servableBy).toBeUndefined();
  });

  it('a thread continued after a pause_turn or compaction reply may bring no message (Anthropic resumes the turn it holds); any other request may not', () => {
    const resumed = { model: 'auto', max_tokens: 100, messages: [], thread: { type: 'continue', previous_message_id: 'msg_01' } };
    expect(readAnthropicRequest(resumed)).toMatchObject({ messageCount: 0, servableBy: ['messages'] });
    expect(() => readAnthropicRequest({ ...resumed, thread: { type: 'create' } })).toThrow('messages: must not be empty');
    expect(() => readAnthropicRequest({ ...resumed, thread: undefined })).toThrow('messages: must not be empty');
    expect(() => readAnthropicRequest({ ...resumed, messages: undefined })).toThrow('messages: must be an array');
  });

  it('a PDF by URL cannot go to Chat Completions (files only inline there)', () => {
    const url = readAnthropicRequest(turn([{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }]));
    expect(url.capabilities).toContain('documents');
    expect(url.servableBy).toEqual(['messages', 'responses', 'gemini']);
    expect(readAnthropicRequest(turn([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } }])).servableBy).toBeUndefined();
  });

  it("Claude Code's WebSearch request (only the server web search tool) is held to Anthropic's, Gemini's and OpenAI's searches, saying why", () => {
    const read = readAnthropicRequest(anthropicFixture('claude-code-web-search.request.json'));
    expect(read.servableBy).toEqual(['messages', 'gemini', 'responses']);
    expect(read.servableWhy).toBe('web search tool (web_search_20250305)');
    expect(read.webSearch).toBe(true);
    const search = { type: 'web_search_20250305', name: 'web_search' };
    const fetch = { type: 'web_fetch_20250910', name: 'web_fetch' };
    const both = readAnthropicRequest({ ...turn([{ type: 'text', text: 'hi' }]), tools: [search, fetch] });
    expect(both.servableBy).toEqual(['messages']);
    expect(both.servableWhy).toBe('web search tool (web_search_20250305) and web fetch tool (web_fetch_20250910)');
    expect(both.webSearch).toBeUndefined();
    // sites the client allowed: OpenAI's search keeps to them (its filters), Google's would not; blocked ones, Anthropic's alone
    const limited = (limit: Record<string, unknown>) => readAnthropicRequest({ ...turn([{ type: 'text', text: 'hi' }]), tools: [{ ...search, ...limit }] }).servableBy;
    expect(limited({ allowed_domains: ['example.com'] })).toEqual(['messages', 'responses']);
    expect(limited({ blocked_domains: ['example.com'] })).toEqual(['messages']);
    expect(limited({ allowed_domains: ['a.example'], blocked_domains: ['b.example'] })).toEqual(['messages']);
  });

  it("the search blocks Switchboard wrote for another provider's search, sent back, hold the turn nowhere; Anthropic's own to Anthropic", () => {
    const blocks = webSearchBlocks({ queries: ['euro 2024'], sources: [{ url: 'https://g/1', title: 'uefa.com' }] });
    const history = (content: unknown[]) => ({ model: 'auto', max_tokens: 100, messages: [
      { role: 'user', content: 'who won?' }, { role: 'assistant', content }, { role: 'user', content: 'and the top scorer?' }] });
    const ours = readAnthropicRequest(history([...blocks, { type: 'text', text: 'Spain.' }]));
    expect(ours.servableBy).toBeUndefined();
    expect(ours.nativeFeatures).not.toContain('server tool history');
    expect(ours.texts).toEqual(expect.arrayContaining(['euro 2024', 'uefa.com', 'https://g/1']));
    // the search tool still offered: its searches, not only Anthropic's
    expect(readAnthropicRequest({ ...history(blocks), tools: [{ type: 'web_search_20250305', name: 'web_search' }] }).servableBy).toEqual(['messages', 'gemini', 'responses']);
    const anthropics = [
      { type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'x' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01A', content: [] },
    ];
    for (const block of anthropics) {
      expect(readAnthropicRequest(history([...blocks, block])).servableBy, block.type).toEqual(['messages']);
    }
  });

  it('client tools beside a server search keep the request routable anywhere, unless tool_choice forces the search', () => {
    const search = { type: 'web_search_20250305', name: 'web_search' };
    const bash = { name: 'Bash', input_schema: { type: 'object' } };
    const body = { ...turn([{ type: 'text', text: 'hi' }]), tools: [bash, search] };
    expect(readAnthropicRequest(body).servableBy).toBeUndefined();
    expect(readAnthropicRequest({ ...body, tool_choice: { type: 'tool', name: 'Bash' } }).servableBy).toBeUndefined();
    expect(readAnthropicRequest({ ...body, tool_choice: { type: 'tool', name: 'web_search' } }).servableBy).toEqual(['messages']);
    // client-run Anthropic-schema tools (bash_, text_editor_) and Claude Code's own turn are not held
    expect(readAnthropicRequest({ ...body, tools: [{ type: 'bash_20250124', name: 'bash' }] }).servableBy).toBeUndefined();
    expect(readAnthropicRequest(anthropicFixture('claude-code-first.request.json')).servableBy).toBeUndefined();
  });

  it('tool_choice none forbids the server tools too: the request is not held for them', () => {
    const search = readAnthropicRequest(anthropicFixture('claude-code-web-search.request.json'));
    expect(search.servableBy).toEqual(['messages', 'gemini', 'responses']);
    const body = { ...anthropicFixture('claude-code-web-search.request.json'), tool_choice: { type: 'none' } };
    expect(readAnthropicRequest(body).servableBy).toBeUndefined();
    expect(readAnthropicRequest({ ...body, tool_choice: { type: 'auto' } }).servableBy).toEqual(['messages', 'gemini', 'responses']);
  });
});
