// A `namespace` tool (Codex's sub-agent tools, an MCP server) groups functions under one name. Other
// formats have no namespaces, so each function travels under one flat name, `<namespace>__<name>`,
// and a call the model makes comes back to the client under the name and namespace it declared.
import { isJsonObject } from '../read-builder';

const SEPARATOR = '__';

export interface ClientToolName {
  name: string;
  namespace?: string;
}

export function flatToolName(namespace: string, name: string): string {
  return `${namespace}${SEPARATOR}${name}`;
}

/** Flat name -> the client's name and namespace, for the namespaced functions of a request's tools. */
export class ToolNames {
  private readonly namespaced = new Map<string, ClientToolName>();

  static of(tools: unknown): ToolNames {
    const names = new ToolNames();
    if (!Array.isArray(tools)) return names;
    const plain = new Set<string>();
    for (const t of tools) if (isJsonObject(t) && t.type === 'function' && typeof t.name === 'string') plain.add(t.name);
    for (const t of tools) {
      if (!isJsonObject(t) || t.type !== 'namespace' || typeof t.name !== 'string' || !Array.isArray(t.tools)) continue;
      for (const fn of t.tools) {
        if (!isJsonObject(fn) || typeof fn.name !== 'string') continue;
        const flat = flatToolName(t.name, fn.name);
        // a plain function already called this keeps the name
        if (!plain.has(flat)) names.namespaced.set(flat, { name: fn.name, namespace: t.name });
      }
    }
    return names;
  }

  /** the name the client knows a (possibly flattened) tool name by */
  toClient(flat: string): ClientToolName {
    return this.namespaced.get(flat) ?? { name: flat };
  }
}
