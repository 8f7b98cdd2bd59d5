// Canonical request -> OpenAI Chat Completions request body.
import type {
  CanonicalMessage, CanonicalRequest, ContentPart, ImageSource, ResponseFormat, ToolChoice,
  UpstreamHttpRequest, UpstreamTarget,
} from '../../canonical';
import { quirksFor, type OpenAIQuirks } from './quirks';
import {
  joinUrl,
  type OpenAIChatRequest, type OpenAIContentPart, type OpenAIMessage, type OpenAIResponseFormat, type OpenAIToolChoice,
} from './wire-types';

export function openaiHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

export function buildOpenAIChatRequest(req: CanonicalRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const body = toOpenAIChatBody(req, target);
  return {
    url: joinUrl(target.baseUrl, '/chat/completions'),
    method: 'POST',
    headers: openaiHeaders(target.apiKey),
    body: JSON.stringify(body),
  };
}

export function toOpenAIChatBody(req: CanonicalRequest, target: UpstreamTarget): OpenAIChatRequest {
  const quirks = quirksFor(target.providerType);
  const body: OpenAIChatRequest = { model: target.modelName, messages: toOpenAIMessages(req, quirks) };
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: t.description === undefined
        ? { name: t.name, parameters: t.parameters }
        : { name: t.name, description: t.description, parameters: t.parameters },
    }));
    // OpenAI rejects tool_choice / parallel_tool_calls without tools, so they only travel with them
    if (req.toolChoice !== undefined) body.tool_choice = toOpenAIToolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  }
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop && req.stop.length > 0) body.stop = req.stop;
  if (req.responseFormat && req.responseFormat.type !== 'text') body.response_format = toOpenAIResponseFormat(req.responseFormat);
  if (req.maxTokens !== undefined) body[quirks.maxTokensField] = req.maxTokens;
  if (req.reasoningEffort !== undefined) body.reasoning_effort = req.reasoningEffort;
  if (req.user !== undefined && quirks.acceptsUser) body.user = req.user;
  if (req.stream) {
    body.stream = true;
    // we need usage for cost even when the client did not ask for it
    if (quirks.streamUsageOption) body.stream_options = { include_usage: true };
  }
  return body;
}

function toOpenAIMessages(req: CanonicalRequest, quirks: OpenAIQuirks): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  for (const s of req.system) out.push({ role: 'system', content: s });
  const fixId = quirks.toolCallId;
  // OpenAI tool messages carry text only; their images follow in one user message after the tool results
  let pendingImages: OpenAIContentPart[] = [];
  for (const m of req.messages) {
    if (m.role !== 'tool' && pendingImages.length > 0) {
      out.push({ role: 'user', content: pendingImages });
      pendingImages = [];
    }
    if (m.role === 'tool') {
      out.push({ role: 'tool', tool_call_id: fixId ? fixId(m.toolCallId) : m.toolCallId, content: textOf(m.content) });
      for (const p of m.content) if (p.type === 'image') pendingImages.push(imagePart(p.source));
    } else if (m.role === 'user') {
      out.push({ role: 'user', content: userContent(m.content) });
    } else {
      out.push(assistantMessage(m, fixId));
    }
  }
  if (pendingImages.length > 0) out.push({ role: 'user', content: pendingImages });
  return out;
}

function assistantMessage(m: Extract<CanonicalMessage, { role: 'assistant' }>, fixId?: (id: string) => string): OpenAIMessage {
  const text = textOf(m.content);
  if (!m.toolCalls || m.toolCalls.length === 0) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text.length > 0 ? text : null,
    tool_calls: m.toolCalls.map((c) => ({
      id: fixId ? fixId(c.id) : c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    })),
  };
}

/** Text-only content goes as a plain string: every OpenAI-compatible server accepts that form. */
function userContent(parts: ContentPart[]): string | OpenAIContentPart[] {
  let hasImage = false;
  for (const p of parts) if (p.type === 'image') { hasImage = true; break; }
  if (!hasImage) return textOf(parts);
  return parts.map((p) => (p.type === 'text' ? { type: 'text', text: p.text } : imagePart(p.source)));
}

function textOf(parts: ContentPart[]): string {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  let text = '';
  for (const p of parts) {
    if (p.type !== 'text') continue;
    text = text.length === 0 ? p.text : `${text}\n${p.text}`;
  }
  return text;
}

function imagePart(source: ImageSource): OpenAIContentPart {
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  return { type: 'image_url', image_url: { url } };
}

function toOpenAIToolChoice(choice: ToolChoice): OpenAIToolChoice {
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

function toOpenAIResponseFormat(format: Exclude<ResponseFormat, { type: 'text' }>): OpenAIResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  const schema: { name: string; schema: Record<string, unknown>; strict?: boolean } = { name: format.name, schema: format.schema };
  if (format.strict !== undefined) schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}
