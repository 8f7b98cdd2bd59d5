// Ids for what a provider leaves unnamed: Gemini responses without responseId, function calls
// without id (Gemini, some OpenAI-compatible servers).
// Tool call ids must stay unique across a conversation: clients send them back and Anthropic
// upstreams reject a history that repeats one.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomToken(length = 16): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function generatedResponseId(): string {
  return `gemini-${randomToken(20)}`;
}

/** `call_<index>_<random>`: the index keeps it readable, the suffix keeps it unique. */
export function generatedToolCallId(index: number): string {
  return `call_${index}_${randomToken(10)}`;
}
