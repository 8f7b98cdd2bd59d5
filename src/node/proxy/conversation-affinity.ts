// Conversation affinity: the requests of one conversation routed by a level (auto, eco, balanced, precision) go
// to the model that served its last request, while it is a candidate (core/routing/route-request.ts). Routed
// each on its own, a tool loop hopped between models whose scores were near (measured latency moves them a
// little every request), and every hop paid the whole history at the full input price on a cold prompt cache,
// and lost the thinking the last model did. As OpenRouter keeps a conversation on one provider for its cache.
//
// A conversation is known by the client's own session id when its body carries one (Codex's prompt_cache_key,
// Claude Code's metadata.user_id) and its opening, which stays the same as it grows: its system prompt
// (instructions) and the leading run of system, developer and user messages, read from the body as each API
// gives them. A request continues a conversation when an assistant or model turn, a tool call or a tool result
// follows that opening; one that opens it is routed by score. Only a bounded part of each text is hashed (its
// head, its tail and its length), so a 100 KB history costs what a short one does. No text is kept: the memory
// holds digests and model ids, bounded in count, each forgotten after an hour unused.
import { createHash, type Hash } from 'node:crypto';
import type { InboundApi } from '../../core/canonical';
import type { PowerLevel } from '../../shared/types';

/** Characters of each text hashed from its start, and from its end (Claude Code's first message ends with the user's words). */
const HEAD_CHARS = 2048;
const TAIL_CHARS = 512;
/** Parts of one message read (system blocks, content parts): a message of thousands of parts is not walked. */
const MAX_PARTS = 64;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text fed to the hash bounded: its length, its head and its tail. */
function feedText(hash: Hash, text: string): void {
  hash.update(`\u0000${text.length}:`);
  if (text.length <= HEAD_CHARS + TAIL_CHARS) hash.update(text);
  else hash.update(text.slice(0, HEAD_CHARS)).update('\u0001').update(text.slice(-TAIL_CHARS));
}

/** A message's content as any of the APIs give it: a string, or parts holding `text` (others by their type). */
function feedContent(hash: Hash, content: unknown): void {
  if (typeof content === 'string') return feedText(hash, content);
  const parts = Array.isArray(content) ? content : isObject(content) && Array.isArray(content.parts) ? content.parts : [content];
  for (let i = 0; i < parts.length && i < MAX_PARTS; i++) {
    const part: unknown = parts[i];
    if (typeof part === 'string') feedText(hash, part);
    else if (isObject(part)) {
      if (typeof part.text === 'string') feedText(hash, part.text);
      // an image or a file: its kind, not its megabytes
      else hash.update(`\u0002${typeof part.type === 'string' ? part.type : Object.keys(part).slice(0, 4).join(',')}`);
    }
  }
}

/** Roles of the items a conversation opens with: its instructions and the user's first words (chat, Responses, Messages). */
const OPENING_ROLES = new Set(['system', 'developer', 'user']);

/** Whether an item belongs to a conversation's opening: a system, developer or user message holding no tool result. */
function isOpeningItem(api: InboundApi, m: Json): boolean {
  if (api === 'gemini') {
    // a Gemini content without a role is the user's; a function's response follows a model turn
    if (m.role !== undefined && m.role !== 'user') return false;
    return !(Array.isArray(m.parts) && m.parts.some((p) => isObject(p) && p.functionResponse !== undefined));
  }
  if (typeof m.role !== 'string' || !OPENING_ROLES.has(m.role)) return false;
  // Responses items: a message (typed or not), or Codex's `additional_tools` (a developer item); function calls, their
  // outputs, reasoning continue a conversation, whatever role they carry
  if (api === 'responses') return m.type === undefined || m.type === 'message' || (m.type === 'additional_tools' && m.role !== 'user');
  if (api === 'messages' && Array.isArray(m.content)) return !m.content.some((p) => isObject(p) && p.type === 'tool_result');
  return true;
}

/**
 * A message list's opening: its leading run of system, developer and user items (Codex sends developer items,
 * then its environment context as a user item, then the prompt; Claude Code a user item, then a system one),
 * fed to `hash` when given, bounded to MAX_PARTS items. Undefined when the run holds no user item; else whether
 * anything follows it (an assistant or model turn, a tool call or its result: the request continues a
 * conversation rather than opening one).
 */
function readMessages(api: InboundApi, messages: unknown, hash: Hash | undefined): boolean | undefined {
  if (!Array.isArray(messages)) return undefined;
  const contentKey = api === 'gemini' ? 'parts' : 'content';
  let user = false;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) continue;
    if (!isOpeningItem(api, m)) return user ? true : undefined;
    if (m.role === undefined || m.role === 'user') user = true;
    if (hash !== undefined && i < MAX_PARTS) {
      hash.update(`\u0003${typeof m.role === 'string' ? m.role : 'user'}`);
      feedContent(hash, m[contentKey]);
    }
  }
  return user ? false : undefined;
}

/**
 * The request's opening read (fed to `hash` when given: the instructions, then the leading run of messages), or
 * undefined when it has none (no user message; a Responses request continuing a response stored at the
 * provider, whose opening the body does not hold); else whether the request continues its conversation.
 */
function readOpening(api: InboundApi, body: Json, hash: Hash | undefined): boolean | undefined {
  switch (api) {
    case 'chat':
      return readMessages(api, body.messages, hash);
    case 'messages':
      if (hash !== undefined && body.system !== undefined) feedContent(hash.update('\u0003system'), body.system);
      return readMessages(api, body.messages, hash);
    case 'responses': {
      if (body.previous_response_id !== undefined && body.previous_response_id !== null) return undefined;
      if (hash !== undefined && typeof body.instructions === 'string') feedText(hash.update('\u0003system'), body.instructions);
      if (typeof body.input !== 'string') return readMessages(api, body.input, hash);
      if (hash !== undefined) feedText(hash.update('\u0003user'), body.input);
      return false;
    }
    case 'gemini': {
      const system = body.systemInstruction ?? body.system_instruction;
      if (hash !== undefined && system !== undefined) feedContent(hash.update('\u0003system'), system);
      return readMessages(api, body.contents, hash);
    }
    default:
      return undefined;
  }
}

/** A session id this long at most is read (a UUID is 36). */
const MAX_SESSION_ID = 200;

const sessionIdOf = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= MAX_SESSION_ID ? v : undefined);

/**
 * The client's own id of its conversation, when its body carries one: Codex's `prompt_cache_key` (its thread id,
 * one a session; Chat Completions takes the field too), Claude Code's session in `metadata.user_id` (2.1.x: a
 * JSON string `{"device_id","account_uuid","session_id"}`; before: `user_<hash>_account_<uuid>_session_<uuid>`).
 * Gemini CLI's requests to the Gemini API carry none.
 */
export function clientSessionId(api: InboundApi, body: Json): string | undefined {
  if (api === 'responses' || api === 'chat') return sessionIdOf(body.prompt_cache_key);
  if (api !== 'messages' || !isObject(body.metadata)) return undefined;
  const userId = body.metadata.user_id;
  if (typeof userId !== 'string' || userId.length > 1000) return undefined;
  if (userId.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(userId);
      return isObject(parsed) ? sessionIdOf(parsed.session_id) : undefined;
    } catch {
      return undefined;
    }
  }
  const at = userId.lastIndexOf('_session_');
  return at < 0 ? undefined : sessionIdOf(userId.slice(at + '_session_'.length));
}

/** Whether the request continues a conversation (an assistant turn, a tool call or result follows its opening); undefined: no opening. */
export function conversationContinues(api: InboundApi, body: Json): boolean | undefined {
  return readOpening(api, body, undefined);
}

/**
 * The key a conversation's model is remembered under, one SHA-256: the profile, the name asked for, the level it
 * resolved to, the catalog's version (a change of the routing rules, models, prices or providers re-routes every
 * conversation at once: affinity holds a conversation against measured latency's drift, not against the user), the
 * client's session id when it sends one, and the opening (bounded). Both, as a session can hold several conversations (Claude Code's subagents share its session id,
 * each with its own system prompt; a client may set one prompt_cache_key for all its conversations), and an
 * opening is the same for every session of Codex in a directory on a day. No text is kept, nor any name.
 * Undefined when the request has no opening.
 */
export function conversationKey(
  profileId: string, requested: string, level: PowerLevel | null, api: InboundApi, body: Json, catalogVersion = 0,
): string | undefined {
  const hash = createHash('sha256').update(`${profileId}\u0000${requested}\u0000${level ?? ''}\u0000${catalogVersion}\u0000${clientSessionId(api, body) ?? ''}\u0000`);
  return readOpening(api, body, hash) === undefined ? undefined : hash.digest('base64url');
}

/** Conversations remembered at most (a few hundred bytes each). */
const MAX_CONVERSATIONS = 4096;
/** A conversation unused this long is forgotten: its provider's prompt cache is long cold. */
const IDLE_MS = 60 * 60_000;

/** What a conversation's next request goes to first: the model that served it, or the one kept while another stood in. */
interface Served {
  modelId: string;
  /** served the last request because `modelId`, put first, did not answer (goes second: its cache is warm too) */
  standIn?: string;
  at: number;
}

/** Each conversation's last serving model, least recently used first out. */
export class ConversationAffinity {
  private readonly served = new Map<string, Served>();

  constructor(private readonly maxEntries = MAX_CONVERSATIONS, private readonly idleMs = IDLE_MS) {}

  /** The conversation's models in the order they go first: the one it keeps to, then the one that stood in for it. */
  modelsFor(key: string, now: number): readonly string[] | undefined {
    const found = this.served.get(key);
    if (found === undefined) return undefined;
    this.served.delete(key);
    if (now - found.at > this.idleMs) return undefined;
    found.at = now;
    this.served.set(key, found);
    return found.standIn === undefined ? [found.modelId] : [found.modelId, found.standIn];
  }

  /**
   * `modelId` served the conversation's request. `putFirst`: the model it kept to, put first for it; when another
   * served (that one failed, or timed out: often for a moment, a 529), the conversation keeps to it still, and the
   * one that served goes second, so a moment's failure does not move the conversation for good.
   */
  remember(key: string, modelId: string, now: number, putFirst?: string): void {
    this.served.delete(key);
    this.served.set(key, putFirst === undefined || putFirst === modelId ? { modelId, at: now } : { modelId: putFirst, standIn: modelId, at: now });
    while (this.served.size > this.maxEntries) {
      const oldest = this.served.keys().next().value;
      if (oldest === undefined) break;
      this.served.delete(oldest);
    }
  }

  get size(): number {
    return this.served.size;
  }
}

/** One request's view of the memory: what routing asks, and what the proxy tells once a model served. */
export interface RequestAffinity {
  lookup(level: PowerLevel | null): readonly string[] | undefined;
  remember(level: PowerLevel | null, modelId: string, putFirst?: string): void;
}

/**
 * The request's affinity, or undefined when no memory is kept. Nothing is read of the body until routing asks
 * (a model named outright never does), and nothing hashed for a request that opens its conversation until a
 * model served it: only a request that continues its conversation is sent to the model remembered; one that
 * opens it (the same opening sent again, a one-shot question asked twice) is routed by score. The key is one
 * SHA-256 a request, computed once.
 */
export function requestAffinity(
  memory: ConversationAffinity | undefined, profileId: string, requested: string, api: InboundApi, body: Json, catalogVersion = 0,
): RequestAffinity | undefined {
  if (memory === undefined) return undefined;
  let computed: { level: PowerLevel | null; key: string | undefined } | undefined;
  const key = (level: PowerLevel | null): string | undefined => {
    if (computed?.level !== level) computed = { level, key: conversationKey(profileId, requested, level, api, body, catalogVersion) };
    return computed.key;
  };
  return {
    lookup: (level) => {
      if (memory.size === 0 || conversationContinues(api, body) !== true) return undefined;
      const k = key(level);
      return k === undefined ? undefined : memory.modelsFor(k, Date.now());
    },
    remember: (level, modelId, putFirst) => {
      const k = key(level);
      if (k !== undefined) memory.remember(k, modelId, Date.now(), putFirst);
    },
  };
}
