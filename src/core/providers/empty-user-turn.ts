// An empty last user message: OpenAI answers it as a turn of its own. Anthropic refuses an empty (or
// whitespace) text block and an empty `messages`, Gemini an empty `contents`, and both read a
// conversation ending on the model's turn as that answer to go on with (Anthropic's prefill), so an
// adapter leaving the empty message out would have the model continue its last answer or fail.
import type { CanonicalMessage } from '../canonical';

/**
 * What the user's turn says in its place: words, so the model reads a message that came empty (as an
 * OpenAI model sees one) rather than one the user typed; a lone "." reads as punctuation the user sent,
 * often taken as "continue". Named in x-switchboard-dropped as EMPTY_USER_DROPPED.
 */
export const EMPTY_USER_TEXT = '(empty message)';
export const EMPTY_USER_DROPPED = 'messages.content';

/** The conversation's last non-system message is the user's and holds nothing but empty (or whitespace) text. */
function endsOnEmptyUserMessage(messages: readonly CanonicalMessage[]): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'system') continue;
    return m.role === 'user' && m.content.every((p) => p.type === 'text' && p.text.trim() === '');
  }
  return false;
}

/**
 * Whether an adapter, having sent turns ending on `lastSentRole` (undefined: none), says EMPTY_USER_TEXT:
 * the request ends on an empty user message and the turns sent do not end on the user's, or end on a user
 * turn of tool results only (`lastSentOnlyToolResults`: the results of the calls before the empty message,
 * the client's or the ones given for calls it never answered), where the text goes as a part of that turn.
 */
export function wantsEmptyUserTurn(messages: readonly CanonicalMessage[], lastSentRole: string | undefined, lastSentOnlyToolResults = false): boolean {
  return (lastSentRole !== 'user' || lastSentOnlyToolResults) && endsOnEmptyUserMessage(messages);
}
