// Every restriction a reader puts on which upstream APIs may serve a request says what in the request it is,
// so a request held by two of them (a HEIC image and an OpenAI file id: no API left) tells the client both.
import { describe, expect, it } from 'vitest';
import { readAnthropicRequest } from './anthropic/read';
import { readGeminiRequest } from './gemini/read';
import { readOpenAIChatRequest } from './openai/read';
import { readResponsesRequest } from './responses/read';

const HEIC = 'AAAAGGZ0eXBoZWljAAAAAG1pZjFoZWlj';
const responses = (input: unknown[], extra: Record<string, unknown> = {}) => readResponsesRequest({ model: 'm', input, ...extra });
const responsesParts = (content: unknown[]) => responses([{ role: 'user', content }]);
const chatParts = (content: unknown[]) => readOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content }] });
const anthropic = (content: unknown[], extra: Record<string, unknown> = {}) =>
  readAnthropicRequest({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content }], ...extra });

describe('a request only some upstream APIs can carry', () => {
  it('names what holds it, whichever inbound reader met it', () => {
    const cases: [string, { servableBy?: string[]; servableWhy?: string }, string][] = [
      ['responses conversation', responses([], { conversation: 'conv_1' }), 'conversation (held by OpenAI)'],
      ['responses item_reference', responses([{ type: 'item_reference', id: 'msg_1' }]), 'item_reference (an item stored at OpenAI)'],
      ['responses compaction', responses([{ type: 'compaction', encrypted_content: 'gAAA' }]), 'compaction item (encrypted by OpenAI)'],
      ['responses input_image file_id', responsesParts([{ type: 'input_image', file_id: 'file-1' }]), 'input_image file_id (only the Responses API)'],
      ['responses input_file file_id', responsesParts([{ type: 'input_file', file_id: 'file-1' }]), 'input_file file_id (only the Responses API)'],
      ['responses input_file file_url', responsesParts([{ type: 'input_file', file_url: 'https://example.com/a.pdf' }]), 'input_file file_url (a document by web address)'],
      ['chat input_audio', chatParts([{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }]), 'audio (input_audio)'],
      ['chat file_id', chatParts([{ type: 'file', file: { file_id: 'file-1' } }]), 'file file_id (an OpenAI file)'],
      ['anthropic thread', anthropic([{ type: 'text', text: 'go on' }], { thread: { type: 'continue', previous_message_id: 'msg_01' } }), 'continued thread (held by Anthropic)'],
      ['anthropic server tool block', anthropic([{ type: 'server_tool_use', id: 'srvtoolu_01A', name: 'web_search', input: { query: 'x' } }]), 'server_tool_use block (a tool Anthropic ran)'],
      ['anthropic document url', anthropic([{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }]), 'document by URL (source.type url)'],
      ['anthropic file', anthropic([{ type: 'document', source: { type: 'file', file_id: 'file_011' } }]), 'a file uploaded to Anthropic (source.type file)'],
      ['gemini pdf by url', readGeminiRequest({ contents: [{ role: 'user', parts: [{ fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/a.pdf' } }] }] }, { model: 'm', stream: false }), 'a PDF by URL (fileData.fileUri)'],
    ];
    for (const [what, read, why] of cases) {
      expect(read.servableBy, what).toBeDefined();
      expect(read.servableWhy, what).toBe(why);
    }
  });

  it('held to no API at all by a HEIC image and an OpenAI file id, names both', () => {
    const read = responsesParts([{ type: 'input_image', image_url: `data:image/heic;base64,${HEIC}` }, { type: 'input_image', file_id: 'file-1' }]);
    expect(read.servableBy).toEqual([]);
    expect(read.servableWhy).toBe('image/heic (only Gemini reads it), input_image file_id (only the Responses API)');
  });
});
