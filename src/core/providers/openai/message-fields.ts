// A chat body's messages as a provider that refuses some of what OpenAI takes in them gets them:
// a chat client replays what answers carried (`refusal: null`, `annotations: []`, the `reasoning_content`
// Switchboard adds for reasoning models) and agent frameworks (AutoGen, CrewAI) set `name`, all of which
// OpenAI takes, and these providers answer 400 or 422 to, which no fallback retries.
import type { OpenAIQuirks } from './quirks';

/**
 * Mistral (https://docs.mistral.ai/api/#tag/chat): "Extra inputs are not permitted" (422 extra_forbidden) for
 * any other field of a message; its roles are system, user, assistant and tool.
 */
export const MISTRAL_MESSAGE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};

/**
 * Groq: "'messages.1' : for 'role:assistant' the following must be satisfied[('messages.1' : property
 * 'reasoning_content' is unsupported)]" (400) for any other field of a message, and "messages[].name" is among
 * what https://console.groq.com/docs/openai lists as answered 400 (a tool result's and a function result's name
 * pass). Its message params (groq-python, generated from Groq's OpenAPI spec) list an assistant's legacy
 * `function_call` ("content: required unless tool_calls or function_call is specified") and `reasoning`, and the
 * legacy `function` role (content, name, and a tool_call_id it says OpenAI clients send).
 */
export const GROQ_MESSAGE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'function_call', 'reasoning']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
  function: new Set(['role', 'content', 'name', 'tool_call_id']),
};

/**
 * Groq's name for an assistant message's thinking is `reasoning` ("the reasoning output by the assistant if
 * reasoning_format was set to 'parsed'", as Switchboard asks): a replayed `reasoning_content` (DeepSeek's name,
 * which Switchboard's own chat answers carry) goes as it, so the thinking is kept.
 */
export const GROQ_MESSAGE_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  assistant: { reasoning_content: 'reasoning' },
};

/**
 * The messages as the provider takes them: fields it refuses removed, OpenAI's `developer` role (its
 * system instructions under another name) as `system` where the provider knows only that; each removed
 * field that said something is named in `dropped` as `messages[].<field>`. The same array when nothing changes.
 */
export function fitMessages(messages: unknown[], quirks: OpenAIQuirks, dropped: string[]): unknown[] {
  // every request to most providers comes here: a scan of roles alone where only a developer message could change
  if (!quirks.messageFields && (!quirks.developerAsSystem || !messages.some(isDeveloper))) return messages;
  let changed = false;
  const out = messages.map((m) => {
    const fitted = fitMessage(m, quirks, dropped);
    if (fitted !== m) changed = true;
    return fitted;
  });
  return changed ? out : messages;
}

function isDeveloper(m: unknown): boolean {
  return roleOf(m) === 'developer';
}

function fitMessage(m: unknown, quirks: OpenAIQuirks, dropped: string[]): unknown {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return m;
  const msg = m as Record<string, unknown>;
  const role = quirks.developerAsSystem && msg.role === 'developer' ? 'system' : msg.role;
  // a role the provider does not list goes as sent: its refusal names it, which no rewrite here could mend
  const allowed = quirks.messageFields && typeof role === 'string' ? quirks.messageFields[role] : undefined;
  if (!allowed && role === msg.role) return m;
  const renames = allowed && typeof role === 'string' ? quirks.messageRenames?.[role] : undefined;
  let out: Record<string, unknown> | undefined = role === msg.role ? undefined : { ...msg, role };
  for (const key of Object.keys(msg)) {
    if (!allowed || allowed.has(key)) continue;
    out ??= { ...msg };
    delete out[key];
    const as = renames?.[key];
    if (as !== undefined && !saysSomething(msg[as]) && typeof msg[key] === 'string' && msg[key] !== '') out[as] = msg[key];
    else if (saysSomething(msg[key])) addName(dropped, `messages[].${key}`);
  }
  return out ?? m;
}

/** `refusal: null`, `annotations: []`, an empty `reasoning_content`: nothing is lost without them. */
function saysSomething(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

function addName(dropped: string[], name: string): void {
  if (!dropped.includes(name)) dropped.push(name);
}

/**
 * The messages with an assistant turn saying `quirks.assistantAfterTool` between a tool result and a user message
 * right after it, where the provider refuses that order (Mistral). The same array when nothing changes.
 */
export function bridgeToolResults<M>(messages: M[], quirks: OpenAIQuirks): M[] {
  const bridge = quirks.assistantAfterTool;
  if (bridge === undefined || !messages.some((m, i) => i > 0 && roleOf(m) === 'user' && roleOf(messages[i - 1]) === 'tool')) return messages;
  const out: M[] = [];
  for (const m of messages) {
    if (roleOf(m) === 'user' && roleOf(out.at(-1)) === 'tool') out.push({ role: 'assistant', content: bridge } as M);
    out.push(m);
  }
  return out;
}

function roleOf(m: unknown): unknown {
  return m !== null && typeof m === 'object' ? (m as { role?: unknown }).role : undefined;
}
