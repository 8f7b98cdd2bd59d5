// x-switchboard-dropped names what the client sent, so it speaks the client's API: the provider
// adapters name what they leave out by the canonical (OpenAI chat) field names, and a request that
// came in another API gets them in that API's spelling (a Gemini client's `topK`, not `top_k`). What
// an inbound parser drops is already named in its own API's terms and is not passed through here.
import type { InboundApi } from '../canonical';
import { headerChar } from '../header-text';

const ANTHROPIC: Record<string, string> = {
  stop: 'stop_sequences',
  reasoning_effort: 'thinking',
  user: 'metadata.user_id',
  parallel_tool_calls: 'tool_choice.disable_parallel_tool_use',
  response_format: 'output_config.format',
};

const RESPONSES: Record<string, string> = {
  'image_url.detail': 'input_image.detail',
  reasoning_effort: 'reasoning',
  logprobs: 'include',
  response_format: 'text.format',
  verbosity: 'text.verbosity',
  'messages.content': 'input',
};

const GEMINI: Record<string, string> = {
  top_k: 'topK',
  top_p: 'topP',
  stop: 'stopSequences',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  reasoning_effort: 'thinkingConfig',
  logprobs: 'responseLogprobs',
  top_logprobs: 'logprobs',
  parallel_tool_calls: 'toolConfig',
  tool_choice: 'toolConfig',
  'tools[strict]': 'functionDeclarations[strict]',
  'messages.content': 'contents.parts',
  // a schema the provider cannot enforce (strict-schema.ts); one given in responseJsonSchema is named so (Translated.clientTerms)
  response_format: 'generationConfig.responseSchema',
};

const BY_API: Record<InboundApi, Record<string, string> | undefined> = {
  chat: undefined,
  messages: ANTHROPIC,
  responses: RESPONSES,
  gemini: GEMINI,
};

/** Canonical field names, as the client's API spells them (as this client did, where `own` says). */
export function inClientTerms(api: InboundApi, names: readonly string[], own?: Record<string, string>): string[] {
  const map = BY_API[api];
  const named = (n: string): string => (own && Object.hasOwn(own, n) ? own[n]! : map && Object.hasOwn(map, n) ? map[n]! : n);
  return names.map(named);
}

/**
 * What x-switchboard-dropped calls the model's reasoning when a translated answer has no place for it:
 * an Anthropic client's thinking blocks need a signature a foreign upstream has none of. undefined: the
 * API carries it (OpenAI chat's reasoning_content, Responses reasoning summaries, Gemini thoughts when
 * asked for; Gemini, like the Gemini API, leaves them out when not).
 */
export function droppedReasoningName(api: InboundApi): string | undefined {
  return api === 'messages' ? 'thinking' : undefined;
}

/**
 * What x-switchboard-dropped calls Claude's thinking the client sent back sealed (switchboard-thinking.ts) when the
 * provider is not sent it: another model, another upstream API, or a signature Anthropic refused. Only a Responses
 * client (a reasoning item's encrypted_content) and a Gemini client (a functionCall's thoughtSignature) hold it.
 */
export function droppedSealedThinkingName(api: InboundApi): string | undefined {
  return api === 'responses' ? 'input[type=reasoning]' : api === 'gemini' ? 'thoughtSignature' : undefined;
}

/** The most characters one dropped name takes in the header (a client's own key can be any length). */
const MAX_NAME_CHARS = 128;
/** The most characters the whole header value takes: clients refuse response headers past 8-16 KB. */
const MAX_HEADER_CHARS = 2048;

/**
 * The x-switchboard-dropped value: names are built from the client's own keys and types, which may hold
 * any character, and a header holding one outside printable ASCII makes Node throw when the answer
 * (already paid for) is sent. Each name goes out percent-encoded beyond printable ASCII (`%` and the
 * list's `,` too, so a name reads back whole), long names cut, and the list cut short of the limit
 * with `+N more`. The activity log keeps the names as sent (droppedListed).
 */
export function droppedHeaderValue(names: readonly string[]): string {
  const shown = headerNames(names);
  return shown.length < names.length ? [...shown, moreNames(names.length - shown.length)].join(',') : shown.join(',');
}

/**
 * The dropped names a usage row keeps: as sent, but no more of them than the header carries, the rest
 * counted in a last `+N more` as there, so the activity log and the header list the same names.
 */
export function droppedListed(names: readonly string[]): string[] {
  const shown = headerNames(names).length;
  return shown < names.length ? [...names.slice(0, shown), moreNames(names.length - shown)] : [...names];
}

const moreNames = (n: number): string => `+${n} more`;

/** The names the header has room for, header-safe, leaving room for the `+N more` the rest need. */
function headerNames(names: readonly string[]): string[] {
  const shown: string[] = [];
  let length = -1;
  for (let i = 0; i < names.length; i++) {
    const name = headerSafe(names[i]!);
    const next = length + 1 + name.length;
    if (next + (i < names.length - 1 ? moreNames(names.length - i).length + 1 : 0) > MAX_HEADER_CHARS) return shown;
    shown.push(name);
    length = next;
  }
  return shown;
}

function headerSafe(name: string): string {
  let out = '';
  // the longest prefix, cut between characters, that leaves room for `...`
  let fit = 0;
  for (const ch of name) {
    out += headerChar(ch, ',');
    if (out.length > MAX_NAME_CHARS) return `${out.slice(0, fit)}...`;
    if (out.length <= MAX_NAME_CHARS - 3) fit = out.length;
  }
  return out;
}
