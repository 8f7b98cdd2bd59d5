// Relay one upstream SSE stream to the client in the inbound API's framing. Parts are held
// back only until the first content part: an upstream that fails before that may still fail
// over; after it, the client owns the stream and an error ends it with an error event.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createSseParser } from '../../core/sse';
import {
  UpstreamFailure,
  type InboundCodec,
  type StreamPart,
  type UpstreamAdapter,
  type UpstreamError,
  type Usage,
} from '../../core/canonical';

export interface RelayResult {
  usage: Usage | undefined;
  /** text the model produced (for estimating usage when none was reported) */
  outputText: string;
  /** null when the stream finished cleanly */
  error: UpstreamError | null;
  ttfbMs: number | null;
}

export interface RelayOptions {
  res: ServerResponse;
  body: Readable;
  adapter: UpstreamAdapter;
  codec: InboundCodec;
  headers: Record<string, string>;
  requestId: string;
  servedModel: string;
  includeUsage: boolean;
  startedAt: number;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

function isContent(p: StreamPart): boolean {
  return p.type === 'text-delta' || p.type === 'tool-call-start' || p.type === 'tool-call-delta'
    || p.type === 'reasoning-delta' || p.type === 'finish';
}

/** Throws UpstreamFailure when the stream fails before anything reached the client. */
export async function relayStream(o: RelayOptions): Promise<RelayResult> {
  const parser = createSseParser();
  const decoder = o.adapter.createStreamDecoder();
  const encoder = o.codec.createStreamEncoder({ id: o.requestId, servedModel: o.servedModel, includeUsage: o.includeUsage });
  const pending: StreamPart[] = [];
  const output: string[] = [];
  let committed = false;
  let usage: Usage | undefined;
  let ttfbMs: number | null = null;
  let failure: UpstreamError | null = null;

  const write = (text: string): void => {
    if (text.length > 0 && !o.res.destroyed) o.res.write(text);
  };
  const commit = (): void => {
    committed = true;
    o.res.writeHead(200, { ...SSE_HEADERS, ...o.headers });
    ttfbMs = Date.now() - o.startedAt;
    let text = '';
    for (const p of pending) text += encoder.encode(p);
    pending.length = 0;
    write(text);
  };
  const handle = (parts: StreamPart[]): void => {
    let text = '';
    for (const p of parts) {
      if (failure) return;
      if (p.type === 'usage') usage = p.usage;
      else if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.push(p.text);
      else if (p.type === 'tool-call-delta') output.push(p.argumentsDelta);
      else if (p.type === 'tool-call-start') output.push(p.name);
      if (p.type === 'error') {
        failure = p.error;
        if (!committed) throw new UpstreamFailure({ ...p.error, retryable: true });
        write(text);
        text = '';
        write(o.codec.formatStreamError(502, 'api_error', `upstream stream failed: ${p.error.message}`));
        return;
      }
      if (!committed) {
        if (!isContent(p)) { pending.push(p); continue; }
        pending.push(p);
        commit();
        continue;
      }
      text += encoder.encode(p);
    }
    write(text);
  };

  // undici's body ignores setEncoding; a StringDecoder keeps multi-byte characters split across chunks whole
  const utf8 = new StringDecoder('utf8');
  try {
    for await (const chunk of o.body) {
      handle(decodeAll(decoder, parser.push(utf8.write(chunk as Buffer))));
      if (failure) break;
    }
  } catch (err) {
    if (err instanceof UpstreamFailure) throw err;
    const error: UpstreamError = { kind: 'stream', retryable: true, message: 'upstream stream broke off' };
    if (!committed) throw new UpstreamFailure(error);
    failure = error;
    write(o.codec.formatStreamError(502, 'api_error', 'upstream stream broke off before it finished'));
  }
  if (!failure) {
    handle([...decodeAll(decoder, parser.push(utf8.end())), ...decodeAll(decoder, parser.end()), ...decoder.end()]);
    if (!committed && !failure) throw new UpstreamFailure({ kind: 'stream', retryable: true, message: 'upstream stream ended without content' });
    if (!failure) write(encoder.end());
  }
  if (!o.body.destroyed) o.body.destroy();
  o.res.end();
  return { usage, outputText: output.join(''), error: failure, ttfbMs };
}

function decodeAll(decoder: { push(e: { event?: string; data: string }): StreamPart[] }, events: { event?: string; data: string }[]): StreamPart[] {
  if (events.length === 1) return decoder.push(events[0]!);
  const out: StreamPart[] = [];
  for (const e of events) for (const p of decoder.push(e)) out.push(p);
  return out;
}
