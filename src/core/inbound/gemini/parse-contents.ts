// Gemini `contents` -> canonical messages. Function calls keep the id the client gave them; one
// without an id gets `call_<turn>_<part>`, the same every time the history is sent again, and its
// functionResponse (matched by id, else by name in call order) gets the same id.
import { RequestValidationError } from '../../canonical';
import type { CanonicalMessage, ContentPart, ToolCall } from '../../canonical';
import { SKIP_THOUGHT_SIGNATURE } from '../../providers/gemini/request';
import { isSealedThinking, openThinking, withSealedThinking, type ThinkingSeal } from '../../switchboard-thinking';
import { fnv1a, safeToolName } from '../safe-tool-name';
import { field, objectField, partKind, type Json } from './fields';
import { isJsonObject } from '../../json-object';
import { standardBase64 } from '../../base64';

/** OpenAI refuses tool call ids longer than this. */
const MAX_ID_LENGTH = 40;

export function contentsToCanonical(contents: readonly unknown[], dropped: Set<string>, seal?: ThinkingSeal): CanonicalMessage[] {
  const out: CanonicalMessage[] = [];
  /** the latest model turn's calls not yet answered */
  let pending = new PendingCalls();
  /**
   * The assistant turn being read: consecutive model contents are one turn (the @google/genai SDK's
   * chats keep each streamed chunk as a model content of its own), ended by a user or function content.
   */
  let turn: AssistantMessage | undefined;
  contents.forEach((raw, i) => {
    const param = `contents[${i}]`;
    if (!isJsonObject(raw)) throw new RequestValidationError(`${param}: must be an object`, param);
    const role = field(raw, 'role') ?? 'user';
    const parts = partsOf(raw, param);
    if (role === 'model') {
      if (turn === undefined) {
        turn = { role: 'assistant', content: [] };
        pending = new PendingCalls();
      }
      const wasEmpty = isEmptyTurn(turn);
      const calls = addModelParts(turn, parts, i, param, dropped, seal);
      for (const call of calls) pending.add(call.name, call.id);
      if (wasEmpty && !isEmptyTurn(turn)) out.push(turn);
    } else if (role === 'user' || role === 'function') {
      turn = undefined;
      userMessages(parts, param, pending, dropped, out);
    } else {
      dropped.add(`contents[role=${String(role)}]`);
    }
  });
  return out;
}

type AssistantMessage = Extract<CanonicalMessage, { role: 'assistant' }>;

/**
 * Per function name, the ids of a model turn's calls not yet answered, in call order: a response without an id takes
 * the first, one with an id takes its own. Each step costs the same however many calls the turn has: an id taken out
 * of order is only counted, and passed over when the first is next taken.
 */
class PendingCalls {
  private readonly byName = new Map<string, { ids: string[]; next: number; left: Map<string, number>; skip: Map<string, number>; size: number }>();

  add(name: string, id: string): void {
    let q = this.byName.get(name);
    if (!q) this.byName.set(name, q = { ids: [], next: 0, left: new Map(), skip: new Map(), size: 0 });
    q.ids.push(id);
    q.left.set(id, (q.left.get(id) ?? 0) + 1);
    q.size++;
  }

  /** How many calls of this name are not yet answered. */
  size(name: string): number {
    return this.byName.get(name)?.size ?? 0;
  }

  /** The first call of this name not yet answered, now answered. */
  takeFirst(name: string): string | undefined {
    const q = this.byName.get(name);
    while (q && q.next < q.ids.length) {
      const id = q.ids[q.next++]!;
      const skip = q.skip.get(id) ?? 0;
      if (skip > 0) q.skip.set(id, skip - 1);
      else {
        q.left.set(id, q.left.get(id)! - 1);
        q.size--;
        return id;
      }
    }
    return undefined;
  }

  /** The first call of this name with this id, if one is not yet answered, now answered. */
  take(name: string, id: string): void {
    const q = this.byName.get(name);
    const left = q?.left.get(id) ?? 0;
    if (!q || left === 0) return;
    q.left.set(id, left - 1);
    q.skip.set(id, (q.skip.get(id) ?? 0) + 1);
    q.size--;
  }
}

function isEmptyTurn(turn: AssistantMessage): boolean {
  return turn.content.length === 0 && turn.toolCalls === undefined;
}

export function partsOf(content: Json, param: string): Json[] {
  const parts = field(content, 'parts') ?? [];
  if (!Array.isArray(parts)) throw new RequestValidationError(`${param}.parts: must be an array`, `${param}.parts`);
  return parts.map((p: unknown, j) => {
    if (!isJsonObject(p)) throw new RequestValidationError(`${param}.parts[${j}]: must be an object`, `${param}.parts[${j}]`);
    return p;
  });
}

/** A model content's parts added to its turn: text joined to the text before it, calls gathered; the calls added. */
function addModelParts(turn: AssistantMessage, parts: Json[], index: number, param: string, dropped: Set<string>, seal: ThinkingSeal | undefined): ToolCall[] {
  const added: ToolCall[] = [];
  parts.forEach((p, j) => {
    const signature = field(p, 'thoughtSignature');
    // Claude's thinking Switchboard sealed goes on its call; a sealed value that does not hold (forged, another
    // profile's or install's, too long) is named as any signature of Google's is
    const sealed = isSealedThinking(signature) ? openThinking(seal, signature) : undefined;
    if (typeof signature === 'string' && signature !== SKIP_THOUGHT_SIGNATURE && !sealed) dropped.add('thoughtSignature');
    const kind = partKind(p);
    if (kind === 'text') {
      const text = requireString(field(p, 'text'), `${param}.parts[${j}].text`);
      if (field(p, 'thought') === true) dropped.add('thought');
      else if (text !== '') addText(turn.content, text);
    } else if (kind === 'functionCall') {
      const call = objectField(p, 'functionCall') ?? {};
      // named as its declaration was (parse-request): Gemini CLI's MCP names break OpenAI's rules
      const name = safeToolName(requireString(call.name, `${param}.parts[${j}].functionCall.name`));
      const args = call.args ?? {};
      if (!isJsonObject(args)) throw new RequestValidationError(`${param}.parts[${j}].functionCall.args: must be an object`, `${param}.parts[${j}].functionCall.args`);
      const id = typeof call.id === 'string' && call.id !== '' ? toolId(call.id) : `call_${index}_${j}`;
      added.push(withSealedThinking({ id, name, arguments: JSON.stringify(args) }, sealed, turn.toolCalls?.[0] ?? added[0]));
    } else {
      // generated images, code the model ran, ...: the model's own output with no place elsewhere
      dropped.add(`contents.parts[${kind}]`);
    }
  });
  // added to in place: the @google/genai SDK's chats send a turn's calls a model content each
  if (turn.toolCalls === undefined) {
    if (added.length > 0) turn.toolCalls = added;
  } else for (const call of added) turn.toolCalls.push(call);
  return added;
}

/** Gemini's text parts read as one text (a streamed answer comes a few words a part) */
function addText(content: ContentPart[], text: string): void {
  const last = content[content.length - 1];
  if (last?.type === 'text') content[content.length - 1] = { type: 'text', text: last.text + text };
  else content.push({ type: 'text', text });
}

/**
 * Function responses become tool messages first (OpenAI needs them right after the call), then the rest. A
 * functionResponse repeating one before it in the same turn is dropped and named: Gemini CLI 0.61's resumed
 * session sends each twice, and OpenAI refuses a second tool message for one call.
 */
function userMessages(parts: Json[], param: string, pending: PendingCalls, dropped: Set<string>, out: CanonicalMessage[]): void {
  const content: ContentPart[] = [];
  const answered = new Set<string>();
  parts.forEach((p, j) => {
    const kind = partKind(p);
    const at = `${param}.parts[${j}]`;
    if (kind === 'functionResponse') {
      const res = objectField(p, 'functionResponse') ?? {};
      if (isRepeat(res, answered, pending)) dropped.add('functionResponse[repeated]');
      else out.push(toolMessage(res, at, pending, dropped));
    } else if (kind === 'text') content.push({ type: 'text', text: requireString(field(p, 'text'), `${at}.text`) });
    else {
      const part = mediaPart(p, kind, at, dropped);
      if (part) content.push(part);
    }
  });
  // an empty content (`parts: []`) too, as an empty text is: the adapters send the user's turn it ends a conversation on
  if (content.length > 0 || parts.length === 0) out.push({ role: 'user', content });
}

/**
 * Whether a functionResponse repeats one earlier in its turn: the same id; without an id, the same name and
 * response when no call of that name is left to answer (two calls may well get the same answer).
 */
function isRepeat(res: Json, answered: Set<string>, pending: PendingCalls): boolean {
  const id = typeof res.id === 'string' && res.id !== '' ? res.id : undefined;
  const name = typeof res.name === 'string' ? safeToolName(res.name) : '';
  const key = id !== undefined ? `id ${id}` : `name ${name} ${JSON.stringify(res.response ?? null)}`;
  const repeat = answered.has(key) && (id !== undefined || pending.size(name) === 0);
  answered.add(key);
  return repeat;
}

function toolMessage(res: Json, param: string, pending: PendingCalls, dropped: Set<string>): CanonicalMessage {
  const name = safeToolName(requireString(res.name, `${param}.functionResponse.name`));
  let id: string | undefined = typeof res.id === 'string' && res.id !== '' ? toolId(res.id) : undefined;
  if (id === undefined) id = pending.takeFirst(name) ?? `call_${name}`;
  else pending.take(name, id);
  const response = res.response;
  const msg: CanonicalMessage = { role: 'tool', toolCallId: id, content: [] };
  const text = responseText(response);
  if (text !== '') msg.content.push({ type: 'text', text });
  if (isJsonObject(response) && response.error !== undefined && response.output === undefined) msg.isError = true;
  const nested = field(res, 'parts');
  if (Array.isArray(nested)) {
    nested.forEach((n: unknown, k) => {
      if (!isJsonObject(n)) return;
      const part = mediaPart(n, partKind(n), `${param}.functionResponse.parts[${k}]`, dropped);
      if (part) msg.content.push(part);
    });
  }
  return msg;
}

/** `{output: "..."}` (Gemini CLI), `{content: "..."}` or `{error: "..."}` as their text; any other shape as JSON. */
function responseText(response: unknown): string {
  if (response === undefined || response === null) return '';
  if (isJsonObject(response)) {
    const keys = Object.keys(response);
    const only = keys.length === 1 ? response[keys[0] as string] : undefined;
    if (typeof only === 'string' && (keys[0] === 'output' || keys[0] === 'content' || keys[0] === 'error' || keys[0] === 'result')) return only;
  }
  return JSON.stringify(response);
}

function mediaPart(p: Json, kind: string, param: string, dropped: Set<string>): ContentPart | undefined {
  if (kind === 'inlineData') {
    const data = objectField(p, 'inlineData') ?? {};
    const mime = requireString(field(data, 'mimeType'), `${param}.inlineData.mimeType`).toLowerCase();
    const sent = requireString(field(data, 'data'), `${param}.inlineData.data`);
    const b64 = (): string => inlineBase64(sent, `${param}.inlineData.data`);
    if (mime.startsWith('image/')) return { type: 'image', source: { kind: 'base64', mediaType: mime, data: b64() } };
    if (mime === 'application/pdf') return { type: 'document', source: { kind: 'base64', mediaType: mime, data: b64() } };
    if (mime.startsWith('audio/')) return { type: 'audio', data: b64(), format: audioFormat(mime) };
    if (mime.startsWith('text/')) return { type: 'text', text: Buffer.from(b64(), 'base64').toString('utf8') };
    dropped.add(`inlineData[mimeType=${mime}]`);
    return undefined;
  }
  if (kind === 'fileData') {
    const file = objectField(p, 'fileData') ?? {};
    const uri = requireString(field(file, 'fileUri'), `${param}.fileData.fileUri`);
    const mime = String(field(file, 'mimeType') ?? '').toLowerCase();
    if (mime.startsWith('image/')) return { type: 'image', source: { kind: 'url', url: uri } };
    if (mime === 'application/pdf' || mime === '') return { type: 'document', source: { kind: 'url', url: uri, mediaType: mime || 'application/pdf' } };
    dropped.add(`fileData[mimeType=${mime}]`);
    return undefined;
  }
  dropped.add(`contents.parts[${kind}]`);
  return undefined;
}

const AUDIO_FORMATS: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav' };

function audioFormat(mime: string): string {
  return AUDIO_FORMATS[mime] ?? mime.slice('audio/'.length);
}

/**
 * inlineData's bytes in standard base64, as Anthropic and OpenAI's data URLs take them: Google also takes
 * URL-safe base64 (what the Python SDK, google-genai, sends), which they refuse.
 */
function inlineBase64(data: string, param: string): string {
  const standard = standardBase64(data);
  if (standard === undefined) throw new RequestValidationError(`${param}: must be base64 (standard or URL-safe)`, param);
  return standard;
}

/** A client's id as sent, unless OpenAI would refuse its length: then a stable short one. */
export function toolId(id: string): string {
  if (id.length <= MAX_ID_LENGTH) return id;
  // FNV-1a, twice with different offsets: the same long id always gives the same short one
  const a = fnv1a(id);
  const b = fnv1a(id, 0x01000193 ^ id.length, 0x01000193 + 2);
  return `call_${a.toString(36)}${b.toString(36)}`;
}

function requireString(v: unknown, param: string): string {
  if (typeof v !== 'string') throw new RequestValidationError(`${param}: must be a string`, param);
  return v;
}
