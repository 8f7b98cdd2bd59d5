// Codex CLI 0.171 (the pinned dev dependency's native binary) through Switchboard, as a user sets it
// up: a `[model_providers.switchboard]` block in a temp CODEX_HOME, `wire_api = "responses"`, the
// profile token in the env var it names. Against each upstream format it answers, and one tool round
// trip completes: the fake calls exec_command, Codex runs `echo sb-roundtrip` in its read-only
// sandbox (bubblewrap works headless here), its function_call_output reaches the fake, the fake answers.
// Then what Codex gives its newest models, on other providers: the freeform apply_patch (a file is
// written), the default model's additional_tools and JavaScript exec, its own tool_search over an
// MCP server's tools, and view_image's picture in a tool output.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSetupSnippets } from '../../src/renderer/tabs/byok/setup-snippets';
import { responsesFixture } from '../fixtures/responses/load';
import type { FakeProvider, FakeToolCall } from '../mocks/types';
import { MODELS } from './helpers/app-harness';
import { CODEX, codexHomeDirs, runProcess } from './helpers/codex';
import { fakeAnswer, RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

const PROMPT = 'Please run echo sb-roundtrip in the shell and tell me what it printed.';
/** a stdio MCP server with two ticket tools */
const MCP_TICKETS = join(import.meta.dirname, 'helpers/mcp-tickets.mjs');

let h: ResponsesHarness;
const scratch: string[] = [];

beforeAll(async () => {
  h = await startResponsesHarness({
    fake: { callTool: { name: 'exec_command', arguments: { cmd: 'echo sb-roundtrip' }, when: /sb-roundtrip/ } },
  });
});
afterAll(async () => {
  await h?.close();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

interface Run { code: number | null; stdout: string; stderr: string; work: string }

/**
 * `codex exec` with a fresh CODEX_HOME and HOME, stdin closed, no retries (a failure shows at once).
 * `model` undefined: Codex's own default model; `sandbox`: read-only unless a test lets it write.
 */
function codexExec(
  model: string | undefined,
  opts: { sandbox?: 'read-only' | 'workspace-write'; prompt?: string; mcpTickets?: boolean; files?: Record<string, Buffer>; builtinProvider?: boolean; config?: string[] } = {},
): Promise<Run> {
  const { home, work, codexHome } = codexHomeDirs('sb-codex-');
  scratch.push(home);
  for (const [name, bytes] of Object.entries(opts.files ?? {})) writeFileSync(join(work, name), bytes);
  // builtinProvider: Codex's own OpenAI provider pointed here (it tries a WebSocket first)
  writeFileSync(join(codexHome, 'config.toml'), opts.builtinProvider ? [`model = "${model}"`, `openai_base_url = "${h.url}/v1"`, ...(opts.config ?? []), ''].join('\n') : [
    ...(model === undefined ? [] : [`model = "${model}"`]),
    'model_provider = "switchboard"',
    '',
    '[model_providers.switchboard]',
    'name = "Switchboard"',
    `base_url = "${h.url}/v1"`,
    'env_key = "SWITCHBOARD_TOKEN"',
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    ...(opts.mcpTickets ? ['[mcp_servers.tickets]', `command = ${JSON.stringify(process.execPath)}`, `args = [${JSON.stringify(MCP_TICKETS)}]`, ''] : []),
  ].join('\n'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: codexHome, SWITCHBOARD_TOKEN: h.token, CODEX_API_KEY: h.token, LANG: 'C.UTF-8' };
  const args = ['exec', '--skip-git-repo-check', '--sandbox', opts.sandbox ?? 'read-only', opts.prompt ?? PROMPT];
  return runProcess(CODEX, args, { cwd: work, env }).then((run) => ({ ...run, work }));
}

const cases: [string, string, () => FakeProvider, string, { input: number; output: number }][] = [
  ['OpenAI (Responses), forwarded', RESPONSES_MODEL, () => h.responses, 'Hello from the fake openai responses provider!', { input: 2, output: 8 }],
  ['OpenAI (chat)', MODELS.openai, () => h.openai, 'Hello from the fake openai provider!', { input: 1, output: 2 }],
  ['Anthropic', MODELS.anthropic, () => h.anthropic, 'Hello from the fake anthropic provider!', { input: 3, output: 15 }],
  ['Gemini', MODELS.gemini, () => h.gemini, 'Hello from the fake gemini provider!', { input: 0.5, output: 1.5 }],
];

describe.each(cases)('Codex CLI -> %s', (_name, model, fake, answer, price) => {
  it('answers after one tool round trip, and each turn is a usage row with its exact cost', async () => {
    const before = fake().requests.length;
    const run = await codexExec(model);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toContain(answer);

    const turns = fake().requests.slice(before).filter((r) => r.method === 'POST');
    expect(turns).toHaveLength(2);
    // the command ran in Codex's sandbox and its output came back to the provider, in its own format
    const second = JSON.stringify(turns[1]!.body);
    expect(second).toContain('sb-roundtrip\\n');
    expect(second).toContain('Process exited with code 0');

    const rows = (await usageRows(h.app)).filter((r) => r.requested_model === model);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ inbound_api: 'responses', endpoint: 'responses', model_id: model, status: '200', estimated: 'false', stream: 'true' });
      expect(Number(r.input_tokens)).toBe(21);
      expect(Number(r.output_tokens)).toBe(7);
      expect(Math.abs(Number(r.cost_usd) - (21 * price.input + 7 * price.output) / 1e6)).toBeLessThan(1e-12);
    }
  }, 180_000);
});

describe("Codex CLI set up with the BYOK tab's snippet", () => {
  it('runs with its config.toml block as config.toml and its shell block in bash, each copied on its own', async () => {
    const [toml, shell] = buildSetupSnippets(h.url, h.token).find((s) => s.id === 'codex')?.blocks ?? [];
    expect(toml?.where).toContain('~/.codex/config.toml');
    expect(shell?.where).toContain('shell');
    const { home, work, codexHome } = codexHomeDirs('sb-codex-snippet-');
    scratch.push(home);
    writeFileSync(join(codexHome, 'config.toml'), `${toml?.code ?? ''}\n`);
    // its last line starts Codex's TUI: the same, one prompt and no terminal
    const script = (shell?.code ?? '').replace(/^codex$/m, `codex exec --skip-git-repo-check --sandbox read-only 'say hi'`);
    expect(script).not.toBe(shell?.code);
    const env = { PATH: `${join(import.meta.dirname, '../../node_modules/.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: home, CODEX_HOME: codexHome, LANG: 'C.UTF-8' };
    const run = await runProcess('bash', ['-c', script], { cwd: work, env });
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toMatch(/Hello from the fake \w+/);
    // auto, routed for the profile whose token the snippet carries
    const rows = (await usageRows(h.app)).filter((r) => r.requested_model === 'auto');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.inbound_api === 'responses' && r.status === '200')).toBe(true);
  }, 180_000);
});

describe('Codex CLI with its built-in OpenAI provider pointed at Switchboard', () => {
  it('is told WebSocket is not served (426) and goes on over HTTP at once, without reconnecting', async () => {
    const run = await codexExec(MODELS.anthropic, { builtinProvider: true, prompt: 'say hi' });
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toContain(fakeAnswer('anthropic'));
    // on a 405 it reconnected five times over some 6.5 s, printing 'Reconnecting... n/5' each time: the
    // printed retries are what is checked, not the seconds (a loaded machine adds those)
    expect(run.stderr).not.toContain('Reconnecting');
  }, 60_000);
});

describe('Codex CLI -> Anthropic: its remote compaction', () => {
  it('is answered with the model\'s summary as one compaction item, which the next request carries as text', async () => {
    const fake = h.anthropic;
    const before = fake.requests.length;
    const rowsBefore = (await usageRows(h.app)).filter((r) => r.requested_model === MODELS.anthropic).length;
    const scripted = fake.options.callTool;
    // the tool is called once: not again once the conversation is the summary
    fake.options.callTool = { name: 'exec_command', arguments: { cmd: 'echo sb-roundtrip' }, when: /^(?![\s\S]*Here is the summary)[\s\S]*sb-roundtrip/ };
    try {
      // every answer is past 10 tokens: Codex compacts after the tool round trip (its built-in provider compacts remotely)
      const run = await codexExec(MODELS.anthropic, { builtinProvider: true, config: ['model_auto_compact_token_limit = 10'] });
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toContain(fakeAnswer('anthropic'));
      const turns = fake.requests.slice(before).filter((r) => r.method === 'POST').map((r) => JSON.stringify(r.body));
      const asked = turns.findIndex((t) => t.includes('CONTEXT CHECKPOINT COMPACTION'));
      expect(asked).toBeGreaterThan(0);
      // the next request holds the summary (the fake's answer) in place of the conversation
      const after = turns[asked + 1]!;
      expect(after).toContain('Here is the summary produced by the other language model');
      expect(after).toContain(fakeAnswer('anthropic'));
      expect(after).not.toContain('Process exited with code 0');
      // the summarising call is a usage row like any other
      const rows = (await usageRows(h.app)).filter((r) => r.requested_model === MODELS.anthropic);
      expect(rows.length - rowsBefore).toBe(turns.length);
    } finally {
      fake.options.callTool = scripted;
    }
  }, 120_000);
});

describe('Codex CLI -> Anthropic: its prompt is marked for Anthropic\'s cache', () => {
  it('carries cache marks on the last tool, the system prompt and the last two messages of each turn', async () => {
    const before = h.anthropic.requests.length;
    expect((await codexExec(MODELS.anthropic)).code).toBe(0);
    const turns = h.anthropic.requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.body);
    expect(turns).toHaveLength(2);
    for (const body of turns) {
      expect(body.tools.at(-1).cache_control).toEqual({ type: 'ephemeral' });
      expect(body.system.at(-1).cache_control).toEqual({ type: 'ephemeral' });
      expect(body.messages.at(-1).content.at(-1).cache_control).toEqual({ type: 'ephemeral' });
    }
    // the first turn is one (merged) user message; the second adds the call and its result: 3 marks, then 4
    expect(turns.map((b) => JSON.stringify(b).split('"cache_control"').length - 1)).toEqual([3, 4]);
  }, 180_000);
});

describe('Codex CLI -> OpenAI (Responses): the body goes through as Codex sent it', () => {
  it('keeps its fields, hosted tools and encrypted reasoning; matches the recorded fixture', async () => {
    const before = h.responses.requests.length;
    expect((await codexExec(RESPONSES_MODEL)).code).toBe(0);
    const [first, second] = h.responses.requests.slice(before).map((r) => r.body);
    const fixture = responsesFixture('codex-first-turn.request.json');
    expect(Object.keys(first).sort()).toEqual(Object.keys(fixture).sort());
    expect(first.model).toBe('gpt-resp-fake');
    expect(first.store).toBe(false);
    expect(first.tools).toEqual(expect.arrayContaining([{ type: 'web_search', external_web_access: false }, expect.objectContaining({ type: 'namespace' })]));
    expect(first.include).toEqual(['reasoning.encrypted_content']);
    expect(typeof first.prompt_cache_key).toBe('string');
    // the fake accepts back only the ciphertext it issued: it made the trip through Codex and the proxy intact
    const reasoning = second.input.find((i: any) => i.type === 'reasoning');
    expect(h.responses.state.ciphertexts.has(reasoning.encrypted_content)).toBe(true);
  }, 180_000);
});

/** Runs `body` with `alias` routed to `target` and the fake's callTool replaced, both restored after. */
async function withAlias(alias: string, target: string, fake: FakeProvider, callTool: FakeToolCall | FakeToolCall[], body: () => Promise<void>): Promise<void> {
  const saved = fake.options.callTool;
  fake.options.callTool = callTool;
  await h.app.service.updateRoutingRules({ aliases: { [alias]: [target] } });
  try {
    await body();
  } finally {
    await h.app.service.updateRoutingRules({ aliases: {} });
    if (saved) fake.options.callTool = saved;
    else delete fake.options.callTool;
  }
}

describe("Codex CLI's freeform tools on other providers", () => {
  const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+written through switchboard\n*** End Patch\n';
  const applyPatch = { name: 'apply_patch', arguments: { input: PATCH }, when: /hello\.txt/ };
  const writeHello = () => codexExec('gpt-5.5', { sandbox: 'workspace-write', prompt: 'Create hello.txt saying it was written through switchboard.' });

  it.each([
    ['Gemini', MODELS.gemini, () => h.gemini, fakeAnswer('gemini')],
    ['OpenAI chat', MODELS.openai, () => h.openai, fakeAnswer('openai')],
  ] as const)('gpt-5.5 sent to %s: apply_patch writes the file, and its output goes back', async (_name, model, fake, answer) => {
    await withAlias('gpt-5.5', model, fake(), applyPatch, async () => {
      const before = fake().requests.length;
      const run = await writeHello();
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toContain(answer);
      expect(readFileSync(join(run.work, 'hello.txt'), 'utf8')).toBe('written through switchboard\n');
      const turns = fake().requests.slice(before).filter((r) => r.method === 'POST').map((r) => JSON.stringify(r.body));
      expect(turns).toHaveLength(2);
      // Codex's report of the patch it applied is the tool result
      expect(turns[1]).toMatch(/Success\. Updated the following files:\\nA hello\.txt/);
    });
  }, 180_000);

  it('gpt-5.5 sent to Anthropic: the model calls apply_patch, Codex applies the patch, its output goes back as a tool result', async () => {
    await withAlias('gpt-5.5', MODELS.anthropic, h.anthropic, applyPatch, async () => {
      const before = h.anthropic.requests.length;
      const run = await writeHello();
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toContain(fakeAnswer('anthropic'));
      // the file is there: the call reached Codex as the custom_tool_call it declared apply_patch for
      expect(readFileSync(join(run.work, 'hello.txt'), 'utf8')).toBe('written through switchboard\n');
      const [first, second] = h.anthropic.requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.body);
      const tool = first.tools.find((t: any) => t.name === 'apply_patch');
      expect(tool.input_schema).toMatchObject({ type: 'object', required: ['input'] });
      expect(tool.description).toContain('*** Begin Patch');
      // the call and Codex's custom_tool_call_output, as Anthropic's tool_use and tool_result
      const turn = second.messages.slice(-2);
      expect(turn[0].content.find((b: any) => b.type === 'tool_use')).toMatchObject({ name: 'apply_patch', input: { input: PATCH } });
      const result = turn[1].content.find((b: any) => b.type === 'tool_result');
      expect(JSON.stringify(result)).toContain('hello.txt');
    });
  }, 180_000);

  it('its default model (tools in an additional_tools item) sent to an OpenAI chat provider: the tools are offered, and its exec script runs a shell command', async () => {
    const fixture = responsesFixture('codex-default-model.request.json');
    // its exec runs JavaScript whose nested tools (exec_command here) run in Codex
    const script = 'const r = await tools.exec_command({cmd: "echo sb-nested"}); text(r.output);';
    const exec = { name: 'functions__exec', arguments: { input: script }, when: /sb-roundtrip/ };
    await withAlias(fixture.model, MODELS.openai, h.openai, exec, async () => {
      const before = h.openai.requests.length;
      const run = await codexExec(undefined);
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toContain(fakeAnswer('openai'));
      const [first, second] = h.openai.requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.body);
      const names = first.tools.map((t: any) => t.function.name);
      expect(names).toEqual(expect.arrayContaining(['functions__exec', 'functions__wait', 'collaboration__spawn_agent']));
      const call = second.messages.find((m: any) => m.role === 'assistant' && m.tool_calls);
      expect(call.tool_calls[0].function).toEqual({ name: 'functions__exec', arguments: JSON.stringify({ input: script }) });
      const result = second.messages.find((m: any) => m.role === 'tool');
      expect(result.tool_call_id).toBe(call.tool_calls[0].id);
      expect(result.content).toMatch(/^Script completed[\s\S]*\nsb-nested\n/);
    });
  }, 180_000);
});

describe("Codex CLI's own tool search on other providers", () => {
  it('gpt-5.5 with an MCP server, sent to Anthropic: tool_search is a tool, the MCP tools it loads are offered, and one is called', async () => {
    const calls = [
      { name: 'tool_search', arguments: { query: 'support ticket', limit: 8 }, when: /ticket 7/ },
      { name: 'mcp__tickets__lookup_ticket', arguments: { id: '7' }, round: 1 },
    ];
    await withAlias('gpt-5.5', MODELS.anthropic, h.anthropic, calls, async () => {
      const before = h.anthropic.requests.length;
      const run = await codexExec('gpt-5.5', { mcpTickets: true, prompt: 'Look up support ticket 7.' });
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toContain(fakeAnswer('anthropic'));
      const turns = h.anthropic.requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.body);
      expect(turns).toHaveLength(3);
      const names = (body: any) => body.tools.map((t: any) => t.name);
      // Codex lists no MCP tool for gpt-5.5: they are found through its own tool_search
      expect(names(turns[0])).toContain('tool_search');
      expect(names(turns[0]).some((n: string) => n.includes('ticket'))).toBe(false);
      // Codex ran the search (its tool_search_call), its tool_search_output is the result and loads the tools
      const result = (body: any) => body.messages.at(-1).content.find((b: any) => b.type === 'tool_result');
      expect(result(turns[1]).content[0].text).toMatch(/^Tools loaded, callable from now on: .*mcp__tickets__lookup_ticket/);
      expect(names(turns[1])).toEqual(expect.arrayContaining(['mcp__tickets__lookup_ticket', 'mcp__tickets__close_ticket']));
      // the loaded tool's call went to the MCP server under the name and namespace Codex knows it by
      expect(JSON.stringify(result(turns[2]))).toContain('ticket 7 is open');
    });
  }, 180_000);
});

describe('Codex CLI view_image on other providers', () => {
  // a 1x1 PNG
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  it.each([
    ['Anthropic', MODELS.anthropic, () => h.anthropic],
    ['Gemini', MODELS.gemini, () => h.gemini],
  ] as const)('the image Codex attaches to the tool output reaches %s as an image', async (_name, model, fake) => {
    const view = { name: 'view_image', arguments: { path: 'dot.png' }, when: /dot\.png/ };
    await withAlias('sb-vision', model, fake(), view, async () => {
      const before = fake().requests.length;
      const run = await codexExec('sb-vision', { prompt: 'What is in dot.png?', files: { 'dot.png': PNG } });
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      const turns = fake().requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.body);
      expect(turns).toHaveLength(2);
      const image = { mediaType: 'image/png', data: PNG.toString('base64') };
      if (model === MODELS.anthropic) {
        // Anthropic takes an image inside the tool result
        const result = turns[1].messages.at(-1).content.find((b: any) => b.type === 'tool_result');
        expect(result.content).toContainEqual({ type: 'image', source: { type: 'base64', media_type: image.mediaType, data: image.data } });
      } else {
        // Gemini: the function's response, then the image beside it in the same turn
        const parts = turns[1].contents.at(-1).parts;
        expect(parts[0].functionResponse.name).toBe('view_image');
        expect(parts).toContainEqual({ inlineData: { mimeType: image.mediaType, data: image.data } });
      }
    });
  }, 180_000);
});
