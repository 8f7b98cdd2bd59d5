import { describe, expect, it } from 'vitest';
import { anthropicFixture } from '../../../../test/fixtures/anthropic/load-fixture';
import { readAnthropicRequest } from './read';

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
});
