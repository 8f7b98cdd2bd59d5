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
import { isRegexOverflow, runEnd } from './regex-runs';

export type SecretKind =
  | 'private_key' | 'aws_access_key' | 'openai_key' | 'anthropic_key' | 'openrouter_key'
  | 'github_token' | 'google_api_key' | 'slack_token' | 'jwt' | 'dotenv_secret'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

interface TokenPattern {
  kind: SecretKind;
  re: { test(text: string): boolean };
}

// shared with body capture's redaction (capture-redact.ts), which finds the same shapes to replace them
export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
export const AWS_ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])/;
export const GITHUB_TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60})/;
export const SLACK_TOKEN = /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10}/;

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'private_key', re: PRIVATE_KEY_BEGIN },
  { kind: 'aws_access_key', re: AWS_ACCESS_KEY },
  { kind: 'anthropic_key', re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32}/ },
  { kind: 'openrouter_key', re: /(?<![A-Za-z0-9_-])sk-or-v1-[A-Za-z0-9]{32}/ },
  { kind: 'openai_key', re: /(?<![A-Za-z0-9_-])sk-(?!ant-|or-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32}/ },
  { kind: 'github_token', re: GITHUB_TOKEN },
  { kind: 'google_api_key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/ },
  { kind: 'slack_token', re: SLACK_TOKEN },
  { kind: 'jwt', re: { test: hasJwt } },
];

// eyJ<segment>.eyJ<segment>.<signature>, each at least 8 characters, a segment being the whole run
// of base64url characters: found where a run starts with eyJ, then read on in code
export const JWT_START = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8}/g;
const BASE64URL_RUN = /[A-Za-z0-9_-]{1,4096}/y;

/**
 * The JWT a JWT_START match begins, `after` being the match's end: where the JWT ends, or -1; and where its
 * header ends, for a scan to go on from.
 */
export function jwtEnd(text: string, after: number): { end: number; headerEnd: number } {
  const headerEnd = runEnd(text, after, BASE64URL_RUN);
  if (text.startsWith('.eyJ', headerEnd)) {
    const payloadStart = headerEnd + 4;
    const payloadEnd = runEnd(text, payloadStart, BASE64URL_RUN);
    const signatureStart = payloadEnd + 1;
    if (payloadEnd - payloadStart >= 8 && text[payloadEnd] === '.') {
      const signatureEnd = runEnd(text, signatureStart, BASE64URL_RUN);
      if (signatureEnd - signatureStart >= 8) return { end: signatureEnd, headerEnd };
    }
  }
  return { end: -1, headerEnd };
}

function hasJwt(text: string): boolean {
  JWT_START.lastIndex = 0;
  for (let m = JWT_START.exec(text); m !== null; m = JWT_START.exec(text)) {
    const { end, headerEnd } = jwtEnd(text, m.index + m[0].length);
    if (end !== -1) return true;
    JWT_START.lastIndex = headerEnd;
  }
  return false;
}

// `NAME=value` lines as in .env files and shell exports, also as an agent's tools show a file: behind a line
// number (Claude Code's Read: `12\t`, or `12→`), grep's `path:12:` (`12:` on one file), or a list's `- `
// (docker-compose). The name must be upper case (an env variable) and say what it holds; the value must look
// real (see isPlaceholder). Shared with body capture's redaction (capture-redact.ts), which reads the same lines.
export const DOTENV_LINE_START = String.raw`^[ \t]*(?:\d{1,9}(?:\t|\u2192)[ \t]*|(?:[^\s:]{1,200}:)?\d{1,9}:[ \t]*|-[ \t]+)?(?:export[ \t]+)?([A-Z][A-Z0-9_]{0,100})[ \t]*=[ \t]*["']?`;
const DOTENV_LINE = new RegExp(`${DOTENV_LINE_START}([^\\s"'#]{8})`, 'gm');
const DOTENV_VALUE_RUN = /[^\s"'#]{1,4096}/y;
// the word is not the start of a longer one (TOKENIZER, AUTHOR, PASSWORDHASH): a digit, `_` or the end follows
// (DB_PASSWORD1, GITHUB_TOKEN_2, SECRETKEY, TS_AUTHKEY); a name for where it is used (TOKEN_URL) holds none
const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(?:S|KEYS?)?(?![A-Z])/;
const PLACE_NAME = /_(?:URL|URI|ENDPOINT|HOST)$/;

/** Whether an env variable's name says it holds a secret. */
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name) && !PLACE_NAME.test(name);
// references (`${X}`, `<x>`, `{{x}}`, `%X%`), tell-tale words anywhere, and whole-value stand-ins
const PLACEHOLDER_START = /^(?:\$|<|\{|%|\[)/;
const PLACEHOLDER_WORD = /your|example|changeme|change_me|placeholder|dummy|redacted|xxxx|\*\*\*\*|\.\.\./i;
const PLACEHOLDER_VALUE = /^(?:none|null|undefined|true|false|todo|replace_?me|insert_?here|secret|password)$/i;
// code reading the secret from elsewhere (`API_KEY = os.getenv("API_KEY")`)
const NOT_A_VALUE = /^(?:os\.(?:getenv|environ)|process\.env|getenv\(|env\(|System\.getenv)/;

function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_START.test(value) || PLACEHOLDER_WORD.test(value) || PLACEHOLDER_VALUE.test(value) || NOT_A_VALUE.test(value)) return true;
  // a value of one repeated character (`aaaaaaaa`) is filler, not a secret
  const first = value[0];
  for (let i = 1; i < value.length; i++) if (value[i] !== first) return false;
  return true;
}

function hasDotenvSecret(text: string): boolean {
  if (text.indexOf('=') < 0) return false;
  DOTENV_LINE.lastIndex = 0;
  for (let m = DOTENV_LINE.exec(text); m !== null; m = DOTENV_LINE.exec(text)) {
    const name = m[1] ?? '';
    const valueEnd = runEnd(text, m.index + m[0].length, DOTENV_VALUE_RUN);
    const value = text.slice(m.index + m[0].length - (m[2] ?? '').length, valueEnd);
    if (isSecretName(name) && !isPlaceholder(value)) return true;
    DOTENV_LINE.lastIndex = valueEnd;
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
  for (const { kind, re } of TOKEN_PATTERNS) {
    if (texts.some((t) => failClosed(() => re.test(t)))) found.push(kind);
  }
  if (texts.some((t) => failClosed(() => hasDotenvSecret(t)))) found.push('dotenv_secret');
  return found;
}

/** Kinds of secrets the request appears to carry (empty when none). */
export function detectSecrets(req: CanonicalRequest): SecretKind[] {
  return detectSecretsInTexts(collectTexts(req));
}
