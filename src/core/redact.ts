// Keys must never leave the process: every upstream message, log line and error passes here.

const KEY_PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,          // Anthropic
  /sk-or-v1-[A-Za-z0-9]{8,}/g,          // OpenRouter
  /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, DeepSeek, generic sk-
  /sb-[A-Za-z0-9_-]{16,}/g,             // our own profile tokens
  /AIza[0-9A-Za-z_-]{30,}/g,            // Google
  /gsk_[A-Za-z0-9]{16,}/g,              // Groq
  /xai-[A-Za-z0-9]{16,}/g,              // xAI
  /(?<=[Bb]earer\s+)[A-Za-z0-9._~+/-]{12,}=*/g,
  /(?<=(?:api[_-]?key|x-api-key|x-goog-api-key|token|secret|password)["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/-]{12,}/gi,
];

/** Replace anything that looks like a key, and every known secret, with `[REDACTED]`. */
export function redactSecrets(text: string, known: readonly (string | undefined | null)[] = []): string {
  let out = text;
  for (const k of known) {
    if (k && k.length >= 6) out = out.split(k).join('[REDACTED]');
  }
  for (const re of KEY_PATTERNS) out = out.replace(re, '[REDACTED]');
  return out;
}

/** `sk-...a1b2`: enough to recognise a key, not to use it. */
export function maskKey(key: string): string {
  const tail = key.length >= 12 ? key.slice(-4) : '';
  const dash = key.indexOf('-');
  const head = dash > 0 && dash <= 6 ? key.slice(0, dash + 1) : '';
  return `${head}...${tail}`;
}
