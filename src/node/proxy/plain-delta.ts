// OpenAI in and out: which stream events may go to the client without being decoded.

/**
 * A chat.completion.chunk that only carries a delta: no finish reason, usage, tool call or error.
 * Cheap substring tests; anything they are unsure of is decoded as usual.
 */
export function isPlainOpenAIDelta(data: string): boolean {
  // finish_reason sits near the end of a chunk: search backwards. An error chunk has no choices.
  const f = data.lastIndexOf('"finish_reason":');
  return f !== -1 && data.startsWith('null', f + 16) && !data.includes('"usage":{') && !data.includes('"tool_calls"');
}
