// A turn continued here goes to a Responses upstream as the whole conversation, without its
// previous_response_id (the provider never saw that id), so the provider's answer says null: the
// client gets the id it sent back, as OpenAI would show it. A targeted replacement in the text, not a
// parse: the answer goes out as the provider wrote it otherwise, and delta events are never looked at.
const NULL_PREVIOUS = /"previous_response_id"\s*:\s*null/;

/** The events that carry the response object (at its start, while queued or running, at its end). */
const WITH_RESPONSE = /^\{"type":"response\.(?:created|queued|in_progress|completed|incomplete|failed)"/;

/**
 * An unescaped `"previous_response_id"` can only be a member name (inside a JSON string its quotes
 * are escaped); the first is the response object's own, since nothing it holds before it (output
 * items, instructions, tools) has such a member.
 */
function restore(text: string, member: string): string {
  return text.replace(NULL_PREVIOUS, () => member);
}

export function restorePreviousId(id: string): { body(text: string): string; event(data: string): string } {
  const member = `"previous_response_id":${JSON.stringify(id)}`;
  return {
    body: (text) => restore(text, member),
    event: (data) => (WITH_RESPONSE.test(data) ? restore(data, member) : data),
  };
}
