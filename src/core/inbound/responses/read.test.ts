import { describe, expect, it } from 'vitest';
import { responsesFixture } from '../../../../test/fixtures/responses/load';
import { RequestValidationError } from '../../canonical';
import { readResponsesRequest } from './read';
import { compactionItem } from '../../responses-compaction';

const read = (body: unknown) => readResponsesRequest(body as Record<string, unknown>);

describe('readResponsesRequest: tools OpenAI runs itself', () => {
  const search = { type: 'web_search' };
  const fn = { type: 'function', name: 'lookup', parameters: { type: 'object' } };
  const ask = (tools: unknown[], extra: Record<string, unknown> = {}) => read({ model: 'm', input: 'latest node release', tools, ...extra });

  it('a request whose only tools run at OpenAI is held to the Responses API, saying why', () => {
    const r = ask([search]);
    expect(r.servableBy).toEqual(['responses']);
    expect(r.servableWhy).toBe('web search tool (web_search)');
    expect(ask([{ type: 'web_search_preview_2025_03_11' }, { type: 'file_search', vector_store_ids: ['vs_1'] }, { type: 'web_search_preview_2025_03_11' }]).servableWhy)
      .toBe('web search tool (web_search_preview_2025_03_11) and file search tool (file_search)');
    for (const type of ['code_interpreter', 'image_generation', 'mcp']) expect(ask([{ type }]).servableBy, type).toEqual(['responses']);
  });

  it('a tool_choice forcing a hosted tool holds it even beside function tools', () => {
    expect(ask([fn, search], { tool_choice: { type: 'web_search' } }).servableWhy).toBe('web search tool (web_search)');
    expect(ask([fn, { type: 'mcp', server_label: 'docs' }], { tool_choice: { type: 'mcp', server_label: 'docs' } }).servableBy).toEqual(['responses']);
    const allowed = (mode: string, tools: unknown[]) => ({ tool_choice: { type: 'allowed_tools', mode, tools } });
    expect(ask([fn, search], allowed('required', [search])).servableBy).toEqual(['responses']);
    expect(ask([fn, search], allowed('required', [search, { type: 'function', name: 'lookup' }])).servableBy).toBeUndefined();
    expect(ask([fn, search], allowed('auto', [search])).servableBy).toBeUndefined();
    expect(ask([fn, search], { tool_choice: { type: 'function', name: 'lookup' } }).servableBy).toBeUndefined();
    expect(ask([fn, search], { tool_choice: 'required' }).servableBy).toBeUndefined();
  });

  it("Codex's requests (function tools beside web_search, or in additional_tools), and tools the client runs, route anywhere", () => {
    for (const name of ['codex-first-turn', 'codex-tool-result', 'codex-default-model', 'codex-gpt-5.5']) {
      expect(read(responsesFixture(`${name}.request.json`)).servableBy, name).toBeUndefined();
    }
    expect(ask([fn, search]).servableBy).toBeUndefined();
    expect(read({ model: 'm', tools: [search], input: [{ type: 'additional_tools', tools: [fn] }, { role: 'user', content: 'hi' }] }).servableBy).toBeUndefined();
    expect(ask([{ type: 'namespace', name: 'ns', tools: [fn] }, search]).servableBy).toBeUndefined();
    expect(ask([{ type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'browser' }]).servableBy).toBeUndefined();
    expect(ask([search, { type: 'some_future_tool' }]).servableBy).toBeUndefined();
    expect(ask([]).servableBy).toBeUndefined();
  });

  it('tool_choice none forbids the hosted tools too: the request is not held for them', () => {
    expect(ask([search], { tool_choice: 'none' }).servableBy).toBeUndefined();
    expect(ask([search, { type: 'code_interpreter', container: { type: 'auto' } }], { tool_choice: 'none' }).servableBy).toBeUndefined();
    expect(ask([search], { tool_choice: 'auto' }).servableBy).toEqual(['responses']);
    expect(ask([search], { tool_choice: 'required' }).servableBy).toEqual(['responses']);
  });
});

describe('readResponsesRequest', () => {
  it("reads Codex's first turn: tools, hosted web_search, every message counted", () => {
    const body = responsesFixture('codex-first-turn.request.json');
    const r = read(body);
    expect(r.model).toBe('auto');
    expect(r.stream).toBe(true);
    expect(r.includeUsage).toBe(true);
    expect(r.capabilities).toEqual(['chat', 'tools']);
    expect(r.nativeFeatures).toEqual(['tools[type=web_search]']);
    expect(r.servableBy).toBeUndefined();
    expect(r.messageCount).toBe(body.input.length);
    expect(r.texts).toContain('run echo sb-roundtrip');
    expect(r.texts.some((t) => t.startsWith('You are a coding agent running in the Codex CLI'))).toBe(true);
    expect(r.schemaChars).toBeGreaterThan(10_000);
  });

  it("reads Codex's tool turn: the call, its output, and encrypted reasoning as a feature (its ciphertext is no text)", () => {
    const r = read(responsesFixture('codex-tool-result.request.json'));
    expect(r.texts).toEqual(expect.arrayContaining(['exec_command', '{"cmd":"echo sb-roundtrip"}']));
    expect(r.texts.some((t) => t.includes('sb-roundtrip\n'))).toBe(true);
    expect(r.texts.some((t) => t.includes('ENCRYPTED'))).toBe(false);
    expect(r.nativeFeatures).toEqual(expect.arrayContaining(['encrypted reasoning', 'tools[type=web_search]']));
  });

  it("reads a reasoning item's plain summary and reasoning text, as they go upstream", () => {
    const r = read({ model: 'm', input: [
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'the user pasted ghp_abcdefghijklmnopqrstuvwxyz0123456789' }], content: [{ type: 'reasoning_text', text: 'use AKIAIOSFODNN7EXAMPLF' }] },
      { role: 'user', content: 'go on' },
    ] });
    expect(r.texts).toEqual(expect.arrayContaining(['the user pasted ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'use AKIAIOSFODNN7EXAMPLF']));
  });

  it("reads the tools of Codex's default model from its additional_tools item, and freeform tools as no OpenAI-only feature", () => {
    const r = read(responsesFixture('codex-default-model.request.json'));
    expect(r.capabilities).toEqual(['chat', 'tools']);
    expect(r.nativeFeatures).toEqual([]);
    expect(r.schemaChars).toBeGreaterThan(10_000);
    // its tool_search runs in Codex: no OpenAI-only feature either
    const patch = read(responsesFixture('codex-gpt-5.5.request.json'));
    expect(patch.nativeFeatures).toEqual(['tools[type=web_search]']);
    const searched = read({ model: 'm', input: [
      { type: 'tool_search_call', call_id: 's', execution: 'client', arguments: { query: 'ticket' } },
      { type: 'tool_search_output', call_id: 's', execution: 'client', tools: [{ type: 'function', name: 'lookup_ticket', parameters: {} }] },
      { type: 'tool_search_call', call_id: 't', execution: 'server', arguments: { query: 'x' } },
    ] });
    expect(searched.texts).toEqual(expect.arrayContaining(['ticket']));
    expect(searched.capabilities).toContain('tools');
    expect(searched.nativeFeatures).toEqual(['input[type=tool_search_call]']);
    const turn = read({ model: 'm', input: [{ type: 'custom_tool_call', call_id: 'c', name: 'apply_patch', input: '*** Begin Patch' }, { type: 'custom_tool_call_output', call_id: 'c', output: 'Done!' }] });
    expect(turn.texts).toEqual(['apply_patch', '*** Begin Patch', 'Done!']);
    expect(turn.nativeFeatures).toEqual([]);
  });

  it('reads a string input, instructions, media, JSON output and the output limit', () => {
    const r = read({
      model: 'm', instructions: 'be brief', max_output_tokens: 300, text: { format: { type: 'json_schema', name: 'x', schema: {} } },
      input: [{ role: 'user', content: [
        { type: 'input_text', text: 'what is this?' },
        { type: 'input_image', image_url: 'https://example.com/a.png' },
        { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' },
      ] }],
    });
    expect(r.texts).toEqual(['be brief', 'what is this?']);
    expect(r.capabilities).toEqual(['chat', 'vision', 'documents', 'json']);
    expect(r.mediaCount).toBe(2);
    expect(r.messageCount).toBe(2);
    expect(r.maxOutputTokens).toBe(300);
    expect(read({ model: 'm', input: 'hello' })).toMatchObject({ texts: ['hello'], messageCount: 1, stream: false });
  });

  it('sends what only OpenAI holds (stored items, files by id, conversations) only to a Responses upstream', () => {
    expect(read({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }).servableBy).toEqual(['responses']);
    expect(read({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }).servableBy).toEqual(['responses']);
    expect(read({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_url: 'https://example.com/a.pdf' }] }] }).servableBy).toEqual(['messages', 'responses', 'gemini']);
    expect(read({ model: 'm', conversation: 'conv_1', input: 'hi' }).servableBy).toEqual(['responses']);
    // Codex's remote compaction sent back as OpenAI encrypted it
    expect(read({ model: 'm', input: [{ type: 'compaction', encrypted_content: 'gAAA' }, { role: 'user', content: 'go on' }] }).servableBy).toEqual(['responses']);
    expect(read({ model: 'm', input: 'hi' }).servableBy).toBeUndefined();
  });

  it("asks OpenAI first for Codex's remote compaction, and reads a summary Switchboard made as text for any model", () => {
    const asked = read({ model: 'm', input: [{ role: 'user', content: 'hi' }, { type: 'compaction_trigger' }] });
    expect(asked.servableBy).toBeUndefined();
    expect(asked.nativeFeatures).toEqual(['input[type=compaction_trigger]']);
    expect(asked.texts.at(-1)).toContain('CONTEXT CHECKPOINT COMPACTION');
    const made = read({ model: 'm', input: [compactionItem('cmp_1', 'the summary'), { role: 'user', content: 'go on' }] });
    expect(made.servableBy).toBeUndefined();
    expect(made.nativeFeatures).toEqual([]);
    expect(made.texts).toEqual(['the summary', 'go on']);
  });

  it('never refuses an unknown item, part or tool: their strings count and they rank Responses upstreams first', () => {
    const r = read({
      model: 'm',
      tools: [{ type: 'function', name: 'f', parameters: {} }, { type: 'namespace', name: 'ns', tools: [] }, { type: 'code_interpreter', container: { type: 'auto' } }],
      input: [{ type: 'web_search_call', id: 'ws_1', action: { query: 'weather paris' } }, { role: 'user', content: [{ type: 'input_hologram', note: 'hi' }] }],
    });
    expect(r.texts).toEqual(expect.arrayContaining(['weather paris', 'hi']));
    expect(r.nativeFeatures).toEqual(expect.arrayContaining(['tools[type=code_interpreter]', 'input[type=web_search_call]', 'content part input_hologram']));
    expect(r.nativeFeatures).not.toContain('tools[type=namespace]');
  });

  it.each([
    ['no model', { input: 'hi' }, 'model'],
    ['input neither string nor list', { model: 'm', input: 5 }, 'input'],
    ['an item that is not an object', { model: 'm', input: ['hi'] }, 'input[0]'],
    ['stream not boolean', { model: 'm', input: 'hi', stream: 'yes' }, 'stream'],
    ['max_output_tokens zero', { model: 'm', input: 'hi', max_output_tokens: 0 }, 'max_output_tokens'],
  ])('refuses only what is malformed: %s', (_name, body, param) => {
    let err: unknown;
    try { read(body); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).param).toBe(param);
  });
});
