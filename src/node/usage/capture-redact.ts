// Captured bodies are kept for days, so they get a wider net than redactSecrets (core/redact.ts, which
// the proxy's hot paths run): every credential shape the privacy guard's detector knows (core/privacy.ts, its token shapes in
// secret-tokens.ts; it says only which kinds a request holds, not where) is found here too and replaced with
// `[REDACTED]`: private key blocks whole (a BEGIN line alone too), JWTs, GitHub, AWS, Slack, Stripe, npm,
// GitLab, Hugging Face and SendGrid tokens, Slack webhook URLs, the values of .env lines and config keys
// naming a secret, and the password of a URL. It runs on a body's strings before they are printed as
// JSON, and on a streamed transcript as is: no replacement takes a quote or half a backslash escape.
// Patterns follow privacy.ts's rules: entered once a run (a lookbehind on the run's alphabet), no
// open-ended quantifier, a run read on in code (regex-runs.ts).
import { runEnd } from '../../core/regex-runs';
import { CONFIG_SECRET_KEY, DOTENV_LINE_START, DOTENV_VALUE_RUN, URL_USERINFO, configValueAt, isSecretName, urlPasswordAt } from '../../core/privacy';
import {
  ALNUM_RUN, AWS_ACCESS_KEY, BASE64URL_RUN, GITHUB_TOKEN, GITHUB_TOKEN_RUN, GITLAB_TOKEN, GITLAB_TOKEN_RUN, HUGGINGFACE_TOKEN, JWT_START, NPM_TOKEN,
  PRIVATE_KEY_BEGIN, SENDGRID_KEY, SLACK_TOKEN, SLACK_TOKEN_RUN, SLACK_WEBHOOK, STRIPE_KEY, jwtEnd,
} from '../../core/secret-tokens';

const REDACTED = '[REDACTED]';

/** Where a match's secret lies, or null when the match is not one. */
type Locate = (text: string, m: RegExpExecArray) => readonly [start: number, end: number] | null;

interface Rule {
  re: RegExp;
  locate: Locate;
}

/** A token: the match, read on to the end of its run. */
const token = (re: RegExp, run?: RegExp): Rule => ({
  re,
  locate: (text, m) => [m.index, run ? runEnd(text, m.index + m[0].length, run) : m.index + m[0].length],
});

// the body of a block cut short (no END within reach): base64 lines, as text or JSON-escaped, also as an agent's
// tools show a file (`     2→MIIE…`, grep's `src/k.pem:2:MIIE…`)
const PEM_BODY_RUN = /(?:[A-Za-z0-9+/=\s:._\u2192-]|\\[nrt]){1,4096}/y;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
/** The longest block read to its END line (an RSA 16384-bit key is some 12K). */
const MAX_PEM_CHARS = 64 * 1024;

const PEM_BEGIN = new RegExp(PRIVATE_KEY_BEGIN.source, 'g');

/** Private key blocks, whole, up to their END line; a block with none in reach, its key material. */
function redactPemBlocks(text: string): string {
  if (!text.includes('PRIVATE KEY')) return text;
  // the first `-----END ` at or after the block: searched once for all the blocks before it
  let nextEnd = -1;
  const locate: Locate = (t, m) => {
    const from = m.index + m[0].length;
    if (nextEnd < from) {
      const at = t.indexOf('-----END ', from);
      nextEnd = at < 0 ? t.length : at;
    }
    if (nextEnd - from <= MAX_PEM_CHARS && !t.slice(from, nextEnd).includes('"')) {
      PEM_END.lastIndex = nextEnd;
      if (PEM_END.test(t)) return [m.index, PEM_END.lastIndex];
    }
    return [m.index, runEnd(t, from, PEM_BODY_RUN)];
  };
  return apply(text, { re: PEM_BEGIN, locate });
}

// eyJ<header>.eyJ<payload>.<signature>, each part at least 8 characters: secret-tokens.ts's own rule
const locateJwt: Locate = (text, m) => {
  const { end } = jwtEnd(text, m.index + m[0].length);
  return end === -1 ? null : [m.index, end];
};

// `NAME=value` lines (privacy.ts's own rule: the same line starts, line numbers and grep prefixes included, and
// names, the same value run), a value of 8 or more; the name stays. A backslash is read with the character it
// escapes, so a JSON escape is taken whole, and an escaped line break ends the value as a line break does.
const MIN_DOTENV_VALUE = 8;

const locateDotenvValue: Locate = (text, m) => {
  const start = m.index + m[0].length;
  const end = runEnd(text, start, DOTENV_VALUE_RUN);
  return isSecretName(m[1] ?? '') && end - start >= MIN_DOTENV_VALUE ? [start, end] : null;
};

// scheme://user:password@host: the password, up to the `@` that must follow it (privacy.ts's own reading),
// whatever it is: a stand-in costs nothing to take out
const locateUrlPassword: Locate = (text, m) => urlPasswordAt(text, m);

// a secret-named key's value in a config file or code (`password: …`, `"api_key": "…"`): privacy.ts's own rule,
// a value that looks real (code's `password: hashedPassword` stays as it is); the name stays
const locateConfigValue: Locate = (text, m) => {
  const at = configValueAt(text, m);
  return at?.real ? [at.start, at.end] : null;
};

const RULES: readonly Rule[] = [
  { re: new RegExp(JWT_START.source, 'g'), locate: locateJwt },
  token(new RegExp(GITHUB_TOKEN.source, 'g'), GITHUB_TOKEN_RUN),
  token(new RegExp(AWS_ACCESS_KEY.source, 'g')),
  token(new RegExp(SLACK_TOKEN.source, 'g'), SLACK_TOKEN_RUN),
  token(new RegExp(SLACK_WEBHOOK.source, 'g'), ALNUM_RUN),
  token(new RegExp(STRIPE_KEY.source, 'g'), ALNUM_RUN),
  token(new RegExp(NPM_TOKEN.source, 'g')),
  token(new RegExp(GITLAB_TOKEN.source, 'g'), GITLAB_TOKEN_RUN),
  token(new RegExp(HUGGINGFACE_TOKEN.source, 'g')),
  token(new RegExp(SENDGRID_KEY.source, 'g'), BASE64URL_RUN),
  { re: new RegExp(DOTENV_LINE_START, 'gm'), locate: locateDotenvValue },
  { re: new RegExp(URL_USERINFO.source, 'g'), locate: locateUrlPassword },
  { re: new RegExp(CONFIG_SECRET_KEY.source, 'gi'), locate: locateConfigValue },
];

function apply(text: string, { re, locate }: Rule): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = locate(text, m);
    if (at) {
      out += `${text.slice(last, at[0])}${REDACTED}`;
      last = at[1];
    }
    re.lastIndex = Math.max(last, m.index + m[0].length);
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The credentials of the shapes above in this text (keys, tokens, PEM blocks, JWTs, .env-style secrets, URL passwords), replaced with `[REDACTED]`. */
export function redactCaptured(text: string): string {
  let out = redactPemBlocks(text);
  for (const rule of RULES) out = apply(out, rule);
  return out;
}

/**
 * The start of a long string as stored, redacted: at least `room` characters of it when it has them. A
 * string cut before redaction could leave a piece of a secret the cut goes through; here that piece
 * lies only at the end, past `room`, since more is read until the redacted text is that long.
 */
export function redactedStart(value: string, room: number): string {
  for (let take = room; ; take *= 2) {
    const clean = redactCaptured(value.length > take ? value.slice(0, take) : value);
    if (take >= value.length || clean.length >= room) return clean;
  }
}
