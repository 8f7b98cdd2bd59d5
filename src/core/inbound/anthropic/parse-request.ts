// POST /v1/messages (and /v1/messages/count_tokens) body -> CanonicalRequest, validated strictly.
// Unknown top-level fields are ignored and never copied anywhere.
import { RequestValidationError } from '../../canonical';
import type { CanonicalRequest, ToolChoice, ToolDefinition } from '../../canonical';
import { isRecord } from '../../providers/anthropic/wire-types';
import { messagesToCanonical, requireString } from './parse-content';

export function anthropicToCanonical(body: unknown, opts: { requireMaxTokens: boolean } = { requireMaxTokens: true }): CanonicalRequest {
  if (!isRecord(body)) throw new RequestValidationError('request body must be a JSON object');
  const req: CanonicalRequest = {
    model: requireString(body.model, 'model'),
    system: systemPrompts(body.system),
    messages: messagesToCanonical(body.messages),
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    includeUsage: true,
  };

  if (body.max_tokens !== undefined || opts.requireMaxTokens) req.maxTokens = positiveInteger(body.max_tokens, 'max_tokens');

  const tools = toolDefinitions(body.tools);
  if (tools.length > 0) {
    req.tools = tools;
    const choice = toolChoice(body.tool_choice);
    if (choice.toolChoice !== undefined) req.toolChoice = choice.toolChoice;
    if (choice.parallelToolCalls !== undefined) req.parallelToolCalls = choice.parallelToolCalls;
  } else if (body.tool_choice !== undefined) {
    toolChoice(body.tool_choice);
  }

  if (body.stop_sequences !== undefined) req.stop = stringArray(body.stop_sequences, 'stop_sequences');
  const temperature = numberInRange(body.temperature, 'temperature', 0, 1);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = numberInRange(body.top_p, 'top_p', 0, 1);
  if (topP !== undefined) req.topP = topP;
  // top_k has no canonical counterpart (and few upstreams take it): ignored

  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isRecord(body.metadata)) throw new RequestValidationError('metadata: must be an object', 'metadata');
    const userId = body.metadata.user_id;
    if (userId !== undefined && userId !== null) req.user = requireString(userId, 'metadata.user_id', true);
  }
  const budget = thinkingBudget(body.thinking);
  if (budget !== undefined) req.thinkingBudgetTokens = budget;
  return req;
}

function systemPrompts(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) throw new RequestValidationError('system: must be a string or an array of text blocks', 'system');
  return value.flatMap((block: unknown, i) => {
    if (!isRecord(block) || block.type !== 'text') {
      throw new RequestValidationError(`system.${i}: must be a text block`, `system.${i}`);
    }
    const text = requireString(block.text, `system.${i}.text`, true);
    return text === '' ? [] : [text];
  });
}

function toolDefinitions(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RequestValidationError('tools: must be an array', 'tools');
  return value.flatMap((tool: unknown, i): ToolDefinition[] => {
    const param = `tools.${i}`;
    if (!isRecord(tool)) throw new RequestValidationError(`${param}: must be an object`, param);
    // server tools (web_search_..., bash_..., text_editor_...) run at Anthropic; other upstreams cannot
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') return [];
    const name = requireString(tool.name, `${param}.name`);
    if (!isRecord(tool.input_schema)) throw new RequestValidationError(`${param}.input_schema: must be an object`, `${param}.input_schema`);
    const def: ToolDefinition = { name, parameters: tool.input_schema };
    if (tool.description !== undefined && tool.description !== null) {
      def.description = requireString(tool.description, `${param}.description`, true);
    }
    return [def];
  });
}

function toolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new RequestValidationError('tool_choice: must be an object', 'tool_choice');
  const out: { toolChoice?: ToolChoice; parallelToolCalls?: boolean } = {};
  switch (value.type) {
    case 'auto': out.toolChoice = 'auto'; break;
    case 'any': out.toolChoice = 'required'; break;
    case 'none': out.toolChoice = 'none'; break;
    case 'tool': out.toolChoice = { name: requireString(value.name, 'tool_choice.name') }; break;
    default: throw new RequestValidationError('tool_choice.type: must be one of auto, any, tool, none', 'tool_choice.type');
  }
  const disable = optionalBoolean(value.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  if (disable !== undefined) out.parallelToolCalls = !disable;
  return out;
}

function thinkingBudget(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new RequestValidationError('thinking: must be an object', 'thinking');
  if (value.type === 'enabled') return positiveInteger(value.budget_tokens, 'thinking.budget_tokens');
  // adaptive thinking lets the model pick its own budget: nothing to carry over
  if (value.type === 'disabled' || value.type === 'adaptive') return undefined;
  throw new RequestValidationError('thinking.type: must be "enabled", "disabled" or "adaptive"', 'thinking.type');
}

function positiveInteger(value: unknown, param: string): number {
  if (value === undefined) throw new RequestValidationError(`${param}: Field required`, param);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RequestValidationError(`${param}: must be a positive integer`, param);
  }
  return value;
}

function numberInRange(value: unknown, param: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RequestValidationError(`${param}: must be a number between ${min} and ${max}`, param);
  }
  return value;
}

function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new RequestValidationError(`${param}: must be a boolean`, param);
  return value;
}

function stringArray(value: unknown, param: string): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw new RequestValidationError(`${param}: must be an array of strings`, param);
  }
  return value as string[];
}
