// Detects text that looks like it carries a credential, for the privacy guard. Detection only:
// the request is never rewritten, and callers report kinds, never the matched text.
//
// Every pattern must stay linear on hostile input (a 1 MB prompt is normal). Two rules keep them so:
// a token pattern may only start where the token's alphabet starts (a negative lookbehind on that
// alphabet), so a long run is entered once, not once per character; and no quantified group
// overlaps the next one.
import type { CanonicalRequest } from './canonical';

export type SecretKind =
  | 'private_key' | 'aws_access_key' | 'openai_key' | 'anthropic_key' | 'openrouter_key'
  | 'github_token' | 'google_api_key' | 'slack_token' | 'jwt' | 'dotenv_secret'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

interface TokenPattern {
  kind: SecretKind;
  re: RegExp;
}

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'private_key', re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/ },
  { kind: 'aws_access_key', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])/ },
  { kind: 'anthropic_key', re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32,}/ },
  { kind: 'openrouter_key', re: /(?<![A-Za-z0-9_-])sk-or-v1-[A-Za-z0-9]{32,}/ },
  { kind: 'openai_key', re: /(?<![A-Za-z0-9_-])sk-(?!ant-|or-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/ },
  { kind: 'github_token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})/ },
  { kind: 'google_api_key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/ },
  { kind: 'slack_token', re: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}/ },
  // (?=(x+))\1 is an atomic group: a segment that is not followed by `.` fails without backtracking
  { kind: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ(?=([A-Za-z0-9_-]{8,}))\1\.eyJ(?=([A-Za-z0-9_-]{8,}))\2\.[A-Za-z0-9_-]{8,}/ },
];

// `NAME=value` lines as in .env files and shell exports. The name must be upper case (an env
// variable) and say what it holds; the value must look real (see isPlaceholder).
const DOTENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]{0,100})[ \t]*=[ \t]*["']?([^\s"'#]{8,})/gm;
const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)/;
// references (`${X}`, `<x>`, `{{x}}`, `%X%`), tell-tale words anywhere, and whole-value stand-ins
const PLACEHOLDER_START = /^(?:\$|<|\{|%|\[)/;
const PLACEHOLDER_WORD = /your|example|changeme|change_me|placeholder|dummy|redacted|xxxx|\*\*\*\*|\.\.\./i;
const PLACEHOLDER_VALUE = /^(?:none|null|undefined|true|false|todo|replace_?me|insert_?here|secret|password)$/i;

function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_START.test(value) || PLACEHOLDER_WORD.test(value) || PLACEHOLDER_VALUE.test(value)) return true;
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
    const value = m[2] ?? '';
    if (SECRET_NAME.test(name) && !isPlaceholder(value)) return true;
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

/** Kinds of secrets found in texts, in a fixed order, each at most once. */
export function detectSecretsInTexts(texts: readonly string[]): SecretKind[] {
  const found: SecretKind[] = [];
  for (const { kind, re } of TOKEN_PATTERNS) {
    if (texts.some((t) => re.test(t))) found.push(kind);
  }
  if (texts.some(hasDotenvSecret)) found.push('dotenv_secret');
  return found;
}

/** Kinds of secrets the request appears to carry (empty when none). */
export function detectSecrets(req: CanonicalRequest): SecretKind[] {
  return detectSecretsInTexts(collectTexts(req));
}
