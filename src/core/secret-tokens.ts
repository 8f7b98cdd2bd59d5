// Token shapes for the privacy guard (privacy.ts) and body capture's redaction (capture-redact.ts): each
// provider's key pattern with its run, the checks that tell a real token from a doc's stand-in, JWTs, and the
// stand-in values every rule shares. privacy.ts's rules hold here: entered once a run, no open-ended quantifier.
import type { SecretKind } from './privacy';
import { runEnd } from './regex-runs';

export interface TokenPattern {
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
export const KEY_PREFIX = {
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

export const TOKEN_PATTERNS: readonly TokenPattern[] = [
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

// references (`${X}`, `<x>`, `{{x}}`, `%X%`), tell-tale words anywhere, words a stand-in is made of only where they
// stand as words between `-`, `_`, `.` (`sk-test-…`, `wrong-password-1`, `generate-with-openssl-rand`: a real password
// holds `Pentest2024`, `Hammock9`, `Contest`), and whole-value stand-ins
const PLACEHOLDER_START = /^(?:\$|<|\{|%|\[)/;
const PLACEHOLDER_WORD = /your|example|changeme|change_me|placeholder|redacted|canary|xxxx|\*\*\*\*|\.\.\.|(?:^|[-_])(?:generate|replace)[-_]|(?:^|[-_.])(?:fake|mock|dummy|test|sample|wrong|invalid)(?:[-_.]|$)/i;
const PLACEHOLDER_VALUE = /^(?:none|null|undefined|true|false|todo|replace_?me|insert_?here|secret|password)$/i;
// code reading the secret from elsewhere (`API_KEY = os.getenv("API_KEY")`)
const NOT_A_VALUE = /^(?:os\.(?:getenv|environ)|process\.env|getenv\(|env\(|System\.getenv)/;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_START.test(value) || PLACEHOLDER_WORD.test(value) || PLACEHOLDER_VALUE.test(value) || NOT_A_VALUE.test(value)) return true;
  // a value of one repeated character (`aaaaaaaa`) is filler, not a secret
  const first = value[0];
  for (let i = 1; i < value.length; i++) if (value[i] !== first) return false;
  return true;
}
