// Canonical stream parts -> the Responses API's typed SSE events, numbered by `sequence_number`, in
// the order the OpenAI SDK's ResponseStream and Codex accumulate them: response.created,
// response.in_progress, then per output item output_item.added, its content events and
// output_item.done, and last response.completed (or .incomplete) carrying the whole response.
// Text deltas, the bulk of a stream, are framed from precomputed strings.
import type { FinishReason, StreamEncoder, StreamPart, Usage } from '../../canonical';
import {
  callItemId, functionCallItem, itemId, messageItem, outputText, reasoningItem, responseShell, responsesUsage, statusOf,
  type OutputItem, type ResponsesAnswerContext,
} from './response-object';
import { failedCode } from './format-error';
import { rawMemberText, type RawJsonBody } from '../../forward-body';

interface OpenText {
  index: number;
  id: string;
  text: string;
  /** `"item_id":...,"output_index":...` of this item's delta events */
  where: string;
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
 * The response object as JSON, its members serialised once: the created, in-progress and final events
 * all carry it, and it echoes the request's instructions and tools (tens of KB from an agent).
 * `changes` replace members in place, as `{ ...shell, ...changes }` would.
 */
function shellSerializer(shell: Record<string, unknown>, raw: RawJsonBody | undefined): (changes?: Record<string, unknown>) => string {
  // an echoed member still the client's own is its own text, not serialised again
  const members = Object.keys(shell).map((key) => [key, `${JSON.stringify(key)}:`, rawMemberText(raw, key, shell[key]) ?? JSON.stringify(shell[key])] as const);
  return (changes) => {
    let out = '';
    for (const [key, name, json] of members) {
      const value = changes && key in changes ? JSON.stringify(changes[key]) : json;
      if (value !== undefined) out += `${out === '' ? '' : ','}${name}${value}`;
    }
    return `{${out}}`;
  };
}

export function createResponsesStreamEncoder(ctx: ResponsesAnswerContext, servedModel: string): StreamEncoder {
  const shell = responseShell(ctx, servedModel, Math.floor(Date.now() / 1000));
  const shellJson = shellSerializer(shell, ctx.raw);
  const output: OutputItem[] = [];
  let seq = 0;
  let started = false;
  let ended = false;
  let message: OpenText | undefined;
  let thinking: OpenText | undefined;
  /** canonical tool index -> its open function_call item */
  const calls = new Map<number, OpenCall>();
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;

  function ev(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`;
  }

  function start(): string {
    if (started) return '';
    started = true;
    // both events carry the same in-progress response: serialised once
    const response = shellJson();
    const frame = (type: string) => `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},"response":${response}}\n\n`;
    return frame('response.created') + frame('response.in_progress');
  }

  function addItem(item: OutputItem): { index: number; text: string } {
    const index = output.length;
    output.push(item);
    return { index, text: ev('response.output_item.added', { output_index: index, item }) };
  }

  function doneItem(index: number, item: OutputItem): string {
    output[index] = item;
    return ev('response.output_item.done', { output_index: index, item });
  }

  function closeMessage(): string {
    if (!message) return '';
    const { index, id, text } = message;
    message = undefined;
    const at = { item_id: id, output_index: index, content_index: 0 };
    return ev('response.output_text.done', { ...at, text, logprobs: [] })
      + ev('response.content_part.done', { ...at, part: outputText(text) })
      + doneItem(index, messageItem(id, text));
  }

  function closeThinking(): string {
    if (!thinking) return '';
    const { index, id, text } = thinking;
    thinking = undefined;
    const at = { item_id: id, output_index: index, summary_index: 0 };
    return ev('response.reasoning_summary_text.done', { ...at, text })
      + ev('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } })
      + doneItem(index, reasoningItem(id, text));
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
        out += ev('response.function_call_arguments.done', { item_id: c.id, output_index: c.index, arguments: c.args });
      }
      out += doneItem(c.index, item);
    }
    calls.clear();
    return out;
  }

  function openMessage(): string {
    const out = closeThinking() + closeCalls();
    const id = itemId('msg', ctx.id, output.length);
    const added = addItem(messageItem(id, '', 'in_progress'));
    message = { index: added.index, id, text: '', where: `"item_id":${JSON.stringify(id)},"output_index":${added.index}` };
    return out + added.text + ev('response.content_part.added', { item_id: id, output_index: added.index, content_index: 0, part: outputText('') });
  }

  function openThinking(): string {
    const out = closeMessage() + closeCalls();
    const id = itemId('rs', ctx.id, output.length);
    const added = addItem(reasoningItem(id, null));
    thinking = { index: added.index, id, text: '', where: `"item_id":${JSON.stringify(id)},"output_index":${added.index}` };
    return out + added.text + ev('response.reasoning_summary_part.added', { item_id: id, output_index: added.index, summary_index: 0, part: { type: 'summary_text', text: '' } });
  }

  function delta(type: string, where: string, extra: string, text: string, tail = ''): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},${where}${extra},"delta":${JSON.stringify(text)}${tail}}\n\n`;
  }

  function encodePart(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        return '';
      case 'text-delta': {
        if (part.text === '') return '';
        const open = message ? '' : openMessage();
        message!.text += part.text;
        return open + delta('response.output_text.delta', message!.where, ',"content_index":0', part.text, ',"logprobs":[]');
      }
      case 'reasoning-delta': {
        if (part.text === '') return '';
        const open = thinking ? '' : openThinking();
        thinking!.text += part.text;
        return open + delta('response.reasoning_summary_text.delta', thinking!.where, ',"summary_index":0', part.text);
      }
      case 'tool-call-start': {
        const out = closeMessage() + closeThinking();
        const id = callItemId(ctx, part.name, output.length);
        const added = addItem(functionCallItem(id, { id: part.id, name: part.name, arguments: '' }, ctx.toolNames, 'in_progress'));
        const client = ctx.toolNames.toClient(part.name);
        const kind = client.custom ? 'custom' : client.search ? 'search' : 'function';
        calls.set(part.index, { index: added.index, id, callId: part.id, name: part.name, args: '', kind });
        return out + added.text;
      }
      case 'tool-call-delta': {
        const c = calls.get(part.index);
        if (!c || part.argumentsDelta === '') return '';
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

  /**
   * A stream cut off mid-call: its arguments (a patch, a search) are partial, so the call is not
   * completed for the client to act on; it stays in the output as incomplete.
   */
  function abandonCalls(): void {
    for (const c of calls.values()) output[c.index] = { ...output[c.index], status: 'incomplete' };
    calls.clear();
  }

  return {
    encode(part: StreamPart): string {
      if (ended) return '';
      return start() + encodePart(part);
    },
    end(estimated?: Usage): string {
      if (ended) return '';
      ended = true;
      const out = start() + closeAll();
      const { status, incomplete_details } = statusOf(finishReason ?? 'stop');
      // without the provider's figures, the proxy's own (as a non-streamed answer has)
      const counted = usage ?? estimated;
      const changes = { status, incomplete_details, output, usage: counted ? responsesUsage(counted) : null };
      ctx.onResponse?.({ ...shell, ...changes });
      const type = status === 'completed' ? 'response.completed' : 'response.incomplete';
      return `${out}event: ${type}\ndata: {"type":"${type}","sequence_number":${seq++},"response":${shellJson(changes)}}\n\n`;
    },
    fail(_status: number, type: string, message: string): string {
      if (ended) return '';
      ended = true;
      const out = start() + closeMessage() + closeThinking();
      abandonCalls();
      const error = { code: failedCode(type), message };
      const failed = shellJson({ status: 'failed', error, output, usage: usage ? responsesUsage(usage) : null });
      return out + ev('error', { code: error.code, message, param: null })
        + `event: response.failed\ndata: {"type":"response.failed","sequence_number":${seq++},"response":${failed}}\n\n`;
    },
  };
}
