import { describe, expect, it } from 'vitest';
import { ClientToolNames, safeToolName } from './safe-tool-name';

const RULE = /^[a-zA-Z0-9_-]{1,64}$/;

describe('safeToolName', () => {
  it('keeps a name every format takes', () => {
    expect(safeToolName('read_file')).toBe('read_file');
    expect(safeToolName('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it('makes Gemini CLI MCP names and long names valid, stable and apart', () => {
    const names = ['mcp_tix_tickets.lookup', 'mcp_tix_tickets:lookup', 'mcp_tix_close_a_support_ticket...and_notify_every_watcher_on_it', 'a'.repeat(65), 'x'.repeat(200)];
    const safe = names.map(safeToolName);
    for (const s of safe) expect(s).toMatch(RULE);
    expect(new Set(safe).size).toBe(names.length);
    expect(names.map(safeToolName)).toEqual(safe);
    expect(safe[0]).toMatch(/^mcp_tix_tickets_lookup_[a-z0-9]+$/);
  });
});

describe('ClientToolNames', () => {
  it('names a call back as the client declared the tool', () => {
    const names = new ClientToolNames();
    const safe = names.add('mcp_tix_tickets.lookup');
    expect(names.add('read_file')).toBe('read_file');
    expect(names.toClient(safe)).toBe('mcp_tix_tickets.lookup');
    expect(names.toClient('read_file')).toBe('read_file');
    expect(names.toClient('unknown')).toBe('unknown');
  });
});
