// OpenAI takes a function's name only as ^[a-zA-Z0-9_-]{1,64}$ (a 400 otherwise, for the whole
// request), Anthropic as ^[a-zA-Z0-9_-]{1,128}$, and Gemini only one starting with a letter or an
// underscore, of at most 64. Other clients' names may break that: Gemini allows dots and colons (Gemini
// CLI names an MCP tool `mcp_<server>_<tool>` and shortens a long one to `<first 30>...<last 30>`), a
// Responses namespace flattened with its function's name may pass 64, so may Claude Code's
// `mcp__<server>__<tool>`, and a chat client aimed at another provider may send `files.read`. Crossing formats, such a name travels as a safe one, the same every time
// it is read (the history a client replays names the calls as the tools), and a call the model makes
// comes back under the name the client declared.

const VALID = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;
const MAX_LENGTH = 64;
/** what a shortened name keeps at least of its start (the namespace or MCP server it belongs to) */
const MIN_HEAD = 12;
/** between a Responses namespace and its function's name (responses/tool-names.ts) */
const NAMESPACED = '__';

/** FNV-1a over the UTF-16 units of `s`: a stable 32-bit hash, no crypto needed to tell names apart. */
export function fnv1a(s: string, offset = 0x811c9dc5, prime = 0x01000193): number {
  let h = offset;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), prime) >>> 0;
  return h;
}

/**
 * `name` where every format takes it; else its valid characters (after an `_` where it would start with
 * a digit or `-`) and a hash of the whole, shortened in the middle where that passes 64 characters.
 */
export function safeToolName(name: string): string {
  if (VALID.test(name)) return name;
  // the hash keeps apart names that differ only where characters were replaced (`a.b`, `a:b`) or cut
  const hash = fnv1a(name).toString(36);
  let base = name.replace(/[^a-zA-Z0-9_-]+/g, '_');
  if (!/^[a-zA-Z_]/.test(base)) base = `_${base}`;
  if (base.length + 1 + hash.length <= MAX_LENGTH) return `${base}_${hash}`;
  const tail = keptEnd(base, MAX_LENGTH - hash.length - 1 - MIN_HEAD);
  return `${base.slice(0, MAX_LENGTH - hash.length - 1 - tail.length)}_${hash}${tail}`;
}

/**
 * The end a shortened name keeps (at most `room` characters, starting with `_`): a namespaced function's
 * own name whole where it fits, since the functions of one namespace differ there; else the last half.
 */
function keptEnd(base: string, room: number): string {
  const at = base.lastIndexOf(NAMESPACED);
  const own = at > 0 ? base.slice(at) : `_${base.slice(-Math.floor(room / 2))}`;
  return own.length <= room ? own : `_${base.slice(-(room - 1))}`;
}

/** The names a request's tools were given elsewhere (safeToolName), and back to the client's. */
export class ClientToolNames {
  private readonly clients = new Map<string, string>();

  /** the name `name` travels under; a call to it comes back (toClient) as `name` */
  add(name: string): string {
    const safe = safeToolName(name);
    if (safe !== name && !this.clients.has(safe)) this.clients.set(safe, name);
    return safe;
  }

  /** the name the client declared a tool by, for the name the model called it by */
  toClient(name: string): string {
    return this.clients.get(name) ?? name;
  }
}
