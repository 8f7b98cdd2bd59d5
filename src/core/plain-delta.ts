// Same format in and out: which stream events may go to the client without being decoded.

/** A substring to look for, split where its rarer part starts. */
interface Needle {
  head: string;
  rest: string;
}

const needle = (text: string, at: number): Needle => ({ head: text.slice(0, at), rest: text.slice(at) });

// A chunk is full of quotes: a search for a text that starts with one stops at every key and value
// (0.2 us a chunk), one that starts from the next character hardly ever.
const USAGE_OBJECT = needle('"usage":{', 1);
const TOOL_CALLS = needle('"tool_calls"', 5);

function contains(text: string, n: Needle): boolean {
  const at = n.head.length;
  for (let i = text.indexOf(n.rest, at); i !== -1; i = text.indexOf(n.rest, i + 1)) if (text.startsWith(n.head, i - at)) return true;
  return false;
}

/**
 * A chat.completion.chunk that only carries a delta: no finish reason, usage, tool call or error.
 * Cheap substring tests; anything they are unsure of is decoded as usual.
 */
export function isPlainOpenAIDelta(data: string): boolean {
  // finish_reason sits near the end of a chunk: search backwards. An error chunk has no choices.
  const f = data.lastIndexOf('"finish_reason":');
  return f !== -1 && data.startsWith('null', f + 16) && !contains(data, USAGE_OBJECT) && !contains(data, TOOL_CALLS);
}

const RESPONSES_DELTAS = ['response.output_text.delta', 'response.function_call_arguments.delta', 'response.reasoning_summary_text.delta']
  .map((type) => `{"type":"${type}"`);

/**
 * A Responses API delta event (text, call arguments, reasoning summary). Nothing is lost by not
 * decoding it: the item's response.output_item.done repeats the whole of it.
 */
export function isPlainResponsesDelta(data: string): boolean {
  for (const prefix of RESPONSES_DELTAS) if (data.startsWith(prefix)) return true;
  return false;
}
