// Claude thinks on through a Gemini client's tool loop: its signed thinking goes to the client sealed in the
// call's thoughtSignature (where Gemini 3 puts its own), comes back with the call, and goes first in that turn.
// With the fake Anthropic that thinks as Claude does and refuses thinking blocks it did not sign; then the real
// Gemini CLI through one tool round trip.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiSettings, runGemini } from './helpers/gemini-cli';
import { startHarness, type Harness } from './helpers/app-harness';
import { sealOf, startRecordingProxy } from './helpers/recording-proxy';
import { openThinking } from '../../src/core/switchboard-thinking';

const MODEL = 'fa/claude-sonnet-4-5';
let h: Harness;
let otherToken: string;
const scratch: string[] = [];

beforeAll(async () => {
  h = await startHarness({ fake: { thinks: true } });
  await h.app.service.createModel({
    provider_id: 'fa', model_name: 'claude-sonnet-4-5', input_cost_per_1m: 3, output_cost_per_1m: 15, context_length: 200000, max_output_tokens: 64000,
    capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 80,
  });
  otherToken = (await h.app.service.createUser({ name: 'Alice' })).token;
});
afterAll(async () => {
  await h?.close();
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

const posts = () => h.anthropic.requests.filter((r) => r.method === 'POST');

async function generate(token: string, contents: unknown[], model = MODEL): Promise<{ status: number; body: any; dropped: string }> {
  const res = await fetch(`${h.url}/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
    body: JSON.stringify({
      contents, tools: [{ functionDeclarations: [{ name: 'run', parameters: { type: 'object', properties: {} } }] }],
      generationConfig: { thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } },
    }),
  });
  return { status: res.status, body: await res.json(), dropped: res.headers.get('x-switchboard-dropped') ?? '' };
}

describe('Claude thinking sealed for a Gemini client', () => {
  it('the call carries it as its thoughtSignature (one base64 string), and it alone brings Claude thinking back, for that profile only', async () => {
    h.anthropic.options.callTool = { name: 'run', arguments: {} };
    const user = { role: 'user', parts: [{ text: 'run it' }] };
    const first = await generate(h.token, [user]);
    expect(first.status).toBe(200);
    const parts = first.body.candidates[0].content.parts;
    const callPart = parts.find((p: any) => p.functionCall);
    expect(callPart.thoughtSignature).toMatch(/^SBthinkingV1(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    // the call sent back without its id: what the proxy keeps in memory by the id cannot match, the sealed value alone carries the thinking
    const { id: _id, ...bare } = callPart.functionCall;
    const historyWith = (signature: string) => [
      user, { role: 'model', parts: parts.map((p: any) => (p.functionCall ? { ...p, functionCall: bare, thoughtSignature: signature } : p)) },
      { role: 'user', parts: [{ functionResponse: { name: 'run', response: { output: 'ok' } } }] },
    ];
    const history = historyWith(callPart.thoughtSignature);
    const second = await generate(h.token, history);
    expect(second.status).toBe(200);
    const body = posts().at(-1)!.body;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(body.messages[1].content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    expect(second.dropped.split(',')).not.toContain('thoughtSignature');
    // translated for OpenAI chat: the thinking cannot go, named
    const toChat = await generate(h.token, history, 'fo/gpt-fake');
    expect(toChat.status).toBe(200);
    expect(toChat.dropped.split(',')).toContain('thoughtSignature');
    expect(JSON.stringify(h.openai.requests.at(-1)!.body)).not.toMatch(/sig_fake|SBthinkingV1/);
    // another profile, or the value altered: no thinking put back, thinking off for the step, the signature named dropped
    const bytes = Buffer.from(callPart.thoughtSignature, 'base64');
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    for (const [token, h2] of [[otherToken, history], [h.token, historyWith(bytes.toString('base64'))]] as const) {
      const res = await generate(token, h2);
      expect(res.status).toBe(200);
      expect(posts().at(-1)!.body.thinking).toBeUndefined();
      expect(JSON.stringify(posts().at(-1)!.body.messages)).not.toMatch(/"thinking"/);
      expect(res.dropped).toContain('thoughtSignature');
    }
    // to a Gemini model, the sentinel in its place
    const before = h.gemini.requests.length;
    const res = await fetch(`${h.url}/v1beta/models/fg/gemini-fake:generateContent`, {
      method: 'POST', headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' }, body: JSON.stringify({ contents: history }),
    });
    expect(res.status).toBe(200);
    const sent = JSON.stringify(h.gemini.requests.slice(before).at(-1)!.body);
    expect(sent).not.toMatch(/SBthinkingV1/);
    expect(sent).toContain('skip_thought_signature_validator');
    h.anthropic.options.callTool = undefined;
  });

  it('the real Gemini CLI: the step after the tool thinks, with the signed block first', { timeout: 150_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-gemini-think-'));
    scratch.push(home);
    const workspace = join(home, 'ws');
    mkdirSync(workspace);
    mkdirSync(join(home, '.gemini'));
    writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings());
    writeFileSync(join(workspace, 'notes.txt'), 'sb-think-notes\n');
    // Gemini CLI thinks on its 2.5 models: one of them named, Claude serving it
    await h.app.service.updateRoutingRules({ aliases: { 'gemini-2.5-pro': [MODEL] } });
    h.anthropic.options.callTool = { name: 'read_file', arguments: { file_path: join(workspace, 'notes.txt') }, when: /notes/ };
    const before = posts().length;
    const recorder = await startRecordingProxy(h.url);
    const run = await runGemini({ home, workspace, url: recorder.url, token: h.token }, 'gemini-2.5-pro', 'What does notes.txt say? Read the file.');
    await recorder.close();
    h.anthropic.options.callTool = undefined;
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    // the CLI sent the call back with Claude's thinking sealed in its thoughtSignature, for this profile
    const sentBack = recorder.bodies.flatMap((b) => (b.contents ?? []).flatMap((c: any) => c.parts ?? [])).filter((p: any) => p.functionCall?.name === 'read_file');
    expect(sentBack.length).toBeGreaterThan(0);
    const opened = openThinking(sealOf(h.dataDir, 'default'), sentBack[0].thoughtSignature);
    expect(opened?.modelId).toBe(MODEL);
    expect(opened?.blocks[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    const turns = posts().slice(before).filter((r) => JSON.stringify(r.body).includes('notes.txt'));
    const loop = turns.findIndex((r) => JSON.stringify(r.body.messages).includes('sb-think-notes'));
    expect(loop, JSON.stringify(turns.map((t) => t.body.thinking))).toBeGreaterThan(0);
    const body = turns[loop]!.body;
    expect(turns[loop - 1]!.body.thinking).toMatchObject({ type: 'enabled' });
    expect(body.thinking).toMatchObject({ type: 'enabled' });
    const turn = body.messages.findLast((m: any) => m.role === 'assistant');
    expect(turn.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^sig_fake_\d+_/) });
    expect(turn.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'read_file' });
  });
});
