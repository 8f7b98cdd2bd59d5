// A tool call the client never answered: the conversation goes on after the model's calls (a new user
// message, perhaps empty, or another answer) with no result for some of them. Every upstream refuses that
// with a 400 no fallback follows: Anthropic ("`tool_use` ids were found without `tool_result` blocks
// immediately after"), Gemini ("the number of function response parts is equal to the number of function
// call parts"), OpenAI chat ("An assistant message with 'tool_calls' must be followed by tool messages
// responding to each 'tool_call_id'") and Responses ("No tool output found for function call"). Such a
// call gets a result marked as an error saying none came, as agent SDKs repair an interrupted tool loop.
import type { CanonicalMessage, ToolCall } from '../canonical';

/** The result given for a call the client sent none for: it says nothing about whether the tool ran. */
export const UNANSWERED_CALL_TEXT = 'No result: the client sent none for this tool call, so whether it ran is unknown.';

type ToolMessage = Extract<CanonicalMessage, { role: 'tool' }>;

const unansweredResult = (call: ToolCall): ToolMessage => ({
  role: 'tool', toolCallId: call.id, content: [{ type: 'text', text: UNANSWERED_CALL_TEXT }], isError: true,
});

/**
 * The conversation with a result for every tool call that no tool message answers before the model's next
 * turn, put after the results that follow the calls; the model's turns in a row (a client may send each
 * call as a message of its own) count as one. The calls of a last turn nothing follows are left as they
 * are (the model's turn to go on with). The same array when nothing is missing; linear in its length, and
 * with no tool call in it each message is read once and nothing allocated.
 */
export function withUnansweredCallsAnswered(messages: CanonicalMessage[]): CanonicalMessage[] {
  let out: CanonicalMessage[] | undefined;
  let i = 0;
  while (i < messages.length) {
    const m = messages[i]!;
    if (!hasToolCalls(m)) {
      out?.push(m);
      i++;
      continue;
    }
    // the model's turn (its messages in a row, and system ones between), then what follows up to its next turn
    let r = i + 1;
    while (r < messages.length && inModelTurn(messages[r]!)) r++;
    let end = r;
    while (end < messages.length && messages[end]!.role !== 'assistant') end++;
    const missing = r < messages.length ? unanswered(messages, i, r, end) : [];
    if (missing.length > 0) out ??= messages.slice(0, i);
    if (out) {
      // the missing results go after the calls and the results that follow them
      let placed = missing.length === 0;
      for (let k = i; k < end; k++) {
        const next = messages[k]!;
        if (!placed && k >= r && next.role !== 'tool') {
          out.push(...missing.map(unansweredResult));
          placed = true;
        }
        out.push(next);
      }
      if (!placed) out.push(...missing.map(unansweredResult));
    }
    i = end;
  }
  return out ?? messages;
}

/** Whether `m` belongs to the model's turn: its messages in a row (and system ones between) are one turn. */
export const inModelTurn = (m: CanonicalMessage): boolean => m.role === 'assistant' || m.role === 'system';
const hasToolCalls = (m: CanonicalMessage): boolean => m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0;

/** The calls of the model's messages in [from, to) that no tool message in [to, end) answers. */
function unanswered(messages: CanonicalMessage[], from: number, to: number, end: number): ToolCall[] {
  const answered = new Set<string>();
  for (let k = to; k < end; k++) {
    const m = messages[k]!;
    if (m.role === 'tool') answered.add(m.toolCallId);
  }
  const missing: ToolCall[] = [];
  for (let k = from; k < to; k++) {
    const m = messages[k]!;
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) if (!answered.has(c.id)) missing.push(c);
  }
  return missing;
}
