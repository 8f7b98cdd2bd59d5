// OpenAI `messages` -> canonical system prompts and messages. Known parts are checked as the API
// checks them; roles and part types with no canonical counterpart are named in `dropped`.
import type { CanonicalMessage, ContentPart, ImageSource, ToolCall } from '../../canonical';
import { invalid, invalidType, isAbsent, optionalString, requiredString } from './validate';
import { safeToolName } from '../safe-tool-name';
import { isJsonObject, type JsonObject } from '../../json-object';

export interface ParsedMessages {
  system: string[];
  messages: CanonicalMessage[];
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function parseOpenAIMessages(list: unknown, dropped: Set<string>): ParsedMessages {
  if (list === undefined) invalid("Missing required parameter: 'messages'.", 'messages');
  if (!Array.isArray(list)) invalidType('messages', 'an array', list);
  if (list.length === 0) invalid("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages');
  const system: string[] = [];
  const messages: CanonicalMessage[] = [];
  // legacy `function_call`s get synthetic ids so the `function` result can point back at them
  const legacyCallIds = new Map<string, string>();
  for (let i = 0; i < list.length; i++) {
    const param = `messages[${i}]`;
    const m: unknown = list[i];
    if (!isJsonObject(m)) invalidType(param, 'an object', m);
    const role = m.role;
    if (role === undefined) invalid(`Missing required parameter: '${param}.role'.`, `${param}.role`);
    if (typeof role !== 'string' || !ROLES.has(role)) {
      dropped.add(`messages[role=${String(role)}]`);
      continue;
    }
    // a participant's name (several users or assistants in one chat): other formats have no place for it
    if (role !== 'function' && typeof m.name === 'string' && m.name !== '') dropped.add('messages.name');
    switch (role) {
      case 'system':
      case 'developer': {
        const text = textOnly(m.content, `${param}.content`, dropped);
        // leading instructions are the system prompt; later ones stay where they were said
        if (messages.length === 0) system.push(text);
        else messages.push({ role: 'system', content: [{ type: 'text', text }] });
        break;
      }
      case 'user':
        messages.push({ role: 'user', content: userContent(m.content, `${param}.content`, dropped) });
        break;
      case 'assistant':
        messages.push(assistantMessage(m, param, legacyCallIds, i, dropped));
        break;
      case 'tool': {
        const toolCallId = m.tool_call_id;
        if (typeof toolCallId !== 'string' || toolCallId.length === 0) {
          invalid(`Missing required parameter: '${param}.tool_call_id'.`, `${param}.tool_call_id`);
        }
        messages.push({ role: 'tool', toolCallId, content: textParts(m.content, `${param}.content`, dropped) });
        break;
      }
      default: {
        // legacy `function` role: a tool result, if an earlier assistant `function_call` named it
        const name = requiredString(m.name, `${param}.name`);
        const id = legacyCallIds.get(name);
        if (id === undefined) invalid(`'${param}' answers a function call '${name}' that no earlier assistant message made.`, `${param}.name`);
        messages.push({ role: 'tool', toolCallId: id, content: textParts(m.content, `${param}.content`, dropped) });
      }
    }
  }
  return { system, messages };
}

function assistantMessage(m: JsonObject, param: string, legacyCallIds: Map<string, string>, i: number, dropped: Set<string>): CanonicalMessage {
  const content = isAbsent(m.content) ? [] : textParts(m.content, `${param}.content`, dropped);
  if (!isAbsent(m.audio)) dropped.add('messages.audio');
  const toolCalls: ToolCall[] = [];
  if (!isAbsent(m.tool_calls)) {
    if (!Array.isArray(m.tool_calls)) invalidType(`${param}.tool_calls`, 'an array', m.tool_calls);
    m.tool_calls.forEach((tc: unknown, j: number) => toolCalls.push(toolCall(tc, `${param}.tool_calls[${j}]`)));
  } else if (!isAbsent(m.function_call)) {
    const fc = m.function_call;
    if (!isJsonObject(fc)) invalidType(`${param}.function_call`, 'an object', fc);
    const name = requiredString(fc.name, `${param}.function_call.name`);
    const id = `call_legacy_${i}`;
    legacyCallIds.set(name, id);
    toolCalls.push({ id, name: safeToolName(name), arguments: argumentsOf(fc.arguments, `${param}.function_call.arguments`) });
  }
  return toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content };
}

function toolCall(tc: unknown, param: string): ToolCall {
  if (!isJsonObject(tc)) invalidType(param, 'an object', tc);
  const id = requiredString(tc.id, `${param}.id`);
  if (tc.type !== undefined && tc.type !== 'function') invalid(`Invalid value for '${param}.type': only 'function' tool calls can be carried to this provider.`, `${param}.type`);
  const fn = tc.function;
  if (!isJsonObject(fn)) return invalid(`Missing required parameter: '${param}.function'.`, `${param}.function`);
  const name = requiredString(fn.name, `${param}.function.name`);
  // the name its tool is offered under elsewhere (parse-request.ts), so the call matches the tool
  return { id, name: safeToolName(name), arguments: argumentsOf(fn.arguments, `${param}.function.arguments`) };
}

function argumentsOf(v: unknown, param: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') invalidType(param, 'a string', v);
  return v;
}

/** System and developer content: a string or text parts, as one string. */
function textOnly(content: unknown, param: string, dropped: Set<string>): string {
  const parts = textParts(content, param, dropped);
  if (parts.length === 1) return parts[0]!.type === 'text' ? parts[0]!.text : '';
  return parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

/** Content of system, assistant and tool messages: text (a refusal is the assistant's text). */
function textParts(content: unknown, param: string, dropped: Set<string>): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return invalidType(param, 'a string or an array of content parts', content);
  const out: ContentPart[] = [];
  content.forEach((p: unknown, j: number) => {
    const pp = `${param}[${j}]`;
    if (!isJsonObject(p)) invalidType(pp, 'an object', p);
    if (p.type === 'text') out.push({ type: 'text', text: requiredString(p.text, `${pp}.text`) });
    else if (p.type === 'refusal') out.push({ type: 'text', text: requiredString(p.refusal, `${pp}.refusal`) });
    else dropped.add(`messages.content[type=${String(p.type)}]`);
  });
  return out;
}

function userContent(content: unknown, param: string, dropped: Set<string>): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    if (content === undefined) invalid(`Missing required parameter: '${param}'.`, param);
    return invalidType(param, 'a string or an array of content parts', content);
  }
  const out: ContentPart[] = [];
  content.forEach((p: unknown, j: number) => {
    const pp = `${param}[${j}]`;
    if (!isJsonObject(p)) invalidType(pp, 'an object', p);
    if (p.type === 'text') out.push({ type: 'text', text: requiredString(p.text, `${pp}.text`) });
    else if (p.type === 'image_url') {
      // the resolution hint goes with the image: OpenAI's APIs take it, the other formats' builders name it
      const detail = isJsonObject(p.image_url) ? optionalString(p.image_url.detail, `${pp}.image_url.detail`) : undefined;
      out.push({ type: 'image', source: imageSource(p.image_url, `${pp}.image_url`), ...(detail === undefined ? {} : { detail }) });
    }
    else if (p.type === 'file') out.push(filePart(p.file, `${pp}.file`));
    else if (p.type === 'input_audio') out.push(audioPart(p.input_audio, `${pp}.input_audio`));
    else dropped.add(`messages.content[type=${String(p.type)}]`);
  });
  return out;
}

/** `{file_data: "data:application/pdf;base64,...", filename}`; a Files API id cannot cross formats. */
function filePart(file: unknown, param: string): ContentPart {
  if (!isJsonObject(file)) return invalidType(param, 'an object', file);
  const data = file.file_data;
  if (typeof data !== 'string' || data.length === 0) {
    return invalid(`Invalid '${param}': only inline file_data (a base64 data URL) can be carried to this provider.`, `${param}.file_data`);
  }
  const filename = typeof file.filename === 'string' && file.filename !== '' ? { filename: file.filename } : {};
  if (data.startsWith('data:')) {
    const source = dataUrlSource(data, `${param}.file_data`, 'application/pdf');
    return { type: 'document', source: { kind: 'base64', mediaType: source.mediaType, data: source.data }, ...filename };
  }
  return { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data }, ...filename };
}

function audioPart(audio: unknown, param: string): ContentPart {
  if (!isJsonObject(audio)) return invalidType(param, 'an object', audio);
  return { type: 'audio', data: requiredString(audio.data, `${param}.data`), format: requiredString(audio.format, `${param}.format`) };
}

function imageSource(imageUrl: unknown, param: string): ImageSource {
  const url = typeof imageUrl === 'string' ? imageUrl : isJsonObject(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string' || url.length === 0) invalid(`Missing required parameter: '${param}.url'.`, `${param}.url`);
  if (url.startsWith('data:')) return dataUrlSource(url, `${param}.url`);
  if (url.startsWith('https://') || url.startsWith('http://')) return { kind: 'url', url };
  return invalid(`Invalid '${param}.url': expected an http(s) URL or a base64 data URL.`, `${param}.url`);
}

/** `data:image/png;base64,....`: only the header is inspected, never the (large) payload. */
function dataUrlSource(url: string, param: string, defaultType = 'image/png'): { kind: 'base64'; mediaType: string; data: string } {
  const comma = url.indexOf(',');
  const header = comma < 0 ? '' : url.slice(5, comma);
  if (comma < 0 || !header.toLowerCase().endsWith(';base64')) {
    invalid(`Invalid '${param}': data URLs must be base64 encoded (data:<type>;base64,<data>).`, param);
  }
  const semi = header.indexOf(';');
  const mediaType = header.slice(0, semi) || defaultType;
  if (comma === url.length - 1) invalid(`Invalid '${param}': the data URL holds no data.`, param);
  return { kind: 'base64', mediaType, data: url.slice(comma + 1) };
}
