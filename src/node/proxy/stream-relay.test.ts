// relayStream with everything in one read of the upstream: the deltas are joined, and an error or a key
// echo after content still ends the stream for the client (no failover), before content it fails over.
import { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamFailure, type InboundCodec, type SseEvent, type StreamEncoder } from '../../core/canonical';
import { responsesEventKind } from '../../core/plain-delta';
import { createResponsesStreamDecoder } from '../../core/providers/openai-responses/stream-decoder';
import { createOpenAIStreamDecoder } from '../../core/providers/openai/stream-decoder';
import { OWN_FAULT_MESSAGE, relayStream } from './stream-relay';
import { chunk, encoder, fakeRes, START } from '../../../test/mocks/relay-kit';

const KEY = 'sk-relay-test-key-0123456789abcdef';
const ERROR = 'data: {"error":{"message":"boom","type":"server_error"}}\n\n';

async function relay(reads: string[], using = encoder) {
  const res = fakeRes();
  const result = await relayStream({
    res, body: Readable.from(reads.map((s) => Buffer.from(s))), signal: new AbortController().signal,
    decoder: createOpenAIStreamDecoder(), encoder: using, codec: {} as InboundCodec, headers: {}, includeUsage: true,
    startedAt: Date.now(), secrets: [KEY],
  });
  return { status: res.status, lines: res.out.join('').trim().split('\n'), error: result.error };
}

describe('relayStream, translated, one read', () => {
  it('joins the text deltas of a read, and keeps what came in another read apart', async () => {
    const { lines, error } = await relay([START + chunk({ content: 'a' }) + chunk({ content: 'b' }), chunk({ content: 'c' }) + chunk({}, 'stop') + 'data: [DONE]\n\n']);
    expect(error).toBeNull();
    expect(lines).toEqual(['start', 'text-delta:ab', 'text-delta:c', 'finish', 'end']);
  });

  it('an error after content in the same read: the content, then an error event; no failover', async () => {
    const { status, lines, error } = await relay([START + chunk({ content: 'a' }) + chunk({ content: 'b' }) + ERROR + chunk({ content: 'c' })]);
    expect(status).toBe(200);
    expect(lines).toEqual(['start', 'text-delta:ab', 'fail:upstream stream failed: boom']);
    expect(error?.message).toBe('boom');
  });

  it('an error before any content fails over (nothing was written)', async () => {
    await expect(relay([START + ERROR])).rejects.toBeInstanceOf(UpstreamFailure);
  });

  it("an encoder whose end() throws ends the begun stream with an error event, Switchboard's own fault (not a 200 cut silent)", async () => {
    const faults: unknown[] = [];
    const res = fakeRes();
    const result = await relayStream({
      res, body: Readable.from([Buffer.from(START + chunk({ content: 'a' }) + chunk({}, 'stop') + 'data: [DONE]\n\n')]),
      signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(),
      encoder: { ...encoder, end: () => { throw new RangeError('Maximum call stack size exceeded'); } },
      codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(), onOwnFault: (err) => faults.push(err),
    });
    expect(res.status).toBe(200);
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:a', 'finish', `fail:${OWN_FAULT_MESSAGE}`]);
    expect(result.error?.kind).toBe('internal');
    expect(faults).toHaveLength(1);
  });

  it("an encoder past what it may hold (cutOff) ends the stream with its reason, and no more of the upstream is read", async () => {
    const text = (p: { type: string; text?: string }) => (p.type === 'text-delta' ? p.text! : '');
    let seen = '';
    const holdsFour: StreamEncoder = {
      ...encoder,
      encode: (p) => { seen += text(p); return seen.length > 4 ? '' : encoder.encode(p); },
      cutOff: () => (seen.length > 4 ? 'too much' : undefined),
    };
    let reads = 0;
    const body = Readable.from((function* () { for (const s of [START + chunk({ content: 'ab' }), chunk({ content: 'cdef' }), chunk({ content: 'g' })]) { reads++; yield Buffer.from(s); } })());
    const res = fakeRes();
    const result = await relayStream({
      res, body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder: holdsFour, codec: {} as InboundCodec,
      headers: {}, includeUsage: true, startedAt: Date.now(),
    });
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:ab', 'fail:too much']);
    expect(result.error).toEqual({ kind: 'stream', message: 'too much' });
    expect(reads).toBe(2);
    // before anything went out: another candidate may serve
    seen = '';
    await expect(relay([START + chunk({ content: 'abcdef' })], holdsFour)).rejects.toBeInstanceOf(UpstreamFailure);
  });

  it('thinking the client is shown commits the stream: an error after it ends it with an error event', async () => {
    const { status, lines } = await relay([START + chunk({ reasoning: 'hmm' }), ERROR]);
    expect(status).toBe(200);
    expect(lines).toEqual(['start', 'reasoning-delta:hmm', 'fail:upstream stream failed: boom']);
  });

  it('thinking the client is shown nothing of (its encoder writes none) does not: an error after it fails over', async () => {
    const hidesThinking: StreamEncoder = { ...encoder, encode: (p) => (p.type === 'reasoning-delta' ? '' : encoder.encode(p)) };
    await expect(relay([START + chunk({ reasoning: 'hmm' }), ERROR], hidesThinking)).rejects.toBeInstanceOf(UpstreamFailure);
    const { lines } = await relay([START + chunk({ reasoning: 'hmm' }), chunk({ content: 'a' }) + chunk({}, 'stop') + 'data: [DONE]\n\n'], hidesThinking);
    expect(lines).toEqual(['start', 'text-delta:a', 'finish', 'end']);
  });

  it('headers given as a function are built when the stream commits, told whether thinking came before', async () => {
    const hidesThinking: StreamEncoder = { ...encoder, encode: (p) => (p.type === 'reasoning-delta' ? '' : encoder.encode(p)) };
    const told = async (reads: string[]) => {
      const seen: boolean[] = [];
      const result = await relayStream({
        res: fakeRes(), body: Readable.from(reads.map((s) => Buffer.from(s))), signal: new AbortController().signal,
        decoder: createOpenAIStreamDecoder(), encoder: hidesThinking, codec: {} as InboundCodec, includeUsage: true, startedAt: Date.now(),
        headers: (sofar) => { seen.push(sofar.reasoning); return {}; },
      });
      return { seen, reasoning: result.reasoning };
    };
    const end = chunk({}, 'stop') + 'data: [DONE]\n\n';
    expect(await told([START + chunk({ reasoning: 'hmm' }), chunk({ content: 'a' }) + end])).toEqual({ seen: [true], reasoning: true });
    expect(await told([START + chunk({ content: 'a' }), chunk({ reasoning: 'later' }) + end])).toEqual({ seen: [false], reasoning: true });
    expect(await told([START + chunk({ content: 'a' }) + end])).toEqual({ seen: [false], reasoning: false });
  });

  it('a key echoed after content in the same read: the content before it, then the key-echo error', async () => {
    const { lines, error } = await relay([START + chunk({ content: 'a' }) + chunk({ content: KEY }) + chunk({ content: 'z' })]);
    expect(lines[0]).toBe('start');
    expect(lines[1]).toBe('text-delta:a');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^fail:/);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(error).not.toBeNull();
  });

  it("headers Switchboard cannot write are its own fault, not the provider's stream breaking off", async () => {
    const res = fakeRes();
    res.writeHead = () => { throw Object.assign(new TypeError('Invalid character in header content ["x-switchboard-dropped"]'), { code: 'ERR_INVALID_CHAR' }); };
    const body = Readable.from([Buffer.from(START + chunk({ content: 'a' }) + chunk({}, 'stop'))]);
    const relayed = relayStream({
      res, body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder,
      codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
    });
    // not an UpstreamFailure: the candidate loop records it as kind internal, which cools no provider down
    const err = await relayed.catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(UpstreamFailure);
    expect((err as { code?: string }).code).toBe('ERR_INVALID_CHAR');
    expect(res.out).toEqual([]);
    expect(body.destroyed).toBe(true);
  });

  it('a key echoed before any content fails over', async () => {
    await expect(relay([START + chunk({ content: KEY }) + chunk({ content: 'a' })])).rejects.toBeInstanceOf(UpstreamFailure);
  });
});

describe('relayStream, body capture', () => {
  it('keeps the text written to the client up to transcriptChars (and the piece that passes them), and writes it all', async () => {
    const transcript: string[] = [];
    const res = fakeRes();
    const reads = Array.from({ length: 200 }, (_, i) => chunk({ content: `piece ${i} ` }));
    await relayStream({
      res, body: Readable.from([START, ...reads, `${chunk({}, 'stop')}data: [DONE]\n\n`].map((s) => Buffer.from(s))), signal: new AbortController().signal,
      decoder: createOpenAIStreamDecoder(), encoder, codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
      transcript, transcriptChars: 100,
    });
    const kept = transcript.join('');
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.length - transcript.at(-1)!.length).toBeLessThan(100);
    expect(res.out.join('')).toContain('piece 199');
    expect(res.out.join('').startsWith(kept)).toBe(true);
  });
});

describe('relayStream, a forwarded Responses stream', () => {
  const ev = (type: string, rest: string) => `event: ${type}\ndata: {"type":"${type}",${rest}}\n\n`;
  const shell = '"response":{"id":"resp_1","status":"in_progress","instructions":"be brief","output":[]}';
  const item = '{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there","annotations":[]}]}';
  const STREAM = ev('response.created', `"sequence_number":0,${shell}`) + ev('response.in_progress', `"sequence_number":1,${shell}`)
    + ev('response.output_item.added', '"sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}')
    + ev('response.content_part.added', '"sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":""}')
    + ev('response.output_text.delta', '"sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"')
    + ev('response.output_text.delta', '"sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there"')
    + ev('response.output_text.done', '"sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there"')
    + ev('response.content_part.done', '"sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there"}')
    + ev('response.output_item.done', `"sequence_number":8,"output_index":0,"item":${item}`)
    + ev('response.completed', `"sequence_number":9,"response":{"id":"resp_1","status":"completed","output":[${item}],"usage":{"input_tokens":12,"output_tokens":3,"total_tokens":15}}`);

  it('decodes only the events it reads from, forwards every one as sent, and takes the usage', async () => {
    const decoded: string[] = [];
    const inner = createResponsesStreamDecoder();
    const decoder = { push: (e: SseEvent) => { decoded.push(JSON.parse(e.data).type); return inner.push(e); }, end: () => inner.end() };
    const res = fakeRes();
    const out = await relayStream({
      res, body: Readable.from([Buffer.from(STREAM)]), signal: new AbortController().signal, decoder, encoder: null,
      codec: {} as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(), secrets: [KEY],
      forwardKind: responsesEventKind,
    });
    expect(out.error).toBeNull();
    expect(out.usage).toMatchObject({ inputTokens: 12, outputTokens: 3 });
    expect(res.out.join('')).toBe(STREAM);
    // the first delta commits the stream; the rest go out as plain deltas, the start and .done events unread
    expect(decoded).toEqual(['response.output_item.added', 'response.output_text.delta', 'response.output_item.done', 'response.completed']);
  });
});

describe('relayStream, a forwarded Responses stream with no usage: every relayed delta measured once', () => {
  const ev = (type: string, body: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
  const delta = (type: string, id: string, index: number, d: string) => ev(type, { item_id: id, output_index: index, delta: d });
  const added = (index: number, item: Record<string, unknown>) => ev('response.output_item.added', { output_index: index, item });
  const done = (index: number, item: Record<string, unknown>) => ev('response.output_item.done', { output_index: index, item });
  const msg = (id: string, text: string) => ({ id, type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  const call = (id: string, args: string) => ({ id, type: 'function_call', call_id: `call_${id}`, name: 'lookup', arguments: args });
  const reasoning = (id: string, text: string) => ({ id, type: 'reasoning', summary: [{ type: 'summary_text', text }] });
  const CREATED = ev('response.created', { response: { id: 'resp_1', status: 'in_progress', output: [] } });

  /** reasoning, a message, a function call and a second message, each item's deltas then (unless cut) its output_item.done */
  function stream(cutAfter?: 'rs' | 'msg_1' | 'fc' | 'msg_2'): { sse: string; relayed: number } {
    let sse = CREATED;
    let relayed = 0;
    const items: [string, string[], (full: string) => Record<string, unknown>, string][] = [
      ['rs', ['Think', 'ing hard'], (t) => reasoning('rs', t), 'response.reasoning_summary_text.delta'],
      ['msg_1', ['Hi', ' there', ', friend'], (t) => msg('msg_1', t), 'response.output_text.delta'],
      ['fc', ['{"q":', '"paris"}'], (t) => call('fc', t), 'response.function_call_arguments.delta'],
      ['msg_2', ['Bye', ' now', '!'], (t) => msg('msg_2', t), 'response.output_text.delta'],
    ];
    for (const [index, [id, pieces, item, type]] of items.entries()) {
      sse += added(index, id === 'fc' ? call('fc', '') : { ...item(''), content: [], summary: [] });
      if (id === 'fc') relayed += 'lookup'.length;
      for (const p of pieces) sse += delta(type, id, index, p);
      relayed += pieces.join('').length;
      if (cutAfter === id) return { sse, relayed };
      sse += done(index, item(pieces.join('')));
    }
    sse += ev('response.completed', { response: { id: 'resp_1', status: 'completed', output: [], usage: null } });
    return { sse, relayed };
  }

  async function measured(sse: string): Promise<number> {
    const decoder = createResponsesStreamDecoder();
    const out = await relayStream({
      res: fakeRes(), body: Readable.from([Buffer.from(sse)]), signal: new AbortController().signal, decoder, encoder: null,
      codec: { formatStreamError: () => '' } as unknown as InboundCodec, headers: {}, includeUsage: true, startedAt: Date.now(),
      forwardKind: responsesEventKind, lateDecoder: () => decoder.forwardedDecoder!(),
    });
    expect(out.usage).toBeUndefined();
    return out.output.measuredChars;
  }

  it('a completed stream: each item once, whether its deltas were decoded, forwarded or only repeated in output_item.done', async () => {
    const { sse, relayed } = stream();
    expect(await measured(sse)).toBe(relayed);
  });

  it.each(['rs', 'msg_1', 'fc', 'msg_2'] as const)('a stream cut in the middle of item %s: what was relayed, once', async (cut) => {
    const { sse, relayed } = stream(cut);
    expect(await measured(sse)).toBe(relayed);
  });

  it('a server that sends items whole, without deltas: read from output_item.done', async () => {
    const sse = CREATED + added(0, msg('m', '')) + done(0, msg('m', 'whole text')) + added(1, call('c', '')) + done(1, call('c', '{"a":1}'))
      + ev('response.completed', { response: { id: 'resp_1', status: 'completed', output: [], usage: null } });
    expect(await measured(sse)).toBe('whole text'.length + 'lookup'.length + '{"a":1}'.length);
  });
});

describe('relayStream, thinking the client is shown nothing of (an Anthropic client, a translated model)', () => {
  const hidesThinking: StreamEncoder = { ...encoder, encode: (p) => (p.type === 'reasoning-delta' ? '' : encoder.encode(p)), keepAlive: () => 'ping\n' };
  afterEach(() => { vi.useRealTimers(); });

  /** a relay over a body fed by hand, on a fake clock (setImmediate stays real: it lets the stream's reads through) */
  function thinking(hiddenThinkingMs: number) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const res = fakeRes();
    const body = new PassThrough();
    const done = relayStream({
      res, body, signal: new AbortController().signal, decoder: createOpenAIStreamDecoder(), encoder: hidesThinking, codec: {} as InboundCodec,
      headers: {}, includeUsage: true, startedAt: Date.now(), hiddenThinkingMs,
    });
    const feed = async (sse: string): Promise<void> => {
      body.write(sse);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    return { res, body, done, feed };
  }

  it('holds back only hiddenThinkingMs: then the stream commits (headers and a keep-alive), and an error after it is an error event', async () => {
    const { res, body, done, feed } = thinking(1000);
    await feed(START + chunk({ reasoning: 'hmm' }));
    await vi.advanceTimersByTimeAsync(999);
    expect(res.status).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(res.status).toBe(200);
    expect(res.out.join('')).toBe('start\nping\n');
    body.end(ERROR);
    const out = await done;
    expect(out.error?.message).toBe('boom');
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'ping', 'fail:upstream stream failed: boom']);
  });

  it('keeps the connection alive while the thinking goes on, at most once every hiddenThinkingMs, and relays the answer after it', async () => {
    const { res, body, done, feed } = thinking(1000);
    await feed(START + chunk({ reasoning: 'a' }));
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 0; i < 8; i++) {
      await vi.advanceTimersByTimeAsync(250);
      await feed(chunk({ reasoning: 'b' }));
    }
    expect(res.out.join('').split('\n').filter((l) => l === 'ping')).toHaveLength(3);
    body.end(chunk({ content: 'hi' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
    expect((await done).error).toBeNull();
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'ping', 'ping', 'ping', 'text-delta:hi', 'finish', 'end']);
  });

  it('an answer within the window commits at once, with no keep-alive and no timer left behind', async () => {
    const { res, body, done, feed } = thinking(1000);
    await feed(START + chunk({ reasoning: 'a' }));
    body.end(chunk({ content: 'hi' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
    expect((await done).error).toBeNull();
    // the body's end, read on after its [DONE] (drain-after-done.ts), clears the drain's timer
    await new Promise((resolve) => setImmediate(resolve));
    expect(vi.getTimerCount()).toBe(0);
    expect(res.out.join('').trim().split('\n')).toEqual(['start', 'text-delta:hi', 'finish', 'end']);
  });
});
