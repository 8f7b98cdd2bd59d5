// Same format in and out: which stream events may go to the client without being decoded.

/**
 * A chat.completion.chunk that only carries a delta: no finish reason, usage, tool call or error.
 * Cheap substring tests; anything they are unsure of is decoded as usual.
 */
export function isPlainOpenAIDelta(data: string): boolean {
  // finish_reason sits near the end of a chunk: search backwards. An error chunk has no choices.
  const f = data.lastIndexOf('"finish_reason":');
  return f !== -1 && data.startsWith('null', f + 16) && !data.includes('"usage":{') && !data.includes('"tool_calls"');
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
