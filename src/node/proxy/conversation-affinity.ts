// Conversation affinity: the requests of one conversation routed by a level or an alias of several models go
// to the model that served its last request, while it is a candidate (core/routing/route-request.ts). Routed
// each on its own, a tool loop hopped between models whose scores were near (measured latency moves them a
// little every request), and every hop paid the whole history at the full input price on a cold prompt cache,
// and lost the thinking the last model did. As OpenRouter keeps a conversation on one provider for its cache.
//
// A conversation is known by its opening, which stays the same as it grows: its system prompt (instructions)
// and first user message, read from the body as each API gives them. Only a bounded part of each is hashed
// (its head, its tail and its length), so a 100 KB history costs what a short one does. No text is kept:
// the memory holds digests and model ids, bounded in count, each forgotten after an hour unused.
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

/** Roles that set the model's instructions in a message list (chat, Responses input). */
const SYSTEM_ROLES = new Set(['system', 'developer']);

/**
 * A message list's instructions before its first user message, and that message: undefined when it has none,
 * else whether anything follows it (the request continues a conversation rather than opening one).
 */
function feedMessages(hash: Hash, messages: unknown, systemRoles: boolean, contentKey: 'content' | 'parts'): boolean | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = 0; i < messages.length && i < MAX_PARTS; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) continue;
    // a Gemini content without a role is the user's
    const role = m.role ?? (contentKey === 'parts' ? 'user' : undefined);
    if (systemRoles && typeof role === 'string' && SYSTEM_ROLES.has(role)) {
      hash.update('\u0003system');
      feedContent(hash, m[contentKey]);
    } else if (role === 'user') {
      hash.update('\u0003user');
      feedContent(hash, m[contentKey]);
      return messages.length > i + 1;
    }
  }
  return undefined;
}

/** A conversation's opening, as a digest, and whether the request continues it (holds more than its opening). */
export interface ConversationOpening {
  digest: string;
  continues: boolean;
}

/**
 * The digest of a conversation's opening (its instructions and first user message) as the inbound API gives
 * them, or undefined when the request has none (no user message; a Responses request continuing a response
 * stored at the provider, whose opening the body does not hold).
 */
export function conversationOpening(api: InboundApi, body: Json): ConversationOpening | undefined {
  const hash = createHash('sha256');
  let found: boolean | undefined;
  switch (api) {
    case 'chat':
      found = feedMessages(hash, body.messages, true, 'content');
      break;
    case 'messages':
      if (body.system !== undefined) feedContent(hash.update('\u0003system'), body.system);
      found = feedMessages(hash, body.messages, false, 'content');
      break;
    case 'responses': {
      if (body.previous_response_id !== undefined && body.previous_response_id !== null) return undefined;
      if (typeof body.instructions === 'string') feedText(hash.update('\u0003system'), body.instructions);
      if (typeof body.input === 'string') {
        feedText(hash.update('\u0003user'), body.input);
        found = false;
      } else found = feedMessages(hash, body.input, true, 'content');
      break;
    }
    case 'gemini': {
      const system = body.systemInstruction ?? body.system_instruction;
      if (system !== undefined) feedContent(hash.update('\u0003system'), system);
      found = feedMessages(hash, body.contents, false, 'parts');
      break;
    }
    default:
      return undefined;
  }
  return found === undefined ? undefined : { digest: hash.digest('base64url'), continues: found };
}

/** conversationOpening's digest alone. */
export function conversationOpeningDigest(api: InboundApi, body: Json): string | undefined {
  return conversationOpening(api, body)?.digest;
}

/**
 * The key a conversation's model is remembered under: the profile, the name asked for, the level it resolved
 * to (null: an alias of several models), and the opening's digest; itself a digest, so no name is kept either.
 */
export function conversationKey(profileId: string, requested: string, level: PowerLevel | null, openingDigest: string): string {
  return createHash('sha256').update(`${profileId}\u0000${requested}\u0000${level ?? ''}\u0000${openingDigest}`).digest('base64url');
}

/** Conversations remembered at most (a few hundred bytes each). */
const MAX_CONVERSATIONS = 4096;
/** A conversation unused this long is forgotten: its provider's prompt cache is long cold. */
const IDLE_MS = 60 * 60_000;

/** Each conversation's last serving model, least recently used first out. */
export class ConversationAffinity {
  private readonly served = new Map<string, { modelId: string; at: number }>();

  constructor(private readonly maxEntries = MAX_CONVERSATIONS, private readonly idleMs = IDLE_MS) {}

  modelFor(key: string, now: number): string | undefined {
    const found = this.served.get(key);
    if (found === undefined) return undefined;
    this.served.delete(key);
    if (now - found.at > this.idleMs) return undefined;
    this.served.set(key, found);
    return found.modelId;
  }

  remember(key: string, modelId: string, now: number): void {
    this.served.delete(key);
    this.served.set(key, { modelId, at: now });
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
  lookup(level: PowerLevel | null): string | undefined;
  remember(level: PowerLevel | null, modelId: string): void;
}

/**
 * The request's affinity, or undefined when no memory is kept. Its opening is read only when routing asks (a
 * model named outright never does); a request with no opening to know its conversation by has none. Only a
 * request that continues its conversation is sent to the model remembered: one that opens it (the same
 * opening sent again, a one-shot question asked twice) is routed by score, and what serves it remembered.
 */
export function requestAffinity(
  memory: ConversationAffinity | undefined, profileId: string, requested: string, api: InboundApi, body: Json,
): RequestAffinity | undefined {
  if (memory === undefined) return undefined;
  let opening: ConversationOpening | undefined | null = null;
  const read = (): ConversationOpening | undefined => (opening === null ? (opening = conversationOpening(api, body)) : opening);
  const key = (level: PowerLevel | null): string | undefined => {
    const o = read();
    return o === undefined ? undefined : conversationKey(profileId, requested, level, o.digest);
  };
  return {
    lookup: (level) => {
      const k = key(level);
      return k === undefined || read()?.continues !== true ? undefined : memory.modelFor(k, Date.now());
    },
    remember: (level, modelId) => {
      const k = key(level);
      if (k !== undefined) memory.remember(k, modelId, Date.now());
    },
  };
}
