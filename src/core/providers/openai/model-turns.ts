// OpenAI chat wants each assistant message with `tool_calls` followed directly by a tool message for each
// call, else 400 "An assistant message with 'tool_calls' must be followed by tool messages responding to
// each 'tool_call_id'". Other clients send the model's turn as several messages in a row: an Anthropic
// client each tool_use in an assistant message of its own, a Responses client function_call and message
// items one after another. Sent one by one, the first message's calls are followed by the next assistant
// message, not by their results.
import type { CanonicalMessage } from '../../canonical';

type AssistantMessage = Extract<CanonicalMessage, { role: 'assistant' }>;

/**
 * The conversation with each run of assistant messages in a row as one: their content and tool calls in
 * order, their reasoning joined. System messages between an assistant message with tool calls and the next
 * assistant message (a Responses client's developer item between two function_calls) go before the merged
 * message, as OpenAI takes nothing between calls and their results. The same array when nothing is merged.
 */
export function withModelTurnsMerged(messages: CanonicalMessage[]): CanonicalMessage[] {
  let out: CanonicalMessage[] | undefined;
  /** the last message, or the last assistant message with calls when only system messages came after it */
  let previous: CanonicalMessage | undefined;
  /** system messages after `previous`, an assistant message with calls */
  let between = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'assistant' && previous?.role === 'assistant') {
      out ??= messages.slice(0, i);
      previous = merged(previous, m);
      // [..., previous, system x between] -> [..., system x between, merged]
      const systems = out.splice(out.length - between, between);
      out[out.length - 1] = systems.length > 0 ? systems[0]! : previous;
      if (systems.length > 0) out.push(...systems.slice(1), previous);
      between = 0;
      continue;
    }
    out?.push(m);
    if (m.role === 'system' && previous?.role === 'assistant' && (previous.toolCalls?.length ?? 0) > 0) between++;
    else {
      previous = m;
      between = 0;
    }
  }
  return out ?? messages;
}

function merged(a: AssistantMessage, b: AssistantMessage): AssistantMessage {
  const out: AssistantMessage = { role: 'assistant', content: [...a.content, ...b.content] };
  const toolCalls = [...(a.toolCalls ?? []), ...(b.toolCalls ?? [])];
  if (toolCalls.length > 0) out.toolCalls = toolCalls;
  const reasoning = [a.reasoning, b.reasoning].filter((r) => r !== undefined && r.length > 0).join('\n');
  if (reasoning.length > 0 || a.reasoning !== undefined || b.reasoning !== undefined) out.reasoning = reasoning;
  return out;
}
