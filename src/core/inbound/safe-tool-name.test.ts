import { describe, expect, it } from 'vitest';
import { ClientToolNames, safeToolName } from './safe-tool-name';

/** what OpenAI and Anthropic take, starting as Gemini asks (a letter or an underscore) */
const RULE = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

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

  it('keeps a long namespaced function\'s own name, so the functions of one namespace stay told apart', () => {
    const ns = 'mcp__customer_relationship_management_server';
    const names = [`${ns}__find_customer_by_email_address`, `${ns}__find_customer_by_phone_number`];
    const safe = names.map(safeToolName);
    for (const s of safe) expect(s).toMatch(RULE);
    expect(safe[0]).toMatch(/^mcp__customer_relations\w*_[a-z0-9]+__find_customer_by_email_address$/);
    expect(safe[1]).toMatch(/^mcp__customer_relations\w*_[a-z0-9]+__find_customer_by_phone_number$/);
    // a function's name too long to keep whole keeps its end
    expect(safeToolName(`ns__${'x'.repeat(60)}_by_email`)).toMatch(/^ns__x+_[a-z0-9]+_x+_by_email$/);
  });

  it('makes a name starting with a digit or a dash start as Gemini takes it', () => {
    for (const name of ['1password_lookup', '-x', '3d.render']) {
      expect(safeToolName(name)).toMatch(RULE);
      expect(safeToolName(name).startsWith('_')).toBe(true);
    }
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
