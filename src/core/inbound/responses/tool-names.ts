// A `namespace` tool (Codex's sub-agent tools, an MCP server) groups functions under one name. Other
// formats have no namespaces, so each function travels under one flat name, `<namespace>__<name>`; that
// and a plain tool's name are made safe where another format would refuse them (safe-tool-name.ts), and
// a call the model makes comes back to the client under the name and namespace it declared.
// A `custom` tool (freeform: Codex's apply_patch and exec) takes raw text, not JSON; elsewhere it is a
// function of one string, `input` (customToolParameters), and its calls come back as custom_tool_call.
// A client-executed `tool_search` (Codex's, over the MCP tools it does not list for its newest models)
// is a function elsewhere too; its call comes back as a tool_search_call, and the tools the client's
// search loaded (its tool_search_output items) are offered from then on.
// Tools arrive in `tools` and, from Codex's newest models on, in `additional_tools` input items.
import { safeToolName } from '../safe-tool-name';
import { isJsonObject } from '../../json-object';

const SEPARATOR = '__';

export interface ClientToolName {
  name: string;
  namespace?: string;
  /** a `custom` tool: its call is a custom_tool_call whose `input` is the text */
  custom?: true;
  /** the client-executed `tool_search`: its call is a tool_search_call whose `arguments` are an object */
  search?: true;
}

export const TOOL_SEARCH = 'tool_search';

/** A `tool_search` the client runs itself (Codex's); one OpenAI runs (`execution: "server"`) is hosted. */
export function isClientToolSearch(tool: Record<string, unknown>): boolean {
  return tool.type === 'tool_search' && tool.execution === 'client';
}

export function flatToolName(namespace: string, name: string): string {
  return safeToolName(`${namespace}${SEPARATOR}${name}`);
}

/** The name a tool (or a call, a tool_choice naming it) travels under elsewhere: flattened in its namespace, made safe. */
export function offeredToolName(name: string, namespace: unknown): string {
  return typeof namespace === 'string' && namespace !== '' ? flatToolName(namespace, name) : safeToolName(name);
}

/** Input items that bring tools: `additional_tools`, and what a client's tool search loaded. */
function bringsTools(item: Record<string, unknown>): boolean {
  return item.type === 'additional_tools' || (item.type === 'tool_search_output' && item.execution === 'client');
}

/** One place a request lists tools, as it sent it (not yet checked to be a list). */
export interface ToolSource {
  tools: unknown;
  /** where it is, for an error (`tools`, `input[3].tools`) */
  param: string;
  /** what it is, for a dropped tool's name (`tools`, `input[type=additional_tools].tools`) */
  label: string;
}

/**
 * Where a request's tools are, in the order they are offered: `tools` (when present), then each input
 * item that brings tools. The one walk both the translation (toolDefinitions) and the names of calls
 * coming back (ToolNames) follow, so a call is named as the tool the model was offered.
 */
export function toolSources(request: Record<string, unknown>): ToolSource[] {
  const sources: ToolSource[] = [];
  if (request.tools !== undefined && request.tools !== null) sources.push({ tools: request.tools, param: 'tools', label: 'tools' });
  if (Array.isArray(request.input)) {
    request.input.forEach((item: unknown, i: number) => {
      if (isJsonObject(item) && bringsTools(item)) sources.push({ tools: item.tools, param: `input[${i}].tools`, label: `input[type=${String(item.type)}].tools` });
    });
  }
  return sources;
}

/**
 * Flat name -> the client's name and namespace (and whether it is custom or the tool search), for a
 * request's tools. Walked as parse-request's toolDefinitions walks them (toolSources, in order), the
 * first tool of a flat name winning, so a call is named back as the tool the model was offered under it.
 */
export class ToolNames {
  private readonly known = new Map<string, ClientToolName>();

  static of(request: Record<string, unknown>): ToolNames {
    const names = new ToolNames();
    const add = (flat: string, client: ClientToolName): void => {
      if (!names.known.has(flat)) names.known.set(flat, client);
    };
    for (const { tools } of toolSources(request)) {
      if (!Array.isArray(tools)) continue;
      for (const t of tools) {
        if (!isJsonObject(t)) continue;
        if (isClientToolSearch(t)) add(TOOL_SEARCH, { name: TOOL_SEARCH, search: true });
        else if (typeof t.name !== 'string') continue;
        else if (t.type === 'function') add(safeToolName(t.name), { name: t.name });
        else if (t.type === 'custom') add(safeToolName(t.name), { name: t.name, custom: true });
        else if (t.type === 'namespace' && Array.isArray(t.tools)) {
          for (const fn of t.tools) {
            if (!isJsonObject(fn) || typeof fn.name !== 'string') continue;
            const flat = flatToolName(t.name, fn.name);
            if (fn.type === 'function') add(flat, { name: fn.name, namespace: t.name });
            else if (fn.type === 'custom') add(flat, { name: fn.name, namespace: t.name, custom: true });
          }
        }
      }
    }
    return names;
  }

  /** the name the client knows a (possibly flattened) tool name by */
  toClient(flat: string): ClientToolName {
    return this.known.get(flat) ?? { name: flat };
  }
}

/** The one string parameter a custom tool takes where tools take JSON. */
export function customToolParameters(): Record<string, unknown> {
  return {
    type: 'object',
    properties: { input: { type: 'string', description: 'The raw text input of this tool (not JSON), exactly as its description asks for.' } },
    required: ['input'],
    additionalProperties: false,
  };
}

/** A custom tool's description, with the grammar or text format its input must follow spelled out. */
export function customToolDescription(description: string | undefined, format: unknown): string {
  const parts = description ? [description] : [];
  if (isJsonObject(format) && format.type === 'grammar' && typeof format.definition === 'string') {
    const syntax = typeof format.syntax === 'string' ? `${format.syntax} ` : '';
    parts.push(`Pass the raw text as \`input\`. It must match this ${syntax}grammar:\n${format.definition}`);
  } else {
    parts.push('Pass the raw text as `input`.');
  }
  return parts.join('\n\n');
}

/**
 * A custom tool call's text from the arguments the model gave its function form (`{"input": ...}`; a
 * lone string member under another name is taken too).
 */
export function customToolInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'string') return parsed;
    if (isJsonObject(parsed)) {
      if (typeof parsed.input === 'string') return parsed.input;
      const values = Object.values(parsed);
      if (values.length === 1 && typeof values[0] === 'string') return values[0];
      if (values.length === 0) return '';
    }
  } catch {
    // a model that wrote the text itself, not JSON: that is the input
  }
  return args;
}
