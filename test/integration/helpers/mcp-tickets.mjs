// A minimal MCP server over stdio (newline-delimited JSON-RPC), for Codex CLI tests: two ticket tools.
// `tools/call` answers `ticket <id> is open`. Names given as arguments replace them, each a lookup
// (Gemini CLI tests: names only Gemini's rules allow).
import readline from 'node:readline';

const DEFAULT_TOOLS = [
  // read-only: Codex calls it without asking for approval
  { name: 'lookup_ticket', description: 'Look up a support ticket by its id', inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, annotations: { readOnlyHint: true } },
  { name: 'close_ticket', description: 'Close a support ticket', inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
];

const lookup = (name) => ({ name, description: 'Look up a support ticket by its id', inputSchema: DEFAULT_TOOLS[0].inputSchema, annotations: { readOnlyHint: true } });
const TOOLS = process.argv.length > 2 ? process.argv.slice(2).map(lookup) : DEFAULT_TOOLS;

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let m;
  try { m = JSON.parse(line); } catch { return; }
  if (m.id === undefined) return; // a notification
  switch (m.method) {
    case 'initialize':
      return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'tickets', version: '1.0.0' } } });
    case 'tools/list':
      return send({ jsonrpc: '2.0', id: m.id, result: { tools: TOOLS } });
    case 'tools/call':
      return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: `ticket ${m.params?.arguments?.id} is open` }] } });
    default:
      return send({ jsonrpc: '2.0', id: m.id, result: {} });
  }
});
