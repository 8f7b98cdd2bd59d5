// chat.completion.chunk SSE events -> canonical stream parts.
import type { FinishReason, SseEvent, StreamDecoder, StreamPart, UpstreamError, Usage } from '../../canonical';
import { generatedToolCallId } from '../../ids';
import { errorFromOpenAIErrorBody } from './classify-error';
import { argumentsText, mapOpenAIFinishReason, mapOpenAIUsage, readContent, reasoningOf } from './parse-response';
import { frameAround, framedString, indexOfNeedle, isPlainOpenAIDelta, jsonStringValue, needle, type StringFrame } from '../../plain-delta';
import { isJsonObject, type JsonObject } from '../../json-object';
import { reasoningDetailsGatherer } from './reasoning-details';

interface ToolSlot {
  /** the call's canonical index, given when its tool-call-start goes out */
  index: number;
  id: string;
  /**
   * while the call has no name yet: the argument text streamed so far. Some OpenAI-compatible servers send
   * the id first and the name in a later delta (or `name: null` first); the start waits for the name
   */
  held?: string;
}

function streamError(message: string): UpstreamError {
  return { kind: 'stream', message };
}

// A content delta's usual spellings: the delta holds the text alone (OpenAI, OpenRouter, Groq) or
// with the role (DeepSeek, Together and others repeat it on every chunk)
const CONTENT_DELTAS = ['"delta":{"content":"', '"delta":{"role":"assistant","content":"'];
const DELTA = needle('"delta":', 'delta');
const ERROR = needle('"error":', 'error');
const X_GROQ = needle('"x_groq"', 'x_groq');
/** outside the text: whitespace or an escape (`"us\u0061ge"`) would hide a key from the searches */
const HIDING = /[\s\\]/;

/** Index just past the JSON string whose opening quote is at `at`, or -1. */
function stringEnd(text: string, at: number): number {
  for (let i = text.indexOf('"', at + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    for (let k = i - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if ((backslashes & 1) === 0) return i + 1;
  }
  return -1;
}

/** A plain content chunk's text: its content string's value, and where that string opens and ends. */
interface PlainContent {
  text: string;
  /** the content string's opening quote */
  open: number;
  /** just past its closing quote */
  end: number;
}

/**
 * The text of a chunk that carries nothing else (no finish, usage, tool call, reasoning, refusal or
 * error, one choice), read without parsing the whole chunk: most of a stream is such chunks, and
 * JSON.parse of one costs about two microseconds on the benchmark machine. Undefined for anything
 * else, which is parsed as usual.
 */
function plainContent(data: string): PlainContent | undefined {
  // an object (not an array, not cut short), with nothing but a delta to say
  if (data.charCodeAt(0) !== 0x7b || data.charCodeAt(data.length - 1) !== 0x7d) return undefined;
  if (!isPlainOpenAIDelta(data) || indexOfNeedle(data, ERROR) !== -1 || indexOfNeedle(data, X_GROQ) !== -1) return undefined;
  const first = indexOfNeedle(data, DELTA);
  for (const head of CONTENT_DELTAS) {
    // the first choice's delta (the one a full parse reads), and no other choice's
    if (first === -1 || !data.startsWith(head, first)) continue;
    const open = first + head.length - 1;
    const end = stringEnd(data, open);
    // the delta closes right after its text; nothing around it may hide a key from the searches
    if (end === -1 || data.charCodeAt(end) !== 0x7d || indexOfNeedle(data, DELTA, end) !== -1) return undefined;
    if (HIDING.test(data.slice(0, open)) || HIDING.test(data.slice(end))) return undefined;
    const text = jsonStringValue(data.slice(open, end));
    return text === undefined ? undefined : { text, open, end };
  }
  return undefined;
}

/** Whether the parts held answer text. */
function listContentParts(content: unknown[], out: StreamPart[]): boolean {
  const { text, reasoning } = readContent(content);
  if (reasoning.length > 0) out.push({ type: 'reasoning-delta', text: reasoning });
  if (text.length > 0) out.push({ type: 'text-delta', text });
  return text.length > 0;
}

export function createOpenAIStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let failed = false;
  let finished = false;
  /** calls started (tool-call-start sent), and calls seen (named or not) */
  let toolCount = 0;
  let slotCount = 0;
  /** content text streamed, and refusal text: a stream of refusal alone ends as content_filter */
  let answered = false;
  let refused = false;
  /** upstream tool index -> the call currently open at that index */
  const tools = new Map<number, ToolSlot>();
  /** calls (by canonical index) that have streamed no argument text yet */
  const unargued = new Set<number>();
  /**
   * what surrounds the content string of the last plain chunk read the long way: a provider repeats it
   * on every plain chunk (id, model, choice, finish_reason: null), so a chunk of the same head and tail
   * with one string between them is plain too (two compares instead of six searches, ~0.5 us a chunk)
   */
  let frame: StringFrame | undefined;
  /** the last usage the provider stated (its usage chunk; some servers state it on every chunk) */
  let stated: Usage | undefined;
  /** OpenRouter's reasoning_details, and the ids of the calls started: they go back together (reasoning-details.ts) */
  const reasoningDetails = reasoningDetailsGatherer();
  const callIds: string[] = [];

  function fail(out: StreamPart[], error: UpstreamError): StreamPart[] {
    failed = true;
    out.push({ type: 'error', error });
    return out;
  }

  /** the call's tool-call-start (name "" if it never got one: invalid output, core/nameless-call.ts), then its held arguments */
  function startCall(slot: ToolSlot, name: string, out: StreamPart[]): void {
    const held = slot.held ?? '';
    slot.held = undefined;
    slot.index = toolCount++;
    unargued.add(slot.index);
    callIds.push(slot.id);
    out.push({ type: 'tool-call-start', index: slot.index, id: slot.id, name });
    if (held.length > 0) argue(slot, held, out);
  }

  function argue(slot: ToolSlot, args: string, out: StreamPart[]): void {
    if (unargued.size > 0 && /\S/.test(args)) unargued.delete(slot.index);
    out.push({ type: 'tool-call-delta', index: slot.index, argumentsDelta: args });
  }

  /** calls still waiting for a name start nameless: a call that never named its tool is invalid output */
  function startNameless(out: StreamPart[]): void {
    for (const slot of tools.values()) if (slot.held !== undefined) startCall(slot, '', out);
  }

  function toolDeltas(list: unknown[], out: StreamPart[]): void {
    for (let i = 0; i < list.length; i++) {
      const tc = list[i];
      if (!isJsonObject(tc)) continue;
      const upstreamIndex = typeof tc.index === 'number' ? tc.index : i;
      const fn = isJsonObject(tc.function) ? tc.function : undefined;
      const id = typeof tc.id === 'string' && tc.id ? tc.id : undefined;
      const name = typeof fn?.name === 'string' && fn.name ? fn.name : undefined;
      let slot = tools.get(upstreamIndex);
      // a new id at a known index is a new call (some servers send every call at index 0)
      if (!slot || (id !== undefined && id !== slot.id)) {
        if (slot?.held !== undefined) startCall(slot, '', out);
        slot = { index: -1, id: id ?? generatedToolCallId(slotCount), held: '' };
        slotCount++;
        tools.set(upstreamIndex, slot);
      }
      // the name may come after the id (vLLM repeats it as "" in later deltas: a named call keeps its name)
      if (slot.held !== undefined && name !== undefined) startCall(slot, name, out);
      const args = argumentsText(fn?.arguments);
      if (args.length === 0) continue;
      if (slot.held !== undefined) slot.held += args;
      else argue(slot, args, out);
    }
  }

  function choiceParts(choice: JsonObject, out: StreamPart[]): void {
    const delta = isJsonObject(choice.delta) ? choice.delta : undefined;
    if (delta) {
      const reasoning = reasoningOf(delta);
      if (reasoning) out.push({ type: 'reasoning-delta', text: reasoning });
      if (delta.reasoning_details !== undefined) reasoningDetails.add(delta.reasoning_details);
      if (typeof delta.content === 'string' && delta.content.length > 0) {
        answered = true;
        out.push({ type: 'text-delta', text: delta.content });
      }
      // Mistral's Magistral streams typed parts: [{type: "thinking", thinking: [{type: "text", text}]}, {type: "text", text}]
      else if (Array.isArray(delta.content)) answered = listContentParts(delta.content, out) || answered;
      // a refusal streams in its own field; it is the answer's text for every other API
      else if (typeof delta.refusal === 'string' && delta.refusal.length > 0) {
        refused = true;
        out.push({ type: 'text-delta', text: delta.refusal, refusal: true });
      }
      if (Array.isArray(delta.tool_calls)) toolDeltas(delta.tool_calls, out);
      else if (isJsonObject(delta.function_call)) toolDeltas([{ index: 0, function: delta.function_call }], out);
    }
  }

  /**
   * A call with no parameters may stream arguments "" (or none) where OpenAI streams `{}`: it closes with
   * `{}`, the JSON text every client parses (as parseOpenAIChatResponse reads it whole)
   */
  function finishParts(reason: FinishReason, out: StreamPart[]): void {
    finished = true;
    startNameless(out);
    for (const index of unargued) out.push({ type: 'tool-call-delta', index, argumentsDelta: '{}' });
    unargued.clear();
    const details = callIds.length > 0 ? reasoningDetails.details() : undefined;
    out.push(details ? { type: 'finish', finishReason: endedAs(reason), reasoningDetails: { callIds, details } } : { type: 'finish', finishReason: endedAs(reason) });
  }

  /** OpenAI ends a turn of tool calls, and a refusal, with `stop`: the finish every other client reads */
  function endedAs(mapped: FinishReason): FinishReason {
    if (mapped !== 'stop') return mapped;
    if (toolCount > 0) return 'tool_calls';
    return refused && !answered ? 'content_filter' : 'stop';
  }

  function push(event: SseEvent): StreamPart[] {
    const out: StreamPart[] = [];
    if (done || failed) return out;
    const data = event.data;
    if (data === '[DONE]') {
      done = true;
      // a server that ends without a finish_reason still ended cleanly
      if (!finished) finishParts('stop', out);
      return out;
    }
    if (data.length === 0) return out;
    if (started && !finished) {
      let text = frame ? framedString(data, frame) : undefined;
      if (text === undefined) {
        const plain = plainContent(data);
        if (plain) {
          frame = frameAround(data, plain.open, plain.end);
          text = plain.text;
        }
      }
      if (text !== undefined) {
        if (text.length > 0) {
          answered = true;
          out.push({ type: 'text-delta', text });
        }
        return out;
      }
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return fail(out, streamError('upstream sent a stream event that is not valid JSON'));
    }
    if (!isJsonObject(chunk)) return fail(out, streamError('upstream sent a stream event that is not a JSON object'));
    if (chunk.error !== undefined && chunk.error !== null) return fail(out, errorFromOpenAIErrorBody(chunk, 502));
    if (!started) {
      started = true;
      out.push({
        type: 'start',
        id: typeof chunk.id === 'string' ? chunk.id : '',
        model: typeof chunk.model === 'string' ? chunk.model : '',
      });
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (isJsonObject(choice)) choiceParts(choice, out);
    // Groq reports stream usage under `x_groq`
    const usage = mapOpenAIUsage(chunk.usage) ?? (isJsonObject(chunk.x_groq) ? mapOpenAIUsage(chunk.x_groq.usage) : undefined);
    // every chunk names the tier that served the request, the usage chunk included
    if (usage && typeof chunk.service_tier === 'string') usage.serviceTier = chunk.service_tier;
    if (usage) {
      stated = usage;
      out.push({ type: 'usage', usage });
    }
    const reason = isJsonObject(choice) ? choice.finish_reason : undefined;
    if (typeof reason === 'string' && reason.length > 0 && !finished) finishParts(mapOpenAIFinishReason(reason), out);
    return out;
  }

  function end(): StreamPart[] {
    if (done || failed || finished) return [];
    return fail([], streamError('upstream stream ended before it finished'));
  }

  /** the arguments of calls still waiting for their name */
  function heldOutput(): string {
    let held = '';
    for (const slot of tools.values()) if (slot.held !== undefined) held += slot.held;
    return held;
  }

  // a stream that fails before any content (it ends, breaks off or stalls after its usage chunk) is billed what it stated
  return { push, end, runningUsage: () => stated, heldOutput };
}
