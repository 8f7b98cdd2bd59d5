// Detects text that looks like it carries a credential, for the privacy guard. Detection only:
// the request is never rewritten, and callers report kinds, never the matched text. The same scans
// also say where each secret lies (secretSpans), for body capture's redaction; detection stops at the first.
//
// Every pattern must stay linear on hostile input (a 1 MB prompt is normal). Two rules keep them so:
// a token pattern may only start where the token's alphabet starts (a negative lookbehind on that
// alphabet), so a long run is entered once, not once per character; and no quantified group
// overlaps the next one. A third keeps V8's backtrack stack from overflowing on a run of millions
// (see regex-runs.ts): no open-ended quantifier. Detection only needs a match to exist, so a token's
// `{32,}` is `{32}`; where the end of a run matters (a JWT's segments, a .env value) code reads on.
import type { CanonicalRequest } from './canonical';
import { scanConnectionStringPasswords, scanNamedSecrets, scanUrlCredentials, type Found } from './privacy-assignments';
import { isRegexOverflow, runEnd } from './regex-runs';

export type SecretKind =
  | 'private_key' | 'aws_access_key' | 'openai_key' | 'anthropic_key' | 'openrouter_key'
  | 'github_token' | 'google_api_key' | 'slack_token' | 'jwt' | 'dotenv_secret'
  | 'stripe_key' | 'npm_token' | 'gitlab_token' | 'huggingface_token' | 'sendgrid_key' | 'slack_webhook'
  | 'url_credentials' | 'connection_string_password'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

interface SecretPattern {
  kind: SecretKind;
  /** calls `found` with each secret's [start, end) until it returns true; true when it did */
  scan: (text: string, found: Found) => boolean;
}

/** A token: where `re` (global) matches, read on to the end of its run of `run`'s alphabet. */
const token = (re: RegExp, run?: RegExp) => (text: string, found: Found): boolean => {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = run ? runEnd(text, m.index + m[0].length, run) : m.index + m[0].length;
    if (found(m.index, end)) return true;
    re.lastIndex = end;
  }
  return false;
};

const ALNUM_RUN = /[A-Za-z0-9]{1,4096}/y;
const WORD_RUN = /[A-Za-z0-9_]{1,4096}/y;
const BASE64URL_RUN = /[A-Za-z0-9_-]{1,4096}/y;

const SECRET_PATTERNS: readonly SecretPattern[] = [
  // the header alone is code or prose that mentions one; a key has base64 (or an encrypted PEM's
  // Proc-Type) on the next line, which may be numbered or a string's escaped `\n`
  { kind: 'private_key', scan: scanPrivateKeys },
  { kind: 'aws_access_key', scan: token(/(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])/g) },
  { kind: 'anthropic_key', scan: token(/(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32}/g, BASE64URL_RUN) },
  { kind: 'openrouter_key', scan: token(/(?<![A-Za-z0-9_-])sk-or-v1-[A-Za-z0-9]{32}/g, ALNUM_RUN) },
  { kind: 'openai_key', scan: token(/(?<![A-Za-z0-9_-])sk-(?!ant-|or-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32}/g, BASE64URL_RUN) },
  { kind: 'github_token', scan: token(/(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60})/g, WORD_RUN) },
  { kind: 'google_api_key', scan: token(/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/g, BASE64URL_RUN) },
  { kind: 'slack_token', scan: token(/(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10}/g, /[A-Za-z0-9-]{1,4096}/y) },
  { kind: 'jwt', scan: scanJwts },
  { kind: 'stripe_key', scan: token(/(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24}/g, ALNUM_RUN) },
  { kind: 'npm_token', scan: token(/(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}/g, ALNUM_RUN) },
  { kind: 'gitlab_token', scan: token(/(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}/g, BASE64URL_RUN) },
  { kind: 'huggingface_token', scan: token(/(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34}/g, ALNUM_RUN) },
  { kind: 'sendgrid_key', scan: token(/(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g, BASE64URL_RUN) },
  { kind: 'slack_webhook', scan: token(/hooks\.slack\.com\/services\/T[A-Za-z0-9_]{1,20}\/B[A-Za-z0-9_]{1,20}\/[A-Za-z0-9]{8}/g, ALNUM_RUN) },
  { kind: 'url_credentials', scan: scanUrlCredentials },
  { kind: 'connection_string_password', scan: scanConnectionStringPasswords },
  { kind: 'dotenv_secret', scan: scanNamedSecrets },
];

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?=[ \t]{0,10}(?:\r?\n|(?:\\r)?\\n)(?:[ \t]{0,100}\d{1,9}(?:\t|→))?[ \t]{0,100}(?:[A-Za-z0-9+/=]{8}|Proc-Type:))/g;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
// the body of a block cut short (no END within reach): base64 lines, as text or JSON-escaped
const PEM_BODY_RUN = /(?:[A-Za-z0-9+/=\s]|\\[nrt]){1,4096}/y;
/** The longest block read to its END line (an RSA 16384-bit key is some 12K). */
const MAX_PEM_CHARS = 64 * 1024;

/** Private key blocks, whole, up to their END line; a block with none in reach, its key material. */
function scanPrivateKeys(text: string, found: Found): boolean {
  if (!text.includes('PRIVATE KEY')) return false;
  let nextEnd = -1; // the first `-----END ` at or after the block: searched once for all the blocks before it
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const from = m.index + m[0].length;
    if (nextEnd < from) {
      const at = text.indexOf('-----END ', from);
      nextEnd = at < 0 ? text.length : at;
    }
    PEM_END.lastIndex = nextEnd;
    const end = nextEnd - from <= MAX_PEM_CHARS && PEM_END.test(text) ? PEM_END.lastIndex : runEnd(text, from, PEM_BODY_RUN);
    if (found(m.index, end)) return true;
    PEM_BEGIN.lastIndex = end;
  }
  return false;
}

// eyJ<segment>.eyJ<segment>.<signature>, each at least 8 characters, a segment being the whole run
// of base64url characters: found where a run starts with eyJ, then read on in code
const JWT_START = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8}/g;

function scanJwts(text: string, found: Found): boolean {
  JWT_START.lastIndex = 0;
  for (let m = JWT_START.exec(text); m !== null; m = JWT_START.exec(text)) {
    let end = runEnd(text, m.index + m[0].length, BASE64URL_RUN);
    if (text.startsWith('.eyJ', end)) {
      const payloadStart = end + 4;
      const payloadEnd = runEnd(text, payloadStart, BASE64URL_RUN);
      const signatureEnd = text[payloadEnd] === '.' ? runEnd(text, payloadEnd + 1, BASE64URL_RUN) : payloadEnd;
      if (payloadEnd - payloadStart >= 8 && signatureEnd - (payloadEnd + 1) >= 8) {
        if (found(m.index, signatureEnd)) return true;
        end = signatureEnd;
      }
    }
    JWT_START.lastIndex = end;
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

const STOP: Found = () => true;

/** Kinds of secrets found in texts, in a fixed order, each at most once. */
export function detectSecretsInTexts(texts: readonly string[]): SecretKind[] {
  const found: SecretKind[] = [];
  const all = withJsonStrings(texts);
  for (const { kind, scan } of SECRET_PATTERNS) {
    if (all.some((t) => failClosed(() => scan(t, STOP)))) found.push(kind);
  }
  return found;
}

export interface SecretSpan {
  kind: SecretKind;
  start: number;
  end: number;
}

/**
 * Where the secrets detectSecretsInTexts finds lie in this text as it is (not in the JSON strings it
 * may hold): [start, end) of each secret's value, a named one's name and quotes left out, by kind in
 * the detector's order. A private key is its block to the END line, or its key material.
 */
export function secretSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { kind, scan } of SECRET_PATTERNS) {
    scan(text, (start, end) => {
      spans.push({ kind, start, end });
      return false;
    });
  }
  return spans;
}

/** Kinds of secrets the request appears to carry (empty when none). */
export function detectSecrets(req: CanonicalRequest): SecretKind[] {
  return detectSecretsInTexts(collectTexts(req));
}
