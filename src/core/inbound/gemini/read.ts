// A generateContent body read for routing: size, needs, what only Gemini carries. The model and
// whether it streams come from the URL (`models/{model}:streamGenerateContent`). Never refuses a
// part, tool or field it does not know: Gemini CLI adds some with most releases.
import type { InboundRead } from '../../canonical';
import { DOCUMENT_URL_APIS, MAX_MESSAGES, ReadBuilder, shape } from '../read-builder';
import { SKIP_THOUGHT_SIGNATURE } from '../../providers/gemini/request';
import { isSealedThinking } from '../../switchboard-thinking';
import { camelCase, field, isGoogleOnlyUri, objectField, partKind, type Json } from './fields';
import { isJsonObject } from '../../json-object';

export interface GeminiCall {
  /** the model named in the URL, percent-decoded */
  model: string;
  stream: boolean;
}

/** Top-level fields only Gemini understands: their candidates are tried first. */
const NATIVE_FIELDS = ['cachedContent', 'safetySettings'] as const;

/** Fields naming what Google holds for the request (a cached prefix of the prompt): only Gemini can serve it. */
const GEMINI_HELD_FIELDS = new Set<string>(['cachedContent']);

/** Output modalities other APIs cannot produce in this shape. */
const GEMINI_ONLY_MODALITIES = new Set(['AUDIO', 'IMAGE']);

export function readGeminiRequest(body: Json, call: GeminiCall): InboundRead {
  const model = shape.model(call.model, 'the URL must name a model: models/{model}:generateContent');
  const contents = shape.list(field(body, 'contents'), 'contents', { nonEmpty: true, max: MAX_MESSAGES });
  const r = new ReadBuilder();
  const system = field(body, 'systemInstruction');
  if (system !== undefined && system !== null) {
    r.messageCount++;
    readParts(shape.object(system, 'systemInstruction'), 'systemInstruction', r);
  }
  contents.forEach((raw, i) => {
    r.messageCount++;
    readParts(shape.object(raw, `contents[${i}]`), `contents[${i}]`, r);
  });
  readTools(shape.optionalList(field(body, 'tools'), 'tools') ?? [], r);
  for (const f of NATIVE_FIELDS) {
    const v = field(body, f);
    if (v === undefined || v === null) continue;
    r.feature(f);
    if (GEMINI_HELD_FIELDS.has(f)) r.onlyOn(['gemini'], `${f} (held by Google)`);
  }
  const config = objectField(body, 'generationConfig') ?? {};
  const maxOutputTokens = shape.optionalPositiveInt(field(config, 'maxOutputTokens'), 'generationConfig.maxOutputTokens');
  readConfig(config, r);
  const read = r.build({ model, stream: call.stream, includeUsage: true, ...(maxOutputTokens ? { maxOutputTokens } : {}) });
  const thinking = objectField(config, 'thinkingConfig');
  if (thinking && field(thinking, 'includeThoughts') === true) read.includeThoughts = true;
  return read;
}

function readParts(content: Json, param: string, r: ReadBuilder): void {
  const parts = shape.parts(shape.optionalList(field(content, 'parts'), `${param}.parts`) ?? [], `${param}.parts`);
  parts.forEach((p, i) => {
    if (isJsonObject(p)) readPart(p, `${param}.parts[${i}]`, r);
  });
}

function readPart(p: Json, param: string, r: ReadBuilder): void {
  const signature = field(p, 'thoughtSignature');
  // Claude's thinking Switchboard sealed is none of Gemini's; noted, the forward to Gemini looks for it (sealed-signatures.ts)
  if (isSealedThinking(signature)) r.sealedThinking = true;
  else if (typeof signature === 'string' && signature !== '' && signature !== SKIP_THOUGHT_SIGNATURE) r.feature('thought signatures');
  // both spellings in one part (field gave the first): the other may be sealed
  if (p.thoughtSignature !== undefined && isSealedThinking(p.thought_signature)) r.sealedThinking = true;
  const kind = partKind(p);
  switch (kind) {
    case 'text':
      r.text(field(p, 'text'));
      break;
    case 'inlineData':
      readMedia(objectField(p, 'inlineData') ?? {}, r);
      break;
    case 'fileData': {
      const file = objectField(p, 'fileData') ?? {};
      readMedia(file, r);
      const uri = field(file, 'fileUri');
      if (typeof uri === 'string' && isGoogleOnlyUri(uri)) r.onlyOn(['gemini'], 'a file uploaded to Google (fileData.fileUri)');
      else if (String(field(file, 'mimeType') ?? '').toLowerCase() === 'application/pdf') r.onlyOn(DOCUMENT_URL_APIS, 'a PDF by URL (fileData.fileUri)');
      break;
    }
    case 'functionCall': {
      const call = objectField(p, 'functionCall') ?? {};
      r.text(call.name);
      r.values(call.args);
      break;
    }
    case 'functionResponse': {
      const res = objectField(p, 'functionResponse') ?? {};
      r.text(res.name);
      r.values(res.response);
      const nested = shape.parts(field(res, 'parts'), `${param}.functionResponse.parts`);
      if (Array.isArray(nested)) nested.forEach((n, i) => {
        if (isJsonObject(n)) readPart(n, `${param}.functionResponse.parts[${i}]`, r);
      });
      break;
    }
    case 'executableCode':
    case 'codeExecutionResult':
      r.strings(p);
      r.feature('code execution');
      break;
    default:
      r.strings(p);
      r.feature(`part ${kind}`);
  }
}

function readMedia(data: Json, r: ReadBuilder): void {
  const mime = String(field(data, 'mimeType') ?? '').toLowerCase();
  // inlineData carries its bytes (counted by size); fileData only a URI
  const bytes = field(data, 'data');
  if (mime.startsWith('image/')) r.image(mime, bytes);
  else if (mime === 'application/pdf') r.media('documents', bytes, 'document');
  else if (mime.startsWith('audio/')) {
    r.media(undefined, bytes, 'audio');
    r.onlyOn(['chat', 'gemini'], 'audio');
  } else if (mime.startsWith('text/')) {
    if (typeof bytes === 'string') r.textFile(undefined, bytes);
    else r.media(undefined, bytes, 'document');
  }
  else {
    // video and the rest: only Gemini reads them
    r.media(undefined, bytes, 'video');
    r.onlyOn(['gemini'], `${mime || 'a file'} (only Gemini reads it)`);
  }
}

/** Tools Google runs itself whose results are what the answer reports. */
const GOOGLE_RUN: Readonly<Record<string, string>> = {
  googleSearch: 'Google Search', googleSearchRetrieval: 'Google Search retrieval', enterpriseWebSearch: 'enterprise web search',
  urlContext: 'URL context', codeExecution: 'code execution', googleMaps: 'Google Maps', fileSearch: 'file search',
};

function readTools(tools: unknown[], r: ReadBuilder): void {
  let clientTools = 0;
  const others: string[] = [];
  tools.forEach((t, i) => {
    if (!isJsonObject(t)) return;
    for (const key of Object.keys(t)) {
      const value = t[key];
      if (value === undefined || value === null) continue;
      if (key === 'functionDeclarations' || key === 'function_declarations') {
        if (Array.isArray(value)) r.tools(value.length, `tools[${i}].${key}`);
        if (Array.isArray(value) && value.length > 0) {
          clientTools += value.length;
          r.need('tools');
          r.schema(value);
        }
      } else {
        // googleSearch, codeExecution, urlContext, ...: tools that run at Google
        r.feature(`tools.${camelCase(key)}`);
        others.push(camelCase(key));
      }
    }
  });
  // Gemini CLI's google_web_search sends tools: [{ googleSearch: {} }] alone: dropped, another model would
  // answer from memory and the CLI would pass that off as search results. Beside functions, it routes as before.
  if (clientTools === 0 && others.length > 0 && others.every((k) => Object.hasOwn(GOOGLE_RUN, k))) {
    r.onlyOn(['gemini'], [...new Set(others)].map((k) => `${GOOGLE_RUN[k]} tool (${k})`).join(' and '));
  }
}

function readConfig(config: Json, r: ReadBuilder): void {
  const mime = field(config, 'responseMimeType');
  const schema = field(config, 'responseSchema') ?? field(config, 'responseJsonSchema');
  if (mime === 'application/json' || schema !== undefined) r.need('json');
  if (schema !== undefined) r.schema(schema);
  const count = field(config, 'candidateCount');
  if (typeof count === 'number' && count > 1) {
    r.onlyOn(['gemini'], 'generationConfig.candidateCount > 1 (more than one candidate)');
    r.choices = count;
  }
  const modalities = field(config, 'responseModalities');
  const only = Array.isArray(modalities) ? modalities.map((m) => String(m).toUpperCase()).filter((m) => GEMINI_ONLY_MODALITIES.has(m)) : [];
  if (only.length > 0) r.onlyOn(['gemini'], `generationConfig.responseModalities ${only.join(', ')}`);
}
