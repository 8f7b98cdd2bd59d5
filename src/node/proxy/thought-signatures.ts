// Gemini 3's thought signatures for the calls it made in another API's tool loop (and Claude's signed
// thinking before its calls, which Anthropic needs back to think on in a tool loop: kept-thinking.ts). A client of the chat,
// Messages or Responses API has no place for them and sends the calls back bare; Google's sentinel
// would then stand in, and the model would lose the reasoning behind its own calls. So the proxy keeps
// each signature by the id the client was given for the call and puts it back when the call returns
// (to the same model of the same provider: a signature is that model's state). In memory and bounded:
// after a restart, or once a call is old enough to be forgotten, the sentinel is sent as before.
import type { CanonicalRequest, EncryptedReasoning, ReasoningDetail, SignedThinking, StreamPart, ToolCall } from '../../core/canonical';
import type { StreamDecoder } from '../../core/adapter-contracts';
import { mappedDecoder } from '../../core/mapped-decoder';
import type { ProviderEntry } from '../../core/catalog';

/** What a call came with that the client never saw, and who made it: a Gemini signature or Claude's thinking before it. */
export interface KeptSignature {
  signature?: string;
  thinking?: SignedThinking[];
  /** OpenAI's encrypted reasoning before the call (a Responses model serving another API's client) */
  reasoningItem?: EncryptedReasoning;
  /** OpenRouter's reasoning_details of the answer that made the call (the same list for each of its calls) */
  reasoningDetails?: ReasoningDetail[];
  providerId: string;
  modelName: string;
}

/** The characters an entry holds (about a byte each). */
function sizeOf(value: KeptSignature): number {
  let chars = (value.signature?.length ?? 0) + (value.reasoningItem ? value.reasoningItem.id.length + value.reasoningItem.encryptedContent.length : 0);
  for (const b of value.thinking ?? []) chars += b.type === 'thinking' ? b.thinking.length + b.signature.length : b.data.length;
  // counted for each call that holds the list, though they share it: the bound stays an upper one
  for (const d of value.reasoningDetails ?? []) for (const v of Object.values(d)) chars += typeof v === 'string' ? v.length : 16;
  return chars;
}

/**
 * Most calls kept, and most characters of signatures and thinking all together. An entry's strings hold only their
 * own characters (a streamed thinking block is joined out of the reads it came in: plain-delta.ts keptString), a
 * byte each for base64 and most text, two for text beyond Latin-1: with the objects around them, the heap they take
 * was measured at 1.2-2x what is counted, so some 10-20 MB at most, against the 150 MB the whole app is held to.
 */
const MAX_ENTRIES = 4096;
const MAX_CHARS = 8 * 1024 * 1024;

/**
 * Least recently used first out. Keyed by the profile as well as the call id: a profile never gets
 * another's signature, whatever id it sends (the ids Switchboard makes for Gemini's calls are random).
 */
export class ThoughtSignatures {
  private readonly kept = new Map<string, KeptSignature & { chars: number }>();
  private chars = 0;

  constructor(private readonly maxEntries = MAX_ENTRIES, private readonly maxChars = MAX_CHARS) {}

  keep(profileId: string, callId: string, value: KeptSignature): void {
    // one entry larger than a share of the whole would push out everything else: not kept
    const chars = sizeOf(value);
    if (chars > this.maxChars / 8) return;
    const key = keyOf(profileId, callId);
    this.drop(key);
    this.kept.set(key, { ...value, chars });
    this.chars += chars;
    while (this.kept.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  find(profileId: string, callId: string): KeptSignature | undefined {
    const key = keyOf(profileId, callId);
    const found = this.kept.get(key);
    if (found) {
      // used again: the latest
      this.kept.delete(key);
      this.kept.set(key, found);
    }
    return found;
  }

  get size(): number {
    return this.kept.size;
  }

  private drop(key: string): void {
    const old = this.kept.get(key);
    if (!old) return;
    this.chars -= old.chars;
    this.kept.delete(key);
  }
}

const keyOf = (profileId: string, callId: string): string => `${profileId}\u0000${callId}`;

/** The request with the signatures `find` knows on its assistant turns' calls; the same object when it knows none. */
export function withKeptSignatures(req: CanonicalRequest, find: (callId: string) => string | undefined): CanonicalRequest {
  let changed = false;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls || m.toolCalls.length === 0) return m;
    let calls: ToolCall[] | undefined;
    m.toolCalls.forEach((c, i) => {
      const signature = c.signature === undefined ? find(c.id) : undefined;
      if (signature === undefined) return;
      calls ??= [...m.toolCalls!];
      calls[i] = { ...c, signature };
    });
    if (!calls) return m;
    changed = true;
    return { ...m, toolCalls: calls };
  });
  return changed ? { ...req, messages } : req;
}

/** OpenRouter wants its reasoning_details back with the calls they came with (providers/openai/reasoning-details.ts). */
export const keepsReasoningDetails = (provider: Pick<ProviderEntry, 'type'>): boolean => provider.type === 'openrouter';

/** What a call came with to keep: its signature (Gemini's) or the thinking before it (Claude's). */
export type CallState = Pick<KeptSignature, 'signature' | 'thinking' | 'reasoningItem' | 'reasoningDetails'>;

/** The decoder, telling `note` of each call that comes with a signature or thinking. */
export function notingSignatures(decoder: StreamDecoder, note: (callId: string, state: CallState) => void): StreamDecoder {
  return mappedDecoder(decoder, (parts) => {
    for (const p of parts) {
      if (p.type === 'tool-call-start') noteCall(p, note);
      else if (p.type === 'finish' && p.reasoningDetails) noteDetails(p.reasoningDetails, note);
    }
    return parts;
  });
}

/** `note`, when the call came with something to keep. */
export function noteCall(c: { id: string } & CallState, note: (callId: string, state: CallState) => void): void {
  if (c.signature !== undefined) note(c.id, { signature: c.signature });
  else if (c.thinking !== undefined) note(c.id, { thinking: c.thinking });
  else if (c.reasoningItem !== undefined) note(c.id, { reasoningItem: c.reasoningItem });
  else if (c.reasoningDetails !== undefined) note(c.id, { reasoningDetails: c.reasoningDetails });
}

/** `note` of OpenRouter's reasoning_details a stream gave at its finish, for each call of the answer. */
function noteDetails(d: NonNullable<Extract<StreamPart, { type: 'finish' }>['reasoningDetails']>, note: (callId: string, state: CallState) => void): void {
  for (const id of d.callIds) note(id, { reasoningDetails: d.details });
}

/**
 * What a translated request looks its calls up in: the profile's kept `what` that this model of this provider made
 * (a Gemini signature for withKeptSignatures, Claude's thinking for withKeptThinking, OpenAI's reasoning for withKeptReasoning,
 * OpenRouter's reasoning_details for withKeptReasoningDetails).
 */
export function keptFor<K extends keyof CallState>(
  store: ThoughtSignatures, profileId: string, providerId: string, modelName: string, what: K,
): (callId: string) => CallState[K] | undefined {
  return (callId) => {
    const kept = store.find(profileId, callId);
    return kept && kept.providerId === providerId && kept.modelName === modelName ? kept[what] : undefined;
  };
}
