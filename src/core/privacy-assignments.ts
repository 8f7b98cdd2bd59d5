// Secrets given a name: `.env` lines, shell exports, YAML and INI keys, JSON members, connection
// strings and URLs with a password. A name says what a value holds, the value must look real: not a
// stand-in (isPlaceholder), not code that fetches it (isCodeValue), not a URL without credentials.
// The patterns keep privacy.ts's rules: each starts where its alphabet starts or at a line's start,
// no quantified group overlaps the next, no quantifier is open-ended; a value is read on in code.
import { runEnd } from './regex-runs';

// A line as a tool shows it may start with a line number (`cat -n`, Claude Code's Read: `  2\t`,
// `2→`) or grep's `path:2:`; a docker-compose list item with `- `.
const LINE_PREFIX = String.raw`(?:[ \t]{0,100}\d{1,9}(?:\t|→)|[^\s:]{1,1024}:\d{1,9}:)?`;
const ASSIGNMENT_LINE = new RegExp(
  String.raw`^${LINE_PREFIX}[ \t]{0,100}(?:-[ \t]{1,10})?(?:export[ \t]{1,10})?([A-Za-z_][A-Za-z0-9_.-]{0,100})[ \t]{0,100}[=:][ \t]{0,100}(["']?)([^\s"'#]{8})`,
  'gm',
);
// a JSON member anywhere on a line: `"password": "..."`
const JSON_MEMBER = /"([A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,10}:[ \t]{0,10}(")([^\s"'#]{8})/g;
const VALUE_RUN = /[^\s"'#]{1,4096}/y;

// The name's words (split at `_`, `-`, `.` and camelCase), upper-cased, end with one of these: a
// secret's name says so in its last words (DB_PASSWORD, GITHUB_TOKEN, apiKey), where TOKENIZER,
// TOKEN_URL, MAX_TOKENS or AUTH_USER_MODEL only mention one.
const SECRET_NAME_ENDS = new Set([
  'PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'API_KEY', 'PRIVATE_KEY', 'PRIVATEKEY',
  'ACCESS_KEY', 'ACCESSKEY', 'SECRET_KEY', 'SECRETKEY', 'SECRET_KEY_BASE',
]);

function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter((w) => w.length > 0);
  for (let n = 1; n <= 3 && n <= words.length; n++) if (SECRET_NAME_ENDS.has(words.slice(-n).join('_'))) return true;
  return false;
}

// references (`${X}`, `<x>`, `{{x}}`, `%X%`), tell-tale words anywhere, and whole-value stand-ins
const PLACEHOLDER_START = /^(?:\$|<|\{|%|\[)/;
const PLACEHOLDER_WORD = /your|example|changeme|change_me|placeholder|dummy|redacted|xxxx|\*\*\*\*|\.\.\./i;
const PLACEHOLDER_VALUE = /^(?:none|null|undefined|true|false|todo|replace_?me|insert_?here|secret|password)$/i;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_START.test(value) || PLACEHOLDER_WORD.test(value) || PLACEHOLDER_VALUE.test(value)) return true;
  // a value of one repeated character (`aaaaaaaa`) is filler, not a secret
  const first = value[0];
  for (let i = 1; i < value.length; i++) if (value[i] !== first) return false;
  return true;
}

const CODE_START = /^(?:os\.|env\(|process\.env|\$\{)/;
const DOTTED_PATH = /^[A-Za-z_$][\w$]{0,200}(?:\.[A-Za-z_$][\w$]{0,200}){1,20}$/;
const SNAKE_IDENTIFIER = /^[a-z][a-z0-9]{0,200}(?:_[a-z0-9]{1,200}){1,20}$/;
const PLAIN_URL = /^[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//;

/** An unquoted value that is code: a call or index, a reference (`os.environ`, `settings.KEY`), a variable, the name again. */
function isCodeValue(value: string, name: string): boolean {
  if (value.includes('(') || value.includes('[') || CODE_START.test(value)) return true;
  let end = value.length;
  while (end > 0 && (value[end - 1] === ',' || value[end - 1] === ';')) end--;
  const v = value.slice(0, end);
  if (v.length > 4096) return false;
  const ownName = name.slice(name.lastIndexOf('.') + 1);
  // a snake_case value is a variable where the name is code's too (`password=hashed_password`); an
  // upper-case .env name's value is taken as written (`GITHUB_TOKEN=ghp_...`)
  const codeName = name !== name.toUpperCase();
  return DOTTED_PATH.test(v) || (codeName && SNAKE_IDENTIFIER.test(v)) || v.toLowerCase() === ownName.toLowerCase();
}

function holdsSecret(name: string, quote: string, value: string): boolean {
  if (!isSecretName(name) || isPlaceholder(value)) return false;
  if (PLAIN_URL.test(value) && !value.includes('@')) return false;
  return quote !== '' || !isCodeValue(value, name);
}

/** Called with each secret's [start, end) in order; returning true stops the scan, which then returns true. */
export type Found = (start: number, end: number) => boolean;

function scanAssignments(text: string, re: RegExp, found: Found): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    const valueEnd = runEnd(text, end, VALUE_RUN);
    const valueStart = end - (m[3] ?? '').length;
    if (holdsSecret(m[1] ?? '', m[2] ?? '', text.slice(valueStart, valueEnd)) && found(valueStart, valueEnd)) return true;
    re.lastIndex = valueEnd;
  }
  return false;
}

/** Named secrets' values: `.env`/YAML/INI lines or JSON members whose name says secret and whose value looks real. */
export function scanNamedSecrets(text: string, found: Found): boolean {
  if (text.indexOf('=') < 0 && text.indexOf(':') < 0) return false;
  return scanAssignments(text, ASSIGNMENT_LINE, found) || scanAssignments(text, JSON_MEMBER, found);
}

// `scheme://user:password@host` (postgres, mysql, mongodb+srv, redis, amqp, https...)
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s:@/]{0,256}):([^\s@/]{1,256})@[A-Za-z0-9[]/g;

/** Passwords of URLs that are neither a stand-in nor the user name again (`postgres:postgres@`). */
export function scanUrlCredentials(text: string, found: Found): boolean {
  if (text.indexOf('://') < 0) return false;
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(text); m !== null; m = URL_CREDENTIALS.exec(text)) {
    const user = m[1] ?? '';
    const password = m[2] ?? '';
    const end = m.index + m[0].length - 2; // the match ends with `@` and the host's first character
    if (password !== user && !isPlaceholder(password) && found(end - password.length, end)) return true;
  }
  return false;
}

// `;Password=...;` in an ADO.NET / ODBC connection string
const CONNECTION_PASSWORD = /;[ \t]{0,10}(?:password|pwd)[ \t]{0,10}=[ \t]{0,10}([^;"'\r\n]{8})/gi;
const CONNECTION_VALUE_RUN = /[^;"'\r\n]{1,4096}/y;

export function scanConnectionStringPasswords(text: string, found: Found): boolean {
  if (text.indexOf(';') < 0) return false;
  CONNECTION_PASSWORD.lastIndex = 0;
  for (let m = CONNECTION_PASSWORD.exec(text); m !== null; m = CONNECTION_PASSWORD.exec(text)) {
    const end = m.index + m[0].length;
    const valueEnd = runEnd(text, end, CONNECTION_VALUE_RUN);
    const value = text.slice(end - 8, valueEnd).trimEnd();
    if (!isPlaceholder(value.trim()) && found(end - 8, end - 8 + value.length)) return true;
    CONNECTION_PASSWORD.lastIndex = valueEnd;
  }
  return false;
}
