// Relay one upstream SSE stream to the client in the inbound API's framing. Parts are held
// back only until the first content part: an upstream that fails before that may still fail
// over; after it, the client owns the stream and an error ends it with an error event.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createSseParser, formatSse, SseLimitError } from '../../core/sse';
import { containsSecret, redactSecrets } from '../../core/redact';
import { isSaneUsage } from '../../core/usage-sanity';
import { KEY_ECHO_ERROR } from '../http/key-echo';
import {
  UpstreamFailure,
  type InboundCodec,
  type StreamPart,
  type SseEvent,
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
  /** the provider key sent upstream: redacted from any error text the provider streams back */
  secrets?: readonly (string | undefined)[];
  /** forward the upstream's events as they are (the client speaks the upstream's own format) */
  passthrough?: boolean;
  /**
   * With passthrough, once the stream is committed: events this says carry nothing but content are
   * forwarded without being decoded (they are decoded later only if the provider reports no usage).
   */
  plainEvent?: (data: string) => boolean;
  /** the most bytes one SSE event may take before it completes (default 8 MB, see core/sse.ts) */
  maxEventBytes?: number;
  /** the most bytes the whole stream may bring (default 128 MB) */
  maxStreamBytes?: number;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
};

function isContent(p: StreamPart): boolean {
  return p.type === 'text-delta' || p.type === 'tool-call-start' || p.type === 'tool-call-delta'
    || p.type === 'reasoning-delta' || p.type === 'finish';
}

/** Throws UpstreamFailure when the stream fails before anything reached the client. */
export async function relayStream(o: RelayOptions): Promise<RelayResult> {
  const parser = createSseParser({ maxEventChars: o.maxEventBytes, maxStreamChars: o.maxStreamBytes });
  const decoder = o.adapter.createStreamDecoder();
  const encoder = o.codec.createStreamEncoder({ id: o.requestId, servedModel: o.servedModel, includeUsage: o.includeUsage });
  const output: string[] = [];
  let pending = '';
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
    write(pending);
    pending = '';
  };
  /** Decoded parts of one upstream event (or of the stream's end) -> the client's text for it. */
  const encodeParts = (parts: StreamPart[], raw: SseEvent | null): { text: string; content: boolean } => {
    let text = '';
    let content = false;
    for (const p of parts) {
      if (p.type === 'error') {
        failure = p.error;
        if (!committed) throw new UpstreamFailure({ ...p.error, retryable: true });
        return { text: text + o.codec.formatStreamError(502, 'api_error', `upstream stream failed: ${redactSecrets(p.error.message, o.secrets)}`), content };
      }
      if (p.type === 'usage') {
        usage = p.usage;
        // absurd counts are not passed on (the row gets the proxy's estimate)
        if (!isSaneUsage(p.usage)) continue;
      } else if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.push(p.text);
      else if (p.type === 'tool-call-delta') output.push(p.argumentsDelta);
      else if (p.type === 'tool-call-start') output.push(p.name);
      if (isContent(p)) content = true;
      if (!o.passthrough) text += encoder.encode(p);
    }
    // same wire format in and out: forward the provider's own event (thinking signatures, cache fields and all)
    if (o.passthrough && raw) {
      // a usage-only event the client did not ask for (we always ask the provider for usage)
      const unasked = !o.includeUsage && parts.length > 0 && parts.every((p) => p.type === 'usage');
      text = unasked ? '' : formatSse(raw.event === 'message_start' ? withServedModel(raw.data, o.servedModel) : raw.data, raw.event);
    }
    return { text, content };
  };
  /** an event carrying the key sent ends the stream: before the first byte as a failover, after it as an error event */
  const keyEchoed = (): string => {
    failure = KEY_ECHO_ERROR;
    if (!committed) throw new UpstreamFailure(KEY_ECHO_ERROR);
    return o.codec.formatStreamError(502, 'api_error', KEY_ECHO_ERROR.message);
  };
  const forwarded: SseEvent[] = [];
  const handle = (events: SseEvent[], endParts: StreamPart[] = []): void => {
    let text = '';
    const take = (parts: StreamPart[], raw: SseEvent | null): void => {
      const out = encodeParts(parts, raw);
      if (committed) text += out.text;
      else {
        pending += out.text;
        if (out.content) commit();
      }
    };
    for (const e of events) {
      if (o.secrets && containsSecret(e.data, o.secrets)) {
        text += keyEchoed();
        break;
      }
      if (committed && o.passthrough && o.plainEvent?.(e.data)) {
        text += formatSse(e.data, e.event);
        forwarded.push(e);
      } else take(decoder.push(e), e);
      if (failure) break;
    }
    if (!failure && endParts.length > 0) take(endParts, null);
    write(text);
  };

  // undici's body ignores setEncoding; a StringDecoder keeps multi-byte characters split across chunks whole
  const utf8 = new StringDecoder('utf8');
  try {
    for await (const chunk of o.body) {
      // an oversized event or an endless stream throws SseLimitError, caught below
      handle(parser.push(utf8.write(chunk as Buffer)));
      if (failure) break;
    }
  } catch (err) {
    if (err instanceof UpstreamFailure) throw err;
    const limit = err instanceof SseLimitError ? `upstream sent a ${err.message}` : null;
    const error: UpstreamError = { kind: 'stream', retryable: true, message: limit ?? 'upstream stream broke off' };
    if (!committed) throw new UpstreamFailure(error);
    failure = error;
    write(o.codec.formatStreamError(502, 'api_error', limit ? `${limit}: the rest was not relayed` : 'upstream stream broke off before it finished'));
  }
  if (!failure) {
    handle([...parser.push(utf8.end()), ...parser.end()]);
    if (!failure) handle([], decoder.end());
    if (!committed && !failure) throw new UpstreamFailure({ kind: 'stream', retryable: true, message: 'upstream stream ended without content' });
    if (!failure && !o.passthrough) write(encoder.end());
  }
  if (!o.body.destroyed) o.body.destroy();
  o.res.end();
  if (usage === undefined && forwarded.length > 0) {
    // the provider reported no usage: decode what was forwarded blind, for the estimate
    const late = o.adapter.createStreamDecoder();
    for (const e of forwarded) {
      for (const p of late.push(e)) {
        if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.push(p.text);
        else if (p.type === 'tool-call-delta') output.push(p.argumentsDelta);
      }
    }
  }
  return { usage, outputText: output.join(''), error: failure, ttfbMs };
}

/** The served model's id in a passed-through `message_start`, as every other answer carries it. */
function withServedModel(data: string, servedModel: string): string {
  try {
    const ev = JSON.parse(data) as { message?: { model?: string } };
    if (ev.message) ev.message.model = servedModel;
    return JSON.stringify(ev);
  } catch {
    return data;
  }
}
