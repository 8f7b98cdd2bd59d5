// Relay one upstream SSE stream to the client in the inbound API's framing, at the pace of the
// slower side: while the client's socket is full nothing more is read from the upstream (TCP
// pushes back on it). Parts are held back only until the first content part the client is shown: an
// upstream that fails before that may still fail over; after it the client owns the stream and an error
// ends it with an error event. Thinking the client is shown nothing of holds the stream back for a short
// window only (hiddenThinkingMs): a model thinking for minutes would otherwise leave its client waiting
// for headers until its own timeout cut the request (and the retry paid for the thinking again). The
// response is left open: the caller records usage, then ends it.
import { StringDecoder } from 'node:string_decoder';
import { createSseParser, formatSse } from '../../core/sse';
import { redactSecrets } from '../../core/redact';
import { StreamKeyWatch } from '../../core/stream-key-watch';
import { coalesceDeltas } from '../../core/stream-coalesce';
import { isSaneUsage, scrubUsageJson } from '../../core/usage-sanity';
import { KEY_ECHO_ERROR } from '../http/key-echo';
import { OutputMeter } from './output-meter';
import { ForwardedMeter } from './forwarded-meter';
import { UpstreamFailure } from '../../core/canonical';
import type { StreamPart, SseEvent, UpstreamError, UpstreamErrorKind, Usage } from '../../core/canonical';
import { midStreamError } from '../../core/error-policy';
import { namelessCallError } from '../../core/nameless-call';
import { SHUTDOWN_MESSAGE } from './shutdown';
import { AnswerDeadline } from './answer-deadline';
import { IdleWatch } from './idle-watch';
import { loopFailure, RelayOwnFault } from './relay-failure';
import { CLIENT_STALL_MS, drained } from './client-drain';
import { drainAfterDone } from './drain-after-done';
import { withRedactedError } from './failed-event-redact';
import { showsUsage } from './closing-usage-chunk';
import { SilenceKeepAlive, SSE_KEEP_ALIVE } from './silence-keep-alive';

const NO_PARTS: StreamPart[] = [];

import type { RelayOptions, RelayResult } from './relay-options';

export type { RelayOptions, RelayResult };

/** what the client's error event says when the relay's own translation fails after the stream began */
export const OWN_FAULT_MESSAGE = 'Switchboard could not finish translating this answer (an internal error, logged)';

/** Hidden thinking keeps failover open this long after its first delta, then the stream commits and is kept alive this often. */
export const HIDDEN_THINKING_MS = 5_000;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
};

function isContent(p: StreamPart): boolean {
  return p.type === 'text-delta' || p.type === 'tool-call-start' || p.type === 'tool-call-delta'
    || p.type === 'reasoning-delta' || p.type === 'finish';
}

/**
 * Translated: a delta the client's API shows nothing of is no answer yet (thinking an Anthropic client has
 * no place for, Gemini thoughts not asked for): a model failing while it thinks has sent the client
 * nothing, so the next candidate may still serve
 */
function shownContent(p: StreamPart, encoded: string): boolean {
  // a web search's blocks are content only to a client whose API shows them (Anthropic's)
  return p.type === 'text-delta' || p.type === 'reasoning-delta' || p.type === 'web-search' ? encoded !== '' : isContent(p);
}

/**
 * Translated: thinking the client's API shows nothing of (shownContent false) came, or thinking began with
 * nothing of it to show yet (a reasoning item with no summary, a thinking block before its first delta)
 */
function hiddenThinking(p: StreamPart, encoded: string): boolean {
  return ((p.type === 'reasoning-delta' && p.text !== '') || (p.type === 'at-work' && p.thinking)) && encoded === '';
}

/**
 * Throws UpstreamFailure when the stream fails before anything reached the client; any other exception
 * is Switchboard's own (headers it could not write), never put down to the provider.
 */
export async function relayStream(o: RelayOptions): Promise<RelayResult> {
  const parser = createSseParser({ maxEventChars: o.maxEventBytes, maxStreamChars: o.maxStreamBytes });
  const forward = o.encoder === null;
  const output = o.output ?? new OutputMeter();
  const undecoded = new ForwardedMeter(o.lateDecoder);
  let pending = '';
  let committed = false;
  let usage: Usage | undefined;
  let ttfbMs: number | null = null;
  let failure: UpstreamError | null = null;
  let reasoning = false;
  /** the last event forwarded before an upstream `[DONE]` held back (o.holdUsagelessDone) */
  let heldDone: string | undefined;
  /** o.holdUsagelessDone: a forwarded event showed the client a top-level `usage` (Groq's `x_groq.usage` is recorded, not shown) */
  let usageShown = false;
  /**
   * the upstream sent `[DONE]`, or the decoder read the format's final event (StreamDecoder.ended: message_stop,
   * response.completed, Gemini's last finish with its usage): its stream is over, and nothing after it is read. A server
   * that keeps the connection open after it (or drops it a moment later) would otherwise hold a finished answer until
   * the idle timeout, or end it with an error event
   */
  let upstreamDone = false;

  const stallMs = o.clientStallMs ?? CLIENT_STALL_MS;
  const hiddenMs = o.hiddenThinkingMs ?? HIDDEN_THINKING_MS;
  /** when the client was last sent anything (keep-alives for hidden thinking go no closer together than hiddenMs) */
  let sentAt = 0;
  /** characters kept in o.transcript */
  let transcribed = 0;
  const framing = o.codec.createStreamFraming?.();
  /** the key sent, echoed in an event alone or split across events (each alone holds none) */
  const keyWatch = o.secrets ? new StreamKeyWatch(o.secrets) : undefined;

  // a committed stream whose server is silent while it generates: the client hears a keep-alive (none in a JSON array)
  const silentMs = framing ? undefined : o.silentKeepAliveMs;
  /** settled: a commit after it (content only in the stream's last, unterminated event) starts no keep-alive */
  let ended = false;
  const keepAlive = new SilenceKeepAlive(silentMs, () => {
    if (ended || !committed || failure || o.res.destroyed || o.res.writableNeedDrain || Date.now() - sentAt < (silentMs ?? 0)) return;
    sentAt = Date.now();
    o.res.write(o.encoder?.keepAlive?.() || SSE_KEEP_ALIVE);
  });
  const deadline = new AnswerDeadline(o.firstEventBy, o.body);
  const idle = new IdleWatch(o.idleTimeoutMs, o.body);
  const answered = (): void => {
    deadline.answered();
    idle.begin();
  };
  /** the stream ended or failed: no timer of the relay's may fire after */
  const settled = (): void => {
    deadline.answered();
    idle.stop();
    endHold();
    ended = true;
    keepAlive.stop();
  };

  const write = async (sse: string): Promise<void> => {
    const text = framing && sse.length > 0 ? framing.frame(sse) : sse;
    if (o.transcript && text.length > 0 && transcribed < (o.transcriptChars ?? Infinity)) {
      o.transcript.push(text);
      transcribed += text.length;
    }
    if (text.length === 0 || o.res.destroyed) return;
    sentAt = Date.now();
    if (!o.res.write(text)) await idle.holding(drained(o.res, stallMs));
  };
  const commit = (): void => {
    committed = true;
    answered();
    try {
      const headers = typeof o.headers === 'function' ? o.headers({ reasoning }) : o.headers;
      o.res.writeHead(200, framing ? { ...SSE_HEADERS, 'content-type': framing.contentType, ...headers } : { ...SSE_HEADERS, ...headers });
    } catch (err) {
      throw new RelayOwnFault(err);
    }
    ttfbMs = Date.now() - o.startedAt;
    if (!ended) keepAlive.start();
    o.onCommit?.();
  };
  /** the first and the last event forwarded as is, for an error event that must follow on from them */
  let firstForwarded: SseEvent | undefined;
  let lastForwarded: SseEvent | undefined;
  const forwarded = (e: SseEvent): void => {
    firstForwarded ??= e;
    lastForwarded = e;
  };
  const streamError = (message: string, kind: UpstreamErrorKind): string => {
    const { status, type } = midStreamError(kind);
    const seen = firstForwarded && lastForwarded ? { first: firstForwarded.data, last: lastForwarded.data } : undefined;
    return o.encoder?.fail?.(status, type, message) ?? o.codec.formatStreamError(status, type, message, seen);
  };
  /** The stream fails with `error`: before the first byte as a failover (thrown), after it as the client's error event. */
  const failWith = (error: UpstreamError, message = error.message): string => {
    failure = error;
    if (!committed) throw new UpstreamFailure(error);
    return streamError(message, error.kind);
  };

  /** the output a part carries, counted for the estimate: relayed, or generated and billed though not sent */
  const meter = (p: StreamPart): void => {
    if (p.type === 'text-delta' || p.type === 'reasoning-delta') output.add(p.text);
    else if (p.type === 'tool-call-delta') output.add(p.argumentsDelta);
    else if (p.type === 'tool-call-start') output.add(p.name);
  };

  /** One upstream event (or the stream's end, raw = null) -> the client's text for it. */
  const translate = (parts: StreamPart[], raw: SseEvent | null): { text: string; content: boolean; hidden: boolean; atWork: boolean } => {
    let text = '';
    let content = false;
    let hidden = false;
    let atWork = false;
    for (const p of parts) {
      if (p.type === 'error') {
        // forwarded, the provider's own end of a failed stream (Responses' response.failed, with the output it streamed) goes out as it came
        if (forward && raw && committed && o.codec.failedEnd?.(raw) === true) {
          // with any secret its error quotes redacted, as Switchboard's own error message is (and so it is stored);
          // the output it carries is the model's, as it was streamed
          const data = withRedactedError(raw.data, o.secrets);
          if (data !== undefined) {
            failure = p.error;
            return { text: passOn(data === raw.data ? raw : { ...raw, data }, parts), content, hidden, atWork };
          }
        }
        return { text: text + failWith(p.error, `upstream stream failed: ${redactSecrets(p.error.message, o.secrets)}`), content, hidden, atWork };
      }
      if (p.type === 'at-work') atWork = true;
      if (p.type === 'usage') {
        usage = p.usage;
        // absurd counts are not passed on (the row gets the proxy's estimate)
        if (!isSaneUsage(p.usage)) continue;
      } else meter(p);
      if (p.type === 'reasoning-delta' && p.text !== '') reasoning = true;
      if (o.encoder) {
        const encoded = o.encoder.encode(p);
        text += encoded;
        const cut = o.encoder.cutOff?.();
        if (cut !== undefined) return { text: text + failWith({ kind: 'stream', message: cut }), content, hidden, atWork };
        if (shownContent(p, encoded)) content = true;
        else if (hiddenThinking(p, encoded)) hidden = true;
      } else if (isContent(p)) content = true;
    }
    if (forward && raw) {
      // the client asked for usage and none came: its chunk goes before this [DONE], once the row's figures are known
      if (o.holdUsagelessDone === true && !usageShown && raw.data === '[DONE]') {
        heldDone = lastForwarded?.data ?? '';
        o.onForwardedEvent?.(raw);
        return { text, content, hidden, atWork };
      }
      text = passOn(raw, parts);
    }
    return { text, content, hidden, atWork };
  };

  /** Forwarded: an upstream event (`parts`, what the decoder read of it) -> the client's text for it, as it came. */
  const passOn = (raw: SseEvent, parts: StreamPart[]): string => {
    forwarded(raw);
    o.onForwardedEvent?.(raw);
    // we always ask the provider for usage: drop the usage-only event the client did not ask for
    const unasked = !o.includeUsage && parts.length > 0 && parts.every((p) => p.type === 'usage');
    const absurd = parts.some((p) => p.type === 'usage' && !isSaneUsage(p.usage));
    const data = o.rewriteForwarded ? o.rewriteForwarded(raw.data) : raw.data;
    if (o.holdUsagelessDone === true && !usageShown && !unasked && parts.some((p) => p.type === 'usage')) usageShown = showsUsage(data);
    return unasked ? '' : formatSse(absurd ? scrubUsageJson(data) : data, raw.event);
  };

  /**
   * Hidden thinking began before anything was shown: failover stays open for hiddenMs, then the stream
   * commits (headers, and a keep-alive where the client's API has one) though the model still thinks
   */
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  const holdThinking = (): void => {
    if (holdTimer !== undefined) return;
    answered();
    holdTimer = setTimeout(() => {
      if (committed || failure || o.res.destroyed) return;
      try {
        commit();
      } catch (err) {
        // the relay's loop takes it from the body, as it would from commit() there
        o.body.destroy(err as Error);
        return;
      }
      const text = pending + (framing ? '' : o.encoder?.keepAlive?.() ?? '');
      pending = '';
      if (text === '') o.res.flushHeaders();
      else void write(text);
    }, hiddenMs);
  };
  const endHold = (): void => {
    if (holdTimer !== undefined) clearTimeout(holdTimer);
  };


  /** an event carrying the key sent ends the stream: before the first byte as a failover, after it as an error event */
  const keyEchoed = (): string => failWith(KEY_ECHO_ERROR);

  /** Completed events -> text for the client; held back until the first content part. */
  const handle = (events: SseEvent[], endParts: StreamPart[] = []): string => {
    let text = '';
    const take = (parts: StreamPart[], raw: SseEvent | null): void => {
      const out = translate(parts, raw);
      if (committed) {
        text += out.text;
        // hidden thinking goes on: the connection is kept alive, at most every hiddenMs
        if (out.hidden && !framing && o.encoder?.keepAlive && text === '' && Date.now() - sentAt >= hiddenMs) text += o.encoder.keepAlive();
      } else {
        pending += out.text;
        if (out.content) {
          commit();
          text += pending;
          pending = '';
        } else if (out.hidden) holdThinking();
        // the model at work on what is not thinking (a server tool), or forwarded: the wait ends, but
        // failover stays open until content (no hold: a forwarded stream never had one)
        else if (out.atWork) answered();
      }
    };
    // translated: the parts of every event of this read, deltas joined (core/stream-coalesce.ts). An
    // error is taken on its own after what came before it, as if events were taken one by one: content
    // before it commits the stream, and the error then ends it with an error event, not a retry
    let batch: StreamPart[] = [];
    const flush = (): void => {
      const cut = batch.findIndex((p) => p.type === 'error');
      if (cut === -1) {
        if (batch.length > 0) take(coalesceDeltas(batch), null);
      } else {
        // the parts before the error hold none (a decoder ends with its error), so they cannot fail
        if (cut > 0) take(coalesceDeltas(batch.slice(0, cut)), null);
        take(batch.slice(cut), null);
      }
      batch = [];
    };
    for (const e of events) {
      // the event before this one was the stream's last (asked here, not after each decode: one place for every path)
      if (upstreamDone || o.decoder.ended?.() === true) {
        upstreamDone = true;
        break;
      }
      if (e.data === '[DONE]') upstreamDone = true;
      if (keyWatch?.echoes(e.data) === true) {
        flush();
        return failure ? text : text + keyEchoed();
      }
      if (!forward) {
        // translated, a nameless call is invalid output (core/nameless-call.ts): it fails the stream where it comes
        const parts = o.decoder.push(e);
        let nameless = -1;
        for (let i = 0; i < parts.length && nameless === -1; i++) {
          const p = parts[i]!;
          if (p.type === 'tool-call-start' && p.name === '') nameless = i;
          else batch.push(p);
        }
        if (nameless === -1) continue;
        // nothing after the error is relayed, but the call's arguments (held for a name, core/providers/openai) were
        // generated and billed; the rest of this read is not decoded either, so what is metered is the same however
        // reads split
        for (let i = nameless; i < parts.length; i++) meter(parts[i]!);
        batch.push({ type: 'error', error: namelessCallError() });
        break;
      }
      const kind = o.forwardKind?.(e.data);
      if (kind === 'unread') take(NO_PARTS, e);
      else if (committed && kind === 'plain') {
        forwarded(e);
        o.onForwardedEvent?.(e);
        text += formatSse(e.data, e.event);
        undecoded.add(e);
      } else {
        // forwarded events went by unheld: the decoder counts nothing they carried again (an item's output_item.done)
        if (undecoded.spilledSince()) o.decoder.forwardedSpilled?.();
        take(o.decoder.push(e), e);
      }
      if (failure) return text;
    }
    if (!upstreamDone && o.decoder.ended?.() === true) upstreamDone = true;
    flush();
    if (failure) return text;
    if (endParts.length > 0) take(endParts, null);
    return text;
  };

  // undici's body ignores setEncoding; a StringDecoder keeps multi-byte characters split across chunks whole
  const utf8 = new StringDecoder('utf8');
  deadline.awaiting();
  if (o.firstEventBy === undefined) idle.begin();
  const reads = o.body[Symbol.asyncIterator]();
  /** read on after the upstream's last event (`[DONE]`, StreamDecoder.ended) so its connection can be reused (drain-after-done.ts), never destroyed here */
  let draining = false;
  try {
    for (;;) {
      const read = await reads.next();
      if (read.done) break;
      // an oversized event or an endless stream throws SseLimitError, caught below (relay-failure.ts)
      const events = parser.push(utf8.write(read.value as Buffer));
      if (events.length > 0) idle.heard();
      await write(handle(events));
      if (failure) {
        // as a `for await` loop's break would: nothing more is read
        o.body.destroy();
        break;
      }
      if (upstreamDone) {
        draining = true;
        break;
      }
      deadline.awaiting();
    }
    settled();
    if (draining) drainAfterDone(o.body, reads);
  } catch (err) {
    settled();
    // as a `for await` loop would: the body is not read again
    if (!o.body.destroyed) o.body.destroy();
    const caught = loopFailure(err, committed, o.signal, o.idleTimeoutMs);
    if (caught.kind === 'rethrow') throw caught.err;
    if (caught.kind === 'client-closed') {
      failure = { kind: 'stream', message: 'the client closed the connection' };
      if (caught.shutdown) await write(streamError(SHUTDOWN_MESSAGE, 'overloaded'));
    } else await write(failWith(caught.error, caught.message));
  }
  if (!failure) {
    let text = '';
    try {
      if (!upstreamDone) text = handle([...parser.push(utf8.end()), ...parser.end()]);
      if (!failure) text += handle([], o.decoder.end());
      if (!committed && !failure) throw new UpstreamFailure({ kind: 'stream', message: 'upstream stream ended without content' });
      if (!failure && o.encoder) {
        const own = usage !== undefined && isSaneUsage(usage) ? undefined : { inputTokens: o.estimateInputTokens?.() ?? 0, outputTokens: output.estimate() };
        text += o.encoder.end(own);
      }
    } catch (err) {
      // before the first byte it is thrown as before (a failover, or Switchboard's own 502); after it the
      // client's stream has begun, and a fault of ours (an encoder's end() that throws) ends it with an error event
      if (!committed || err instanceof RelayOwnFault) throw err;
      o.onOwnFault?.(err);
      if (!failure) text += failWith({ kind: 'internal', message: OWN_FAULT_MESSAGE });
    }
    await write(text);
  }
  if (framing && committed && !o.res.destroyed && !o.res.write(framing.close())) await drained(o.res, stallMs);
  if (!draining && !o.body.destroyed) o.body.destroy();
  // the provider reported no usage (or numbers no request can have): what was forwarded blind is measured for the estimate
  const forwardedRetained = undecoded.retained;
  if (usage === undefined || !isSaneUsage(usage)) undecoded.measureInto(output);
  return { usage, output, error: failure, ttfbMs, reasoning, forwardedRetained, ...(heldDone === undefined ? {} : { heldDone }) };
}
