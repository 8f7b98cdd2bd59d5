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
import { isPlaceholder, KEY_PREFIX, TOKEN_PATTERNS } from './secret-tokens';

export type SecretKind =
  | 'private_key' | 'aws_access_key' | 'openai_key' | 'anthropic_key' | 'openrouter_key'
  | 'github_token' | 'google_api_key' | 'slack_token' | 'jwt' | 'dotenv_secret'
  | 'stripe_key' | 'npm_token' | 'gitlab_token' | 'huggingface_token' | 'sendgrid_key' | 'slack_webhook'
  /** the password in a URL or connection string (`postgres://app:pw@db/x`) */
  | 'url_password'
  /** a secret-named key's value in a config file or code: YAML, JSON, TOML, INI (`password: ...`, `"api_key": "..."`) */
  | 'config_secret'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

// `NAME=value` lines as in .env files and shell exports, also as an agent's tools show a file: behind a line
// number (Claude Code's Read: `12\t`, or `12→`), grep's `path:12:` (`12:` on one file), or a list's `- `
// (docker-compose). The name must be upper case (an env variable) and say what it holds; the value must look
// real (see isPlaceholder). Shared with body capture's redaction (capture-redact.ts), which reads the same lines.
// A line starts a text, follows a line break, or, inside a JSON string (a Write call's `"content":"A=1\nB=2"`),
// follows an escaped line break or the string's opening quote (taken into the match); a tab may be escaped there too.
// grep's path holds no backslash: inside a JSON string it would run on over escaped line breaks and tabs (a slow
// scan of `\n\t\t…`, and a later line's `path:12:` swallowing the lines before it).
export const DOTENV_LINE_START = String.raw`(?:^|\\[nr]|")(?:[ \t]|\\t){0,100}(?:\d{1,9}(?:\t|\\t|\u2192)[ \t]*|(?:[^\s:"\\]{1,200}:)?\d{1,9}:[ \t]*|-[ \t]+)?(?:export[ \t]+)?([A-Z][A-Z0-9_]{0,100})[ \t]*=[ \t]*["']?`;
// a value's characters: a backslash only with what it escapes, and not an escaped line break, tab or quote, which end
// a line inside a JSON string
const DOTENV_VALUE_CHAR = String.raw`(?:[^\s"'#\\]|\\[^\s"nrt])`;
const DOTENV_LINE = new RegExp(`${DOTENV_LINE_START}(${DOTENV_VALUE_CHAR}{8})`, 'gm');
export const DOTENV_VALUE_RUN = new RegExp(`${DOTENV_VALUE_CHAR}{1,4096}`, 'y');
// the word is not the start of a longer one (TOKENIZER, AUTHOR, PASSWORDHASH): a digit, `_` or the end follows
// (DB_PASSWORD1, GITHUB_TOKEN_2, SECRETKEY, TS_AUTHKEY); a name for where it is used (TOKEN_URL) holds none
const SECRET_NAME = /(?:SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(?:S|KEYS?)?(?![A-Z])/;
// and a name for what it is about, not the secret itself: where it is used (TOKEN_URL), how (AUTH_MODE=oauth2,
// AUTH_PROVIDER, TOKEN_TYPE), or where it is kept (POSTGRES_PASSWORD_FILE)
const PLACE_NAME = /_(?:URL|URI|ENDPOINT|HOST|PORT|MODE|PROVIDER|TYPE|METHOD|STRATEGY|SCHEME|ENABLED|DISABLED|ALGORITHM|ISSUER|AUDIENCE|TTL|TIMEOUT|LENGTH|FILE|PATH)$/;

/** Whether an env variable's name says it holds a secret. */
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name) && !PLACE_NAME.test(name);

/**
 * Whether some `=` follows, past spaces and tabs, a capital, a digit or `_`: the end of a name DOTENV_LINE could take.
 * A text with none (most prose and code: `x = 1`, `a === b`, `"k=v"` in lower case) skips the scan. Linear: going
 * back from an `=` stops at the previous `=` at the latest.
 */
function mayHoldDotenvLine(text: string): boolean {
  for (let i = text.indexOf('='); i >= 0; i = text.indexOf('=', i + 1)) {
    let j = i - 1;
    while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
    const c = j >= 0 ? text.charCodeAt(j) : 0;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) return true;
  }
  return false;
}

function hasDotenvSecret(text: string): boolean {
  if (!mayHoldDotenvLine(text)) return false;
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

// scheme://user:password@host, as URLs and connection strings (postgres://, mongodb+srv://, redis://:pw@) hold
// them: shared with body capture's redaction (capture-redact.ts), which replaces the password. The scheme is
// entered once a run, the user is bounded and has no `:`; the password is read on in code up to the `@`.
export const URL_USERINFO = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s:/@"'\\]{0,256}):/g;
export const URL_PASSWORD_RUN = /[^\s/@"'\\]{1,4096}/y;
// what docs and local setups put there: `user:pass@`, `guest:guest@`, `postgres:postgres@` (see also isPlaceholder)
const URL_STANDIN = /^(?:pass|passwd|pwd|pw|pass(?:word)?\d{0,3}|secret\d{0,3}|admin|root|guest|test|user(?:name)?|postgres|mysql|redis|mongo)$/i;

/** Where the password of a URL_USERINFO match lies, whatever it is, or null when no `@` ends it. */
export function urlPasswordAt(text: string, m: RegExpExecArray): readonly [start: number, end: number] | null {
  const start = m.index + m[0].length;
  const end = runEnd(text, start, URL_PASSWORD_RUN);
  return end > start && text[end] === '@' ? [start, end] : null;
}

function hasUrlPassword(text: string): boolean {
  if (text.indexOf('://') < 0) return false;
  URL_USERINFO.lastIndex = 0;
  for (let m = URL_USERINFO.exec(text); m !== null; m = URL_USERINFO.exec(text)) {
    const at = urlPasswordAt(text, m);
    if (at) {
      const password = text.slice(at[0], at[1]);
      // a port (host:8080@…) is no password, nor is a stand-in or the user's own name again
      const real = password.length >= 6 && !/^\d{1,5}$/.test(password) && !isPlaceholder(password) && !URL_STANDIN.test(password) && password !== m[1];
      if (real) return true;
    }
    URL_USERINFO.lastIndex = at ? at[1] : m.index + m[0].length;
  }
  return false;
}

// A secret-named key and its value in a config file or code, any case (password, db_password, dbPassword,
// "api_key", client_secret, private_key, access_token), as YAML `key: value`, JSON `"key": "value"`, TOML/INI
// `key = "value"`, Go `key := "value"`, also JSON-escaped inside a tool call's arguments. The name must end in
// the secret word (password_hash, secretName, token_url do not); a bare `token` is left out (logprobs hold
// `"token": "…"` by the thousand). Shared with body capture's redaction (capture-redact.ts) with configValueAt.
// The scan finds the name's last word; a `token` or `key` must follow its qualifier (configValueAt reads it back):
// one pattern entered at every `p`, `a`, `s` of a text cost more than the whole scan of a prompt.
export const CONFIG_SECRET_KEY = /(?:passw(?:or)?d|passphrase|token|key|secret)(?![A-Za-z0-9_])/gi;
const TOKEN_QUALIFIER = /(?:api|access|auth|refresh|bearer|session|bot)[_-]?$/i;
const KEY_QUALIFIER = /(?:api|access|secret|private|signing|encryption|master)[_-]?$/i;
const QUALIFIER_CHARS = 11;
// after the name: its closing quote, the separator (not `==`, `=>`, `::`), the value's opening quote
const CONFIG_SEPARATOR = /(\\{0,3}["'`])?[ \t]{0,20}(:=|:(?![:=])|=(?![=>~]))([ \t]{0,20})(\\{0,3}["'`])?/y;
const CONFIG_QUOTED_RUN = /[^\s"'`\\]{1,4096}/y;
const CONFIG_BARE_RUN = /[^\s"'`\\,;(){}[\]]{1,4096}/y;
// a quoted value ends at its quote; a bare one at a space, the end, a JSON escape, a quote (`"password=…"`) or the end
// of its expression
const QUOTE_END = /^\\{0,3}["'`]/;
const BARE_END = /^(?:$|[\s,;)}\]\\"'`])/;
// stand-ins tests and docs start with (demo, foo, bar as a word: not Barcelona), an encrypted file's value (sops:
// ENC[…]), a JWT's header alone (eyJhbGciOi…)
const CONFIG_STANDIN = /^(?:test|fake|mock|sample|(?:demo|foo|bar)(?![a-z])|passw(?:or)?d|secret|ENC\[|eyJ)/i;
// the famous stand-ins, whole, with up to 4 digits or signs (admin123, Passw0rd!, P@ssw0rd123 read as Password):
// a word of one's own with digits (Dragon99!, Monkey123) is a real password, however weak, and so is a value that
// merely starts with one of these (Rootbeer-Float-93)
const FAMOUS_STANDIN = /^(?:passw(?:or)?d|admin|root|guest|letmein|welcome|qwerty|changeme|secret)[^A-Za-z]{0,4}$/i;
const unLeet = (value: string): string => value.replace(/[01345@$]/g, (c) => ({ 0: 'o', 1: 'l', 3: 'e', 4: 'a', 5: 's', '@': 'a', $: 's' })[c] ?? c);
// a reference to where the secret is kept (`ref:vault/prod/db#password`, `arn:aws:secretsmanager:…`, 1Password's
// `op://…`, GCP's `projects/p/secrets/db/versions/1`), a template's expression, a timestamp (sessionToken: "2023-10-01T…")
const REFERENCE = /^(?:ref|vault|arn|ssm|op|sm|kms|keyvault|doppler|infisical|env|file|k8s):|\/secrets?\/|secrets?manager|keyvault|\$\{|\{\{/i;
const TIMESTAMP = /^\d{4}-\d\d-\d\d(?:$|[T ])/;
// a value shaped like a provider's key (`sk-…`, `AIza…`, `ghp_…`) is real when that key's own rule finds a key in it:
// `sk-alice-own-1f2e` or `sk-ant-fake-key-…` is a test's stand-in
const OTHER_KEY = /^[A-Za-z]{2,3}[-_][A-Za-z0-9]{16,}$/;
const KEY_SHAPED = new RegExp(`^(?:${Object.values(KEY_PREFIX).join('|')})`);
// what a person types for a test: a run of 6 characters counting up or repeating (0123456789, abcdef, 000000), or two
// runs of 4 (1234abcd, 0000wxyz); a random secret hardly ever holds one
function hasTypedRun(value: string): boolean {
  let runs = 0, up = 1, same = 1;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i), prev = value.charCodeAt(i - 1);
    up = c === prev + 1 && isAlnum(c) && isAlnum(prev) ? up + 1 : 1;
    same = c === prev ? same + 1 : 1;
    if (up === 6 || same === 6) return true;
    if ((up === 4 || same === 4) && ++runs === 2) return true;
  }
  return false;
}
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Whether a config value (8 or more, letters and digits) is a real secret's, not a stand-in or a reference. */
function isRealConfigValue(value: string): boolean {
  if (KEY_SHAPED.test(value)) {
    if (TOKEN_PATTERNS.some(({ re }) => re.test(value))) return true;
    // no provider's key, but a key of its own: a short prefix and 16 or more letters and digits (ElevenLabs'
    // `sk_<48 hex>`, a LiteLLM `sk-<22>`, `rk_…`), judged as any other value; `sk-alice-own-5e6f` is none
    if (!OTHER_KEY.test(value)) return false;
  }
  return !isPlaceholder(value) && !CONFIG_STANDIN.test(value) && !FAMOUS_STANDIN.test(value) &&
    !FAMOUS_STANDIN.test(unLeet(value.replace(/[^A-Za-z]{1,4}$/, ''))) && !REFERENCE.test(value) && !TIMESTAMP.test(value) && !hasTypedRun(value);
}
// a resource's name (`existingSecret: postgres-credentials-v2`, `secretName: my-tls-secret`): lower-case words
const SLUG = /^(?:[a-z]+\d*|\d+)(?:[-._](?:[a-z]+\d*|\d+)){1,20}$/;
// code's values: a path, a URL, a member (settings.db_password)
const NOT_CONFIG_VALUE = /^(?:\.{0,2}\/|~\/)|:\/\//;
const MEMBER = /^[A-Za-z_$][\w$]{0,200}(?:\.[A-Za-z_$][\w$]{0,200}){1,20}$/;

/**
 * Where the value after a CONFIG_SECRET_KEY match lies, or null when there is none; `real` tells whether it
 * looks like a secret (8 or more, letters and digits, no stand-in, no name of a resource, no code). An
 * upper-case name before `=` is a .env line's, which DOTENV_LINE reads by its own rules.
 */
export function configValueAt(text: string, m: RegExpExecArray): { start: number; end: number; real: boolean } | null {
  const word = m[0].length === 3 ? KEY_QUALIFIER : m[0].length === 5 && m[0].toLowerCase() === 'token' ? TOKEN_QUALIFIER : undefined;
  if (word && !word.test(text.slice(Math.max(0, m.index - QUALIFIER_CHARS), m.index))) return null;
  CONFIG_SEPARATOR.lastIndex = m.index + m[0].length;
  const sep = CONFIG_SEPARATOR.exec(text);
  if (!sep) return null;
  const [, , separator, space, quote] = sep;
  const quoteChar = quote?.at(-1);
  if (separator === '=' && !/[a-z]/.test(m[0])) return null;
  // YAML wants a space after its colon; without one it is a URL's or a log's `password:x`
  if (separator === ':' && !space && !quote) return null;
  const start = CONFIG_SEPARATOR.lastIndex;
  const end = runEnd(text, start, quote ? CONFIG_QUOTED_RUN : CONFIG_BARE_RUN);
  if (end === start) return null;
  const after = text.slice(end, end + 4);
  // a quoted value ends at its own quote (`'x${y('` in a template is code)
  if (!(quote ? QUOTE_END.test(after) && after.replace(/^\\{0,3}/, '')[0] === quoteChar : BARE_END.test(after))) return { start, end, real: false };
  const value = text.slice(start, end);
  const real = value.length >= 8 && /[A-Za-z]/.test(value) && /\d/.test(value) && !SLUG.test(value) && !NOT_CONFIG_VALUE.test(value) &&
    !(quote === undefined && MEMBER.test(value)) && isRealConfigValue(value);
  return { start, end, real };
}

function hasConfigSecret(text: string): boolean {
  CONFIG_SECRET_KEY.lastIndex = 0;
  for (let m = CONFIG_SECRET_KEY.exec(text); m !== null; m = CONFIG_SECRET_KEY.exec(text)) {
    const at = configValueAt(text, m);
    if (at?.real) return true;
    CONFIG_SECRET_KEY.lastIndex = at ? at.end : m.index + m[0].length;
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
  if (texts.some((t) => failClosed(() => hasUrlPassword(t)))) found.push('url_password');
  if (texts.some((t) => failClosed(() => hasConfigSecret(t)))) found.push('config_secret');
  return found;
}

/** Kinds of secrets the request appears to carry (empty when none). */
export function detectSecrets(req: CanonicalRequest): SecretKind[] {
  return detectSecretsInTexts(collectTexts(req));
}
