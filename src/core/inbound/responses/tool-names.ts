// A `namespace` tool (Codex's sub-agent tools, an MCP server) groups functions under one name. Other
// formats have no namespaces, so each function travels under one flat name, `<namespace>__<name>`,
// and a call the model makes comes back to the client under the name and namespace it declared.
// A `custom` tool (freeform: Codex's apply_patch and exec) takes raw text, not JSON; elsewhere it is a
// function of one string, `input` (customToolParameters), and its calls come back as custom_tool_call.
// Tools arrive in `tools` and, from Codex's newest models on, in `additional_tools` input items.
import { isJsonObject } from '../read-builder';

const SEPARATOR = '__';

export interface ClientToolName {
  name: string;
  namespace?: string;
  /** a `custom` tool: its call is a custom_tool_call whose `input` is the text */
  custom?: true;
}

export function flatToolName(namespace: string, name: string): string {
  return `${namespace}${SEPARATOR}${name}`;
}

/** The tool lists of a request: `tools`, then those of each `additional_tools` input item. */
export function requestToolLists(request: Record<string, unknown>): unknown[][] {
  const lists: unknown[][] = [];
  if (Array.isArray(request.tools)) lists.push(request.tools);
  if (Array.isArray(request.input)) {
    for (const item of request.input) if (isJsonObject(item) && item.type === 'additional_tools' && Array.isArray(item.tools)) lists.push(item.tools);
  }
  return lists;
}

/** Flat name -> the client's name and namespace (and whether it is custom), for a request's tools. */
export class ToolNames {
  private readonly known = new Map<string, ClientToolName>();

  static of(request: Record<string, unknown>): ToolNames {
    const names = new ToolNames();
    const lists = requestToolLists(request);
    // plain tools first: a namespaced one whose flat name a plain one already has does not take it over
    for (const list of lists) {
      for (const t of list) {
        if (isJsonObject(t) && t.type === 'custom' && typeof t.name === 'string' && !names.known.has(t.name)) names.known.set(t.name, { name: t.name, custom: true });
      }
    }
    const plain = new Set<string>();
    for (const list of lists) for (const t of list) if (isJsonObject(t) && (t.type === 'function' || t.type === 'custom') && typeof t.name === 'string') plain.add(t.name);
    for (const list of lists) {
      for (const t of list) {
        if (!isJsonObject(t) || t.type !== 'namespace' || typeof t.name !== 'string' || !Array.isArray(t.tools)) continue;
        for (const fn of t.tools) {
          if (!isJsonObject(fn) || typeof fn.name !== 'string') continue;
          const flat = flatToolName(t.name, fn.name);
          if (plain.has(flat) || names.known.has(flat)) continue;
          names.known.set(flat, fn.type === 'custom' ? { name: fn.name, namespace: t.name, custom: true } : { name: fn.name, namespace: t.name });
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

/** A custom tool call's text from the arguments the model gave its function form (`{"input": ...}`). */
export function customToolInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isJsonObject(parsed) && typeof parsed.input === 'string') return parsed.input;
    if (typeof parsed === 'string') return parsed;
  } catch {
    // a model that wrote the text itself, not JSON: that is the input
  }
  return args;
}
