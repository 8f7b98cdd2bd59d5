// A same-format stream's content events, forwarded undecoded once the client owns the stream: measured for
// the estimate when no usage comes exactly as when all were held to the end, but none of a long answer's kept.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InboundCodec } from '../../core/canonical';
import { chatEventKind, responsesEventKind } from '../../core/plain-delta';
import { createResponsesStreamDecoder } from '../../core/providers/openai-responses/stream-decoder';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { estimateOutputTokens } from '../tokens';
import { HELD_EVENTS } from './forwarded-meter';
import { relayStream } from './stream-relay';
import { chunk, fakeRes, START } from '../../../test/mocks/relay-kit';

const USAGE = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })}\n\n`;

async function relayChat(deltas: string[], tail: string) {
  const sse = START + deltas.map((d) => chunk({ content: d })).join('') + chunk({}, 'stop') + tail + 'data: [DONE]\n\n';
  // reads of about 4 KB, as a socket brings them
  const reads: Buffer[] = [];
  for (let i = 0; i < sse.length; i += 4096) reads.push(Buffer.from(sse.slice(i, i + 4096)));
  const res = fakeRes();
  const out = await relayStream({
    res, body: Readable.from(reads), signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder: null,
    codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
    forwardKind: chatEventKind, lateDecoder: () => createOpenAIStreamDecoder(),
  });
  expect(res.out.join('')).toBe(sse);
  return out;
}

describe('relayStream, a forwarded chat stream', () => {
  it.each([
    ['20,000 small deltas (past the exact budget)', Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? ' é\n' : `w${i % 10}`))],
    [`${HELD_EVENTS * 4} deltas within the exact budget`, Array.from({ length: HELD_EVENTS * 4 }, (_, i) => (i % 3 === 0 ? ' the' : 'ab'))],
    [`${HELD_EVENTS - 1} deltas (all held)`, Array.from({ length: HELD_EVENTS - 1 }, () => ' word')],
  ])('no usage, %s: the estimate of every delta relayed, and no forwarded event kept', async (_, deltas) => {
    const out = await relayChat(deltas, '');
    expect(out.usage).toBeUndefined();
    expect(out.output.measuredChars).toBe(deltas.join('').length);
    expect(out.output.estimate()).toBe(estimateOutputTokens(deltas.join('')));
    expect(out.forwardedRetained).toBe(deltas.length < HELD_EVENTS ? deltas.length - 1 : 0);
  });

  it('usage comes: it is taken, and a long answer kept no forwarded event', async () => {
    const out = await relayChat(Array.from({ length: 20_000 }, () => 'abcd'), USAGE);
    expect(out.usage).toMatchObject({ inputTokens: 5, outputTokens: 7 });
    expect(out.forwardedRetained).toBe(0);
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

  it.each([undefined, 'rs', 'msg_1', 'fc', 'msg_2'])('cut after %s: what was relayed, once, and nothing kept', async (cut) => {
    const { sse, relayed } = stream(cut);
    const decoder = createResponsesStreamDecoder({ forwarded: true });
    const out = await relayStream({
      res: fakeRes(), body: Readable.from([Buffer.from(sse)]), signal: new AbortController().signal, decoder, encoder: null,
      codec: { formatStreamError: () => '' } as unknown as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
      forwardKind: responsesEventKind, lateDecoder: () => decoder.forwardedDecoder!(),
    });
    expect(out.usage).toBeUndefined();
    expect(out.output.measuredChars).toBe(relayed);
    expect(out.forwardedRetained).toBe(cut === 'rs' ? HELD_EVENTS - 1 : 0);
  });
});
