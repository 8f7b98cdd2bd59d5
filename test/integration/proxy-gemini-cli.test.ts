// The real Gemini CLI (the pinned @google/gemini-cli) run headless (`gemini -p`) against Switchboard,
// set up as the README says, with a fake provider of each wire format behind it: it answers, and one
// tool round trip completes (the fake asks for `read_file` of a file in the workspace, the CLI reads
// it, the functionResponse reaches the fake in its own format, the fake answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS } from './helpers/app-harness';
import { geminiSettings, runGemini as runGeminiCli, type GeminiRun } from './helpers/gemini-cli';
import { fakeAnswer, RESPONSES_MODEL, startResponsesHarness, type ResponsesHarness } from './helpers/responses-harness';
import { usageRows } from './helpers/usage-csv';

const SECRET_LINE = 'The lighthouse keeper counted 4242 waves.';

let h: ResponsesHarness;
let home: string;
let workspace: string;

beforeAll(async () => {
  h = await startResponsesHarness();
  home = mkdtempSync(join(tmpdir(), 'sb-gemini-home-'));
  workspace = mkdtempSync(join(tmpdir(), 'sb-gemini-ws-'));
  writeFileSync(join(workspace, 'notes.txt'), `${SECRET_LINE}\n`);
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings());
  // Gemini CLI's main turns set no output limit: Anthropic is asked for the model's own
  await h.app.service.updateModel({ id: MODELS.anthropic, patch: { max_output_tokens: 64_000 } });
  for (const up of ['openai', 'anthropic', 'gemini', 'responses'] as const) {
    h[up].options.callTool = { name: 'read_file', arguments: { file_path: join(workspace, 'notes.txt') }, when: /weather/i };
  }
});
afterAll(async () => {
  await h?.close();
  for (const dir of [home, workspace]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const runGemini = (model: string, prompt: string): Promise<GeminiRun> => runGeminiCli({ home, workspace, url: h.url, token: h.token }, model, prompt);

type Upstream = 'openai' | 'anthropic' | 'gemini' | 'responses';
// responses: a model OpenAI serves only on its Responses API, the Gemini API translated to it
const upstreams: [Upstream, string][] = [['gemini', MODELS.gemini], ['openai', MODELS.openai], ['anthropic', MODELS.anthropic], ['responses', RESPONSES_MODEL]];

describe.each(upstreams)('Gemini CLI -> %s upstream', (name, model) => {
  it('answers a prompt', { timeout: 120_000 }, async () => {
    const run = await runGemini(model, 'say hi');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe(fakeAnswer(name));
    if (name === 'anthropic') {
      // the model's output limit, not 8,192 shared with thinking (Gemini's own default is 65,536)
      const turn = h.anthropic.requests.filter((r) => Array.isArray(r.body?.tools)).at(-1)!.body;
      expect(turn.max_tokens).toBe(64_000);
    }
  });

  it('completes a read_file round trip', { timeout: 120_000 }, async () => {
    const fake = h[name];
    const before = fake.requests.length;
    const run = await runGemini(model, 'What is the weather in notes.txt? Read the file.');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe(fakeAnswer(name));
    // the agent's turns (they offer its tools; side calls such as a router's classifier do not)
    const sent = fake.requests.slice(before).filter((r) => Array.isArray(r.body?.tools)).map((r) => JSON.stringify(r.body));
    // the second turn carries the file's content, read by the CLI, as a tool result
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toContain(SECRET_LINE);
    expect(sent[1]).toContain(SECRET_LINE);
    const last = fake.requests.at(-1)!.body;
    if (name === 'gemini') {
      // forwarded as sent: the call keeps the thought signature the provider gave it
      const call = last.contents.at(-2).parts.find((p: any) => p.functionCall);
      expect(call.functionCall.name).toBe('read_file');
      expect(call.thoughtSignature).toBe('ZmFrZS10aG91Z2h0LXNpZ25hdHVyZQ==');
      expect(last.contents.at(-1).parts[0].functionResponse.name).toBe('read_file');
    } else if (name === 'openai') {
      const msgs = last.messages;
      const call = msgs.at(-2).tool_calls[0];
      expect(call.function.name).toBe('read_file');
      expect(msgs.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.id });
    } else if (name === 'responses') {
      const call = last.input.find((i: any) => i.type === 'function_call');
      expect(call.name).toBe('read_file');
      expect(last.input.at(-1)).toMatchObject({ type: 'function_call_output', call_id: call.call_id });
    } else {
      const use = last.messages.at(-2).content.find((b: any) => b.type === 'tool_use');
      expect(use.name).toBe('read_file');
      expect(last.messages.at(-1).content[0]).toMatchObject({ type: 'tool_result', tool_use_id: use.id });
    }
  });
});

describe('Gemini CLI usage', () => {
  it('records every model call as the Gemini API, with exact tokens', async () => {
    const rows = await usageRows(h.app);
    // per upstream: one call for the prompt, two for the round trip
    expect(rows).toHaveLength(3 * upstreams.length);
    for (const r of rows) {
      expect(r).toMatchObject({ inbound_api: 'gemini', endpoint: 'generate_content', input_tokens: '21', output_tokens: '7', status: '200', estimated: 'false' });
    }
  });
});
