// Claude's signed thinking sealed into a value a client of another API keeps and sends back as it came: a
// Responses reasoning item's encrypted_content (Codex asks for it with include reasoning.encrypted_content and
// replays every item) or a Gemini functionCall part's thoughtSignature (Gemini CLI sends parts back as received).
// Read back, the thinking goes with the calls after it to the model that did it (node/proxy/kept-thinking.ts
// keeps it in memory too, but not past a restart). Marked as Switchboard's, so neither OpenAI's encrypted
// reasoning nor Gemini's signatures are ever taken for it, and it is never forwarded to a provider as its own.
//
// The client holds the value, so it is authenticated: an HMAC-SHA256 under a secret of this install, keyed to
// the profile (node/proxy/thinking-seal.ts), checked before anything of it is parsed. A value that fails (forged,
// another install's or another profile's, cut) is no thinking: Anthropic would refuse a block it did not sign, and
// a made-up one could aim any blocks at any model. The whole value is base64 (standard alphabet, padded), the
// marker included, as @google/genai documents thoughtSignature to be.
import type { SignedThinking, ToolCall } from './canonical';

/** 12 base64 characters (9 bytes): the value stays one base64 string, and marks it Switchboard's. */
const MARK = 'SBthinkingV1';
const MAC_BYTES = 32;
/** A sealed value longer than one entry of the in-memory store may hold (thought-signatures.ts) is not read. */
export const MAX_SEALED_CHARS = 1024 * 1024;

/** HMAC-SHA256 of a payload under this install's secret and the request's profile (core does no crypto itself). */
export interface ThinkingSeal {
  mac(payload: Uint8Array): Uint8Array;
}

export interface SealedThinking {
  /** the model id (`provider/model`) that thought it */
  modelId: string;
  blocks: SignedThinking[];
}

export function sealThinking(seal: ThinkingSeal, modelId: string, blocks: SignedThinking[]): string {
  const payload = Buffer.from(JSON.stringify({ m: modelId, t: blocks }), 'utf8');
  return MARK + Buffer.concat([Buffer.from(seal.mac(payload)), payload]).toString('base64');
}

/** A value Switchboard sealed (whether or not it still reads, or is this profile's). */
export function isSealedThinking(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(MARK);
}

/**
 * The thinking a sealed value holds; undefined for any other value, one longer than MAX_SEALED_CHARS, one whose MAC
 * is not this install's for this profile, or one that does not read as exactly what sealThinking writes.
 */
export function openThinking(seal: ThinkingSeal | undefined, value: unknown): SealedThinking | undefined {
  if (!seal || !isSealedThinking(value) || value.length > MAX_SEALED_CHARS) return undefined;
  const bytes = Buffer.from(value.slice(MARK.length), 'base64');
  if (bytes.length <= MAC_BYTES) return undefined;
  const payload = bytes.subarray(MAC_BYTES);
  if (!sameBytes(seal.mac(payload), bytes.subarray(0, MAC_BYTES))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!hasOnlyKeys(parsed, ['m', 't'])) return undefined;
  const { m, t } = parsed as { m?: unknown; t?: unknown };
  if (typeof m !== 'string' || !Array.isArray(t) || t.length === 0) return undefined;
  const blocks: SignedThinking[] = [];
  for (const b of t as Record<string, unknown>[]) {
    if (b?.type === 'thinking' && hasOnlyKeys(b, ['type', 'thinking', 'signature']) && typeof b.thinking === 'string' && typeof b.signature === 'string') {
      blocks.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
    } else if (b?.type === 'redacted_thinking' && hasOnlyKeys(b, ['type', 'data']) && typeof b.data === 'string') blocks.push({ type: 'redacted_thinking', data: b.data });
    else return undefined;
  }
  return { modelId: m, blocks };
}

/**
 * The call with the thinking a sealed value before it held, and the model that did it; without one, a later call of a
 * turn whose first call came with thinking has none of its own (`[]`: known, build-messages.ts). Both inbound
 * readers (a Responses reasoning item, a Gemini thoughtSignature) put it on their calls this way.
 */
export function withSealedThinking(call: ToolCall, sealed: SealedThinking | undefined, first: ToolCall | undefined): ToolCall {
  if (sealed) return { ...call, thinking: sealed.blocks, thinkingBy: sealed.modelId };
  return first?.thinkingBy === undefined ? call : { ...call, thinking: [], thinkingBy: first.thinkingBy };
}

function hasOnlyKeys(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const k in value) if (!keys.includes(k)) return false;
  return true;
}

/** Compared in time that does not depend on where they differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
