// POST /v1/chat/completions read for routing: size, needs, what only the Chat Completions API
// carries. Never refuses a role, part type or field it does not know.
import type { InboundRead } from '../../canonical';
import { MAX_MESSAGES, ReadBuilder, isTextDataUrl, shape } from '../read-builder';
import { isJsonObject } from '../../json-object';

/** Top-level fields that only an OpenAI-compatible upstream understands. */
const NATIVE_FIELDS = ['logit_bias', 'prediction', 'web_search_options'] as const;

export function readOpenAIChatRequest(body: Record<string, unknown>): InboundRead {
  const model = shape.model(body.model, 'You must provide a model parameter (a non-empty string).');
  const messages = shape.list(body.messages, 'messages', { nonEmpty: true, max: MAX_MESSAGES });
  const stream = shape.optionalBoolean(body.stream, 'stream') ?? false;
  const maxOutputTokens = shape.optionalPositiveInt(body.max_completion_tokens, 'max_completion_tokens')
    ?? shape.optionalPositiveInt(body.max_tokens, 'max_tokens');
  const r = new ReadBuilder();
  messages.forEach((raw, i) => {
    const m = shape.message(raw, `messages[${i}]`);
    r.messageCount++;
    readContent(shape.parts(m.content, `messages[${i}].content`), r);
    if (Array.isArray(m.tool_calls)) {
      for (const tc of m.tool_calls) {
        if (!isJsonObject(tc)) continue;
        if (isJsonObject(tc.function)) {
          r.text(tc.function.name);
          r.text(tc.function.arguments);
        } else r.values(tc);
      }
    }
    if (isJsonObject(m.function_call)) r.text(m.function_call.arguments);
    if (m.audio !== undefined && m.audio !== null) r.onlyOn(['chat'], 'audio answer in the history');
  });
  const declared = shape.optionalList(body.tools, 'tools');
  const functions = declared === undefined ? shape.optionalList(body.functions, 'functions') : undefined;
  const tools = declared ?? functions ?? [];
  r.tools(tools.length, declared === undefined ? 'functions' : 'tools');
  if (tools.length > 0) {
    r.need('tools');
    r.schema(tools);
    for (const t of tools) if (isJsonObject(t) && t.type !== undefined && t.type !== 'function') r.feature(`tools[type=${String(t.type)}]`);
  }
  // a predicted output (the file an editor is changing) reaches the model too: its secrets count
  if (isJsonObject(body.prediction)) readContent(shape.parts(body.prediction.content, 'prediction.content'), r);
  const format = isJsonObject(body.response_format) ? body.response_format.type : undefined;
  if (format === 'json_object' || format === 'json_schema') r.need('json');
  for (const f of NATIVE_FIELDS) if (body[f] !== undefined && body[f] !== null) r.feature(f);
  // web_search_options asks an OpenAI search model to search the web first (it takes no other tool): no option on
  // top of a plain chat but the request's point. Dropped, another API's model would answer from memory, which the
  // client shows as a searched answer, so the request stays on Chat Completions, as a hosted tool alone does elsewhere
  if (body.web_search_options !== undefined && body.web_search_options !== null) r.onlyOn(['chat'], 'web search (web_search_options)');
  // log probabilities come back only from a forwarded request (providers/logprobs.ts)
  if (body.logprobs === true) r.feature('logprobs');
  if (body.top_logprobs !== undefined && body.top_logprobs !== null) r.feature('top_logprobs');
  // more than one choice, or spoken output: only an OpenAI-compatible upstream answers in that shape
  if (typeof body.n === 'number' && body.n > 1) {
    r.onlyOn(['chat'], 'n > 1 (more than one choice)');
    r.choices = body.n;
  }
  if (Array.isArray(body.modalities) && body.modalities.includes('audio')) r.onlyOn(['chat'], 'audio output (modalities)');
  const includeUsage = stream && isJsonObject(body.stream_options) && body.stream_options.include_usage === true;
  const read = r.build({ model, stream, includeUsage, ...(maxOutputTokens ? { maxOutputTokens } : {}) });
  if (functions !== undefined && functions.length > 0) read.legacyFunctions = true;
  return read;
}

function readContent(content: unknown, r: ReadBuilder): void {
  if (typeof content === 'string') {
    r.text(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const p of content) {
    if (!isJsonObject(p)) continue;
    switch (p.type) {
      case 'text':
        r.text(p.text);
        break;
      case 'refusal':
        r.text(p.refusal);
        break;
      case 'image_url':
        r.imageUrl(isJsonObject(p.image_url) ? p.image_url.url : p.image_url);
        break;
      case 'input_audio':
        r.media(undefined, isJsonObject(p.input_audio) ? p.input_audio.data : undefined, 'audio');
        r.onlyOn(['chat', 'gemini'], 'audio (input_audio)');
        break;
      case 'file': {
        // an id from OpenAI's Files API means something only to OpenAI's own APIs
        const file = isJsonObject(p.file) ? p.file : {};
        if (isTextDataUrl(file.file_data)) r.textFile('documents', file.file_data);
        else r.media('documents', file.file_data, 'document');
        if (typeof file.file_id === 'string') r.onlyOn(['chat', 'responses'], 'file file_id (an OpenAI file)');
        break;
      }
      default:
        r.strings(p);
        r.feature(`content part ${String(p.type)}`);
    }
  }
}
