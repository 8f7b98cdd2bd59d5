// Responses API SSE events -> canonical stream parts. Events are told apart by their `type`; usage
// and the finish come with response.completed (or .incomplete). A server that sends an item whole in
// output_item.done, without deltas, still has its text and arguments read.
//
// Same format in and out, the relay forwards most deltas undecoded once the client owns the stream
// (stream-relay.ts): forwardedDecoder() reads those afterwards, for the output estimate when the provider
// reported no usage, counting only what this decoder did not (an item it read whole in output_item.done).
import type { AnswerReadOptions, EncryptedReasoning, SseEvent, StreamDecoder, StreamPart, UpstreamError, Usage } from '../../canonical';
import { encryptedReasoningOf, failedResponseError, finishOf, messageParts, REASONING_SEPARATOR, reasoningText, responsesFailure, responsesUsageOf, toolCallOf } from './parse-response';
import { isUnreadResponsesEvent } from '../../plain-delta';
import { WebSearchCollector } from './web-search';
import { isJsonObject, type JsonObject } from '../../json-object';

interface CallSlot {
  index: number;
  /** arguments streamed so far */
  args: string;
}

export function createResponsesStreamDecoder(opts?: AnswerReadOptions): StreamDecoder {
  let started = false;
  let finished = false;
  let failed = false;
  let toolCount = 0;
  /** answer text and refusal text seen: a refusal alone ends as content_filter */
  let answered = false;
  let refused = false;
  /** output item id (or `#<output_index>`) -> its function call */
  const calls = new Map<string, CallSlot>();
  /** message and reasoning items whose text arrived as deltas */
  const streamed = new Set<string>();
  /** items (by key and by `#<output_index>`) whose content output_item.done gave: their deltas are counted */
  const readWhole = new Set<string>();
  /**
   * forwardedSpilled() calls: how often forwarded deltas went by unheld (a long stream, forwarded-meter.ts),
   * measured by their length; and that count when each item was added (by key and by `#<output_index>`).
   * An item done after some did is not read whole: its deltas are counted (some went by unheld)
   */
  let spills = 0;
  const addedAt = new Map<string, number>();
  /** the web searches the hosted tool ran and the sources the message cites, read from the items done */
  const searches = new WebSearchCollector();
  /** the reasoning part (item and summary or content index) last streamed: the next one starts a paragraph */
  let reasoningPart: string | undefined;
  /** the encrypted reasoning done since the last call, for the next (include reasoning.encrypted_content) */
  let encrypted: EncryptedReasoning | undefined;
  /**
   * the usage a failed response stated (response.failed, an error event carrying the response): what the stream,
   * cut short, is billed by (runningUsage), as Anthropic's message_start usage is
   */
  let stated: Usage | undefined;

  const keyOf = (e: JsonObject, item?: JsonObject): string => {
    const id = item ? item.id : e.item_id;
    return typeof id === 'string' && id !== '' ? id : `#${String(e.output_index)}`;
  };

  function fail(error: UpstreamError): StreamPart[] {
    failed = true;
    return [{ type: 'error', error }];
  }

  function startCall(key: string, item: JsonObject, out: StreamPart[]): CallSlot {
    const slot = { index: toolCount++, args: '' };
    const call = toolCallOf(item, slot.index);
    calls.set(key, slot);
    out.push({ type: 'tool-call-start', index: slot.index, id: call.id, name: call.name, ...(encrypted ? { reasoningItem: encrypted } : {}) });
    encrypted = undefined;
    return slot;
  }

  /** reasoning text, apart from the part before it as parseResponsesResponse sets it apart */
  function reasoningDelta(part: string, text: string, out: StreamPart[]): void {
    if (text === '') return;
    const apart = reasoningPart !== undefined && reasoningPart !== part;
    reasoningPart = part;
    out.push({ type: 'reasoning-delta', text: apart ? `${REASONING_SEPARATOR}${text}` : text });
  }

  function argsDelta(slot: CallSlot, delta: string, out: StreamPart[]): void {
    if (delta === '') return;
    slot.args += delta;
    out.push({ type: 'tool-call-delta', index: slot.index, argumentsDelta: delta });
  }

  /** an item the server sent whole: whatever its deltas did not already carry */
  function itemDone(e: JsonObject, item: JsonObject, out: StreamPart[]): void {
    searches.add(item);
    encrypted = encryptedReasoningOf(item) ?? encrypted;
    const key = keyOf(e, item);
    if (spills > (addedAt.get(key) ?? addedAt.get(`#${String(e.output_index)}`) ?? 0)) {
      if (item.type === 'function_call' && !calls.has(key)) startCall(key, item, out);
      return;
    }
    const whole = (): void => {
      readWhole.add(key);
      readWhole.add(`#${String(e.output_index)}`);
    };
    if (item.type === 'function_call') {
      const slot = calls.get(key) ?? startCall(key, item, out);
      const full = typeof item.arguments === 'string' ? item.arguments : '';
      if (slot.args === '' && full !== '') {
        argsDelta(slot, full, out);
        whole();
      }
    } else if (item.type === 'message' && !streamed.has(key)) {
      const { text, refusal } = messageParts(item);
      if (text !== '') {
        answered = true;
        out.push({ type: 'text-delta', text });
      }
      if (refusal !== '') {
        refused = true;
        out.push({ type: 'text-delta', text: refusal, refusal: true });
      }
      if (text !== '' || refusal !== '') whole();
    } else if (item.type === 'reasoning' && !streamed.has(key)) {
      const text = reasoningText(item);
      if (text === '') return;
      reasoningDelta(key, text, out);
      whole();
    }
  }

  /** The deltas forwarded undecoded, read after the stream: those of items not read whole above. */
  function forwardedDecoder(): StreamDecoder {
    return {
      push(event: SseEvent): StreamPart[] {
        let e: unknown;
        try {
          e = JSON.parse(event.data);
        } catch {
          return [];
        }
        if (!isJsonObject(e) || typeof e.delta !== 'string' || e.delta === '') return [];
        if (readWhole.has(keyOf(e)) || readWhole.has(`#${String(e.output_index)}`)) return [];
        switch (e.type) {
          case 'response.output_text.delta': return [{ type: 'text-delta', text: e.delta }];
          case 'response.reasoning_summary_text.delta': return [{ type: 'reasoning-delta', text: e.delta }];
          case 'response.function_call_arguments.delta': {
            const slot = calls.get(keyOf(e)) ?? calls.get(`#${String(e.output_index)}`);
            return [{ type: 'tool-call-delta', index: slot?.index ?? 0, argumentsDelta: e.delta }];
          }
          default: return [];
        }
      },
      end: () => [],
    };
  }

  function finish(response: unknown, out: StreamPart[]): void {
    const r = isJsonObject(response) ? response : {};
    // the searches and the sources the answer cites, once the items are done: after the text, as Gemini's come
    const search = searches.found();
    if (search) out.push({ type: 'web-search', search });
    const usage = responsesUsageOf(r);
    if (usage) out.push({ type: 'usage', usage });
    // a call with no parameters at a server that streams it no arguments closes with `{}`, as OpenAI's
    // does; forwarded, the client has the server's events, and argument deltas went by undecoded
    if (!opts?.forwarded) {
      for (const slot of calls.values()) {
        if (!/\S/.test(slot.args)) argsDelta(slot, '{}', out);
      }
    }
    finished = true;
    out.push({ type: 'finish', finishReason: finishOf(r, toolCount > 0, refused && !answered) });
  }

  function push(event: SseEvent): StreamPart[] {
    if (finished || failed || event.data === '' || event.data === '[DONE]') return [];
    // events this reads nothing from are not parsed: response.in_progress repeats the request's
    // instructions and tools (tens of KB from an agent), the .done and part events text the deltas brought
    if (started && isUnreadResponsesEvent(event.data)) return [];
    let e: unknown;
    try {
      e = JSON.parse(event.data);
    } catch {
      return fail({ kind: 'stream', message: 'upstream sent a stream event that is not valid JSON' });
    }
    if (!isJsonObject(e)) return fail({ kind: 'stream', message: 'upstream sent a stream event that is not a JSON object' });
    const type = typeof e.type === 'string' ? e.type : event.event ?? '';
    const out: StreamPart[] = [];
    if (!started && type !== 'error') {
      started = true;
      const r = isJsonObject(e.response) ? e.response : {};
      out.push({ type: 'start', id: typeof r.id === 'string' ? r.id : '', model: typeof r.model === 'string' ? r.model : '' });
    }
    const text = typeof e.delta === 'string' ? e.delta : '';
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        streamed.add(keyOf(e));
        if (text === '') break;
        if (type === 'response.refusal.delta') {
          refused = true;
          out.push({ type: 'text-delta', text, refusal: true });
        } else {
          answered = true;
          out.push({ type: 'text-delta', text });
        }
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        streamed.add(keyOf(e));
        reasoningDelta(`${keyOf(e)}:${type}:${String(e.summary_index ?? e.content_index ?? 0)}`, text, out);
        break;
      case 'response.output_item.added':
        addedAt.set(isJsonObject(e.item) ? keyOf(e, e.item) : keyOf(e), spills);
        addedAt.set(`#${String(e.output_index)}`, spills);
        if (isJsonObject(e.item) && e.item.type === 'function_call') {
          const slot = startCall(keyOf(e, e.item), e.item, out);
          if (typeof e.item.arguments === 'string') argsDelta(slot, e.item.arguments, out);
        } else if (isJsonObject(e.item)) {
          // the model at work: a reasoning item (with no summary asked for, nothing more comes until the
          // answer), a hosted tool's call (web search, code interpreter), the message about to stream
          out.push({ type: 'at-work', thinking: e.item.type === 'reasoning' });
        }
        break;
      case 'response.function_call_arguments.delta': {
        const slot = calls.get(keyOf(e)) ?? calls.get(`#${String(e.output_index)}`);
        if (slot) argsDelta(slot, text, out);
        break;
      }
      case 'response.output_item.done':
        if (isJsonObject(e.item)) itemDone(e, e.item, out);
        break;
      case 'response.completed':
      case 'response.incomplete':
        finish(e.response, out);
        break;
      case 'response.failed': {
        const r = isJsonObject(e.response) ? e.response : {};
        stated = responsesUsageOf(r);
        return [...out, ...fail(failedResponseError(r))];
      }
      case 'error': {
        stated = isJsonObject(e.response) ? responsesUsageOf(e.response) : undefined;
        return [...out, ...fail({ ...responsesFailure(e), ...(stated ? { billed: stated } : {}) })];
      }
    }
    return out;
  }

  function end(): StreamPart[] {
    if (finished || failed) return [];
    return fail({ kind: 'stream', message: 'upstream stream ended before response.completed' });
  }

  // response.completed / .incomplete (finished), response.failed or an error event (failed): nothing follows
  return { push, end, ended: () => finished || failed, forwardedDecoder, forwardedSpilled: () => { spills++; }, runningUsage: () => stated };
}
