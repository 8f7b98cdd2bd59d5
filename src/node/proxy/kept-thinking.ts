// Claude's signed thinking before its calls, for a client of another API. Anthropic takes a tool loop on with
// thinking only when the last assistant turn comes back beginning with the thinking blocks it answered with,
// signature and all; a chat client never has them, and a Responses or Gemini client holds them only sealed, in a
// field it sends back (switchboard-thinking.ts: a reasoning item's encrypted_content, a thoughtSignature). The proxy
// keeps them by the calls' ids (thought-signatures.ts, the store Gemini's signatures share) and puts them back on the
// calls when the turn returns to the model that made them; build-request.ts then keeps thinking on. A turn goes back
// with its thinking only whole: every call of it known.
import type { CanonicalRequest, EncryptedReasoning, ReasoningDetail, SignedThinking, ToolCall } from '../../core/canonical';

/** The request with the thinking `find` knows on the calls of each assistant turn it knows all of; the same object when none. */
export function withKeptThinking(req: CanonicalRequest, find: (callId: string) => SignedThinking[] | undefined): CanonicalRequest {
  let changed = false;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls || m.toolCalls.length === 0 || m.toolCalls.some((c) => c.thinking !== undefined)) return m;
    const found = m.toolCalls.map((c) => find(c.id));
    if (found.some((t) => t === undefined) || found[0]!.length === 0) return m;
    changed = true;
    return { ...m, toolCalls: m.toolCalls.map((c, i) => ({ ...c, thinking: found[i]! })) };
  });
  return changed ? { ...req, messages } : req;
}

/**
 * The request without the thinking the client brought back (sealed: switchboard-thinking.ts) that another model
 * than `modelId` did: a signature is the model's own. The same object when there is none.
 */
export function withoutOthersThinking(req: CanonicalRequest, modelId: string): CanonicalRequest {
  const foreign = (c: ToolCall): boolean => c.thinkingBy !== undefined && c.thinkingBy !== modelId;
  if (!req.messages.some((m) => m.role === 'assistant' && m.toolCalls?.some(foreign))) return req;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls?.some(foreign)) return m;
    return { ...m, toolCalls: m.toolCalls.map(({ thinking: _t, thinkingBy: _by, ...c }) => c) };
  });
  return { ...req, messages };
}

/**
 * How many calls carry thinking the client brought back sealed (thinkingBy, with blocks): the turns whose thinking
 * it sent. Fewer in what an attempt builds than in the client's request is thinking the provider is not sent.
 */
export function clientThinkingCalls(req: CanonicalRequest): number {
  let n = 0;
  for (const m of req.messages) {
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) if (c.thinkingBy !== undefined && (c.thinking?.length ?? 0) > 0) n++;
  }
  return n;
}

/**
 * The request with OpenAI's encrypted reasoning `find` knows on the calls it came before (a Responses model, sent
 * store false for a client of another API, keeps nothing itself); the same object when it knows none.
 */
export function withKeptReasoning(req: CanonicalRequest, find: (callId: string) => EncryptedReasoning | undefined): CanonicalRequest {
  let changed = false;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls?.length) return m;
    const found = m.toolCalls.map((c) => find(c.id));
    if (found.every((r) => r === undefined)) return m;
    changed = true;
    return { ...m, toolCalls: m.toolCalls.map((c, i) => (found[i] ? { ...c, reasoningItem: found[i] } : c)) };
  });
  return changed ? { ...req, messages } : req;
}

/**
 * The request with OpenRouter's reasoning_details `find` knows on the calls they came with (build-request.ts puts
 * them on the assistant message again: Gemini 3 refuses its calls back without their thought signatures); the same
 * object when it knows none.
 */
export function withKeptReasoningDetails(req: CanonicalRequest, find: (callId: string) => ReasoningDetail[] | undefined): CanonicalRequest {
  let changed = false;
  const messages = req.messages.map((m) => {
    if (m.role !== 'assistant' || !m.toolCalls?.length) return m;
    const found = m.toolCalls.map((c) => (c.reasoningDetails === undefined ? find(c.id) : undefined));
    if (found.every((d) => d === undefined)) return m;
    changed = true;
    return { ...m, toolCalls: m.toolCalls.map((c, i) => (found[i] ? { ...c, reasoningDetails: found[i] } : c)) };
  });
  return changed ? { ...req, messages } : req;
}
