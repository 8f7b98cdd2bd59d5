import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { anthropicChunks } from '../../../../test/fixtures/anthropic/load-fixture';
import { anthropicAdapter } from '../../providers/anthropic';
import { anthropicInbound } from './index';

function encode(parts: StreamPart[], id = 'msg_1'): string {
  const encoder = anthropicInbound.createStreamEncoder({ id, servedModel: 'openai/gpt-x', includeUsage: true, estimatedInputTokens: 0 });
  return parts.map((p) => encoder.encode(p)).join('') + encoder.end();
}

function events(sse: string): { event: string; data: any }[] {
  return sse.split('\n\n').filter(Boolean).map((block) => {
    const [eventLine, dataLine, ...rest] = block.split('\n');
    expect(rest).toEqual([]);
    expect(eventLine).toMatch(/^event: /);
    expect(dataLine).toMatch(/^data: /);
    const data = JSON.parse(dataLine!.slice(6));
    expect(data.type).toBe(eventLine!.slice(7));
    return { event: eventLine!.slice(7), data };
  });
}

/** A real SDK client whose fetch answers with this SSE text. */
async function sdkFinalMessage(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test', maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages.stream({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

const toolParts: StreamPart[] = [
  { type: 'start', id: 'chatcmpl-1', model: 'gpt-x' },
  { type: 'text-delta', text: 'Let me ' },
  { type: 'reasoning-delta', text: 'hidden' },
  { type: 'text-delta', text: 'check.' },
  { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
  { type: 'finish', finishReason: 'tool_calls' },
  { type: 'usage', usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 30 } },
];

describe('anthropic inbound stream encoder', () => {
  it('writes nothing for the model at work, not even message_start: it is no answer yet', () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'openai/gpt-x', includeUsage: true, estimatedInputTokens: 0 });
    expect(encoder.encode({ type: 'at-work', thinking: true }) + encoder.encode({ type: 'at-work', thinking: false })).toBe('');
    expect(events(encoder.encode({ type: 'text-delta', text: 'hi' }))[0]!.event).toBe('message_start');
  });

  it('ends with the proxy\u2019s own counts when the provider reported none (not zeros: Claude Code tracks its context by them)', async () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'openai/gpt-x', includeUsage: true, estimatedInputTokens: 1234 });
    const sse = encoder.encode({ type: 'text-delta', text: 'Hello there' }) + encoder.end({ inputTokens: 1200, outputTokens: 3 });
    const delta = events(sse).find((e) => e.event === 'message_delta')!;
    expect(delta.data.usage).toMatchObject({ input_tokens: 1200, output_tokens: 3 });
    expect((await sdkFinalMessage(sse)).usage).toMatchObject({ input_tokens: 1200, output_tokens: 3 });
  });

  it('writes the documented event sequence', () => {
    const seq = events(encode(toolParts));
    expect(seq.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    expect(seq[0]!.data.message).toMatchObject({ id: 'msg_1', role: 'assistant', model: 'openai/gpt-x', content: [], usage: { input_tokens: 0, output_tokens: 0 } });
    expect(seq[5]!.data).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} } });
    expect(seq.at(-2)!.data).toEqual({
      type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 20, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 0 },
    });
    expect(JSON.stringify(seq)).not.toContain('hidden');
  });

  it('is what the official SDK assembles into the right message', async () => {
    const message = await sdkFinalMessage(encode(toolParts));
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 20, output_tokens: 20, cache_read_input_tokens: 30 });
  });

  it('round-trips upstream Anthropic streams through canonical parts into the SDK', async () => {
    for (const name of ['text', 'tool-use', 'thinking', 'cache-usage']) {
      const decoder = anthropicAdapter.createStreamDecoder();
      const parts = [...anthropicChunks(name).flatMap((e) => decoder.push(e)), ...decoder.end()];
      const message = await sdkFinalMessage(encode(parts));
      expect(message.content.every((b) => b.type === 'text' || b.type === 'tool_use')).toBe(true);
      if (name === 'tool-use') {
        expect(message.content.map((b) => (b.type === 'tool_use' ? b.input : b.type === 'text' ? b.text : b.type))).toEqual([
          "Okay, let's check the weather for San Francisco, CA:",
          { location: 'San Francisco, CA', unit: 'fahrenheit' },
          {},
        ]);
      }
      if (name === 'cache-usage') {
        expect(message.usage).toMatchObject({ input_tokens: 21, output_tokens: 393, cache_read_input_tokens: 1000, cache_creation_input_tokens: 188086 });
        expect(message.stop_reason).toBe('max_tokens');
      }
    }
  });

  it('still writes a whole message when the upstream said nothing, and no usage', async () => {
    const seq = events(encode([]));
    expect(seq.map((e) => e.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(seq[1]!.data.delta.stop_reason).toBe('end_turn');
    expect((await sdkFinalMessage(encode([]))).content).toEqual([]);
  });

  it('writes nothing for thinking, not even message_start: the relay may still fail over a model that fails while it thinks', () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    expect(encoder.encode({ type: 'reasoning-delta', text: 'hmm' })).toBe('');
    const seq = events(encoder.encode({ type: 'text-delta', text: 'Hi' }) + encoder.end());
    expect(seq.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('keeps a stream alive with ping, after the message_start it opens with, and the SDK reads the answer through it', async () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    const alive = encoder.encode({ type: 'reasoning-delta', text: 'hmm' }) + encoder.keepAlive!() + encoder.keepAlive!();
    expect(events(alive).map((e) => e.event)).toEqual(['message_start', 'ping', 'ping']);
    const sse = alive + encoder.encode({ type: 'text-delta', text: 'Hi' }) + encoder.keepAlive!() + encoder.end();
    expect((await sdkFinalMessage(sse)).content).toMatchObject([{ type: 'text', text: 'Hi' }]);
  });

  it('sends an error event for an error part and nothing after it', () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    const out = encoder.encode({ type: 'text-delta', text: 'par' })
      + encoder.encode({ type: 'error', error: { kind: 'overloaded', message: 'busy' } })
      + encoder.encode({ type: 'text-delta', text: 'more' }) + encoder.end();
    const seq = events(out);
    expect(seq.map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'error']);
    expect(seq.at(-1)!.data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
  });
  /** Every delta goes to the block that is open, as a client that finishes a call at its stop needs. */
  function deltasInOpenBlocks(sse: string): void {
    let open = -1;
    for (const { event, data } of events(sse)) {
      if (event === 'content_block_start') open = data.index;
      else if (event === 'content_block_stop') {
        expect(data.index).toBe(open);
        open = -1;
      } else if (event === 'content_block_delta') expect(data.index, JSON.stringify(data)).toBe(open);
    }
  }

  it('holds back a call whose arguments interleave with an earlier unfinished one, and sends it whole after it', async () => {
    const parts: StreamPart[] = [
      { type: 'tool-call-start', index: 0, id: 'call_one', name: 'Bash' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"command"' },
      { type: 'tool-call-start', index: 1, id: 'call_two', name: 'Bash' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"command"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ':"ls"}' },
      { type: 'text-delta', text: 'and ' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: ':"pwd"}' },
      { type: 'text-delta', text: 'done' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const sse = encode(parts);
    deltasInOpenBlocks(sse);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toMatchObject([
      { type: 'tool_use', id: 'call_one', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_two', name: 'Bash', input: { command: 'pwd' } },
      { type: 'text', text: 'and done' },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('holds back text that comes between a call and its arguments', async () => {
    const sse = encode([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'text-delta', text: '\n' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    deltasInOpenBlocks(sse);
    expect((await sdkFinalMessage(sse)).content).toMatchObject([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'text', text: '\n' },
    ]);
  });

  it('still streams calls that come one after another as they arrive', () => {
    const encoder = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'm', includeUsage: true, estimatedInputTokens: 0 });
    encoder.encode({ type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' });
    encoder.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' });
    // the first call's arguments are whole: the second opens at once, and its arguments go out as they come
    const second = events(encoder.encode({ type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' }));
    expect(second.map((e) => e.event)).toEqual(['content_block_stop', 'content_block_start']);
    expect(events(encoder.encode({ type: 'tool-call-delta', index: 1, argumentsDelta: '{}' }))).toMatchObject([{ event: 'content_block_delta', data: { index: 1, delta: { partial_json: '{}' } } }]);
  });
  it('gives a call from another provider an id Anthropic accepts, the same streamed or not', async () => {
    // Kimi's ids; Claude Code sends them back, maybe to Anthropic, which refuses all but [a-zA-Z0-9_-]
    const parts: StreamPart[] = [
      { type: 'tool-call-start', index: 0, id: 'functions.get_weather:0', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const streamed = await sdkFinalMessage(encode(parts));
    expect(streamed.content).toMatchObject([{ type: 'tool_use', id: 'functions_get_weather_0' }]);
    const whole = anthropicInbound.formatResponse({
      id: 'x', model: 'm', text: '', toolCalls: [{ id: 'functions.get_weather:0', name: 'get_weather', arguments: '{}' }], finishReason: 'tool_calls',
    }, 'm') as { content: { id: string }[] };
    expect(whole.content[0]!.id).toBe('functions_get_weather_0');
  });
  it('announces the prompt as the provider counted it up front, its cached part apart, as the final figures do', () => {
    const seq = events(encode([
      { type: 'start', id: 'g1', model: 'gemini', inputTokens: 100, cachedInputTokens: 60 },
      { type: 'text-delta', text: 'Hi' },
      { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 60, outputTokens: 2 } },
      { type: 'finish', finishReason: 'stop' },
    ]));
    const first = seq[0]!.data.message.usage;
    const last = seq.find((e) => e.event === 'message_delta')!.data.usage;
    expect(first).toMatchObject({ input_tokens: 40, cache_read_input_tokens: 60 });
    expect(last).toMatchObject({ input_tokens: 40, cache_read_input_tokens: 60, output_tokens: 2 });
  });

  it("puts the thinking token count in message_delta's usage when the client asked (Claude Code's beta) and the provider counted them", async () => {
    const parts: StreamPart[] = [{ type: 'text-delta', text: 'hi' }, { type: 'finish', finishReason: 'stop' }, { type: 'usage', usage: { inputTokens: 50, outputTokens: 40, reasoningTokens: 38 } }];
    const asked = anthropicInbound.createStreamEncoder({ id: 'msg_1', servedModel: 'openai/gpt-x', includeUsage: true, estimatedInputTokens: 0, thinkingTokenCount: true });
    const sse = parts.map((p) => asked.encode(p)).join('') + asked.end();
    const delta = events(sse).find((e) => e.event === 'message_delta')!;
    expect(delta.data.usage.output_tokens_details).toEqual({ thinking_tokens: 38 });
    // the SDK's accumulated message carries it, where Claude Code reads it
    expect(((await sdkFinalMessage(sse)).usage as any).output_tokens_details).toEqual({ thinking_tokens: 38 });
    const notAsked = events(encode(parts)).find((e) => e.event === 'message_delta')!;
    expect(notAsked.data.usage).not.toHaveProperty('output_tokens_details');
  });
});
