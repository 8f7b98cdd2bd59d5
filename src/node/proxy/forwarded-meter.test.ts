// A same-format stream's content events, forwarded undecoded once the client owns the stream: measured for
// the estimate when no usage comes (the first HELD_EVENTS exactly, the rest by their length, none of those
// kept or decoded), each counted once.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InboundCodec } from '../../core/canonical';
import { chatEventKind, responsesEventKind } from '../../core/plain-delta';
import { createResponsesStreamDecoder } from '../../core/providers/openai-responses/stream-decoder';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { EXACT_TOKENIZE_BUDGET_BYTES } from '../../core/tokens';
import { estimateOutputTokens } from '../tokens';
import { HELD_EVENTS } from './forwarded-meter';
import { relayStream } from './stream-relay';
import { chunk, fakeRes, START } from '../../../test/mocks/relay-kit';

const USAGE = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })}\n\n`;

async function relayChat(deltas: string[], tail: string, lateDecoder = () => createOpenAIStreamDecoder()) {
  const sse = START + deltas.map((d) => chunk({ content: d })).join('') + chunk({}, 'stop') + tail + 'data: [DONE]\n\n';
  // reads of about 4 KB, as a socket brings them
  const reads: Buffer[] = [];
  for (let i = 0; i < sse.length; i += 4096) reads.push(Buffer.from(sse.slice(i, i + 4096)));
  const res = fakeRes();
  const out = await relayStream({
    res, body: Readable.from(reads), signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder: null,
    codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
    forwardKind: chatEventKind, lateDecoder,
  });
  expect(res.out.join('')).toBe(sse);
  return out;
}

/** `got` within `share` of `want` (and 1 for rounding). */
const near = (got: number, want: number, share: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(want * share + 1);

describe('relayStream, a forwarded chat stream', () => {
  // past the held events a delta's text is its data's length less the framing the held ones (and the first
  // few past them) had, escapes counted as one character: the same length as decoding each, and past the
  // exact budget the same tokens (chars/4); within it the rest is counted at chars/4 after the held ones'
  // exact count (1,024 deltas: 684 tokens for 683)
  it.each([
    ['20,000 small deltas (past the exact budget)', Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? ' é\n' : `w${i % 10}`))],
    [`${HELD_EVENTS * 4} deltas within the exact budget`, Array.from({ length: HELD_EVENTS * 4 }, (_, i) => (i % 3 === 0 ? ' the' : 'ab'))],
    [`${HELD_EVENTS - 1} deltas (all held)`, Array.from({ length: HELD_EVENTS - 1 }, () => ' word')],
  ])('no usage, %s: the estimate of every delta relayed, at most HELD_EVENTS kept', async (_, deltas) => {
    const out = await relayChat(deltas, '');
    const text = deltas.join('');
    expect(out.usage).toBeUndefined();
    expect(out.output.measuredChars).toBe(text.length);
    if (text.length > EXACT_TOKENIZE_BUDGET_BYTES || deltas.length < HELD_EVENTS) expect(out.output.estimate()).toBe(estimateOutputTokens(text));
    else near(out.output.estimate(), estimateOutputTokens(text), 0.01);
    expect(out.forwardedRetained).toBe(Math.min(deltas.length - 1, HELD_EVENTS));
  });

  it('usage comes: it is taken, and the deltas past the held ones are not decoded', async () => {
    let pushed = 0;
    const out = await relayChat(Array.from({ length: 20_000 }, () => 'abcd'), USAGE, () => {
      const d = createOpenAIStreamDecoder();
      return { ...d, push: (e) => { pushed++; return d.push(e); } };
    });
    expect(out.usage).toMatchObject({ inputTokens: 5, outputTokens: 7 });
    expect(out.forwardedRetained).toBe(HELD_EVENTS);
    expect(pushed).toBe(0);
  });

  it('no usage, 20,000 deltas of varied text: the estimate near the exact decoding of every one', async () => {
    const words = ['the', ' quick', ' \u00e9t\u00e9', ' "quoted"', '\n\n', ' 42', ' {"a":1}', ' \\path', ' 漢字'];
    const deltas = Array.from({ length: 20_000 }, (_, i) => words[(i * 7 + (i >> 3)) % words.length]!);
    let pushed = 0;
    const out = await relayChat(deltas, '', () => {
      const d = createOpenAIStreamDecoder();
      return { ...d, push: (e) => { pushed++; return d.push(e); } };
    });
    const exact = deltas.join('');
    // escapes (quotes, backslashes, newlines) and characters past ASCII: still the same length
    expect(out.output.measuredChars).toBe(exact.length);
    expect(out.output.estimate()).toBe(estimateOutputTokens(exact));
    expect(pushed).toBe(HELD_EVENTS);
  });
});

describe('relayStream, a long forwarded Responses stream with no usage: every relayed delta measured once', () => {
  const ev = (type: string, body: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
  const msg = (id: string, text: string) => ({ id, type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  const call = (id: string, args: string) => ({ id, type: 'function_call', call_id: `call_${id}`, name: 'lookup', arguments: args });
  const reasoning = (id: string, text: string) => ({ id, type: 'reasoning', summary: [{ type: 'summary_text', text }] });

  /** items of HELD_EVENTS deltas each: the meter starts decoding as they come in the second, and each item's output_item.done follows its deltas */
  function stream(cutAfter?: string): { sse: string; relayed: number } {
    let sse = ev('response.created', { response: { id: 'resp_1', status: 'in_progress', output: [] } });
    let relayed = 0;
    const items: [string, (full: string) => Record<string, unknown>, string][] = [
      ['rs', (t) => reasoning('rs', t), 'response.reasoning_summary_text.delta'],
      ['msg_1', (t) => msg('msg_1', t), 'response.output_text.delta'],
      ['fc', (t) => call('fc', t), 'response.function_call_arguments.delta'],
      ['msg_2', (t) => msg('msg_2', t), 'response.output_text.delta'],
    ];
    for (const [index, [id, item, type]] of items.entries()) {
      const pieces = Array.from({ length: HELD_EVENTS }, (_, i) => `${id}${i} `);
      sse += ev('response.output_item.added', { output_index: index, item: id === 'fc' ? call('fc', '') : { ...item(''), content: [], summary: [] } });
      if (id === 'fc') relayed += 'lookup'.length;
      for (const p of pieces) sse += ev(type, { item_id: id, output_index: index, delta: p });
      relayed += pieces.join('').length;
      if (cutAfter === id) return { sse, relayed };
      sse += ev('response.output_item.done', { output_index: index, item: item(pieces.join('')) });
    }
    sse += ev('response.completed', { response: { id: 'resp_1', status: 'completed', output: [], usage: null } });
    return { sse, relayed };
  }

  it.each([undefined, 'rs', 'msg_1', 'fc', 'msg_2'])('cut after %s: what was relayed, once, and at most HELD_EVENTS kept', async (cut) => {
    const { sse, relayed } = stream(cut);
    const decoder = createResponsesStreamDecoder({ forwarded: true });
    const out = await relayStream({
      res: fakeRes(), body: Readable.from([Buffer.from(sse)]), signal: new AbortController().signal, decoder, encoder: null,
      codec: { formatStreamError: () => '' } as unknown as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
      forwardKind: responsesEventKind, lateDecoder: () => decoder.forwardedDecoder!(),
    });
    expect(out.usage).toBeUndefined();
    expect(out.output.measuredChars).toBe(relayed);
    expect(out.forwardedRetained).toBe(cut === 'rs' ? HELD_EVENTS - 1 : HELD_EVENTS);
  });
});

describe('relayStream, a long forwarded Responses stream as OpenAI writes it, with no usage', () => {
  const words = [' the', ' answer', ' is', ' "x"', '\n', ' 42', ' é', ' \\', ' because', '.'];
  /** OpenAI's events: a sequence_number, ids of one length, and padding that evens their sizes out */
  const delta = (type: string, seq: number, id: string, index: number, d: string) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq, item_id: id, output_index: index, content_index: 0, delta: d, logprobs: [], obfuscation: 'aZ09-_xY'.repeat(3).slice(0, (seq * 7919) % 17 + Math.max(0, 8 - d.length)) })}\n\n`;
  const ev = (type: string, body: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;

  function stream(reasoningDeltas: number, textDeltas: number, cut: boolean): { sse: string; relayed: string } {
    let seq = 0;
    let sse = ev('response.created', { sequence_number: seq++, response: { id: 'resp_1', status: 'in_progress', output: [] } });
    const rs = 'rs_68af0c1d2e3f4a5b6c7d8e9f0a1b2c3d';
    const msg = 'msg_68af0c1d2e3f4a5b6c7d8e9f0a1b2c3';
    sse += ev('response.output_item.added', { sequence_number: seq++, output_index: 0, item: { id: rs, type: 'reasoning', summary: [] } });
    let thought = '';
    for (let i = 0; i < reasoningDeltas; i++) {
      const d = words[(i * 3) % words.length]!;
      thought += d;
      sse += delta('response.reasoning_summary_text.delta', seq++, rs, 0, d);
    }
    sse += ev('response.output_item.done', { sequence_number: seq++, output_index: 0, item: { id: rs, type: 'reasoning', summary: [{ type: 'summary_text', text: thought }] } });
    sse += ev('response.output_item.added', { sequence_number: seq++, output_index: 1, item: { id: msg, type: 'message', role: 'assistant', content: [] } });
    let text = '';
    for (let i = 0; i < textDeltas; i++) {
      const d = words[(i * 7 + (i >> 4)) % words.length]!;
      text += d;
      sse += delta('response.output_text.delta', seq++, msg, 1, d);
    }
    if (cut) return { sse, relayed: thought + text };
    sse += ev('response.output_item.done', { sequence_number: seq++, output_index: 1, item: { id: msg, type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] } });
    sse += ev('response.completed', { sequence_number: seq++, response: { id: 'resp_1', status: 'completed', output: [], usage: null } });
    return { sse, relayed: thought + text };
  }

  it.each([
    ['a short reasoning held, 20,000 text deltas', 100, 20_000, false],
    ['reasoning past the held events, then text, cut before its end', 3_000, 20_000, true],
  ])('%s: the estimate within 0.2% of the exact decoding of every delta', async (_, reasoningDeltas, textDeltas, cut) => {
    const { sse, relayed } = stream(reasoningDeltas, textDeltas, cut);
    const decoder = createResponsesStreamDecoder({ forwarded: true });
    const reads: Buffer[] = [];
    for (let i = 0; i < sse.length; i += 16_384) reads.push(Buffer.from(sse.slice(i, i + 16_384)));
    const out = await relayStream({
      res: fakeRes(), body: Readable.from(reads), signal: new AbortController().signal, decoder, encoder: null,
      codec: { formatStreamError: () => '' } as unknown as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
      forwardKind: responsesEventKind, lateDecoder: () => decoder.forwardedDecoder!(),
    });
    expect(out.usage).toBeUndefined();
    // padding and escapes are left out event by event; the sequence_number's digits are followed from one
    // event in 256, so each digit it gains (1,000, 10,000) is up to ~128 characters off: here 20 and 55
    near(out.output.measuredChars, relayed.length, 0.002);
    near(out.output.estimate(), estimateOutputTokens(relayed), 0.002);
  });
});
