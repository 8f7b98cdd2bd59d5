// Canonical stream parts -> the Responses API's typed SSE events, numbered by `sequence_number`, in
// the order the OpenAI SDK's ResponseStream and Codex accumulate them: response.created,
// response.in_progress, then per output item output_item.added, its content events and
// output_item.done, and last response.completed (or .incomplete) carrying the whole response.
// Text deltas, the bulk of a stream, are framed from precomputed strings.
import type { FinishReason, StreamEncoder, StreamPart, Usage } from '../../canonical';
import {
  callItemId, functionCallItem, itemId, messageItem, messageItemJson, outputTextJson, reasoningItem, refusalPart, refusalPartJson, responseShell, responsesUsage, sealedThinkingItem, servedTier, statusOf,
  type OutputItem, type ResponsesAnswerContext,
} from './response-object';
import { failedCode } from './format-error';
import { compactionItem } from '../../responses-compaction';
import { wholeJson } from '../../providers/anthropic/build-messages';
import { membersOf, shellSerializer } from './response-shell-json';

interface OpenText {
  index: number;
  id: string;
  text: string;
  /** `"item_id":...,"output_index":...` of this item's delta events */
  where: string;
  /** a message whose one part is the model's refusal (a `refusal` part, not output_text) */
  refusal?: boolean;
}

interface OpenCall {
  index: number;
  id: string;
  callId: string;
  name: string;
  args: string;
  /**
   * a custom tool's call or a tool search: its text (its arguments object) is known once the arguments
   * are whole, so it goes out at the end
   */
  kind: 'function' | 'custom' | 'search';
}

/**
 * The most characters of text, summaries and call arguments one translated stream holds. The closing
 * events repeat an item's whole text three times and the final response once more, built in one
 * synchronous step, and the response is stored: 8M characters (about 2M tokens, 8 times the longest
 * output a model offers, 262K tokens, and 16 times the usual 128K) keeps that step near 100 ms for an
 * answer at the cap (measured: 80 ms, 100 with the stored copy serialised), where 128 MB took seconds.
 * An endless answer is cut there (see cutOff), well before the 128 MB the upstream stream may bring.
 */
export const RESPONSES_TEXT_CAP = 8 * 1024 * 1024;

const sizeText = (chars: number): string => (chars % (1024 * 1024) === 0 ? `${chars / 1024 / 1024}M` : String(chars));

/** `textCap`: RESPONSES_TEXT_CAP but in tests */
export function createResponsesStreamEncoder(ctx: ResponsesAnswerContext, servedModel: string, textCap = RESPONSES_TEXT_CAP): StreamEncoder {
  const shell = responseShell(ctx, servedModel, Math.floor(Date.now() / 1000));
  const shellJson = shellSerializer(shell, ctx.raw);
  const output: OutputItem[] = [];
  /** each output item's JSON, as its last event gave it (the final response repeats them) */
  const outputJson: string[] = [];
  let seq = 0;
  let started = false;
  let ended = false;
  let message: OpenText | undefined;
  let thinking: OpenText | undefined;
  /** canonical tool index -> its open function_call item */
  const calls = new Map<number, OpenCall>();
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  /** refusal text went out: a refusal completes, as OpenAI's does (its refusal part says what it is) */
  let refused = false;
  /** a compaction's summary: the model's text, sent as one compaction item at the end */
  let summary = '';
  /**
   * the model thought and the client asked for no summaries (reasoning.summary): nothing of it is shown, so
   * nothing goes out for it yet (the relay may still fail over); its reasoning item comes with what follows
   */
  let hiddenThought = false;
  /** characters of text, summaries and arguments held (textCap at most) */
  let held = 0;
  /** why the stream was cut: a delta would have passed textCap (nothing more is encoded) */
  let overflow: string | undefined;

  /** Whether `chars` more would pass textCap: then the stream is cut, the delta not sent. */
  function full(chars: number): boolean {
    if (held + chars <= textCap) {
      held += chars;
      return false;
    }
    overflow = `the answer passed the ${sizeText(textCap)} characters of text a translated Responses stream may hold: the rest was not relayed`;
    return true;
  }

  /** An event from its members' JSON text (those after type and sequence_number). */
  function frame(type: string, members: string): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},${members}}\n\n`;
  }

  function ev(type: string, fields: Record<string, unknown>): string {
    return frame(type, membersOf(fields));
  }

  function start(): string {
    if (started) return '';
    started = true;
    // both events carry the same in-progress response: serialised once
    const response = shellJson();
    return frame('response.created', `"response":${response}`) + frame('response.in_progress', `"response":${response}`);
  }

  function addItem(item: OutputItem): { index: number; text: string } {
    const index = output.length;
    const json = JSON.stringify(item);
    output.push(item);
    outputJson.push(json);
    return { index, text: frame('response.output_item.added', `"output_index":${index},"item":${json}`) };
  }

  function doneItem(index: number, item: OutputItem, json = JSON.stringify(item)): string {
    output[index] = item;
    outputJson[index] = json;
    return frame('response.output_item.done', `"output_index":${index},"item":${json}`);
  }

  // A message's or a summary's whole text goes out three times as it closes, and again in the final
  // response: serialised once (JSON.stringify of a long text costs about 1 ns a character)
  function closeMessage(status: 'completed' | 'incomplete' = 'completed'): string {
    if (!message) return '';
    const { index, id, text, where, refusal } = message;
    message = undefined;
    const textJson = JSON.stringify(text);
    if (refusal) {
      const part = refusalPartJson(textJson);
      return frame('response.refusal.done', `${where},"content_index":0,"refusal":${textJson}`)
        + frame('response.content_part.done', `${where},"content_index":0,"part":${part}`)
        + doneItem(index, { ...messageItem(id, '', status), content: [refusalPart(text)] }, messageItemJson(id, part, status));
    }
    const part = outputTextJson(textJson);
    return frame('response.output_text.done', `${where},"content_index":0,"text":${textJson},"logprobs":[]`)
      + frame('response.content_part.done', `${where},"content_index":0,"part":${part}`)
      + doneItem(index, messageItem(id, text, status), messageItemJson(id, part, status));
  }

  /** A summary cut off by a failure is `incomplete` (a finished one carries no status, as OpenAI's). */
  function closeThinking(status?: 'incomplete'): string {
    if (!thinking) return '';
    const { index, id, text, where } = thinking;
    thinking = undefined;
    // no summaries asked for: the item opened and closes with summary [], as OpenAI's
    if (!ctx.summaries) return doneItem(index, status ? { ...reasoningItem(id, null), status } : reasoningItem(id, null));
    const textJson = JSON.stringify(text);
    const part = `{"type":"summary_text","text":${textJson}}`;
    const item = status ? { ...reasoningItem(id, text), status } : reasoningItem(id, text);
    const tail = status ? `,"status":"${status}"` : '';
    return frame('response.reasoning_summary_text.done', `${where},"summary_index":0,"text":${textJson}`)
      + frame('response.reasoning_summary_part.done', `${where},"summary_index":0,"part":${part}`)
      + doneItem(index, item, `{"id":${JSON.stringify(id)},"type":"reasoning","summary":[${part}]${tail}}`);
  }

  function closeCalls(): string {
    let out = '';
    for (const c of calls.values()) {
      const item = functionCallItem(c.id, { id: c.callId, name: c.name, arguments: c.args }, ctx.toolNames);
      if (c.kind === 'custom') {
        const at = { item_id: c.id, output_index: c.index };
        const input = item.input as string;
        if (input !== '') out += ev('response.custom_tool_call_input.delta', { ...at, delta: input });
        out += ev('response.custom_tool_call_input.done', { ...at, input });
      } else if (c.kind === 'function') {
        out += ev('response.function_call_arguments.done', { item_id: c.id, output_index: c.index, name: item.name, arguments: c.args });
      }
      out += doneItem(c.index, item);
    }
    calls.clear();
    return out;
  }

  // Open calls stay open while text or a summary comes: their arguments may still be arriving
  // (some OpenAI-compatible servers interleave them with content), and items may interleave here.
  /** `refusal`: a message of the model's refusal, its one part a `refusal` one */
  function openMessage(refusal: boolean): string {
    const out = closeThinking() + closeMessage();
    const id = itemId('msg', ctx.id, output.length);
    const added = addItem(messageItem(id, '', 'in_progress'));
    const where = `"item_id":${JSON.stringify(id)},"output_index":${added.index}`;
    message = { index: added.index, id, text: '', where, refusal };
    const part = refusal ? refusalPartJson('""') : outputTextJson('""');
    return out + added.text + frame('response.content_part.added', `${where},"content_index":0,"part":${part}`);
  }

  function openThinking(): string {
    const out = closeMessage();
    const id = itemId('rs', ctx.id, output.length);
    const added = addItem(reasoningItem(id, null));
    const where = `"item_id":${JSON.stringify(id)},"output_index":${added.index}`;
    thinking = { index: added.index, id, text: '', where };
    // no summary asked for: the item alone (hiddenThought), added and done with summary []
    if (!ctx.summaries) return out + added.text;
    return out + added.text + frame('response.reasoning_summary_part.added', `${where},"summary_index":0,"part":{"type":"summary_text","text":""}`);
  }

  /** Thinking not shown (no summaries asked for) came: its reasoning item goes out before the next item, or at the end. */
  function shownThought(): string {
    if (!hiddenThought) return '';
    hiddenThought = false;
    return closeMessage() + openThinking();
  }

  function delta(type: string, where: string, extra: string, text: string, tail = ''): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},${where}${extra},"delta":${JSON.stringify(text)}${tail}}\n\n`;
  }

  function encodePart(part: StreamPart): string {
    if (ctx.compaction && part.type !== 'usage' && part.type !== 'finish') {
      if (part.type === 'text-delta' && !full(part.text.length)) summary += part.text;
      return '';
    }
    switch (part.type) {
      case 'start':
      case 'at-work':
      // only an Anthropic client asks for a search another provider runs (its server tool)
      case 'web-search':
        return '';
      case 'text-delta': {
        if (part.text === '' || full(part.text.length)) return '';
        const thought = shownThought();
        const refusal = part.refusal === true;
        refused ||= refusal;
        const open = thought + (message && message.refusal === refusal ? '' : openMessage(refusal));
        message!.text += part.text;
        if (refusal) return open + delta('response.refusal.delta', message!.where, ',"content_index":0', part.text);
        return open + delta('response.output_text.delta', message!.where, ',"content_index":0', part.text, ',"logprobs":[]');
      }
      case 'reasoning-delta': {
        if (part.text === '' || full(part.text.length)) return '';
        const open = thinking ? '' : openThinking();
        thinking!.text += part.text;
        return open + delta('response.reasoning_summary_text.delta', thinking!.where, ',"summary_index":0', part.text);
      }
      case 'tool-call-start': {
        let out = shownThought() + closeMessage() + closeThinking();
        const sealed = sealedThinkingItem(ctx, servedModel, part, output.length);
        if (sealed) out += addItem(sealed).text + doneItem(output.length - 1, sealed);
        const id = callItemId(ctx, part.name, output.length);
        const added = addItem(functionCallItem(id, { id: part.id, name: part.name, arguments: '' }, ctx.toolNames, 'in_progress'));
        const client = ctx.toolNames.toClient(part.name);
        const kind = client.custom ? 'custom' : client.search ? 'search' : 'function';
        calls.set(part.index, { index: added.index, id, callId: part.id, name: part.name, args: '', kind });
        return out + added.text;
      }
      case 'tool-call-delta': {
        const c = calls.get(part.index);
        if (!c || part.argumentsDelta === '' || full(part.argumentsDelta.length)) return '';
        c.args += part.argumentsDelta;
        if (c.kind !== 'function') return '';
        return delta('response.function_call_arguments.delta', `"item_id":${JSON.stringify(c.id)},"output_index":${c.index}`, '', part.argumentsDelta);
      }
      case 'usage':
        usage = part.usage;
        return '';
      case 'finish':
        finishReason = part.finishReason;
        return '';
      case 'error':
        // the relay reports a failure through fail(), with the message it may show
        return '';
    }
  }

  function closeAll(): string {
    return closeMessage() + closeThinking() + closeCalls();
  }

  function compacted(): string {
    const item = compactionItem(itemId('cmp', ctx.id, 0), summary);
    return addItem(item).text + doneItem(0, item);
  }

  /**
   * Open calls a stream cut off mid-way (a failure, max_output_tokens): their arguments (a patch, a
   * search) are partial, so they are not completed for the client to act on; they stay in the output
   * as incomplete.
   */
  function abandonCalls(which: (c: OpenCall) => boolean = () => true): void {
    for (const [key, c] of calls) {
      if (!which(c)) continue;
      const item = { ...output[c.index], status: 'incomplete' };
      output[c.index] = item;
      outputJson[c.index] = JSON.stringify(item);
      calls.delete(key);
    }
  }

  /**
   * The open message and summary of a stream cut at textCap, done without their text: it went out in
   * their deltas, and repeating it (three events and the failed response) is what the cap is for
   */
  function cutItems(): string {
    let out = '';
    if (message) out += doneItem(message.index, messageItem(message.id, '', 'incomplete'));
    if (thinking) out += doneItem(thinking.index, { ...reasoningItem(thinking.id, null), status: 'incomplete' });
    message = undefined;
    thinking = undefined;
    return out;
  }

  function fail(type: string, why: string): string {
    if (ended) return '';
    ended = true;
    // what was streamed so far stays, cut off: not completed
    const out = start() + (overflow === undefined ? shownThought() + closeMessage('incomplete') + closeThinking('incomplete') : cutItems());
    abandonCalls();
    const error = { code: failedCode(type), message: why };
    const errorEvent = ev('error', { code: error.code, message: why, param: null });
    const counted = usage ? responsesUsage(usage) : null;
    // the tier the provider said served it, once its usage came; before, the one asked for, as response.created said
    const tier = usage ? servedTier(usage) : undefined;
    // kept as OpenAI keeps a failed response (GET shows it failed)
    ctx.onResponse?.({ ...shell, status: 'failed', error, output, usage: counted, ...(tier ? { service_tier: tier } : {}) });
    const failed = shellJson({
      status: '"failed"', error: JSON.stringify(error), output: `[${outputJson.join(',')}]`, usage: JSON.stringify(counted),
      ...(tier ? { service_tier: JSON.stringify(tier) } : {}),
    });
    return out + errorEvent + frame('response.failed', `"response":${failed}`);
  }

  return {
    encode(part: StreamPart): string {
      // the model at work is no answer: it starts no response either (stream-relay.ts)
      if (ended || overflow !== undefined || part.type === 'at-work') return '';
      if (part.type === 'reasoning-delta' && !ctx.summaries) {
        hiddenThought ||= part.text !== '' && !ctx.compaction;
        return '';
      }
      return start() + encodePart(part);
    },
    cutOff: () => overflow,
    end(estimated?: Usage): string {
      // a relay that did not stop at cutOff: the stream still fails, its text not repeated
      if (overflow !== undefined) return fail('api_error', overflow);
      if (ended) return '';
      ended = true;
      const { status, incomplete_details } = statusOf(finishReason === undefined || (finishReason === 'content_filter' && refused) ? 'stop' : finishReason);
      // cut off (max_output_tokens, a filter): a call whose arguments are not whole JSON is unfinished,
      // and so is the message, when no call was (interleaved, either may have been cut)
      let out = start() + shownThought();
      if (ctx.compaction) out += compacted();
      else if (status === 'completed') out += closeAll();
      else {
        const open = calls.size;
        abandonCalls((c) => !wholeJson(c.args));
        out += closeMessage(calls.size === open ? 'incomplete' : 'completed') + closeThinking() + closeCalls();
      }
      // without the provider's figures, the proxy's own (as a non-streamed answer has)
      const counted = usage ?? estimated;
      const changes = { status, incomplete_details, output, usage: counted ? responsesUsage(counted) : null, service_tier: servedTier(usage) };
      ctx.onResponse?.({ ...shell, ...changes });
      const type = status === 'completed' ? 'response.completed' : 'response.incomplete';
      const json = {
        status: `"${status}"`, incomplete_details: JSON.stringify(incomplete_details), output: `[${outputJson.join(',')}]`, usage: JSON.stringify(changes.usage),
        service_tier: JSON.stringify(changes.service_tier),
      };
      return out + frame(type, `"response":${shellJson(json)}`);
    },
    fail: (_status, type, message) => fail(type, message),
  };
}
