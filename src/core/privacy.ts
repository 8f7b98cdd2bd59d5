// Detects text that looks like it carries a credential, for the privacy guard. Detection only:
// the request is never rewritten, and callers report kinds, never the matched text.
//
// Every pattern must stay linear on hostile input (a 1 MB prompt is normal). Two rules keep them so:
// a token pattern may only start where the token's alphabet starts (a negative lookbehind on that
// alphabet), so a long run is entered once, not once per character; and no quantified group
// overlaps the next one. A third keeps V8's backtrack stack from overflowing on a run of millions
// (see regex-runs.ts): no open-ended quantifier. Detection only needs a match to exist, so a token's
// `{32,}` is `{32}`; where the end of a run matters (a JWT's segments, a .env value) code reads on.
import type { CanonicalRequest } from './canonical';
import { hasConnectionStringPassword, hasNamedSecret, hasUrlCredentials } from './privacy-assignments';
import { isRegexOverflow, runEnd } from './regex-runs';

export type SecretKind =
  | 'private_key' | 'aws_access_key' | 'openai_key' | 'anthropic_key' | 'openrouter_key'
  | 'github_token' | 'google_api_key' | 'slack_token' | 'jwt' | 'dotenv_secret'
  | 'stripe_key' | 'npm_token' | 'gitlab_token' | 'huggingface_token' | 'sendgrid_key' | 'slack_webhook'
  | 'url_credentials' | 'connection_string_password'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

interface TokenPattern {
  kind: SecretKind;
  re: { test(text: string): boolean };
}

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  // the header alone is code or prose that mentions one; a key has base64 (or an encrypted PEM's
  // Proc-Type) on the next line, which may be numbered or a string's escaped `\n`
  { kind: 'private_key', re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[ \t]{0,10}(?:\r?\n|(?:\\r)?\\n)(?:[ \t]{0,100}\d{1,9}(?:\t|→))?[ \t]{0,100}(?:[A-Za-z0-9+/=]{8}|Proc-Type:)/ },
  { kind: 'aws_access_key', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])/ },
  { kind: 'anthropic_key', re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32}/ },
  { kind: 'openrouter_key', re: /(?<![A-Za-z0-9_-])sk-or-v1-[A-Za-z0-9]{32}/ },
  { kind: 'openai_key', re: /(?<![A-Za-z0-9_-])sk-(?!ant-|or-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32}/ },
  { kind: 'github_token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60})/ },
  { kind: 'google_api_key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/ },
  { kind: 'slack_token', re: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10}/ },
  { kind: 'jwt', re: { test: hasJwt } },
  { kind: 'stripe_key', re: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24}/ },
  { kind: 'npm_token', re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}/ },
  { kind: 'gitlab_token', re: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}/ },
  { kind: 'huggingface_token', re: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34}/ },
  { kind: 'sendgrid_key', re: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/ },
  { kind: 'slack_webhook', re: /hooks\.slack\.com\/services\/T[A-Za-z0-9_]{1,20}\/B[A-Za-z0-9_]{1,20}\/[A-Za-z0-9]{8}/ },
  { kind: 'url_credentials', re: { test: hasUrlCredentials } },
  { kind: 'connection_string_password', re: { test: hasConnectionStringPassword } },
];

// eyJ<segment>.eyJ<segment>.<signature>, each at least 8 characters, a segment being the whole run
// of base64url characters: found where a run starts with eyJ, then read on in code
const JWT_START = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8}/g;
const BASE64URL_RUN = /[A-Za-z0-9_-]{1,4096}/y;

function hasJwt(text: string): boolean {
  JWT_START.lastIndex = 0;
  for (let m = JWT_START.exec(text); m !== null; m = JWT_START.exec(text)) {
    const headerEnd = runEnd(text, m.index + m[0].length, BASE64URL_RUN);
    if (text.startsWith('.eyJ', headerEnd)) {
      const payloadStart = headerEnd + 4;
      const payloadEnd = runEnd(text, payloadStart, BASE64URL_RUN);
      const signatureStart = payloadEnd + 1;
      if (payloadEnd - payloadStart >= 8 && text[payloadEnd] === '.' && runEnd(text, signatureStart, BASE64URL_RUN) - signatureStart >= 8) return true;
    }
    JWT_START.lastIndex = headerEnd;
  }
  return false;
}

/** Every text the upstream would see: system prompts, message text, tool-call arguments. */
function collectTexts(req: CanonicalRequest): string[] {
  const texts: string[] = [...req.system];
  for (const m of req.messages) {
    for (const p of m.content) if (p.type === 'text') texts.push(p.text);
    if (m.role === 'assistant' && m.toolCalls) for (const c of m.toolCalls) texts.push(c.arguments);
  }
  return texts;
}

/**
 * The texts, and the strings inside each that is JSON with escapes: tool-call arguments arrive as a
 * JSON string, a file written through one with its lines joined by `\n`, which a line scan cannot read.
 */
function withJsonStrings(texts: readonly string[]): string[] {
  const all = [...texts];
  for (const t of texts) {
    let i = 0;
    while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
    if ((t[i] !== '{' && t[i] !== '[') || !t.includes('\\')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      continue; // not JSON: scanned as sent
    }
    pushStrings(parsed, all, 0);
  }
  return all;
}

function pushStrings(value: unknown, into: string[], depth: number): void {
  if (typeof value === 'string') into.push(value);
  else if (value !== null && typeof value === 'object' && depth < 64) {
    for (const v of Object.values(value)) pushStrings(v, into, depth + 1);
  }
}

/** A scan the regex engine gave up on counts as a find: the guard must not wave through what it could not read. */
function failClosed(scan: () => boolean): boolean {
  try {
    return scan();
  } catch (e) {
    if (isRegexOverflow(e)) return true;
    throw e;
  }
}

/** Kinds of secrets found in texts, in a fixed order, each at most once. */
export function detectSecretsInTexts(texts: readonly string[]): SecretKind[] {
  const found: SecretKind[] = [];
  const all = withJsonStrings(texts);
  for (const { kind, re } of TOKEN_PATTERNS) {
    if (all.some((t) => failClosed(() => re.test(t)))) found.push(kind);
  }
  if (all.some((t) => failClosed(() => hasNamedSecret(t)))) found.push('dotenv_secret');
  return found;
}

/** Kinds of secrets the request appears to carry (empty when none). */
export function detectSecrets(req: CanonicalRequest): SecretKind[] {
  return detectSecretsInTexts(collectTexts(req));
}
