// Claude's signed thinking sealed into a value a client of another API keeps and sends back as it came: a
// Responses reasoning item's encrypted_content (Codex asks for it with include reasoning.encrypted_content and
// replays every item) or a Gemini functionCall part's thoughtSignature (Gemini CLI sends parts back as received).
// Read back, the thinking goes with the calls after it to the model that did it (node/proxy/kept-thinking.ts
// keeps it in memory too, but not past a restart). Marked as Switchboard's, so neither OpenAI's encrypted
// reasoning nor Gemini's signatures are ever taken for it, and it is never forwarded to a provider as its own.
import type { SignedThinking } from './canonical';

const MARK = 'sb-thinking-v1:';

export interface SealedThinking {
  /** the model id (`provider/model`) that thought it */
  modelId: string;
  blocks: SignedThinking[];
}

export function sealThinking(modelId: string, blocks: SignedThinking[]): string {
  return MARK + Buffer.from(JSON.stringify({ m: modelId, t: blocks }), 'utf8').toString('base64');
}

/** A value Switchboard sealed (whether or not it still reads). */
export function isSealedThinking(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(MARK);
}

/** The thinking a sealed value holds; undefined for any other value, or one that does not read. */
export function openThinking(value: unknown): SealedThinking | undefined {
  if (!isSealedThinking(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value.slice(MARK.length), 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { m, t } = parsed as { m?: unknown; t?: unknown };
  if (typeof m !== 'string' || !Array.isArray(t) || t.length === 0) return undefined;
  const blocks: SignedThinking[] = [];
  for (const b of t as Record<string, unknown>[]) {
    if (b?.type === 'thinking' && typeof b.thinking === 'string' && typeof b.signature === 'string') blocks.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
    else if (b?.type === 'redacted_thinking' && typeof b.data === 'string') blocks.push({ type: 'redacted_thinking', data: b.data });
    else return undefined;
  }
  return { modelId: m, blocks };
}
