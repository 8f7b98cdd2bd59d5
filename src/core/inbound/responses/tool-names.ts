// A `namespace` tool (Codex's sub-agent tools, an MCP server) groups functions under one name. Other
// formats have no namespaces, so each function travels under one flat name, `<namespace>__<name>`,
// and a call the model makes comes back to the client under the name and namespace it declared.
// A `custom` tool (freeform: Codex's apply_patch and exec) takes raw text, not JSON; elsewhere it is a
// function of one string, `input` (customToolParameters), and its calls come back as custom_tool_call.
// A client-executed `tool_search` (Codex's, over the MCP tools it does not list for its newest models)
// is a function elsewhere too; its call comes back as a tool_search_call, and the tools the client's
// search loaded (its tool_search_output items) are offered from then on.
// Tools arrive in `tools` and, from Codex's newest models on, in `additional_tools` input items.
import { isJsonObject } from '../read-builder';

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
  return `${namespace}${SEPARATOR}${name}`;
}

/** Input items that bring tools: `additional_tools`, and what a client's tool search loaded. */
export function bringsTools(item: Record<string, unknown>): boolean {
  return item.type === 'additional_tools' || (item.type === 'tool_search_output' && item.execution === 'client');
}

/** The tool lists of a request: `tools`, then those of each input item that brings tools. */
export function requestToolLists(request: Record<string, unknown>): unknown[][] {
  const lists: unknown[][] = [];
  if (Array.isArray(request.tools)) lists.push(request.tools);
  if (Array.isArray(request.input)) {
    for (const item of request.input) if (isJsonObject(item) && bringsTools(item) && Array.isArray(item.tools)) lists.push(item.tools);
  }
  return lists;
}

/**
 * Flat name -> the client's name and namespace (and whether it is custom or the tool search), for a
 * request's tools. Walked as parse-request's toolDefinitions walks them: lists in order, the first
 * tool of a flat name wins, so a call is named back as the tool the model was offered under it.
 */
export class ToolNames {
  private readonly known = new Map<string, ClientToolName>();

  static of(request: Record<string, unknown>): ToolNames {
    const names = new ToolNames();
    const add = (flat: string, client: ClientToolName): void => {
      if (!names.known.has(flat)) names.known.set(flat, client);
    };
    for (const list of requestToolLists(request)) {
      for (const t of list) {
        if (!isJsonObject(t)) continue;
        if (isClientToolSearch(t)) add(TOOL_SEARCH, { name: TOOL_SEARCH, search: true });
        else if (typeof t.name !== 'string') continue;
        else if (t.type === 'function') add(t.name, { name: t.name });
        else if (t.type === 'custom') add(t.name, { name: t.name, custom: true });
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
