// CanonicalRequest -> Gemini GenerateContentRequest body.
import type { CanonicalMessage, CanonicalRequest, ContentPart, ToolChoice } from '../../canonical';
import { forcesToolCall } from '../../canonical';
import { googleSearchTool } from './grounding';
import { imageMediaType } from '../image-media-type';
import { jsonModeInstruction } from '../json-mode-instruction';
import { needsThoughtSignature, thinkingConfig } from './thinking-config';
import { toGeminiParameters, toGeminiResponseJsonSchema } from './schema';
import type {
  GeminiContent,
  GeminiGenerateContentRequest,
  GeminiGenerationConfig,
  GeminiPart,
} from './wire-types';
import { isJsonObject, ownValue } from '../../json-object';
import { assertRequestArguments } from '../../tool-arguments-depth';
import { EMPTY_USER_DROPPED, EMPTY_USER_TEXT, wantsEmptyUserTurn } from '../empty-user-turn';
import { withUnansweredCallsAnswered } from '../unanswered-calls';

/** Google documents this value for replayed function calls whose real signature was lost. */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export { needsThoughtSignature };

/** Gemini takes at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;

const IMAGE_MIME_BY_EXT: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  heic: 'image/heic', heif: 'image/heif', bmp: 'image/bmp', svg: 'image/svg+xml', pdf: 'application/pdf',
};

export function guessImageMimeType(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && ownValue(IMAGE_MIME_BY_EXT, ext)) || 'image/jpeg';
}

function userParts(content: ContentPart[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') parts.push({ text: part.text });
        break;
      case 'audio':
        parts.push({ inlineData: { mimeType: `audio/${part.format}`, data: part.data } });
        break;
      case 'image':
      case 'document':
        if (part.source.kind === 'base64') {
          const mimeType = part.type === 'image' ? imageMediaType(part.source.mediaType, part.source.data) : part.source.mediaType;
          parts.push({ inlineData: { mimeType, data: part.source.data } });
        } else {
          const mimeType = part.type === 'document' ? part.source.mediaType ?? 'application/pdf' : guessImageMimeType(part.source.url);
          parts.push({ fileData: { mimeType, fileUri: part.source.url } });
        }
        break;
    }
  }
  return parts;
}

function textOf(content: ContentPart[]): string {
  return content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
}

function parseArgs(name: string, args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  assertRequestArguments(name, args);
  try {
    const parsed: unknown = JSON.parse(args);
    if (isJsonObject(parsed)) return parsed;
    return { value: parsed };
  } catch {
    // the model's own malformed output, replayed: keep it visible rather than failing the turn
    return { _raw: args };
  }
}

// `id` is deliberately not sent on functionCall/functionResponse: generateContent answers 400
// "Unknown name \"id\"" for it on several model versions; Gemini pairs calls and results by
// name and order instead.
function modelParts(msg: Extract<CanonicalMessage, { role: 'assistant' }>, signFirstCall: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOf(msg.content);
  if (text !== '') parts.push({ text });
  (msg.toolCalls ?? []).forEach((call, i) => {
    const part: GeminiPart = { functionCall: { name: call.name, args: parseArgs(call.name, call.arguments) } };
    // the model's own signature where the proxy kept it; else, as Gemini itself emits them, only the
    // first call of a turn carries one, the sentinel
    const signature = call.signature ?? (signFirstCall && i === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
    if (signature !== undefined) part.thoughtSignature = signature;
    parts.push(part);
  });
  return parts;
}

function toolResultPart(msg: Extract<CanonicalMessage, { role: 'tool' }>, callNames: Map<string, string>): GeminiPart {
  const text = textOf(msg.content);
  return {
    functionResponse: {
      name: callNames.get(msg.toolCallId) ?? msg.toolCallId,
      // Google reads `error` as a failed call; any other key is the output
      response: msg.isError ? { error: text } : { content: text },
    },
  };
}

/**
 * A user turn's function responses come first, in the order of the model turn's calls (Gemini pairs them by
 * position, having no ids, and clients return results as they finished: Claude Code), a response to no call of
 * that turn after the rest, in the order it came. Ranked as they come, sorted once per turn (stable).
 */
function inCallOrder(responses: { part: GeminiPart; rank: number }[]): GeminiPart[] {
  // Infinity - Infinity is NaN: two responses to no call keep their order
  return responses.sort((a, b) => a.rank - b.rank || 0).map((r) => r.part);
}

export function toGeminiContents(messages: CanonicalMessage[], modelName: string): GeminiContent[] {
  // tool call id -> function name, filled as the history goes, so a result names the most
  // recent call with its id (ids generated per response may repeat across turns)
  const callNames = new Map<string, string>();
  // tool call id -> its position among the calls of the latest model turn
  let callOrder = new Map<string, number>();
  // a user turn -> its function responses, put before its other parts once the history is read
  const responses = new Map<GeminiContent, { part: GeminiPart; rank: number }[]>();
  const sign = needsThoughtSignature(modelName);
  const contents: GeminiContent[] = [];
  // a model turn's function calls must each have a function response in the next turn
  for (const msg of withUnansweredCallsAnswered(messages)) {
    // mid-conversation system messages join the systemInstruction (toGeminiRequestBody)
    if (msg.role === 'system') continue;
    const role = msg.role === 'assistant' ? 'model' : 'user';
    const last = contents[contents.length - 1];
    if (msg.role === 'assistant') {
      if (last?.role !== 'model') callOrder = new Map();
      for (const c of msg.toolCalls ?? []) {
        callNames.set(c.id, c.name);
        if (!callOrder.has(c.id)) callOrder.set(c.id, callOrder.size);
      }
    }
    if (msg.role === 'tool') {
      // a result's images and documents (a screenshot read by a tool) follow the turn's function
      // responses as parts of their own: a functionResponse carries only the text
      const response = toolResultPart(msg, callNames);
      const rank = callOrder.get(msg.toolCallId) ?? Infinity;
      const media = userParts(msg.content.filter((p) => p.type !== 'text'));
      let turn = last;
      if (turn?.role !== 'user') contents.push(turn = { role, parts: [] });
      turn.parts.push(...media);
      const ranked = responses.get(turn);
      if (ranked) ranked.push({ part: response, rank });
      else responses.set(turn, [{ part: response, rank }]);
      continue;
    }
    const parts = msg.role === 'user' ? userParts(msg.content) : modelParts(msg, sign);
    if (parts.length === 0) continue;
    // Gemini wants alternating turns; parallel tool results must share one user turn
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  for (const [turn, ranked] of responses) turn.parts = inCallOrder(ranked).concat(turn.parts);
  return contents;
}

function toolConfig(choice: ToolChoice | undefined): GeminiGenerateContentRequest['toolConfig'] {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
}

/**
 * Gemini 2.5 and later answer 400 "Penalty is not enabled for models/..." to any non-zero penalty
 * (vercel/ai#8943, litellm#26108; Google's forum: only gemini-2.0-flash takes them), and so do the
 * 1.5 models but their `-002` versions. A zero penalty changes nothing and is left out silently.
 */
export function takesPenalties(modelName: string): boolean {
  const name = modelName.replace(/^models\//, '');
  return (/^gemini-2\.0-flash/.test(name) && !name.includes('thinking')) || /^gemini-1\.5-(?:pro|flash)(?:-8b)?-002$/.test(name);
}

function penalties(req: CanonicalRequest, modelName: string, cfg: GeminiGenerationConfig, dropped: string[]): void {
  const ok = takesPenalties(modelName);
  const each = [['presencePenalty', 'presence_penalty', req.presencePenalty], ['frequencyPenalty', 'frequency_penalty', req.frequencyPenalty]] as const;
  for (const [field, name, value] of each) {
    if (value === undefined || value === 0) continue;
    if (ok) cfg[field] = value;
    else dropped.push(name);
  }
}

/**
 * Gemini before 3 answers 400 "Function calling with a response mime type: 'application/json' is
 * unsupported" (googleapis/python-genai#867); Gemini 3 takes structured output beside function calling
 * (Google's structured output guide, "Structured outputs with tools"). A name that does not say its
 * generation (a -latest alias, a tuned model) is taken as the older kind: asked in words, it still works.
 */
export function takesJsonModeWithTools(modelName: string): boolean {
  const major = /^gemini-(\d+)/.exec(modelName.replace(/^models\//, ''))?.[1];
  return major !== undefined && Number(major) >= 3;
}

/** JSON mode and function declarations together on a model that refuses them: JSON is asked in words. */
function jsonModeInWords(req: CanonicalRequest, modelName: string): boolean {
  const rf = req.responseFormat;
  return rf !== undefined && rf.type !== 'text' && (req.tools?.length ?? 0) > 0 && !takesJsonModeWithTools(modelName);
}

function generationConfig(req: CanonicalRequest, modelName: string, reasoning: boolean, dropped: string[]): GeminiGenerationConfig | undefined {
  const cfg: GeminiGenerationConfig = {};
  if (req.temperature !== undefined) cfg.temperature = req.temperature;
  if (req.topP !== undefined) cfg.topP = req.topP;
  if (req.topK !== undefined) cfg.topK = req.topK;
  if (req.seed !== undefined) cfg.seed = req.seed;
  penalties(req, modelName, cfg, dropped);
  if (req.maxTokens !== undefined) cfg.maxOutputTokens = req.maxTokens;
  if (req.stop && req.stop.length > 0) cfg.stopSequences = req.stop.slice(0, MAX_STOP_SEQUENCES);
  if (req.stop && req.stop.length > MAX_STOP_SEQUENCES) dropped.push('stop');
  const rf = jsonModeInWords(req, modelName) ? undefined : req.responseFormat;
  if (rf?.type === 'json_object') cfg.responseMimeType = 'application/json';
  if (rf?.type === 'json_schema') {
    cfg.responseMimeType = 'application/json';
    cfg.responseJsonSchema = toGeminiResponseJsonSchema(withDescription(rf.schema, rf.description));
  }
  const thinking = thinkingConfig(req, modelName, reasoning, dropped);
  if (thinking) cfg.thinkingConfig = thinking;
  return Object.keys(cfg).length > 0 ? cfg : undefined;
}

/**
 * Gemini's structured output has no place for what the format is for but the schema's own top-level
 * description, which the model reads alike: the format's goes there, before any the schema has.
 */
function withDescription(schema: Record<string, unknown>, description: string | undefined): Record<string, unknown> {
  if (description === undefined) return schema;
  const own = typeof schema.description === 'string' && schema.description !== '' ? `\n\n${schema.description}` : '';
  return { ...schema, description: `${description}${own}` };
}

/** A user turn in place of an empty message (empty-user-turn.ts); `dropped` names it. */
function emptyUserTurn(dropped: string[]): GeminiContent {
  dropped.push(EMPTY_USER_DROPPED);
  return { role: 'user', parts: [{ text: EMPTY_USER_TEXT }] };
}

/** `dropped` receives the names of what the request asked and this model cannot be sent. */
export function toGeminiRequestBody(req: CanonicalRequest, modelName: string, reasoning = true, dropped: string[] = []): GeminiGenerateContentRequest {
  const body: GeminiGenerateContentRequest = { contents: toGeminiContents(req.messages, modelName) };
  // an empty last user message is still the user's turn to answer, not the model's to go on with
  const last = body.contents.at(-1);
  // a turn of tool results holds no text of the user's (a result's image or document rides beside its functionResponse)
  const onlyResults = last !== undefined && last.parts.some((p) => p.functionResponse !== undefined) && last.parts.every((p) => p.text === undefined);
  if (wantsEmptyUserTurn(req.messages, last?.role, onlyResults)) {
    if (last?.role === 'user') last.parts.push(...emptyUserTurn(dropped).parts);
    else body.contents.push(emptyUserTurn(dropped));
  }
  // Gemini has one systemInstruction: system messages said later join it, in order
  const system = [...req.system, ...req.messages.flatMap((m) => (m.role === 'system' ? [textOf(m.content)] : []))].filter((s) => s !== '');
  // only instructions (an OpenAI chat of system messages alone): Gemini refuses empty `contents`, so
  // the last of them is said as the user's turn, as OpenAI's models read it
  const lone = body.contents.length === 0 ? system.pop() : undefined;
  if (lone !== undefined) body.contents.push({ role: 'user', parts: [{ text: lone }] });
  // nothing else to send (an empty assistant message alone)
  if (body.contents.length === 0) body.contents.push(emptyUserTurn(dropped));
  if (jsonModeInWords(req, modelName)) {
    system.push(jsonModeInstruction(req.responseFormat)!);
    // asked, not enforced: the answer may still stray from the schema
    dropped.push('response_format');
  }
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  // a tool call asked for with no tool to call: nothing can carry it (OpenAI refuses it, the others ignore it)
  if (!(req.tools && req.tools.length > 0) && forcesToolCall(req.toolChoice)) dropped.push('tool_choice');
  if (req.tools && req.tools.length > 0) {
    // Gemini has no strict mode for function arguments
    if (req.tools.some((t) => t.strict === true)) dropped.push('tools[strict]');
    body.tools = [{
      functionDeclarations: req.tools.map((t) => {
        const parameters = toGeminiParameters(t.parameters);
        return {
          name: t.name,
          ...(t.description ? { description: t.description } : {}),
          ...(parameters ? { parameters } : {}),
        };
      }),
    }];
    const tc = toolConfig(req.toolChoice);
    if (tc) body.toolConfig = tc;
    // Gemini may call several functions in one turn and has no switch against it: named when the client sent it
    // (a legacy functions client's one call a turn is its API's; the calls past the first are named if made)
    if (req.parallelToolCalls === false && !req.parallelToolCallsImplied) dropped.push('parallel_tool_calls');
  }
  const search = googleSearchTool(req, dropped);
  if (search) body.tools = [search];
  // no end-user id field in generateContent
  if (req.user !== undefined) dropped.push(req.userField ?? 'user');
  if (req.promptCacheKey !== undefined) dropped.push('prompt_cache_key');
  const cfg = generationConfig(req, modelName, reasoning, dropped);
  if (cfg) body.generationConfig = cfg;
  return body;
}
