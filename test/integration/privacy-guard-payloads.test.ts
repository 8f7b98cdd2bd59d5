// The privacy guard end to end over the parts a text scan could miss: tool arguments and results
// under keys like `data` and `url`, and text files sent base64. A profile with privacy_guard 'block'
// is refused before any provider is asked; the same request without the secret goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, rawRequest, startHarness, type Harness } from './helpers/app-harness';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const CLEAN = 'nothing secret in here at all, just words';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  ({ token } = await h.app.service.createUser({ id: 'careful', name: 'Careful', privacy_guard: 'block' }));
  // a file part needs a model that reads documents
  await h.app.service.updateModel({ id: MODELS.openai, patch: { capabilities: ['chat', 'tools', 'vision', 'json', 'documents'] } });
});
afterAll(async () => { await h?.close(); });

const upstreamCount = (): number => h.openai.requests.length + h.anthropic.requests.length + h.gemini.requests.length;

function post(path: string, body: unknown, headers: Record<string, string>) {
  return rawRequest(`${h.url}${path}`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const gemini = (body: unknown) => post(`/v1beta/models/${MODELS.gemini}:generateContent`, body, { 'x-goog-api-key': token });
const anthropic = (body: unknown) => post('/v1/messages', body, { 'x-api-key': token, 'anthropic-version': '2023-06-01' });

/** The request with the secret is refused and no provider hears of it; without it, it is answered. */
async function expectRefusedOnlyWithSecret(send: (body: unknown) => ReturnType<typeof post>, build: (s: string) => unknown): Promise<void> {
  const before = upstreamCount();
  const refused = await send(build(SECRET));
  expect(refused.status).toBe(400);
  expect(refused.text).toMatch(/privacy guard.*github_token/);
  expect(upstreamCount()).toBe(before);
  const ok = await send(build(CLEAN));
  expect(ok.status).toBe(200);
}

describe('tool arguments and tool results, whatever their keys', () => {
  it('Gemini functionCall.args.url and functionResponse.response.data', async () => {
    await expectRefusedOnlyWithSecret(gemini, (s) => ({
      contents: [
        { role: 'user', parts: [{ text: 'read my env' }] },
        { role: 'model', parts: [{ functionCall: { name: 'read_env', args: { path: '.env' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'read_env', response: { data: `GITHUB=${s}` } } }] },
      ],
    }));
    await expectRefusedOnlyWithSecret(gemini, (s) => ({
      contents: [
        { role: 'user', parts: [{ text: 'fetch it' }] },
        { role: 'model', parts: [{ functionCall: { name: 'fetch', args: { url: `https://api.example.com/?access_token=${s}` } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'fetch', response: { output: 'done' } } }] },
      ],
    }));
  });

  it('Anthropic tool_use.input.url and .data', async () => {
    await expectRefusedOnlyWithSecret(anthropic, (s) => ({
      model: MODELS.anthropic, max_tokens: 64,
      messages: [
        { role: 'user', content: 'fetch it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'fetch', input: { url: `https://api.example.com/?access_token=${s}`, data: s } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' }] },
      ],
    }));
  });
});

describe('text files sent base64', () => {
  const b64 = (s: string) => Buffer.from(`GITHUB=${s}\n`).toString('base64');
  const bearer = () => ({ authorization: `Bearer ${token}` });

  it('Gemini inlineData text/plain', async () => {
    await expectRefusedOnlyWithSecret(gemini, (s) => ({
      contents: [{ role: 'user', parts: [{ text: 'check my env' }, { inlineData: { mimeType: 'text/plain', data: b64(s) } }] }],
    }));
  });

  it('a chat file part and a Responses input_file, as text/plain data URLs', async () => {
    await expectRefusedOnlyWithSecret((body) => post('/v1/chat/completions', body, bearer()), (s) => ({
      model: MODELS.openai,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'check my env' }, { type: 'file', file: { filename: 'env.txt', file_data: `data:text/plain;base64,${b64(s)}` } }] }],
    }));
    await expectRefusedOnlyWithSecret((body) => post('/v1/responses', body, bearer()), (s) => ({
      model: MODELS.openai,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'check my env' }, { type: 'input_file', filename: 'env.txt', file_data: `data:text/plain;base64,${b64(s)}` }] }],
    }));
  });
});

describe('Gemini embeddings', () => {
  it("an entry's title is guarded as its content is (a Gemini upstream gets it as sent)", async () => {
    const embed = (batch: boolean) => (body: unknown) => post(`/v1beta/models/${MODELS.embed}:${batch ? 'batchEmbedContents' : 'embedContent'}`, body, { 'x-goog-api-key': token });
    const entry = (s: string) => ({ content: { parts: [{ text: 'the deploy notes' }] }, taskType: 'RETRIEVAL_DOCUMENT', title: `notes for ${s}` });
    await expectRefusedOnlyWithSecret(embed(false), entry);
    await expectRefusedOnlyWithSecret(embed(true), (s) => ({ requests: [{ model: `models/${MODELS.embed}`, ...entry(s) }] }));
  });
});

describe('Responses reasoning items', () => {
  it('their plain summary and reasoning text are guarded', async () => {
    await expectRefusedOnlyWithSecret((body) => post('/v1/responses', body, { authorization: `Bearer ${token}` }), (s) => ({
      model: MODELS.openai,
      input: [
        { role: 'user', content: 'my token is in the env' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: `the token is ${s}` }], content: [{ type: 'reasoning_text', text: `remember ${s}` }] },
        { role: 'user', content: 'go on' },
      ],
    }));
  });
});

describe('a .env file as an agent reads it', () => {
  it("Claude Code's Read result (each line numbered `N\\t`) is refused, and nothing goes upstream", async () => {
    const before = upstreamCount();
    const refused = await anthropic({
      model: MODELS.anthropic, max_tokens: 64,
      messages: [
        { role: 'user', content: 'read the env file' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/app/.env' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '1\tNODE_ENV=production\n2\tDB_PASSWORD=Tr0ub4dor&3xyz!\n' }] },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/privacy guard.*dotenv_secret/);
    expect(refused.text).not.toContain('Tr0ub4dor');
    expect(upstreamCount()).toBe(before);
  });
});
