// The shape every fake provider in test/mocks shares: a loopback server speaking one
// provider's documented wire format, recording what it received, with fault injection.

export interface RecordedRequest {
  method: string;
  /** path and query, e.g. `/v1/chat/completions` or `/v1beta/models/x:streamGenerateContent?alt=sse` */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** parsed JSON body, or undefined */
  body: any;
  /** set when the client went away before the response ended */
  aborted: boolean;
  /**
   * true while a hold fault (hold-first-byte, hold-mid-stream) keeps this answer waiting for the test: what it
   * has sent so far (nothing, or the headers and the chunks before the hold) is on the wire
   */
  held: boolean;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** wait before sending the status line */
  | { kind: 'slow-first-byte'; ms: number }
  /** send nothing until `until` settles (the test says when), then answer as usual (or with `status`): no race with the clock */
  | { kind: 'hold-first-byte'; until: Promise<void>; status?: number; headers?: Record<string, string> }
  /** destroy the socket before any response byte */
  | { kind: 'reset-before-headers' }
  /** stream `afterChunks` content chunks, then destroy the socket */
  | { kind: 'reset-mid-stream'; afterChunks: number }
  /** stream `afterChunks` content chunks, then send nothing more (keep the socket open) */
  | { kind: 'stall'; afterChunks: number }
  /** report no usage at all (no usage chunk / fields) */
  | { kind: 'no-usage' }
  /** a 200 whose body is this format's error object */
  | { kind: 'error-body-200'; message?: string }
  /** a stream event that is not valid JSON */
  | { kind: 'malformed-sse' }
  /**
   * OpenAI chat format, streams: `afterChunks` content chunks, then nothing until `until` settles (the test says
   * when), then the rest of the answer: a stream that has begun and is still running, for as long as the test needs
   */
  | { kind: 'hold-mid-stream'; afterChunks: number; until: Promise<void> }
  /** wait this long between stream chunks */
  | { kind: 'chunk-delay'; ms: number }
  /**
   * Gemini format: after `afterChunks` content chunks (default none) the answer ends with this finishReason and
   * finishMessage, usage the prompt's alone: MALFORMED_FUNCTION_CALL, a call the model made that could not be read
   */
  | { kind: 'finish-reason'; reason: string; message?: string; afterChunks?: number }
  /**
   * OpenAI format: the 200 headers at once, then `ms` of nothing but (streams) a keep-alive comment every
   * `keepAliveMs` (OpenRouter's `: OPENROUTER PROCESSING`), after the role chunk when `roleFirst` (a model
   * thinking before its first token: the role chunk alone is no answer begun, so the try's timeout_ms cuts it);
   * then the answer as usual. Anthropic format (streams): message_start at once, then `ms` of nothing but an
   * `event: ping` every `keepAliveMs`, then the answer. Responses format (streams): response.created,
   * response.in_progress and a reasoning item begun (output_item.added, whether or not a summary was asked
   * for: the model at work, so timeout_ms does not cut it), then `ms` of nothing, then the answer
   */
  | { kind: 'slow-answer'; ms: number; keepAliveMs?: number; roleFirst?: boolean };

export interface FakeUsage {
  input: number;
  output: number;
  /** cached prompt tokens (part of input) */
  cached?: number;
  /** reasoning tokens (part of output) */
  reasoning?: number;
  /**
   * OpenAI format, as xAI reports them: the reasoning tokens are not part of `completion_tokens`
   * (`output` is then the answer alone) and `total_tokens` adds them apart
   */
  reasoningApart?: boolean;
  /** Anthropic cache writes by lifetime (part of input) */
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  /** OpenAI format: the `usage.cost` OpenRouter reports, USD */
  cost?: number;
  /**
   * paid web searches: Anthropic `server_tool_use.web_search_requests` (with one web fetch beside them), the
   * Responses API that many `web_search_call` items (action search) before the answer, Gemini that many
   * `groundingMetadata.webSearchQueries` on the candidate (streamed: on the last chunk)
   */
  webSearches?: number;
  /** Responses API: that many `file_search_call` items (OpenAI's hosted file search) before the answer */
  fileSearches?: number;
  /** the audio part of the prompt: Gemini `promptTokensDetails` AUDIO (the rest TEXT), OpenAI `prompt_tokens_details.audio_tokens` */
  audio?: number;
  /** the audio part of the answer: OpenAI `completion_tokens_details.audio_tokens`, Gemini `candidatesTokensDetails` AUDIO */
  audioOutput?: number;
  /** Gemini: the image part of the answer (`candidatesTokensDetails` IMAGE, the rest TEXT) */
  imageOutput?: number;
  /** Anthropic `usage.speed` (`fast`: fast mode served it) */
  speed?: string;
  /**
   * Anthropic server-side compaction run before the answer, reported as a `compaction` entry of `usage.iterations`
   * (its tokens not in the top-level figures) when the request asked for it (context_management compact_20260112)
   */
  compaction?: { input: number; output: number };
}

export interface FakeProviderOptions {
  /** the answer text; streamed split into `chunks` pieces. Default: `Hello from the fake <format> provider!` */
  text?: string;
  /**
   * OpenAI chat format: answer with this refusal instead (content null, `refusal`; streamed as delta.refusal), finish_reason stop;
   * Responses: a message of one `refusal` part (streamed as response.refusal.delta), status completed
   */
  refusal?: string;
  /** number of text chunks when streaming (default 5) */
  chunks?: number;
  /** usage the fake reports (default input 21, output 7) */
  usage?: FakeUsage;
  /**
   * Anthropic format: think as Claude does when the request turns thinking on (enabled or adaptive): the answer
   * begins with a thinking block whose signature the fake issued, and a request carrying a thinking block it did
   * not issue (or a redacted one) is refused 400 "Invalid `signature` in `thinking` block", as the API refuses it.
   * Gemini format: a request asking for thoughts (`thinkingConfig.includeThoughts`) gets a thought summary part
   * (`thought: true`) before its text, as a thinking model answers; without that ask Gemini sends none
   */
  thinks?: boolean;
  /** Anthropic format, with `thinks`: the thinking text (default `Thinking about step <n>.`) */
  thought?: string;
  /** Gemini: the running usage of every stream chunk before the last (default: the prompt's count alone) */
  runningUsage?: FakeUsage;
  /** model ids its model listing returns (default ['fake-small', 'fake-large']) */
  models?: string[];
  /** OpenAI format: the listing's entries as sent, overriding `models` (e.g. OpenRouter's, with pricing) */
  modelListing?: Record<string, unknown>[];
  /** Together's ways (OpenAI format): GET /v1/models answers these entries as a bare array, not `{data}` */
  togetherListing?: Record<string, unknown>[];
  /** Ollama's native API beside /v1: POST /api/show answers these bodies by model name (404 for another name) */
  ollamaShow?: Record<string, Record<string, unknown>>;
  /** Ollama's GET /api/ps: loaded model name -> the context it runs with */
  ollamaPs?: Record<string, number>;
  /** LM Studio's native API beside /v1: GET /api/v0/models lists these entries */
  lmStudioModels?: Record<string, unknown>[];
  /** LM Studio 0.4's native API: GET /api/v1/models lists these entries as `models` */
  lmStudioV1Models?: Record<string, unknown>[];
  /** the loopback port to listen on (default: any free one) */
  port?: number;
  /** the key it requires (401 in the format's shape otherwise); absent = accept anything */
  apiKey?: string;
  /**
   * Responses format: more keys it accepts besides apiKey, each of another account: a stored response is then
   * found (GET, cancel, DELETE) only with the key that created it, 404 with any other, as at OpenAI
   */
  accounts?: string[];
  /**
   * OpenAI format: how a wrong key is refused. Default OpenAI's 401 `invalid_api_key`; `xai`: xAI's 400
   * with `error` a string, "Incorrect API key provided" (continuedev/continue#10778)
   */
  keyErrors?: 'xai';
  /** OpenRouter's ways (OpenAI format): the model listing is public (no key needed), GET /v1/key describes the key */
  openRouter?: boolean;
  /**
   * OpenAI format: a provider's documented refusal of a chat body (xAI's reasoning_effort on Grok 4,
   * Groq's efforts, DeepSeek's missing reasoning_content): the 400 message, or undefined to answer
   */
  refuse?: (body: any) => string | undefined;
  /**
   * OpenAI format, Mistral's way: an embeddings body holding any other top-level field is refused with
   * Mistral's 422 extra_forbidden ("Extra inputs are not permitted")
   */
  onlyEmbeddingFields?: readonly string[];
  /** a tool call the fake makes, or several one after another (see FakeToolCall); the weather rule below still applies when none fires */
  callTool?: FakeToolCall | FakeToolCall[];
  /**
   * Gemini format: the tool call that fires is made once per entry, with these arguments, all at once
   * (parallel function calls, without ids, the first signed), streamed a call to a chunk as Gemini may
   */
  parallelArgs?: Record<string, unknown>[];
  /** Gemini format: the text answer begins with this inline data part (an image model's picture), its own chunk when streamed */
  inlineData?: { mimeType: string; data: string };
  /**
   * Gemini: the pages Google Search grounding "found" for a request with the google_search tool (fake-gemini-grounding.ts);
   * absent, two example pages
   */
  searchResults?: { uri: string; title: string }[];
  /** OpenAI Responses: the pages its web_search tool "found" (fake-responses-search.ts); absent, two example pages */
  webResults?: { url: string; title: string }[];
}

/**
 * Call the tool `name` with `arguments` while the conversation holds no tool result yet, if the
 * request offers that tool and (when `when` is given) the last user text matches `when`; once the
 * result is back the fake answers with its text. One round trip of a real client: Claude Code's
 * Bash, Codex's exec_command, the Gemini CLI's read_file.
 */
export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
  /**
   * the arguments as the OpenAI-format fakes (chat, Responses) write them, in place of `arguments`: text
   * that need not be JSON, e.g. "" (how some providers answer a call of a tool without parameters). The
   * Anthropic and Gemini fakes parse the text, so a test gives this only to a model of those two.
   */
  argumentsText?: string;
  when?: RegExp;
  /** fires when the conversation holds this many tool results (default 0: the first call of a turn) */
  round?: number;
}

export interface FakeProvider {
  /** the base URL in the provider SDK's convention (OpenAI-style ends in /v1) */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** faults consumed one per incoming request, in order; when empty, requests succeed */
  faults: Fault[];
  /** a fault applied to every request while set */
  persistentFault: Fault | null;
  options: FakeProviderOptions;
  close(): Promise<void>;
}

/**
 * Behaviour every fake follows so tests can predict answers:
 * - with `options.callTool`, a request that offers that tool, holds as many tool results as its
 *   `round` (default none) and (with `when`) whose last user text matches is answered with a call to it;
 * - else a request with tools whose last user message mentions "weather" (and that holds no tool
 *   result) is answered with one tool call to the first tool, arguments `{"city":"Paris"}`
 *   (streamed in 3 argument fragments where the format streams them);
 * - otherwise the answer is `options.text`;
 * - usage is `options.usage`;
 * - embeddings return vectors of length 8 whose first element is the input's index + 1.
 * The rule is `chooseToolCall` in ./fake-tool-call; each fake only reads its request for it.
 */
export const FAKE_TOOL_ARGS = '{"city":"Paris"}';
export const DEFAULT_USAGE: FakeUsage = { input: 21, output: 7 };
export const DEFAULT_MODELS = ['fake-small', 'fake-large'];
