import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical';
import { parseResponsesResponse } from './parse-response';
import { createResponsesStreamDecoder } from './stream-decoder';

// Two reasoning items, the first summarised in two parts (OpenAI's summaries each open with a bold title)
const FIRST = ['**Reading the question**\n\nThe user asks for a sum.', '**Adding**\n\n2 + 2 is 4.'];
const SECOND = '**Checking**\n\nStill 4.';
const output = [
  { type: 'reasoning', id: 'rs_1', summary: FIRST.map((text) => ({ type: 'summary_text', text })) },
  { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: SECOND }] },
  { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: '4' }] },
];
const response = { id: 'resp_1', object: 'response', model: 'gpt-5.1-codex', status: 'completed', output, usage: { input_tokens: 10, output_tokens: 20 } };

function streamed(events: Record<string, unknown>[]): string {
  const d = createResponsesStreamDecoder();
  const parts: StreamPart[] = [...events.flatMap((e) => d.push({ event: String(e.type), data: JSON.stringify(e) })), ...d.end()];
  return parts.flatMap((p) => (p.type === 'reasoning-delta' ? [p.text] : [])).join('');
}

describe('reasoning summaries, streamed or not', () => {
  const joined = `${FIRST[0]}\n\n${FIRST[1]}\n\n${SECOND}`;

  it('sets each summary part and each reasoning item apart by a blank line in a whole response', () => {
    expect(parseResponsesResponse(response).reasoning).toBe(joined);
  });

  it('streams them set apart the same way, deltas of one part joined as they came', () => {
    const delta = (item_id: string, output_index: number, summary_index: number, delta: string) =>
      ({ type: 'response.reasoning_summary_text.delta', item_id, output_index, summary_index, delta });
    const events = [
      { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
      delta('rs_1', 0, 0, FIRST[0]!.slice(0, 10)), delta('rs_1', 0, 0, FIRST[0]!.slice(10)),
      delta('rs_1', 0, 1, FIRST[1]!),
      delta('rs_2', 1, 0, SECOND),
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 2, delta: '4' },
      { type: 'response.completed', response },
    ];
    expect(streamed(events)).toBe(joined);
  });

  it('sets apart an item sent whole (output_item.done, no deltas) from the reasoning streamed before it', () => {
    const events = [
      { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: FIRST[0] },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: FIRST[1] },
      { type: 'response.output_item.done', output_index: 1, item: output[1] },
      { type: 'response.completed', response },
    ];
    expect(streamed(events)).toBe(joined);
  });
});

describe('the model at work before its answer', () => {
  const added = (item: Record<string, unknown>) => createResponsesStreamDecoder().push({
    event: 'response.output_item.added', data: JSON.stringify({ type: 'response.output_item.added', output_index: 0, item }),
  }).filter((p) => p.type !== 'start');

  it('says so of an output item begun: a reasoning item is thinking (with no summary asked for, nothing more comes until the answer)', () => {
    expect(added({ id: 'rs_1', type: 'reasoning', summary: [] })).toEqual([{ type: 'at-work', thinking: true }]);
    expect(added({ id: 'ws_1', type: 'web_search_call', status: 'in_progress' })).toEqual([{ type: 'at-work', thinking: false }]);
    expect(added({ id: 'msg_1', type: 'message', role: 'assistant', content: [] })).toEqual([{ type: 'at-work', thinking: false }]);
  });

  it('a function call begun is the answer itself: its start, not the model at work', () => {
    expect(added({ id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' })).toEqual([{ type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' }]);
  });
});

describe('a call with no arguments', () => {
  const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'now', arguments: '' };
  const events = [
    { type: 'response.created', response: { id: 'resp_1', model: 'm' } },
    { type: 'response.output_item.added', output_index: 0, item: call },
    { type: 'response.output_item.done', output_index: 0, item: call },
    { type: 'response.completed', response: { id: 'resp_1', model: 'm', status: 'completed', output: [call] } },
  ];
  const decode = (forwarded: boolean): StreamPart[] => {
    const d = createResponsesStreamDecoder({ forwarded });
    return events.flatMap((e) => d.push({ event: e.type, data: JSON.stringify(e) })).filter((p) => p.type.startsWith('tool-call'));
  };

  it('reads as {} whole, and streamed closes with a {} delta (a server that sends arguments "")', () => {
    expect(parseResponsesResponse({ id: 'resp_1', model: 'm', status: 'completed', output: [call, { ...call, call_id: 'call_2', arguments: undefined }] }).toolCalls.map((c) => c.arguments)).toEqual(['{}', '{}']);
    expect(decode(false)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'now' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    ]);
  });

  it('adds nothing forwarded: the client has the server\'s own events', () => {
    expect(decode(true)).toEqual([{ type: 'tool-call-start', index: 0, id: 'call_1', name: 'now' }]);
  });
});

describe('a stream that failed with its usage stated', () => {
  const begun = [
    { type: 'response.created', response: { id: 'resp_1', model: 'm', status: 'in_progress', usage: null } },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Part' },
  ];
  const usage = { input_tokens: 900, output_tokens: 5, total_tokens: 905 };
  const decoderAfter = (last: Record<string, unknown>) => {
    const d = createResponsesStreamDecoder();
    const parts = [...begun, last].flatMap((e) => d.push({ event: String(e.type), data: JSON.stringify(e) }));
    return { d, error: parts.find((p) => p.type === 'error') };
  };

  it('response.failed: the usage is the running usage the cut stream is billed by', () => {
    const { d, error } = decoderAfter({ type: 'response.failed', response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'x' }, usage } });
    expect(d.runningUsage!()).toEqual({ inputTokens: 900, outputTokens: 5 });
    expect(error).toMatchObject({ error: { kind: 'server', billed: { inputTokens: 900, outputTokens: 5 } } });
  });

  it('an error event carrying the response: the same; without one, no usage', () => {
    const { d, error } = decoderAfter({ type: 'error', code: 'server_error', message: 'x', response: { id: 'resp_1', status: 'failed', usage } });
    expect(d.runningUsage!()).toEqual({ inputTokens: 900, outputTokens: 5 });
    expect(error).toMatchObject({ error: { billed: { inputTokens: 900, outputTokens: 5 } } });
    expect(decoderAfter({ type: 'error', code: 'server_error', message: 'x' }).d.runningUsage!()).toBeUndefined();
  });
});
