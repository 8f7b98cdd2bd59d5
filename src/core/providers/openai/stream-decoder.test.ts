import { describe, expect, it, vi } from 'vitest';
import { openaiChunkStream } from '../../../../test/fixtures/openai/load';
import type { StreamPart } from '../../canonical';
import { createSseParser } from '../../sse';
import { openaiAdapter } from './index';
import { checkReportedUsage } from '../../usage-sanity';

/** Runs SSE text through the real parser (in pieces of `step` chars) and the decoder. */
function decode(text: string, step = text.length): StreamPart[] {
  const parser = createSseParser();
  const decoder = openaiAdapter.createStreamDecoder();
  const parts: StreamPart[] = [];
  for (let i = 0; i < text.length; i += step) {
    for (const ev of parser.push(text.slice(i, i + step))) parts.push(...decoder.push(ev));
  }
  for (const ev of parser.end()) parts.push(...decoder.push(ev));
  parts.push(...decoder.end());
  return parts;
}

function chunk(body: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', ...body })}\n\n`;
}

describe('openai stream decoder', () => {
  it("carries an audio model's audio tokens from the final usage chunk", () => {
    const usage = {
      prompt_tokens: 10_100, completion_tokens: 5_050, total_tokens: 15_150,
      prompt_tokens_details: { audio_tokens: 10_000 }, completion_tokens_details: { audio_tokens: 5_000 },
    };
    const parts = decode(chunk({ choices: [{ index: 0, delta: { audio: { transcript: 'hi' } }, finish_reason: 'stop' }] })
      + chunk({ choices: [], usage }) + 'data: [DONE]\n\n');
    expect(parts.find((p) => p.type === 'usage')).toEqual({
      type: 'usage', usage: { inputTokens: 10_100, outputTokens: 5_050, audioInputTokens: 10_000, audioOutputTokens: 5_000 },
    });
  });

  it('carries the tier that served the request (every chunk names it) into the usage', () => {
    const parts = decode(chunk({ service_tier: 'flex', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })
      + chunk({ service_tier: 'flex', choices: [], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } }) + 'data: [DONE]\n\n');
    expect(parts.find((p) => p.type === 'usage')).toEqual({ type: 'usage', usage: { inputTokens: 10, outputTokens: 20, serviceTier: 'flex' } });
  });

  it('keeps the last usage a chunk stated as its running usage (a stream cut short is billed it)', () => {
    const decoder = openaiAdapter.createStreamDecoder();
    const parser = createSseParser();
    const push = (text: string): StreamPart[] => parser.push(text).flatMap((e) => decoder.push(e));
    push(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
    expect(decoder.runningUsage!()).toBeUndefined();
    // some servers state the usage so far on every chunk; the last one stated counts
    push(chunk({ choices: [], usage: { prompt_tokens: 500, completion_tokens: 0, total_tokens: 500 } }));
    push(chunk({ choices: [], usage: { prompt_tokens: 500, prompt_tokens_details: { cached_tokens: 200 }, completion_tokens: 3, total_tokens: 503 } }));
    expect(decoder.runningUsage!()).toEqual({ inputTokens: 500, cachedInputTokens: 200, outputTokens: 3 });
    expect(decoder.end()).toEqual([{ type: 'error', error: { kind: 'stream', message: 'upstream stream ended before it finished' } }]);
  });

  it('leaves the input missing when the usage chunk states no prompt_tokens, so the sanity check refuses it (the row is estimated)', () => {
    const parts = decode(chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })
      + chunk({ choices: [], usage: { completion_tokens: 20, total_tokens: 20 } }) + 'data: [DONE]\n\n');
    const usage = parts.find((p) => p.type === 'usage');
    expect(usage?.type === 'usage' && usage.usage.inputTokens).toBeUndefined();
    expect(usage?.type === 'usage' && checkReportedUsage(usage.usage).ok).toBe(false);
    // usage on every chunk: the running figures, prompt stated and output 0 so far, still stand
    const decoder = openaiAdapter.createStreamDecoder();
    const parser = createSseParser();
    parser.push(chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }], usage: { prompt_tokens: 500, completion_tokens: 0, total_tokens: 500 } }))
      .forEach((e) => decoder.push(e));
    expect(decoder.runningUsage!()).toEqual({ inputTokens: 500, outputTokens: 0 });
    expect(checkReportedUsage(decoder.runningUsage!()!)).toEqual({ ok: true });
  });

  it("reads DeepSeek's insufficient_system_resource as a cut answer (length), not a stop", () => {
    const parts = decode(chunk({ choices: [{ index: 0, delta: { content: 'Part' }, finish_reason: null }] })
      + chunk({ choices: [{ index: 0, delta: { content: '' }, finish_reason: 'insufficient_system_resource' }] }) + 'data: [DONE]\n\n');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it("reads Mistral Magistral's typed content parts: thinking as reasoning, text as text (LiteLLM#16272)", () => {
    const parts = decode([
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Two plus two' }] }] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: ' is four.' }] }, { type: 'text', text: 'It is ' }] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { content: [{ type: 'text', text: '4.' }] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } }),
      'data: [DONE]\n\n',
    ].join(''));
    expect(parts).toEqual([
      { type: 'start', id: 'c1', model: 'm' },
      { type: 'reasoning-delta', text: 'Two plus two' },
      { type: 'reasoning-delta', text: ' is four.' },
      { type: 'text-delta', text: 'It is ' },
      { type: 'text-delta', text: '4.' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 20 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('decodes a text stream with a usage chunk after the finish', () => {
    const parts = decode(openaiChunkStream('text.chunks.txt'));
    expect(parts).toEqual([
      { type: 'start', id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '!' },
      { type: 'text-delta', text: ' How can I assist' },
      { type: 'text-delta', text: ' you today?' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0, serviceTier: 'default' } },
    ]);
  });

  it('reads plain content chunks without a full parse, and gives what a full parse would in every nearby case', () => {
    const raw = (data: string) => `data: ${data}\n\n`;
    const first = chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const tricky = 'quote " backslash \\ newline \n unicode \u00e9 \ud83d\ude00 and "delta":{"content":"x"} inside';
    const parts = decode([
      first,
      chunk({ choices: [{ index: 0, delta: { content: tricky }, logprobs: null, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'with role' }, finish_reason: null }] }),
      // reasoning beside the text, before or after it: the full parse takes both
      chunk({ choices: [{ index: 0, delta: { content: 'a', reasoning_content: 'r1' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { reasoning_content: 'r2', content: 'b' }, finish_reason: null }] }),
      // two choices: the first one's text, as always
      chunk({ choices: [{ index: 0, delta: { content: 'one' }, finish_reason: null }, { index: 1, delta: { content: 'two' }, finish_reason: null }] }),
      raw('{"id":"c1","choices":[{"index":0,"delta":{"content":"spaced"} ,"finish_reason":null}]}'),
      chunk({ choices: [{ index: 0, delta: { content: '' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      'data: [DONE]\n\n',
    ].join(''));
    expect(parts).toEqual([
      { type: 'start', id: 'c1', model: 'm' },
      { type: 'text-delta', text: JSON.parse(JSON.stringify(tricky)) },
      { type: 'text-delta', text: 'with role' },
      { type: 'reasoning-delta', text: 'r1' }, { type: 'text-delta', text: 'a' },
      { type: 'reasoning-delta', text: 'r2' }, { type: 'text-delta', text: 'b' },
      { type: 'text-delta', text: 'one' },
      { type: 'text-delta', text: 'spaced' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    // choice 0 with more than text, choice 1 with text alone: choice 0's, as a full parse reads it
    const second = decode(first + chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'A', reasoning: 'r' }, finish_reason: null }, { index: 1, delta: { content: 'B' }, finish_reason: null }] }));
    expect(second.slice(1, 3)).toEqual([{ type: 'reasoning-delta', text: 'r' }, { type: 'text-delta', text: 'A' }]);
    // a chunk cut short is not text either
    const cut = decode(first + raw('{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null'));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('not valid JSON') } });
    // a broken escape is not taken as text: the chunk is parsed, and found not to be JSON
    const broken = decode(first + raw('{"choices":[{"index":0,"delta":{"content":"\\x"},"finish_reason":null}]}'));
    expect(broken.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('not valid JSON') } });
  });

  it('parses no plain content chunk whole (only its text)', () => {
    const chunks = Array.from({ length: 20 }, (_, i) => chunk({ choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] }));
    const first = chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const parts = decode(first + chunks.join(''));
      expect(parts.filter((p) => p.type === 'text-delta')).toHaveLength(20);
      const whole = parse.mock.calls.filter(([text]) => typeof text === 'string' && text.startsWith('{'));
      expect(whole).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads a chunk framed like the last plain one by its frame, and anything else the long way', () => {
    const raw = (data: string) => `data: ${data}\n\n`;
    const plain = (content: string) => raw(`{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}`);
    const first = chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    // learned from "a", then: escapes, an escaped quote, an escaped backslash before the closing quote
    const text = decode(first + plain('a') + plain('b') + plain('tab\\tand \\u00e9') + plain('say \\"hi\\"') + plain('back\\\\') + plain('')
      + chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) + 'data: [DONE]\n\n');
    expect(text.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text)).toEqual(['a', 'b', 'tab\tand \u00e9', 'say "hi"', 'back\\']);
    expect(text.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    // the same frame around what is not one string: a full parse finds each broken
    for (const bad of ['x\\', 'x\u0001y', 'x\\q']) {
      const parts = decode(first + plain('a') + plain(bad));
      expect(parts.at(-1), bad).toMatchObject({ type: 'error', error: { message: expect.stringContaining('not valid JSON') } });
    }
    // what the searches cannot see is read the long way: a first choice's finish before a second
    // choice's null, usage spelled with a space after its colon or an escape in its key
    const hidden = decode(first + plain('a')
      + raw('{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"},{"index":1,"delta":{},"finish_reason":null}]}'));
    expect(hidden.slice(-2)).toEqual([{ type: 'text-delta', text: 'b' }, { type: 'finish', finishReason: 'stop' }]);
    const spaced = decode(first + raw('{"id":"c1","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}],"usage": {"prompt_tokens":1,"completion_tokens":2}}'));
    const escaped = decode(first + raw('{"id":"c1","us\\u0061ge":{"prompt_tokens":1,"completion_tokens":2},"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]}'));
    expect(escaped.slice(-3, -1)).toEqual([{ type: 'text-delta', text: 'b' }, { type: 'usage', usage: expect.objectContaining({ inputTokens: 1, outputTokens: 2 }) }]);
    expect(spaced.slice(-3, -1)).toEqual([{ type: 'text-delta', text: 'b' }, { type: 'usage', usage: expect.objectContaining({ inputTokens: 1, outputTokens: 2 }) }]);
    // ... and around two members: the second is read too
    const two = decode(first + plain('a') + plain('x","reasoning_content":"r'));
    expect(two.slice(2, 4)).toEqual([{ type: 'reasoning-delta', text: 'r' }, { type: 'text-delta', text: 'x' }]);
    // the frame of one chunk does not stand for another's: a finish after plain chunks is still read
    const parts = decode(first + plain('a') + raw('{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"length"}]}'));
    expect(parts.slice(-2)).toEqual([{ type: 'text-delta', text: 'b' }, { type: 'finish', finishReason: 'length' }]);
  });

  it("reads OpenAI's chunks by their frame whatever their obfuscation padding, and padding it cannot read the long way", () => {
    // as api.openai.com streams them (stream_options.include_obfuscation is on by default)
    const head = '{"id":"chatcmpl-C3j","object":"chat.completion.chunk","created":1755007032,"model":"gpt-4.1","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":';
    const openai = (delta: string, pad: string) => `data: ${head}${delta},"logprobs":null,"finish_reason":null}],"obfuscation":"${pad}"}\n\n`;
    const first = openai('{"role":"assistant","content":"","refusal":null}', 'D5jIQAiER0kD2');
    const words = Array.from({ length: 12 }, (_, i) => openai(`{"content":"w${i} "}`, 'x'.repeat(i) + '-_9'));
    const parse = vi.spyOn(JSON, 'parse');
    let parts: StreamPart[];
    try {
      parts = decode(first + words.join(''));
      // the first chunk whole, and the first plain one's text (its frame is learned then): nothing after them
      expect(parse.mock.calls.map(([text]) => String(text).slice(0, 2))).toEqual(['{"', '"w']);
    } finally {
      parse.mockRestore();
    }
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => (p as { text: string }).text)).toEqual(words.map((_, i) => `w${i} `));
    // padding that is not plain, or members after it: parsed, with what a parse gives
    const after = (chunk: string) => decode(first + words[0] + chunk).slice(2);
    expect(after(openai('{"content":"b"}', 'a\\"b'))).toEqual([{ type: 'text-delta', text: 'b' }, expect.objectContaining({ type: 'error' })]);
    const usage = `data: ${head}{"content":"b"},"logprobs":null,"finish_reason":null}],"obfuscation":"q","usage":{"prompt_tokens":1,"completion_tokens":2}}\n\n`;
    expect(after(usage).slice(0, 2)).toEqual([{ type: 'text-delta', text: 'b' }, { type: 'usage', usage: expect.objectContaining({ inputTokens: 1, outputTokens: 2 }) }]);
  });

  it('takes a refusal as the answer text, marked as the refusal (a chat client gets it in delta.refusal)', () => {
    const parts = decode(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: null, refusal: "I'm sorry" }, finish_reason: null }] })
      + chunk({ choices: [{ index: 0, delta: { refusal: ', I cannot.' }, finish_reason: 'stop' }] }) + 'data: [DONE]\n\n');
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: "I'm sorry", refusal: true }, { type: 'text-delta', text: ', I cannot.', refusal: true }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
  });

  it('ends a refusal without a finish_reason as content_filter, and content with an empty refusal as stop', () => {
    const refusal = decode(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: null }] }) + 'data: [DONE]\n\n');
    expect(refusal.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
    const answer = decode(chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null }] })
      + chunk({ choices: [{ index: 0, delta: { content: 'Yes.' }, finish_reason: null }] })
      + chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) + 'data: [DONE]\n\n');
    expect(answer.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('gives the same parts whatever the network chunking', () => {
    const text = openaiChunkStream('tools.chunks.txt');
    const whole = decode(text);
    for (const step of [1, 7, 64, 333]) expect(decode(text, step)).toEqual(whole);
  });

  it('decodes parallel tool calls streamed in argument fragments', () => {
    const parts = decode(openaiChunkStream('tools.chunks.txt'));
    expect(parts).toEqual([
      { type: 'start', id: 'chatcmpl-tool9x', model: 'gpt-4.1-2025-04-14' },
      { type: 'tool-call-start', index: 0, id: 'call_abc123', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"lo' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'cation": "Pa' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ris, France"}' },
      { type: 'tool-call-start', index: 1, id: 'call_def456', name: 'get_current_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location": ' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"Boston, MA"}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 82, outputTokens: 17, cachedInputTokens: 64, reasoningTokens: 0 } },
    ]);
  });

  it('decodes reasoning deltas and usage that rides on the finish chunk', () => {
    const parts = decode(openaiChunkStream('reasoning.chunks.txt'));
    expect(parts.filter((p) => p.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-delta', text: 'Compare the tenths' },
      { type: 'reasoning-delta', text: ': 1 < 8.' },
    ]);
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: '9.11 is smaller.' }]);
    expect(parts.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 250, cachedInputTokens: 0, reasoningTokens: 231 } },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('counts reasoning tokens xAI reports apart from completion_tokens as output in a stream too', () => {
    const usage = { prompt_tokens: 2341, completion_tokens: 31, total_tokens: 3108, prompt_tokens_details: { cached_tokens: 448 }, completion_tokens_details: { reasoning_tokens: 736 } };
    const parts = decode(chunk({ choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] }) + chunk({ choices: [], usage }) + 'data: [DONE]\n\n');
    expect(parts.find((p) => p.type === 'usage')).toEqual({ type: 'usage', usage: { inputTokens: 2341, outputTokens: 767, cachedInputTokens: 448, reasoningTokens: 736 } });
  });

  it('turns an error chunk into a classified error part and ignores what follows', () => {
    const parts = decode(`${openaiChunkStream('error-stream.chunks.txt')}${chunk({ choices: [{ index: 0, delta: { content: 'late' } }] })}data: [DONE]\n\n`);
    expect(parts[0]).toEqual({ type: 'start', id: 'gen-1747000000-abc', model: 'openai/gpt-4o' });
    expect(parts[1]).toEqual({ type: 'text-delta', text: 'Partial' });
    expect(parts[2]).toMatchObject({ type: 'error', error: { kind: 'server', status: 502, message: 'Provider returned error' } });
    expect(parts).toHaveLength(3);
  });

  it('reports malformed JSON as a stream error', () => {
    const parts = decode(`${chunk({ choices: [{ index: 0, delta: { content: 'a' } }] })}data: {"id":\n\n`);
    expect(parts.at(-1)).toEqual({ type: 'error', error: { kind: 'stream', message: expect.any(String) } });
  });

  it('reports a stream that stops without finish or [DONE]; a finish without [DONE] is clean', () => {
    const cut = decode(chunk({ choices: [{ index: 0, delta: { content: 'a' } }] }));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { kind: 'stream' } });
    const noDone = decode(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }));
    expect(noDone.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
    expect(decode('').at(-1)).toMatchObject({ type: 'error' });
  });

  it('adds a finish when [DONE] arrives without one', () => {
    const parts = decode(`${chunk({ choices: [{ index: 0, delta: { content: 'a' } }] })}data: [DONE]\n\n`);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('handles servers that send every tool call at index 0, whole, and finish with stop', () => {
    const parts = decode([
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] } }] }),
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{}' } }] } }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      'data: [DONE]\n\n',
    ].join(''));
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'g' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('closes a call that streamed no argument text with {} before the finish, and only that call', () => {
    const call = (index: number, id: string, args?: string) => chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index, id, type: 'function', function: { name: 'now', ...(args === undefined ? {} : { arguments: args }) } }] }, finish_reason: null }] });
    const parts = decode([
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] }),
      call(0, 'c1', ''), call(1, 'c2'), call(2, 'c3', '{"tz":'),
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 2, function: { arguments: '"CET"}' } }] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      'data: [DONE]\n\n',
    ].join(''));
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'c1', name: 'now' },
      { type: 'tool-call-start', index: 1, id: 'c2', name: 'now' },
      { type: 'tool-call-start', index: 2, id: 'c3', name: 'now' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"tz":' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"CET"}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('starts two interleaved calls named late each when its name comes, with its own held arguments (review of 22a5dc5)', () => {
    const delta = (tool_calls: unknown[], finish_reason: string | null = null) => chunk({ choices: [{ index: 0, delta: { tool_calls }, finish_reason }] });
    const parts = decode([
      delta([{ index: 0, id: 'call_a', type: 'function' }, { index: 1, id: 'call_b', type: 'function' }]),
      delta([{ index: 1, function: { name: 'B', arguments: '{"y":' } }]),
      delta([{ index: 0, function: { arguments: '{"x":1}' } }]),
      delta([{ index: 0, function: { name: 'A' } }]),
      delta([{ index: 1, function: { arguments: '2}' } }]),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      'data: [DONE]\n\n',
    ].join(''));
    // canonical indexes in the order the names came: call_b is 0, call_a is 1
    expect(parts.slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_b', name: 'B' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"y":' },
      { type: 'tool-call-start', index: 1, id: 'call_a', name: 'A' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '2}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('says what argument text it holds for calls not yet named, for the estimate of a stream cut while it holds it', () => {
    const decoder = openaiAdapter.createStreamDecoder();
    const push = (tool_calls: unknown[]) => decoder.push({ data: JSON.stringify({ id: 'c1', model: 'm', choices: [{ index: 0, delta: { tool_calls }, finish_reason: null }] }) });
    push([{ index: 0, id: 'call_a', function: { arguments: '{"x":' } }, { index: 1, id: 'call_b', function: { name: null, arguments: '{"y":2}' } }]);
    push([{ index: 0, function: { arguments: '1}' } }]);
    expect(decoder.heldOutput?.()).toBe('{"x":1}{"y":2}');
    push([{ index: 1, function: { name: 'B' } }]);
    expect(decoder.heldOutput?.()).toBe('{"x":1}');
    expect(decoder.push({ data: JSON.stringify({ error: { message: 'boom', type: 'server_error' } }) })).toMatchObject([{ type: 'error' }]);
    expect(decoder.heldOutput?.()).toBe('{"x":1}');
  });

  it('closes an argument-less call with {} also when the stream ends at [DONE] with no finish_reason', () => {
    const parts = decode(chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'now', arguments: '' } }] } }] }) + 'data: [DONE]\n\n');
    expect(parts.slice(-2)).toEqual([{ type: 'tool-call-delta', index: 0, argumentsDelta: '{}' }, { type: 'finish', finishReason: 'tool_calls' }]);
  });

  it('reads Groq usage from x_groq and emits the finish only once', () => {
    const parts = decode([
      chunk({ choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } } }),
      chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      'data: [DONE]\n\n',
    ].join(''));
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
    expect(parts).toContainEqual({ type: 'usage', usage: { inputTokens: 5, outputTokens: 1 } });
  });
});
