// The real Gemini CLI with an MCP server whose tools it names as only Gemini allows (a dot from the
// server's own name; a long name shortened to `<first 30>...<last 30>`), served by OpenAI, Anthropic
// and the Responses API: OpenAI takes a function's name only as ^[a-zA-Z0-9_-]{1,64}$, Anthropic up to 128
// of those characters (the fakes refuse the rest with a 400, as they do). The tools travel under safe
// names, and the call the model makes reaches the CLI under the CLI's own name, runs on the MCP server,
// and its result goes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeToolName } from '../../src/core/inbound/safe-tool-name';
import { MODELS } from './helpers/app-harness';
import { geminiSettings, runGemini } from './helpers/gemini-cli';
import { fakeAnswer, RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';

const MCP_TICKETS = join(import.meta.dirname, 'helpers/mcp-tickets.mjs');
const LONG = 'close_a_support_ticket_then_email_and_notify_every_watcher_on_it';
// as Gemini CLI 0.61 names them (generateValidName): mcp_<server>_<tool>, cut to 30...30 past 63
const DOTTED = 'mcp_tix_tickets.lookup';
const SHORTENED = `${`mcp_tix_${LONG}`.slice(0, 30)}...${LONG.slice(-30)}`;

let h: ResponsesHarness;
let home: string;
let workspace: string;

beforeAll(async () => {
  h = await startResponsesHarness();
  home = mkdtempSync(join(tmpdir(), 'sb-gemini-mcp-home-'));
  workspace = mkdtempSync(join(tmpdir(), 'sb-gemini-mcp-ws-'));
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings({
    mcpServers: { tix: { command: process.execPath, args: [MCP_TICKETS, 'tickets.lookup', LONG], trust: true } },
  }));
  await h.app.service.updateModel({ id: MODELS.anthropic, patch: { max_output_tokens: 64_000 } });
  for (const up of ['openai', 'anthropic', 'responses'] as const) {
    h[up].options.callTool = { name: safeToolName(DOTTED), arguments: { id: 'T-7' }, when: /ticket/i };
  }
});
afterAll(async () => {
  await h?.close();
  for (const dir of [home, workspace]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The names a request offered, read from its own wire format. */
function offered(body: any): string[] {
  return (body.tools as any[]).map((t) => t.function?.name ?? t.name);
}

describe.each([['openai', MODELS.openai], ['anthropic', MODELS.anthropic], ['responses', RESPONSES_MODEL]] as const)('Gemini CLI MCP tools -> %s upstream', (name, model) => {
  it('offers them under safe names and runs the call the model makes', { timeout: 120_000 }, async () => {
    const fake = h[name];
    const before = fake.requests.length;
    const run = await runGemini({ home, workspace, url: h.url, token: h.token }, model, 'Look up ticket T-7 with the ticket tool.');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe(fakeAnswer(name));
    const turns = fake.requests.slice(before).filter((r) => Array.isArray(r.body?.tools)).map((r) => r.body);
    expect(turns).toHaveLength(2);
    const names = offered(turns[0]);
    expect(names).toEqual(expect.arrayContaining([safeToolName(DOTTED), safeToolName(SHORTENED)]));
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    // the MCP server ran the call (under the CLI's name) and its answer went back with the call renamed
    const second = JSON.stringify(turns[1]);
    expect(second).toContain('ticket T-7 is open');
    expect(second).toContain(safeToolName(DOTTED));
    expect(second).not.toContain(DOTTED);
  });
});
