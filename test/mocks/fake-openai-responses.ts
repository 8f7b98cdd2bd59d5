// A fake OpenAI Responses API on 127.0.0.1: POST /v1/responses (JSON and typed SSE events), stored
// responses (GET / DELETE /v1/responses/{id}, `previous_response_id`), GET /v1/models, key checking,
// the real API's validation, request recording and the faults of test/mocks/types.ts. A non-streamed
// `background: true` request is answered `queued` (no output, no usage); each GET of it moves it on,
// to in_progress and then to its answer, as OpenAI's polling shows it; POST .../cancel stops it
// (status cancelled, the usage of the prompt and a third of the answer). A streamed one goes on if the
// client leaves: a GET then finds it finished, and GET ?stream=true (`starting_after`) streams its events again.
import type { ServerResponse } from 'node:http';
import { defaultStatusBody, errorBody } from './fake-openai-wire';
import { inputItems, validateResponsesRequest, type FakeResponsesState } from './fake-responses-validate';
import { chooseResponsesAnswer, planEvents, planResponse, responsesUsage, type Plan } from './fake-responses-wire';
import { sendJson, serveFake, sleep, untilClosedOr, writeFlushed, type Exchange } from './fake-server';
import { DEFAULT_MODELS, DEFAULT_USAGE, type Fault, type FakeProviderOptions, type FakeProvider } from './types';

export interface FakeResponsesProvider extends FakeProvider {
  /** what it keeps between requests (stored responses, issued encrypted reasoning) */
  state: FakeResponsesState;
}

export async function startFakeOpenAIResponses(opts: FakeProviderOptions = {}): Promise<FakeResponsesProvider> {
  let seq = 0;
  /** the responses created streamed (and stored), by id: GET ?stream=true replays them */
  const streamed = new Map<string, Plan>();
  /** the authorization header each response was created with: with `accounts`, only it finds the response again */
  const owners = new Map<string, string | undefined>();
  const fake: FakeResponsesProvider = {
    url: '', port: 0, requests: [], faults: [], persistentFault: null, options: opts,
    state: { ciphertexts: new Set(), reasoningIds: new Set(), stored: new Map() },
    close: async () => {},
  };

  function handle({ req, res, rec, fault, cut }: Exchange): Promise<void> | void {
    const key = fake.options.apiKey;
    const auth = req.headers.authorization;
    const accepted = [key, ...(fake.options.accounts ?? [])].some((k) => auth === `Bearer ${k}`);
    if (key !== undefined && !accepted) {
      return sendJson(res, 401, errorBody(`Incorrect API key provided: ${String(auth).slice(7)}.`, 'invalid_request_error', 'invalid_api_key'));
    }
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path === '/v1/responses') return create(res, rec.body, fault, cut, auth);
    // OpenAI keeps a response in the account (organization, project) of the key that made it: another account's key gets a 404
    const storedHere = (id: string) => (fake.options.accounts === undefined || owners.get(id) === auth ? fake.state.stored.get(id) : undefined);
    const cancel = /^\/v1\/responses\/([^/]+)\/cancel$/.exec(path);
    if (cancel && req.method === 'POST') {
      const hit = storedHere(cancel[1]!);
      if (!hit) return sendJson(res, 404, errorBody(`Response with id '${cancel[1]}' not found.`, 'invalid_request_error', null));
      if (!hit.cancelled) return sendJson(res, 400, errorBody('Only responses created with background=true can be cancelled.', 'invalid_request_error', null));
      if (hit.response.status === 'queued' || hit.response.status === 'in_progress') {
        hit.response = hit.cancelled;
        hit.later = [];
      }
      return sendJson(res, 200, hit.response);
    }
    const stored = /^\/v1\/responses\/([^/]+)$/.exec(path);
    if (stored && (req.method === 'GET' || req.method === 'DELETE')) {
      const hit = storedHere(stored[1]!);
      if (!hit) return sendJson(res, 404, errorBody(`Response with id '${stored[1]}' not found.`, 'invalid_request_error', null));
      const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
      if (req.method === 'GET' && query.get('stream') === 'true') return resume(res, stored[1]!, query.get('starting_after'), fault);
      if (req.method === 'GET') {
        if (hit.later && hit.later.length > 0) hit.response = hit.later.shift();
        return sendJson(res, 200, hit.response);
      }
      fake.state.stored.delete(stored[1]!);
      return sendJson(res, 200, { id: stored[1], object: 'response', deleted: true });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = fake.options.models ?? DEFAULT_MODELS;
      return sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })) });
    }
    sendJson(res, 404, errorBody(`Invalid URL (${req.method} ${path})`, 'invalid_request_error', null));
  }

  /**
   * GET ?stream=true of a response created streamed: its events again, as numbered then, from `starting_after` on
   * (it runs to its end, or a `stall` fault holds it open after that many events)
   */
  function resume(res: ServerResponse, id: string, startingAfter: string | null, fault: Fault | undefined): void {
    const plan = streamed.get(id);
    if (!plan) return sendJson(res, 400, errorBody(`Response '${id}' was not created with stream=true and cannot be streamed.`, 'invalid_request_error', null, 'stream'));
    const hit = fake.state.stored.get(id)!;
    if (hit.later && hit.later.length > 0) hit.response = hit.later.at(-1);
    hit.later = [];
    const after = startingAfter === null ? -1 : Number(startingAfter);
    const events = planEvents(plan, fake.options.chunks ?? 5);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const sent = [...events.head, ...events.content, ...events.tail].filter((e) => Number(/"sequence_number":(\d+)/.exec(e)![1]) > after);
    if (fault?.kind === 'stall') return void res.write(sent.slice(0, fault.afterChunks).join(''));
    res.end(sent.join(''));
  }

  async function create(res: ServerResponse, body: any, fault: Fault | undefined, markCut: () => void, auth: string | undefined): Promise<void> {
    const checked = validateResponsesRequest(body, fake.state);
    if ('status' in checked) return sendJson(res, checked.status, errorBody(checked.message, 'invalid_request_error', checked.code, checked.param));
    seq++;
    const usage = fault?.kind === 'no-usage' ? null : fake.options.usage ?? DEFAULT_USAGE;
    const plan = planResponse(body, chooseResponsesAnswer(body, fake.options), usage, fake.state, seq, fake.options);
    owners.set(plan.id, auth);
    // a reasoning model slow to answer reasons whether or not a summary was asked for
    const slow = fault?.kind === 'slow-answer' && body.stream === true ? fault : undefined;
    if (slow && plan.output[0]?.type !== 'reasoning') {
      const id = `rs_${plan.id.slice('resp_'.length)}`;
      fake.state.reasoningIds.add(id);
      plan.output.unshift({ id, type: 'reasoning', summary: [], encrypted_content: null });
    }
    const input = [...checked.prior, ...inputItems(body)];
    if (body.background === true && body.stream !== true) {
      const queued = { ...plan.response, status: 'queued', background: true, output: [], usage: null };
      // it fails (error-body-200) having read the prompt; cancelled, it used the prompt and a third of the output
      const done = fault?.kind === 'error-body-200'
        ? { ...queued, status: 'failed', usage: usage ? responsesUsage({ ...usage, output: 0, reasoning: 0 }) : null, error: { code: 'server_error', message: fault.message ?? 'The server had an error processing your request.' } }
        : { ...plan.response, background: true };
      const cancelled = { ...queued, status: 'cancelled', usage: usage ? responsesUsage({ ...usage, output: Math.floor(usage.output / 3), reasoning: 0 }) : null };
      fake.state.stored.set(plan.id, { input, response: queued, later: [{ ...queued, status: 'in_progress' }, done], cancelled });
      return sendJson(res, 200, queued);
    }
    if (body.background === true) {
      // streamed in the background: it goes on if the client leaves, and a GET then finds it finished
      const running = { ...plan.response, status: 'in_progress', background: true, output: [], usage: null };
      fake.state.stored.set(plan.id, { input, response: running, later: [{ ...plan.response, background: true }], cancelled: { ...running, status: 'cancelled' } });
    } else if (body.store !== false) fake.state.stored.set(plan.id, { input, response: plan.response });
    // it fails having read the prompt, and says so in its usage (billed all the same), as a failed background one does
    const failed = { ...plan.response, status: 'failed', output: [], usage: usage ? responsesUsage({ ...usage, output: 0, reasoning: 0 }) : null, error: { code: 'server_error', message: fault?.kind === 'error-body-200' ? fault.message ?? 'The server had an error processing your request.' : '' } };
    if (body.stream !== true) {
      if (fault?.kind === 'error-body-200') return sendJson(res, 200, failed);
      if (fault?.kind === 'malformed-sse') return sendJson(res, 200, '{"id":"resp_broken","output":[');
      return sendJson(res, 200, plan.response);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const streamedPlan = body.background === true ? { ...plan, response: { ...plan.response, background: true } } : plan;
    if (body.background === true || body.store !== false) streamed.set(plan.id, streamedPlan);
    const events = planEvents(streamedPlan, fake.options.chunks ?? 5);
    const write = async (text: string): Promise<boolean> => {
      if (fault?.kind === 'chunk-delay') await sleep(fault.ms);
      if (res.destroyed) return false;
      await writeFlushed(res, text);
      return !res.destroyed;
    };
    for (const e of events.head) if (!(await write(e))) return;
    // its reasoning item begun, then nothing (no summary deltas) for `ms`
    if (slow) {
      if (!(await write(events.content[0]!))) return;
      await untilClosedOr(res, slow.ms);
      if (res.destroyed) return;
    }
    if (fault?.kind === 'error-body-200') {
      await write(`event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 2, response: failed })}\n\n`);
      return void res.end();
    }
    for (let i = slow ? 1 : 0; i < events.content.length; i++) {
      if ((fault?.kind === 'reset-mid-stream' || fault?.kind === 'stall') && i === fault.afterChunks) {
        if (fault.kind === 'reset-mid-stream') {
          markCut();
          res.socket?.destroy();
        }
        return;
      }
      if (fault?.kind === 'malformed-sse' && i === 1) return void res.end('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n');
      if (!(await write(events.content[i]!))) return;
    }
    for (const e of events.tail) if (!(await write(e))) return;
    res.end();
  }

  await serveFake(fake, { basePath: '/v1', statusBody: defaultStatusBody, handle });
  return fake;
}
