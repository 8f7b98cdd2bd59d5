// The real Gemini CLI routed to Gemini 2.5 Flash-Lite (`-m eco`, and its own model names with "Gemini CLI names"
// on): its body is forwarded, and the thinkingConfig it wrote for a Gemini 3 model (thoughts without a budget,
// thinkingLevel) reaches the fake, which refuses both as Google does, fitted to 2.5 Flash-Lite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS, routeAmongFakesOnly, startHarness, type Harness } from './helpers/app-harness';
import { geminiSettings, runGemini } from './helpers/gemini-cli';

const LITE = 'fg/gemini-2.5-flash-lite';
const ANSWER = 'Hello from the fake gemini provider!';
const CLASSIFIED = '{"complexity_reasoning":"a greeting","complexity_score":5}';

let h: Harness;
let home: string;
let workspace: string;

beforeAll(async () => {
  h = await startHarness();
  await routeAmongFakesOnly(h);
  const s = h.app.service;
  await s.createModel({ provider_id: 'fg', model_name: 'gemini-2.5-flash-lite', input_cost_per_1m: 0.1, output_cost_per_1m: 0.4, context_length: 1_000_000, capabilities: ['chat', 'tools', 'json', 'reasoning'], quality: 50 });
  // every level routes to 2.5 Flash-Lite
  for (const id of [MODELS.openai, MODELS.anthropic, MODELS.gemini]) await s.updateModel({ id, patch: { enabled: false } });
  await s.updateUser({ id: 'default', patch: { power_level: 'eco' } });
  home = mkdtempSync(join(tmpdir(), 'sb-gemini-home-'));
  workspace = mkdtempSync(join(tmpdir(), 'sb-gemini-ws-'));
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings());
});
afterAll(async () => {
  await h?.close();
  for (const dir of [home, workspace]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const setup = () => ({ home, workspace, url: h.url, token: h.token });

/** What 2.5 Flash-Lite refuses (the fake answers 400 to either): a thinkingLevel, or thoughts with its thinking off. */
function refusedThinking(body: any): boolean {
  const t = body?.generationConfig?.thinkingConfig;
  return t !== undefined && (t.thinkingLevel !== undefined || (t.includeThoughts === true && !(t.thinkingBudget > 0 || t.thinkingBudget === -1)));
}

describe('Gemini CLI routed to 2.5 Flash-Lite', () => {
  it('`-m eco`: answers, its thoughts without a budget not asked of a model that thinks only when asked', { timeout: 120_000 }, async () => {
    const before = h.gemini.requests.length;
    const run = await runGemini(setup(), 'eco', 'say hi');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe(ANSWER);
    const sent = h.gemini.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.path).toContain('/models/gemini-2.5-flash-lite:');
      expect(refusedThinking(r.body), JSON.stringify(r.body.generationConfig)).toBe(false);
    }
    // what the CLI asked and the model was not sent is named
    const { requests } = await h.app.service.listRequests({ limit: sent.length });
    expect(requests.every((r) => r.model_id === LITE && r.status === 200)).toBe(true);
    expect(requests.flatMap((r) => r.dropped ?? [])).toContain('thinkingConfig.includeThoughts');
  });

  it("its own model names (\"Gemini CLI names\" on): the classifier's and the turn's thinkingLevel said as a budget", { timeout: 120_000 }, async () => {
    await h.app.service.updateRoutingRules({ gemini_cli_model_names: true });
    // an answer its router's classifier reads (it asks again, backing off, for one it cannot), the turn's alike
    h.gemini.options.text = CLASSIFIED;
    const before = h.gemini.requests.length;
    const run = await runGemini(setup(), 'auto', 'say hi');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe(CLASSIFIED);
    expect(run.stderr).not.toContain('NumericalClassifierStrategy failed');
    const sent = h.gemini.requests.slice(before);
    for (const r of sent) expect(refusedThinking(r.body), JSON.stringify(r.body.generationConfig)).toBe(false);
    const { requests } = await h.app.service.listRequests({ limit: sent.length });
    expect(requests.every((r) => r.model_id === LITE && r.status === 200)).toBe(true);
    // the CLI asked thinkingLevel HIGH: 2.5 Flash-Lite gets high's budget
    expect(requests.some((r) => r.dropped?.includes('thinkingConfig.thinkingLevel'))).toBe(true);
    expect(sent.some((r) => r.body.generationConfig.thinkingConfig?.thinkingBudget === 24_576)).toBe(true);
  });
});
