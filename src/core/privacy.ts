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
  | 'stripe_key' | 'npm_token' | 'gitlab_token' | 'huggingface_token' | 'sendgrid_key' | 'slack_webhook'
  /** the password in a URL or connection string (`postgres://app:pw@db/x`) */
  | 'url_password'
  /** a secret-named key's value in a config file or code: YAML, JSON, TOML, INI (`password: ...`, `"api_key": "..."`) */
  | 'config_secret'
  /** embeddings token ids that are not cl100k_base's: what they say cannot be known */
  | 'unreadable_token_ids';

interface TokenPattern {
  kind: SecretKind;
  re: { test(text: string): boolean };
}

// shared with body capture's redaction (capture-redact.ts), which finds the same shapes to replace them.
// A BEGIN line alone is what code that reads keys holds (a constant, a regex): capture redacts it anyway,
// the guard wants key material after it (PRIVATE_KEY_BLOCK).
export const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
// the header, a line break (as text, or JSON-escaped once or twice), then key material: base64, 8 of it on the line
// or two short lines of 4 (`b3Blbn` / `NzaC1r`), or the `Name: value` header lines an encrypted PEM key or a PGP
// key block starts with. Each line may carry what an agent's tools put before a file's lines (DOTENV_LINE_START's):
// a line number and a tab or arrow (`     2→MIIE…`), grep's `path:2:`.
const PEM_BREAK = String.raw`(?:[ \t\r\n]|\\{1,2}[rnt]){1,40}`;
const TOOL_LINE_PREFIX = String.raw`(?:\d{1,9}(?:\t|\\{1,2}t|\u2192)|(?:[^\s:"]{1,200}:)?\d{1,9}:)?`;
const PRIVATE_KEY_BLOCK = new RegExp(String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----${PEM_BREAK}${TOOL_LINE_PREFIX}` +
  String.raw`(?:[A-Za-z0-9+/]{8}|[A-Za-z0-9+/]{4,7}${PEM_BREAK}${TOOL_LINE_PREFIX}[A-Za-z0-9+/]{4}|(?:Proc-Type|DEK-Info|Version|Comment|Hash): )`);
// Each token's prefix, once: the patterns below, TOKEN_PREFIX (filler is judged after it) and KEY_SHAPED (a config
// value starting so is judged by its key's rule) are built from it; GitHub's two take two lengths, written out in
// GITHUB_TOKEN. Regex sources.
const KEY_PREFIX = {
  aws: 'AKIA|ASIA|AGPA|AIDA|AROA',
  github: 'gh[pousr]_|github_pat_',
  slack: 'xox[abposr]-',
  // secret and restricted keys, and webhook signing secrets (whsec_)
  stripe: '(?:sk|rk)_(?:live|test)_|whsec_',
  npm: 'npm_',
  gitlab: 'glpat-',
  huggingface: 'hf_',
  sendgrid: String.raw`SG\.`,
  google: 'AIza',
  // OpenAI's, Anthropic's, OpenRouter's and others' `sk-`, `sk_`, `rk_`
  sk: '(?:sk|rk)[-_]',
} as const;
// Each token pattern with, where the whole token matters, its run: a sticky pattern for a stretch of the token's
// alphabet, to read on to its end (runEnd). Shared with body capture's redaction, which takes the whole run out.
export const AWS_ACCESS_KEY = new RegExp(String.raw`(?<![A-Za-z0-9])(?:${KEY_PREFIX.aws})[A-Z0-9]{16}(?![A-Za-z0-9])`);
export const GITHUB_TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60})/;
export const GITHUB_TOKEN_RUN = /[A-Za-z0-9_]{1,4096}/y;
export const SLACK_TOKEN = new RegExp(String.raw`(?<![A-Za-z0-9-])${KEY_PREFIX.slack}[A-Za-z0-9-]{10}`);
export const SLACK_TOKEN_RUN = /[A-Za-z0-9-]{1,4096}/y;
export const STRIPE_KEY = new RegExp(String.raw`(?<![A-Za-z0-9_])(?:${KEY_PREFIX.stripe})[A-Za-z0-9]{24}`);
export const NPM_TOKEN = new RegExp(String.raw`(?<![A-Za-z0-9_])${KEY_PREFIX.npm}[A-Za-z0-9]{36}(?![A-Za-z0-9])`);
export const GITLAB_TOKEN = new RegExp(String.raw`(?<![A-Za-z0-9_-])${KEY_PREFIX.gitlab}[A-Za-z0-9_-]{20}`);
// newer tokens go on with `.01.` and a routing part (`glpat-….01.171abc123`): a dot followed by more of it
export const GITLAB_TOKEN_RUN = /(?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9])){1,4096}/y;
export const HUGGINGFACE_TOKEN = new RegExp(String.raw`(?<![A-Za-z0-9_])${KEY_PREFIX.huggingface}[A-Za-z]{34}(?![A-Za-z0-9_])`);
export const SENDGRID_KEY = new RegExp(String.raw`(?<![A-Za-z0-9_.-])${KEY_PREFIX.sendgrid}[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`);
export const SLACK_WEBHOOK = /https?:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]{6,12}\/[AB][A-Z0-9]{6,12}\/[A-Za-z0-9]{16}/;
const OPENAI_KEY = /(?<![A-Za-z0-9_-])sk-(?!ant-|or-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32}/;
// a run of base64url: an OpenAI key's, a JWT segment's, a SendGrid key's
export const BASE64URL_RUN = /[A-Za-z0-9_-]{1,4096}/y;
// a run of letters and digits: a Stripe key's, a Slack webhook's secret part
export const ALNUM_RUN = /[A-Za-z0-9]{1,4096}/y;

// a token whose characters are a stand-in (`glpat-xxxxxxxxxxxxxxxxxxxx`, `npm_000000…`, AWS's documented
// AKIAIOSFODNN7EXAMPLE) is a doc's example. Judged on what follows the prefix, which is no stand-in itself.
const TOKEN_PREFIX = new RegExp(`^(?:${[KEY_PREFIX.stripe, KEY_PREFIX.npm, KEY_PREFIX.gitlab, KEY_PREFIX.huggingface, KEY_PREFIX.sendgrid, KEY_PREFIX.aws].join('|')})`);
const FILLER_SAMPLE = 64;
function isFiller(token: string): boolean {
  const body = token.replace(TOKEN_PREFIX, '');
  return PLACEHOLDER_WORD.test(body.slice(0, FILLER_SAMPLE)) || new Set(body.slice(-FILLER_SAMPLE)).size < 6;
}
// an OpenAI key is random base62/base64url: identifiers that start with `sk-` (a CSS class
// `sk-spinner-…`, `sk-learn_StandardScaler_v2`) are words, with few digits, and capitals only
// where words are joined by `-` or `_`
const OPENAI_KEY_PREFIX = /^sk-(?:proj-|svcacct-|admin-)?/;
function looksRandom(token: string): boolean {
  const body = token.replace(OPENAI_KEY_PREFIX, '');
  let digits = 0, upper = 0, lower = 0, separators = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else separators++;
    if (digits >= 2 && upper >= 2 && lower >= 2) return true;
  }
  return digits >= 2 && upper + lower >= 2 && separators === 0;
}

/**
 * A token pattern whose find must also look real: `real` sees the match, read on to the end of its run when
 * `run` is given; a find that does not is stepped over whole, so a run is still entered once.
 */
function realToken(re: RegExp, real: (token: string) => boolean, run?: RegExp): { test(text: string): boolean } {
  const g = new RegExp(re.source, 'g');
  return {
    test(text) {
      g.lastIndex = 0;
      for (let m = g.exec(text); m !== null; m = g.exec(text)) {
        const end = run ? runEnd(text, m.index + m[0].length, run) : m.index + m[0].length;
        if (real(text.slice(m.index, end))) return true;
        g.lastIndex = end;
      }
      return false;
    },
  };
}

const notFiller = (token: string): boolean => !isFiller(token);

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'private_key', re: PRIVATE_KEY_BLOCK },
  { kind: 'aws_access_key', re: realToken(AWS_ACCESS_KEY, notFiller) },
  { kind: 'anthropic_key', re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32}/ },
  { kind: 'openrouter_key', re: /(?<![A-Za-z0-9_-])sk-or-v1-[A-Za-z0-9]{32}/ },
  { kind: 'openai_key', re: realToken(OPENAI_KEY, looksRandom, BASE64URL_RUN) },
  { kind: 'github_token', re: GITHUB_TOKEN },
  { kind: 'google_api_key', re: new RegExp(String.raw`(?<![A-Za-z0-9_-])${KEY_PREFIX.google}[0-9A-Za-z_-]{35}`) },
  { kind: 'slack_token', re: SLACK_TOKEN },
  { kind: 'stripe_key', re: realToken(STRIPE_KEY, notFiller) },
  { kind: 'npm_token', re: realToken(NPM_TOKEN, notFiller) },
  { kind: 'gitlab_token', re: realToken(GITLAB_TOKEN, notFiller) },
  // 34 letters: a random one has both cases, a long snake-free identifier hardly ever
  { kind: 'huggingface_token', re: realToken(HUGGINGFACE_TOKEN, (t) => notFiller(t) && /[A-Z]/.test(t) && /[a-z]/.test(t.slice(3))) },
  { kind: 'sendgrid_key', re: realToken(SENDGRID_KEY, notFiller) },
  // Slack's own docs show `T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`
  { kind: 'slack_webhook', re: realToken(SLACK_WEBHOOK, (t) => notFiller(t.slice(t.lastIndexOf('/') + 1))) },
  { kind: 'jwt', re: { test: hasJwt } },
];

// eyJ<segment>.eyJ<segment>.<signature>, each at least 8 characters, a segment being the whole run
// of base64url characters: found where a run starts with eyJ, then read on in code
export const JWT_START = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8}/g;

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
// references (`${X}`, `<x>`, `{{x}}`, `%X%`), tell-tale words anywhere, words a stand-in is made of only where they
// stand as words between `-`, `_`, `.` (`sk-test-…`, `wrong-password-1`, `generate-with-openssl-rand`: a real password
// holds `Pentest2024`, `Hammock9`, `Contest`), and whole-value stand-ins
const PLACEHOLDER_START = /^(?:\$|<|\{|%|\[)/;
const PLACEHOLDER_WORD = /your|example|changeme|change_me|placeholder|redacted|canary|xxxx|\*\*\*\*|\.\.\.|(?:^|[-_])(?:generate|replace)[-_]|(?:^|[-_.])(?:fake|mock|dummy|test|sample|wrong|invalid)(?:[-_.]|$)/i;
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
