// Gemini CLI's `--resume` after a tool call (google-gemini/gemini-cli #6379, #13292) sends the tool-result
// turn with each functionResponse twice; Google (and the fake, as Google does) refuses more responses than
// the model turn has calls. Forwarded to a Gemini model the repeat is dropped and named, as it is when the
// request is translated for another format.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';
import { geminiSettings, runGemini } from './helpers/gemini-cli';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const post = (path: string, body: unknown) =>
  rawRequest(`${h.url}${path}`, { headers: { 'content-type': 'application/json', 'x-goog-api-key': h.token }, body: JSON.stringify(body) });

const read = (id: string) => ({ functionResponse: { id, name: 'read_file', response: { output: 'The lighthouse keeper counted 4242 waves.\n' } } });

/** the resumed history Gemini CLI 0.61 sent (ids and text as recorded; session context shortened) */
const resumed = {
  contents: [
    { role: 'user', parts: [{ text: '<session_context>This is the Gemini CLI.</session_context>' }, { text: 'read notes.txt' }] },
    { role: 'model', parts: [{ functionCall: { id: 'read_file__read_file_1796411682908_0', name: 'read_file', args: { file_path: '/tmp/rg/work/notes.txt' } } }] },
    { role: 'user', parts: [read('read_file__read_file_1796411682908_0'), read('read_file__read_file_1796411682908_0')] },
    { role: 'model', parts: [{ text: 'Hello from the fake gemini provider!' }] },
    { role: 'user', parts: [{ text: 'and now?' }] },
  ],
  tools: [{ functionDeclarations: [{ name: 'read_file', parametersJsonSchema: { type: 'object', properties: { file_path: { type: 'string' } } } }] }],
};

describe('a resumed Gemini CLI session forwarded to a Gemini model', () => {
  it.each([
    ['generateContent', ':generateContent'],
    ['streamGenerateContent', ':streamGenerateContent?alt=sse'],
  ])('%s: served, the repeated functionResponse dropped upstream and named', async (_method, suffix) => {
    const res = await post(`/v1beta/models/${MODELS.gemini}${suffix}`, resumed);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('"finishReason":"STOP"');
    expect(res.headers.get('x-switchboard-model')).toBe(MODELS.gemini);
    expect(res.headers.get('x-switchboard-dropped')).toBe('functionResponse[repeated]');
    const sent = h.gemini.requests.at(-1)!.body;
    expect(sent.contents[2]).toEqual({ role: 'user', parts: [read('read_file__read_file_1796411682908_0')] });
    expect(sent).toEqual({ ...resumed, contents: resumed.contents.map((c, i) => (i === 2 ? sent.contents[2] : c)) });
  });

  it('a history without repeats goes as sent, two equal answers to two calls included, nothing named', async () => {
    const twoCalls = {
      ...resumed,
      contents: resumed.contents.map((c, i) => {
        if (i === 1) return { role: 'model', parts: [1, 2].map((n) => ({ functionCall: { name: 'read_file', args: { file_path: `/tmp/${n}` } } })) };
        if (i === 2) return { role: 'user', parts: [1, 2].map(() => ({ functionResponse: { name: 'read_file', response: { output: 'same' } } })) };
        return c;
      }),
    };
    const res = await post(`/v1beta/models/${MODELS.gemini}:generateContent`, twoCalls);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-switchboard-dropped')).toBeNull();
    expect(h.gemini.requests.at(-1)!.body).toEqual(twoCalls);
  });
});

describe('the real Gemini CLI', () => {
  let home = '';
  let workspace = '';
  afterAll(() => {
    for (const dir of [home, workspace]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a session with a read_file round trip on a Gemini model (--resume latest)', { timeout: 180_000 }, async () => {
    home = mkdtempSync(join(tmpdir(), 'sb-gemini-home-'));
    workspace = mkdtempSync(join(tmpdir(), 'sb-gemini-ws-'));
    writeFileSync(join(workspace, 'notes.txt'), 'The lighthouse keeper counted 4242 waves.\n');
    mkdirSync(join(home, '.gemini'));
    writeFileSync(join(home, '.gemini', 'settings.json'), geminiSettings());
    h.gemini.options.callTool = { name: 'read_file', arguments: { file_path: join(workspace, 'notes.txt') }, when: /notes/ };
    const setup = { home, workspace, url: h.url, token: h.token };
    const first = await runGemini(setup, MODELS.gemini, 'read notes.txt');
    expect(first.code, first.stderr).toBe(0);
    const resumed = await runGemini(setup, MODELS.gemini, 'and now?', ['--resume', 'latest']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).response).toBe('Hello from the fake gemini provider!');
    // the tool-result turn reached Google's stand-in with one response for its one call
    const turns = h.gemini.requests.at(-1)!.body.contents.map((c: any) => `${c.role}:${c.parts.map((p: any) => Object.keys(p).find((k) => k !== 'thoughtSignature')).join('+')}`);
    expect(turns).toContain('model:functionCall');
    expect(turns).toContain('user:functionResponse');
    expect(turns).not.toContain('user:functionResponse+functionResponse');
  });
});
