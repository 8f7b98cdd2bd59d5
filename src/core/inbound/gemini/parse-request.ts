// A generateContent body -> CanonicalRequest, for crossing to another format. What has no canonical
// counterpart (cachedContent, safetySettings, Google's own tools, ...) is named in `dropped`.
import { forcesToolCall, RequestValidationError } from '../../canonical';
import type { CanonicalRequest, ReasoningEffort, ToolChoice, ToolDefinition, Translated } from '../../canonical';
import { camelCase, field, objectField, type Json } from './fields';
import { contentsToCanonical, partsOf } from './parse-contents';
import type { GeminiCall } from './read';
import { closedResponseSchema, geminiSchemaToJsonSchema } from './schema';
import { ClientToolNames, safeToolName } from '../safe-tool-name';
import type { GeminiAnswerShape } from './format-response';
import { wrapResultSchema } from './wrapped-result';
import { isJsonObject, ownValue } from '../../json-object';

/** Top-level fields the canonical form carries (everything else is named as dropped). */
const CARRIED = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig']);

/** generationConfig fields handled here; the others are named as dropped. */
const CONFIG_CARRIED = new Set([
  'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'maxOutputTokens', 'stopSequences',
  'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseLogprobs', 'logprobs', 'thinkingConfig',
  'candidateCount', 'responseModalities',
]);

const LEVELS: Record<string, ReasoningEffort> = { minimal: 'minimal', low: 'low', medium: 'medium', high: 'high' };

/**
 * `shape` is told what the answer must undo: the tools' names as sent elsewhere (safeToolName), for
 * naming calls back as the client's; a response schema wrapped in an object (wrapped-result.ts).
 */
export function geminiToCanonical(body: Json, call: GeminiCall, shape: GeminiAnswerShape = {}): Translated {
  const names = new ClientToolNames();
  shape.toolNames = names;
  const dropped = new Set<string>();
  const contents = field(body, 'contents');
  if (!Array.isArray(contents) || contents.length === 0) throw new RequestValidationError('contents: must be a non-empty array', 'contents');
  const req: CanonicalRequest = {
    model: call.model,
    system: systemTexts(field(body, 'systemInstruction'), dropped),
    messages: contentsToCanonical(contents, dropped, shape.seal),
    stream: call.stream,
    includeUsage: true,
  };
  const tools = toolDefinitions(field(body, 'tools'), dropped, names);
  if (tools.length > 0) {
    const choice = toolChoice(objectField(body, 'toolConfig'), dropped);
    req.tools = choice.allowed ? tools.filter((t) => choice.allowed!.includes(t.name)) : tools;
    if (choice.toolChoice) req.toolChoice = choice.toolChoice;
  } else if (forcesToolCall(toolChoice(objectField(body, 'toolConfig'), new Set()).toolChoice)) {
    // a call asked for (ANY) with no function to call: no API can carry it
    dropped.add('toolConfig');
  }
  const schemaField = generationConfig(objectField(body, 'generationConfig') ?? {}, req, dropped, shape);
  for (const key of Object.keys(body)) {
    if (!CARRIED.has(camelCase(key)) && body[key] !== undefined && body[key] !== null) dropped.add(camelCase(key));
  }
  return { request: req, dropped: [...dropped], ...(schemaField ? { clientTerms: { response_format: `generationConfig.${schemaField}` } } : {}) };
}

function systemTexts(value: unknown, dropped: Set<string>): string[] {
  if (value === undefined || value === null) return [];
  if (!isJsonObject(value)) throw new RequestValidationError('systemInstruction: must be an object with parts', 'systemInstruction');
  const out: string[] = [];
  for (const p of partsOf(value, 'systemInstruction')) {
    const text = field(p, 'text');
    if (typeof text === 'string') {
      if (text !== '') out.push(text);
    } else dropped.add('systemInstruction.parts');
  }
  return out;
}

function toolDefinitions(value: unknown, dropped: Set<string>, names: ClientToolNames): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RequestValidationError('tools: must be an array', 'tools');
  const out: ToolDefinition[] = [];
  value.forEach((tool: unknown, i) => {
    if (!isJsonObject(tool)) throw new RequestValidationError(`tools[${i}]: must be an object`, `tools[${i}]`);
    for (const key of Object.keys(tool)) {
      const camel = camelCase(key);
      if (camel !== 'functionDeclarations') {
        if (tool[key] !== undefined && tool[key] !== null) dropped.add(`tools.${camel}`);
        continue;
      }
      const decls = tool[key];
      if (!Array.isArray(decls)) throw new RequestValidationError(`tools[${i}].functionDeclarations: must be an array`, `tools[${i}].functionDeclarations`);
      decls.forEach((d: unknown, j) => out.push(functionDeclaration(d, `tools[${i}].functionDeclarations[${j}]`, dropped, names)));
    }
  });
  return out;
}

function functionDeclaration(d: unknown, param: string, dropped: Set<string>, names: ClientToolNames): ToolDefinition {
  if (!isJsonObject(d)) throw new RequestValidationError(`${param}: must be an object`, param);
  if (typeof d.name !== 'string' || d.name === '') throw new RequestValidationError(`${param}.name: must be a non-empty string`, `${param}.name`);
  const schema = objectField(d, 'parametersJsonSchema') ?? objectField(d, 'parameters');
  const def: ToolDefinition = { name: names.add(d.name), parameters: schema ? geminiSchemaToJsonSchema(schema) : { type: 'object', properties: {} } };
  if (typeof d.description === 'string' && d.description !== '') def.description = d.description;
  for (const key of ['response', 'responseJsonSchema', 'behavior']) if (field(d, key) !== undefined) dropped.add(`functionDeclarations.${key}`);
  return def;
}

function toolChoice(config: Json | undefined, dropped: Set<string>): { toolChoice?: ToolChoice; allowed?: string[] } {
  if (!config) return {};
  for (const key of Object.keys(config)) if (camelCase(key) !== 'functionCallingConfig') dropped.add(`toolConfig.${camelCase(key)}`);
  const fc = objectField(config, 'functionCallingConfig');
  if (!fc) return {};
  const mode = String(field(fc, 'mode') ?? 'AUTO').toUpperCase();
  const names = field(fc, 'allowedFunctionNames');
  const allowed = Array.isArray(names) && names.length > 0 ? names.filter((n): n is string => typeof n === 'string').map(safeToolName) : undefined;
  if (mode === 'NONE') return { toolChoice: 'none' };
  if (mode === 'ANY') {
    if (allowed?.length === 1) return { toolChoice: { name: allowed[0]! } };
    return allowed ? { toolChoice: 'required', allowed } : { toolChoice: 'required' };
  }
  // VALIDATED (calls checked against the schema) lets the model decide too, but among the allowed
  // functions only, as ANY does (Google: allowedFunctionNames is for ANY and VALIDATED)
  if (mode === 'VALIDATED' && allowed) return { toolChoice: 'auto', allowed };
  // AUTO, VALIDATED without names and unspecified: the model decides
  return { toolChoice: 'auto' };
}

/** Returns the field the response schema was given in, if one was. */
function generationConfig(cfg: Json, req: CanonicalRequest, dropped: Set<string>, shape: GeminiAnswerShape): SchemaField | undefined {
  const num = (name: string): number | undefined => {
    const v = field(cfg, name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RequestValidationError(`generationConfig.${name}: must be a number`, `generationConfig.${name}`);
    return v;
  };
  const set = <K extends keyof CanonicalRequest>(key: K, v: CanonicalRequest[K] | undefined): void => {
    if (v !== undefined) req[key] = v;
  };
  set('temperature', num('temperature'));
  set('topP', num('topP'));
  set('topK', num('topK'));
  set('seed', num('seed'));
  set('presencePenalty', num('presencePenalty'));
  set('frequencyPenalty', num('frequencyPenalty'));
  const max = num('maxOutputTokens');
  if (max !== undefined && max > 0) req.maxTokens = Math.floor(max);
  const stops = field(cfg, 'stopSequences');
  if (Array.isArray(stops) && stops.length > 0) req.stop = stops.filter((s): s is string => typeof s === 'string');
  if (field(cfg, 'responseLogprobs') === true) {
    req.logprobs = true;
    set('topLogprobs', num('logprobs'));
  }
  const schemaField = responseFormat(cfg, req, dropped, shape);
  thinking(objectField(cfg, 'thinkingConfig'), req);
  const count = num('candidateCount');
  if (count !== undefined && count !== 1) dropped.add('generationConfig.candidateCount');
  const modalities = field(cfg, 'responseModalities');
  if (Array.isArray(modalities) && modalities.some((m) => String(m).toUpperCase() !== 'TEXT')) dropped.add('generationConfig.responseModalities');
  for (const key of Object.keys(cfg)) if (!CONFIG_CARRIED.has(camelCase(key))) dropped.add(`generationConfig.${camelCase(key)}`);
  return schemaField;
}

type SchemaField = 'responseJsonSchema' | 'responseSchema';

function responseFormat(cfg: Json, req: CanonicalRequest, dropped: Set<string>, shape: GeminiAnswerShape): SchemaField | undefined {
  const mime = field(cfg, 'responseMimeType');
  const given = objectField(cfg, 'responseJsonSchema') ?? objectField(cfg, 'responseSchema');
  const givenIn: SchemaField = objectField(cfg, 'responseJsonSchema') ? 'responseJsonSchema' : 'responseSchema';
  const enumAnswer = mime === 'text/x.enum' && given !== undefined;
  if (given) {
    // closed as Gemini answers it (no properties beyond those named)
    const schema = closedResponseSchema(geminiSchemaToJsonSchema(given));
    // Gemini enforces the schema: strict, so OpenAI does too where its strict mode takes it (strict-schema.ts)
    // OpenAI's structured outputs take only an object at the root
    if (schema.type === 'object' && !enumAnswer) req.responseFormat = { type: 'json_schema', name: 'response', schema, strict: true };
    else {
      req.responseFormat = { type: 'json_schema', name: 'response', schema: wrapResultSchema(schema), strict: true };
      shape.result = enumAnswer ? 'enum' : 'json';
    }
  } else if (mime === 'application/json') req.responseFormat = { type: 'json_object' };
  if (mime !== undefined && mime !== 'application/json' && mime !== 'text/plain' && !enumAnswer) dropped.add('generationConfig.responseMimeType');
  return given ? givenIn : undefined;
}

/** thinkingBudget: 0 off, -1 the model decides, N tokens; thinkingLevel (Gemini 3): an effort. */
function thinking(cfg: Json | undefined, req: CanonicalRequest): void {
  if (!cfg) return;
  const budget = field(cfg, 'thinkingBudget');
  if (typeof budget === 'number') {
    if (budget < 0) req.reasoningEffort = 'medium';
    else req.thinkingBudgetTokens = Math.floor(budget);
  }
  const level = field(cfg, 'thinkingLevel');
  const effort = typeof level === 'string' ? ownValue(LEVELS, level.toLowerCase()) : undefined;
  if (effort) req.reasoningEffort = effort;
  if (field(cfg, 'includeThoughts') === true) req.includeThoughts = true;
}
