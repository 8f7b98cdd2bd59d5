// The Responses stream encoder's cap on the text it holds: its closing events repeat an item's whole
// text, so an endless answer is cut at the cap, closed without its text, and never repeated.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../canonical';
import { createResponsesStreamEncoder, RESPONSES_TEXT_CAP } from './stream-encoder';
import { ToolNames } from './tool-names';
import { accumulate, parse } from '../../../../test/helpers/responses-events';

const tools = [{ type: 'function', name: 'exec_command', parameters: { type: 'object' } }];

function encoder(cap?: number, opts: { compaction?: boolean; stored?: Record<string, unknown>[] } = {}) {
  const request = { tools };
  const ctx = {
    id: 'resp_cap', request, toolNames: ToolNames.of(request), summaries: true,
    ...(opts.compaction ? { compaction: true } : {}),
    ...(opts.stored ? { onResponse: (r: Record<string, unknown>) => void opts.stored!.push(r) } : {}),
  };
  return createResponsesStreamEncoder(ctx, 'fo/gpt-fake', cap);
}

const text = (t: string): StreamPart => ({ type: 'text-delta', text: t });
const thought = (t: string): StreamPart => ({ type: 'reasoning-delta', text: t });

/** every part encoded, then the relay's part: fail() with the cut's reason once cutOff says so, else end() */
function relay(enc: ReturnType<typeof encoder>, parts: StreamPart[]): { out: string; cut: string | undefined } {
  let out = '';
  for (const p of parts) {
    out += enc.encode(p);
    const cut = enc.cutOff?.();
    if (cut !== undefined) return { out: out + enc.fail!(502, 'api_error', cut), cut };
  }
  return { out: out + enc.end(), cut: undefined };
}

beforeEach(() => { vi.spyOn(Date, 'now').mockReturnValue(1_760_000_000_000); });
afterEach(() => { vi.restoreAllMocks(); });

describe('Responses stream encoder: the cap on the text it holds', () => {
  it('is 8M characters by default, and an answer up to the cap is encoded byte for byte as without one', () => {
    expect(RESPONSES_TEXT_CAP).toBe(8 * 1024 * 1024);
    const parts = [thought('plan '), thought('it'), text('Hello'), text(' world'), { type: 'finish', finishReason: 'stop' } as StreamPart];
    const capped = relay(encoder(18), parts);
    expect(capped.cut).toBeUndefined();
    expect(capped.out).toBe(relay(encoder(), parts).out);
    expect(parse(capped.out).at(-1)!.event).toBe('response.completed');
  });

  it('past the cap: the delta is not sent, the stream fails, and no event repeats the text', () => {
    const stored: Record<string, unknown>[] = [];
    const enc = encoder(1000, { stored });
    const chunk = 'x'.repeat(100);
    const parts = Array.from({ length: 50 }, () => text(chunk));
    const { out, cut } = relay(enc, parts);
    expect(cut).toBe('the answer passed the 1000 characters of text a translated Responses stream may hold: the rest was not relayed');
    const events = parse(out);
    const deltas = events.filter((e) => e.event === 'response.output_text.delta');
    expect(deltas.map((e) => e.data.delta).join('')).toBe(chunk.repeat(10));
    // the text once (its deltas), not again in done events nor in the failed response
    expect(out.split(chunk).length - 1).toBe(10);
    expect(events.map((e) => e.event).slice(-3)).toEqual(['response.output_item.done', 'error', 'response.failed']);
    expect(events.some((e) => e.event === 'response.output_text.done' || e.event === 'response.content_part.done')).toBe(false);
    const failed = events.at(-1)!.data.response;
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'server_error', message: cut });
    expect(failed.output).toEqual([{ id: expect.any(String), type: 'message', status: 'incomplete', content: [], role: 'assistant' }]);
    // kept bounded: the item without its text
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0])).not.toContain(chunk);
    // the SDK's accumulator takes the sequence, and the numbers run on
    expect(accumulate(events).status).toBe('failed');
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    // nothing more is encoded, and a later end() adds nothing
    expect(enc.encode(text('more')) + enc.end()).toBe('');
  });

  it('counts summaries, text and call arguments together; items closed before the cap stay whole, the open one is cut', () => {
    const stored: Record<string, unknown>[] = [];
    const enc = encoder(30, { stored });
    const { out, cut } = relay(enc, [
      thought('0123456789'),
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'exec_command' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"cmd":"ls"}' },
      text('abcdefgh'),
      text('this delta passes the cap'),
    ]);
    expect(cut).toBeDefined();
    const events = parse(out);
    const output = events.at(-1)!.data.response.output;
    expect(output.map((i: any) => [i.type, i.status ?? null])).toEqual([['reasoning', null], ['function_call', 'incomplete'], ['message', 'incomplete']]);
    expect(output[0].summary).toEqual([{ type: 'summary_text', text: '0123456789' }]);
    expect(output[2].content).toEqual([]);
    expect(out).not.toContain('this delta');
    expect(stored[0]!.status).toBe('failed');
  });

  it('cuts an open summary without its text, and a compaction summary past the cap', () => {
    const { out } = relay(encoder(10), [thought('0123456789'), thought('!')]);
    const events = parse(out);
    expect(events.filter((e) => e.event === 'response.reasoning_summary_text.done')).toEqual([]);
    expect(events.at(-1)!.data.response.output).toEqual([{ id: expect.any(String), type: 'reasoning', summary: [], status: 'incomplete' }]);

    const compaction = relay(encoder(10, { compaction: true }), [text('0123456789'), text('!')]);
    expect(compaction.cut).toBeDefined();
    expect(parse(compaction.out).at(-1)!.data.response).toMatchObject({ status: 'failed', output: [] });
  });

  it('a relay that ends the stream without asking cutOff still gets a failed response, the text not repeated', () => {
    const enc = encoder(5);
    let out = enc.encode(text('12345')) + enc.encode(text('6'));
    out += enc.end();
    const events = parse(out);
    expect(events.at(-1)!.event).toBe('response.failed');
    expect(out.split('12345').length - 1).toBe(1);
  });
});
