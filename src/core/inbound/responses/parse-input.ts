// Responses `instructions` and `input` items -> canonical system prompts and messages. Known items
// and parts are checked as the API checks them; what has no canonical counterpart (encrypted
// reasoning, hosted tool history, references to items stored at OpenAI) is named in `dropped`.
import type { CanonicalMessage, ContentPart, DocumentSource, ImageSource, ToolCall } from '../../canonical';
import { invalid, invalidType, isAbsent, optionalString, requiredString } from '../openai/validate';
import { flatToolName, offeredToolName, TOOL_SEARCH } from './tool-names';
import { hasEncryptedReasoning, isSwitchboardReasoningId } from '../../responses-items';
import { COMPACTION_PROMPT, summaryText, switchboardSummary } from '../../responses-compaction';
import { openThinking, withSealedThinking, type SealedThinking, type ThinkingSeal } from '../../switchboard-thinking';
import { isJsonObject, type JsonObject } from '../../json-object';

export interface ParsedInput {
  system: string[];
  messages: CanonicalMessage[];
  /** the summary text of a reasoning item, for the assistant turn that follows it */
  pendingReasoning?: string;
  /** Claude's thinking Switchboard sealed in a reasoning item, for the call that follows it */
  pendingThinking?: SealedThinking;
}

/** `freeform` false: custom tool calls and their outputs are dropped (see ResponsesParseOptions). */
export function parseResponsesInput(instructions: unknown, input: unknown, dropped: Set<string>, freeform = true, seal?: ThinkingSeal): ParsedInput {
  const out: ParsedInput = { system: [], messages: [] };
  if (!isAbsent(instructions)) {
    const text = requiredString(instructions, 'instructions');
    if (text !== '') out.system.push(text);
  }
  if (isAbsent(input)) return out;
  if (typeof input === 'string') {
    out.messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return out;
  }
  if (!Array.isArray(input)) invalidType('input', 'a string or an array of input items', input);
  const droppedCalls = new Set<string>();
  const clientSearches = new Set<string>();
  const state: InputState = { dropped, droppedCalls, clientSearches, freeform, seal, summaryOnly: new Set(), sealsApplied: new Set() };
  input.forEach((item: unknown, i: number) => {
    const param = `input[${i}]`;
    if (!isJsonObject(item)) invalidType(param, 'an object', item);
    readItem(item, param, out, state);
  });
  // Switchboard's summary of a step's thinking whose sealed thinking went back with the step's call lost nothing
  for (const step of state.summaryOnly) if (![...state.sealsApplied].some((id) => ofStep(id, step))) dropped.add('input[type=reasoning]');
  delete out.pendingReasoning;
  delete out.pendingThinking;
  return out;
}

interface InputState {
  /** what has no counterpart elsewhere, named */
  dropped: Set<string>;
  /** call ids of calls of a kind no other format has (local_shell_call, OpenAI's tool_search_call...) */
  droppedCalls: Set<string>;
  /** call ids of the client's own tool searches, kept as calls */
  clientSearches: Set<string>;
  /** custom tools' calls carried (see ResponsesParseOptions) */
  freeform: boolean;
  /** reads back the thinking Switchboard sealed for this profile */
  seal: ThinkingSeal | undefined;
  /** the steps (stepOf) of summary-only reasoning items Switchboard issued: named dropped unless their step's sealed thinking was applied */
  summaryOnly: Set<string>;
  /** the ids of sealed reasoning items Switchboard issued whose thinking went with a call */
  sealsApplied: Set<string>;
  /** the id of the sealed item whose thinking is pending (out.pendingThinking) */
  pendingSealId?: string;
}

/**
 * The response a summary item Switchboard issued came in: its id less the item's index (response-object.ts itemId),
 * two hex digits as the summary is its response's first item. Undefined for an id Switchboard did not issue.
 */
function stepOf(id: unknown): string | undefined {
  return isSwitchboardReasoningId(id) ? (id as string).slice(0, -2) : undefined;
}

/** A sealed item's id is of the step: the step's response and then its index, two hex digits or more (256 on). */
function ofStep(sealedId: string, step: string): boolean {
  return sealedId.startsWith(step) && /^[0-9a-f]{2,}$/.test(sealedId.slice(step.length));
}

function readItem(item: JsonObject, param: string, out: ParsedInput, state: InputState): void {
  const { dropped, droppedCalls, clientSearches, freeform } = state;
  const type = isAbsent(item.type) ? 'message' : requiredString(item.type, `${param}.type`);
  // without freeform tools their calls and outputs go the way of any call no other format has
  if (!freeform && (type === 'custom_tool_call' || type === 'custom_tool_call_output')) return dropItem(item, type, dropped, droppedCalls);
  switch (type) {
    case 'message':
      return readMessage(item, param, out, dropped);
    case 'function_call':
    case 'custom_tool_call': {
      const name = requiredString(item.name, `${param}.name`);
      // a custom tool travels as a function of one string, `input`
      const args = type === 'function_call'
        ? requiredString(item.arguments, `${param}.arguments`)
        : JSON.stringify({ input: requiredString(item.input, `${param}.input`) });
      const call: ToolCall = {
        id: requiredString(item.call_id, `${param}.call_id`),
        // the name its tool is offered under (parse-request.ts), so the call matches the tool
        name: offeredToolName(name, item.namespace),
        arguments: args,
      };
      return pushCall(out, call, state);
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      // the answer to a call that was dropped goes with it: a tool result without its call is refused
      if (typeof item.call_id === 'string' && droppedCalls.has(item.call_id)) {
        dropped.add(`input[type=${type}]`);
        return;
      }
      out.messages.push({
        role: 'tool',
        toolCallId: requiredString(item.call_id, `${param}.call_id`),
        content: toolOutput(item.output, `${param}.output`, dropped),
      });
      return;
    case 'additional_tools':
      // tools made available from here on: the request's tools (parse-request) carry them
      return;
    case 'tool_search_call':
      // a search the client ran (Codex's, over its MCP tools) is a call and its result; OpenAI's own is
      // hosted, and one without a call id has no result to pair with: both go, named
      if (item.execution !== 'client' || typeof item.call_id !== 'string') return dropItem(item, type, dropped, droppedCalls);
      clientSearches.add(item.call_id);
      return readToolSearchCall(item, item.call_id, out, state);
    case 'tool_search_output':
      // the output of a search kept above is its result, whatever it says of its execution
      if (typeof item.call_id !== 'string' || !clientSearches.has(item.call_id)) return dropItem(item, type, dropped, droppedCalls);
      return readToolSearchOutput(item, item.call_id, out);
    case 'compaction_trigger':
      // Codex's remote compaction: the model is asked for the summary its answer becomes (response-object.ts)
      out.messages.push({ role: 'user', content: [{ type: 'text', text: COMPACTION_PROMPT }] });
      return;
    case 'compaction': {
      // a summary Switchboard made stands for the conversation before it; OpenAI's encrypted one reaches
      // only OpenAI (routing), else it goes, named
      const summary = switchboardSummary(item);
      if (summary === undefined) return dropItem(item, type, dropped, droppedCalls);
      out.messages.push({ role: 'user', content: [{ type: 'text', text: summaryText(summary) }] });
      return;
    }
    case 'reasoning': {
      // Claude's thinking Switchboard sealed for the client goes back with the call after it; a sealed value
      // that does not hold (forged, another profile's or install's, too long) is dropped and named as any other
      const sealed = openThinking(state.seal, item.encrypted_content);
      if (sealed) {
        out.pendingThinking = sealed;
        if (isSwitchboardReasoningId(item.id)) state.pendingSealId = item.id as string;
        else delete state.pendingSealId;
        return;
      }
      // reasoning is the model's own, the encrypted part only OpenAI reads: named. Its readable summary
      // still goes with the turn after it, for a provider that wants the thinking back (DeepSeek). A summary
      // Switchboard issued is named at the end, unless the thinking sealed in its step's other item went back
      const step = stepOf(item.id);
      if (hasEncryptedReasoning(item)) dropped.add('input[type=reasoning].encrypted_content');
      else if (step !== undefined) state.summaryOnly.add(step);
      else dropped.add('input[type=reasoning]');
      keepSummary(out, item);
      return;
    }
    default:
      dropItem(item, type, dropped, droppedCalls);
  }
}

function readToolSearchCall(item: JsonObject, callId: string, out: ParsedInput, state: InputState): void {
  const args = item.arguments;
  const call: ToolCall = {
    id: callId,
    name: TOOL_SEARCH,
    arguments: typeof args === 'string' ? args : JSON.stringify(isAbsent(args) ? {} : args),
  };
  pushCall(out, call, state);
}

/** A turn's text and its calls (and parallel calls) form one assistant message, as other formats want. */
function pushCall(out: ParsedInput, call: ToolCall, state: InputState): void {
  const last = out.messages.at(-1);
  const sealed = out.pendingThinking;
  delete out.pendingThinking;
  if (sealed && state.pendingSealId !== undefined) state.sealsApplied.add(state.pendingSealId);
  delete state.pendingSealId;
  call = withSealedThinking(call, sealed, last?.role === 'assistant' ? last.toolCalls?.[0] : undefined);
  if (last?.role === 'assistant') {
    (last.toolCalls ??= []).push(call);
    takeReasoning(out, last);
  } else out.messages.push(takeReasoning(out, { role: 'assistant', content: [], toolCalls: [call] }));
}

/** The reasoning items read since the last assistant turn go with this one. */
function takeReasoning(out: ParsedInput, message: Extract<CanonicalMessage, { role: 'assistant' }>): CanonicalMessage {
  if (out.pendingReasoning !== undefined) {
    message.reasoning = joinReasoning(message.reasoning, out.pendingReasoning);
    delete out.pendingReasoning;
  }
  return message;
}

function keepSummary(out: ParsedInput, item: JsonObject): void {
  const texts: string[] = [];
  for (const s of Array.isArray(item.summary) ? item.summary : []) if (isJsonObject(s) && typeof s.text === 'string') texts.push(s.text);
  const summary = texts.join('\n');
  if (summary !== '') out.pendingReasoning = joinReasoning(out.pendingReasoning, summary);
}

function joinReasoning(a: string | undefined, b: string): string {
  return a === undefined || a === '' ? b : b === '' ? a : `${a}\n${b}`;
}

/** The search's result, for the model: the names of the tools it loaded (offered from now on, parse-request). */
function readToolSearchOutput(item: JsonObject, callId: string, out: ParsedInput): void {
  const names: string[] = [];
  for (const t of Array.isArray(item.tools) ? item.tools : []) {
    if (!isJsonObject(t) || typeof t.name !== 'string') continue;
    if (t.type === 'namespace' && Array.isArray(t.tools)) {
      for (const fn of t.tools) if (isJsonObject(fn) && typeof fn.name === 'string') names.push(flatToolName(t.name, fn.name));
    } else names.push(offeredToolName(t.name, undefined));
  }
  const text = names.length === 0 ? 'No tools matched the search.' : `Tools loaded, callable from now on: ${names.join(', ')}`;
  out.messages.push({ role: 'tool', toolCallId: callId, content: [{ type: 'text', text }] });
}

function dropItem(item: JsonObject, type: string, dropped: Set<string>, droppedCalls: Set<string>): void {
  dropped.add(`input[type=${type}]`);
  if (typeof item.call_id === 'string') droppedCalls.add(item.call_id);
}

function readMessage(item: JsonObject, param: string, out: ParsedInput, dropped: Set<string>): void {
  const role = requiredString(item.role, `${param}.role`);
  if (isAbsent(item.content)) invalid(`Missing required parameter: '${param}.content'.`, `${param}.content`);
  const content = parts(item.content, `${param}.content`, dropped);
  switch (role) {
    case 'system':
    case 'developer': {
      const text = textOf(content);
      // leading instructions are the system prompt; later ones stay where they were said
      if (out.messages.length === 0) {
        if (text !== '') out.system.push(text);
      } else out.messages.push({ role: 'system', content: [{ type: 'text', text }] });
      return;
    }
    case 'user':
      // reasoning the client sent with no turn of the model's after it belongs to none
      delete out.pendingReasoning;
      delete out.pendingThinking;
      out.messages.push({ role: 'user', content });
      return;
    case 'assistant': {
      const last = out.messages.at(-1);
      if (last?.role === 'assistant' && !last.toolCalls) {
        last.content.push(...content);
        takeReasoning(out, last);
      } else out.messages.push(takeReasoning(out, { role: 'assistant', content }));
      return;
    }
    default:
      dropped.add(`input[role=${role}]`);
  }
}

function toolOutput(output: unknown, param: string, dropped: Set<string>): ContentPart[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  if (!Array.isArray(output)) return invalidType(param, 'a string or an array of content parts', output);
  return parts(output, param, dropped);
}

function parts(content: unknown, param: string, dropped: Set<string>): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return invalidType(param, 'a string or an array of content parts', content);
  const out: ContentPart[] = [];
  content.forEach((p: unknown, i: number) => {
    const at = `${param}[${i}]`;
    if (!isJsonObject(p)) invalidType(at, 'an object', p);
    const part = contentPart(p, at, dropped);
    if (part) out.push(part);
  });
  return out;
}

function contentPart(p: JsonObject, param: string, dropped: Set<string>): ContentPart | undefined {
  switch (p.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: requiredString(p.text, `${param}.text`) };
    case 'refusal':
      return { type: 'text', text: requiredString(p.refusal, `${param}.refusal`) };
    case 'input_image': {
      const detail = optionalString(p.detail, `${param}.detail`);
      return { type: 'image', source: imageSource(p, param), ...(detail === undefined ? {} : { detail }) };
    }
    case 'input_file':
      return documentPart(p, param);
    case 'input_audio': {
      const audio = isJsonObject(p.input_audio) ? p.input_audio : {};
      return { type: 'audio', data: requiredString(audio.data, `${param}.input_audio.data`), format: requiredString(audio.format, `${param}.input_audio.format`) };
    }
    default:
      dropped.add(`input.content[type=${String(p.type)}]`);
      return undefined;
  }
}

function imageSource(p: JsonObject, param: string): ImageSource {
  if (typeof p.image_url !== 'string') {
    if (typeof p.file_id === 'string') invalid(`Invalid '${param}': an image by file_id can only be sent to OpenAI.`, `${param}.file_id`);
    invalid(`Missing required parameter: '${param}.image_url'.`, `${param}.image_url`);
  }
  const url = p.image_url;
  if (url.startsWith('data:')) return dataUrl(url, `${param}.image_url`);
  if (!/^https?:\/\//i.test(url)) invalid(`Invalid '${param}.image_url': expected an http(s) URL or a base64 data URL.`, `${param}.image_url`);
  return { kind: 'url', url };
}

function documentPart(p: JsonObject, param: string): ContentPart {
  const filename = typeof p.filename === 'string' ? p.filename : undefined;
  let source: DocumentSource;
  if (typeof p.file_data === 'string') {
    // the API takes a data URL; bare base64 is read as a PDF, as OpenAI does
    source = p.file_data.startsWith('data:') ? dataUrl(p.file_data, `${param}.file_data`) : { kind: 'base64', mediaType: 'application/pdf', data: p.file_data };
  } else if (typeof p.file_url === 'string') {
    source = { kind: 'url', url: p.file_url };
  } else {
    if (typeof p.file_id === 'string') invalid(`Invalid '${param}': a file by file_id can only be sent to OpenAI.`, `${param}.file_id`);
    return invalid(`Missing required parameter: '${param}.file_data'.`, `${param}.file_data`);
  }
  return filename === undefined ? { type: 'document', source } : { type: 'document', source, filename };
}

function dataUrl(url: string, param: string): Extract<ImageSource, { kind: 'base64' }> {
  const comma = url.indexOf(',');
  const header = comma < 0 ? '' : url.slice(5, comma);
  if (comma < 0 || !header.endsWith(';base64')) invalid(`Invalid '${param}': data URLs must be base64 encoded (data:<type>;base64,<data>).`, param);
  if (comma === url.length - 1) invalid(`Invalid '${param}': the data URL holds no data.`, param);
  return { kind: 'base64', mediaType: header.slice(0, header.indexOf(';')) || 'application/octet-stream', data: url.slice(comma + 1) };
}

function textOf(content: ContentPart[]): string {
  return content.map((p) => (p.type === 'text' ? p.text : '')).filter((t) => t !== '').join('\n');
}
