// A client's tool calls with id "" (a chat client may send them), for an upstream that pairs calls and results by id
// (Anthropic's tool_use_id, Responses' call_id) and refuses an empty or repeated one.
import type { CanonicalMessage } from '../canonical';
import { inModelTurn } from './unanswered-calls';

/**
 * `messages` with each call of id "" under an id of its own, `<prefix><n>`, and each result of id "" paired with the
 * next unanswered one of the assistant turn before it, in order (the model's messages in a row are one turn: GPT-5
 * writes commentary between its calls): one shared id would make parallel calls one (a call and its result were lost). A result of id "" with no such call left gets an id of its own. The same history gives
 * the same ids each time it is sent.
 */
export function withEmptyCallIdsNamed(messages: CanonicalMessage[], prefix: string): CanonicalMessage[] {
  if (!messages.some((m) => (m.role === 'assistant' && m.toolCalls?.some((c) => c.id === '')) || (m.role === 'tool' && m.toolCallId === ''))) return messages;
  let named = 0;
  /** the last assistant turn's calls of id "" not yet answered: results pair with their own turn's calls only */
  let unanswered: string[] = [];
  /** whether the model's turn goes on (its messages in a row, system ones between, as withUnansweredCallsAnswered reads them) */
  let inTurn = false;
  return messages.map((m) => {
    if (!inModelTurn(m)) inTurn = false;
    else if (m.role === 'assistant' && !inTurn) {
      inTurn = true;
      unanswered = [];
    }
    if (m.role === 'assistant' && m.toolCalls?.some((c) => c.id === '')) {
      return { ...m, toolCalls: m.toolCalls.map((c) => {
        if (c.id !== '') return c;
        const id = `${prefix}${named++}`;
        unanswered.push(id);
        return { ...c, id };
      }) };
    }
    if (m.role === 'tool' && m.toolCallId === '') return { ...m, toolCallId: unanswered.shift() ?? `${prefix}${named++}` };
    return m;
  });
}
