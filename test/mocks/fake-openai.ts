// A fake OpenAI API on 127.0.0.1: chat completions (stream and not), embeddings, models,
// key checking, request recording and every fault of test/mocks/types.ts.
import {
  chooseAnswer, completionBody, defaultStatusBody, embeddingVector, errorBody, messagesError, servedTier, streamPlan, toolsError, toolChoiceError, responseFormatError,
  jsonWordError,
} from './fake-openai-wire';
import { xaiBadKeyBody } from './provider-errors';
import { userError } from './fake-responses-validate';
import { holding, sendJson, serveFake, sleep, untilClosedOr, writeFlushed, type Exchange } from './fake-server';
import { DEFAULT_MODELS, DEFAULT_USAGE, type FakeProvider, type FakeProviderOptions } from './types';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** For non-stream answers: a fault that breaks the body midway applies to the JSON text. */
async function sendBodyWithFault(ex: Exchange, status: number, text: string): Promise<void> {
  const { res, fault } = ex;
  if (res.destroyed) return;
  if (fault?.kind === 'slow-answer') {
    res.writeHead(status, JSON_HEADERS);
    res.flushHeaders();
    await untilClosedOr(res, fault.ms);
    if (!res.destroyed) res.end(text);
    return;
  }
  if (fault?.kind === 'reset-mid-stream' || fault?.kind === 'stall') {
    res.writeHead(status, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(text)) });
    // destroy only once the half body has left, so the client sees a truncated response
    res.write(text.slice(0, Math.floor(text.length / 2)), () => {
      if (fault.kind === 'reset-mid-stream') {
        ex.cut();
        res.socket?.destroy();
      }
    });
    return;
  }
  res.writeHead(status, JSON_HEADERS);
  res.end(text);
}

export async function startFakeOpenAI(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  let seq = 0;
  const provider: FakeProvider = { url: '', port: 0, requests: [], faults: [], persistentFault: null, options: opts, close: async () => {} };

  function handle(ex: Exchange): Promise<void> | void {
    const { req, res } = ex;
    const key = provider.options.apiKey;
    const path = (req.url ?? '/').split('?')[0];
    // OpenRouter's model listing needs no key at all
    const open = provider.options.openRouter === true && req.method === 'GET' && path === '/v1/models';
    if (key !== undefined && !open) {
      const auth = req.headers.authorization;
      const given = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (given !== key && given !== undefined && provider.options.keyErrors === 'xai') {
        sendJson(res, 400, xaiBadKeyBody(given));
        return;
      }
      if (given !== key) {
        sendJson(res, 401, given === undefined
          ? errorBody("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null)
          : errorBody(`Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key'));
        return;
      }
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(ex);
    if (req.method === 'GET' && path === '/v1/key' && provider.options.openRouter === true) {
      sendJson(res, 200, { data: { label: 'sk-or-v1-fak...e00', usage: 0, limit: null, is_free_tier: false } });
      return;
    }
    if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(ex);
    if (req.method === 'GET' && path === '/v1/models') return models(ex);
    const show = provider.options.ollamaShow;
    if (show && req.method === 'POST' && path === '/api/show') {
      const name = typeof ex.rec.body?.model === 'string' ? ex.rec.body.model : '';
      const found = show[name] ?? (name.includes(':') ? undefined : show[`${name}:latest`]);
      // Ollama's own error shape: {"error": "model 'x' not found"}
      if (!found) return sendJson(res, 404, { error: `model '${name}' not found` });
      return sendJson(res, 200, found);
    }
    const ps = provider.options.ollamaPs;
    if (ps && req.method === 'GET' && path === '/api/ps') {
      return sendJson(res, 200, {
        models: Object.entries(ps).map(([name, ctx]) => ({
          name, model: name, size: 5137025024, digest: 'a80c4f17acd5', expires_at: '2026-12-03T18:30:00Z', size_vram: 5137025024, context_length: ctx,
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        })),
      });
    }
    if (provider.options.lmStudioV1Models && req.method === 'GET' && path === '/api/v1/models') {
      return sendJson(res, 200, { models: provider.options.lmStudioV1Models });
    }
    if (provider.options.lmStudioModels && req.method === 'GET' && path === '/api/v0/models') {
      return sendJson(res, 200, { object: 'list', data: provider.options.lmStudioModels });
    }
    sendJson(res, 404, errorBody(`Invalid URL (${req.method} ${path})`, 'invalid_request_error', null));
  }

  function errorBody200(ex: Exchange): boolean {
    if (ex.fault?.kind !== 'error-body-200') return false;
    sendJson(ex.res, 200, errorBody(ex.fault.message ?? 'The server had an error processing your request.', 'server_error', null));
    return true;
  }

  async function chat(ex: Exchange): Promise<void> {
    const { rec, res, fault } = ex;
    const body = rec.body;
    if (typeof body?.model !== 'string' || !Array.isArray(body?.messages)) {
      sendJson(res, 400, errorBody("Missing required parameter: 'model' or 'messages'.", 'invalid_request_error', null));
      return;
    }
    const badTool = toolsError(body.tools);
    if (badTool) {
      sendJson(res, 400, errorBody(badTool.message, 'invalid_request_error', 'invalid_value', badTool.param));
      return;
    }
    const badChoice = toolChoiceError(body);
    if (badChoice) {
      sendJson(res, 400, errorBody(badChoice, 'invalid_request_error', 'invalid_value', 'tool_choice'));
      return;
    }
    const badFormat = responseFormatError(body.response_format);
    if (badFormat) {
      sendJson(res, 400, errorBody(badFormat, 'invalid_request_error', 'invalid_json_schema', 'response_format'));
      return;
    }
    const badUser = userError(body.user);
    if (badUser) {
      sendJson(res, 400, errorBody(badUser.message, 'invalid_request_error', badUser.code, badUser.param));
      return;
    }
    const invalid = messagesError(body.messages) ?? jsonWordError(body) ?? provider.options.refuse?.(body);
    if (invalid) {
      sendJson(res, 400, errorBody(invalid, 'invalid_request_error', null, 'messages'));
      return;
    }
    seq++;
    const id = `chatcmpl-fake${seq}`;
    const answer = chooseAnswer(body, provider.options, seq);
    const usage = fault?.kind === 'no-usage' ? null : provider.options.usage ?? DEFAULT_USAGE;
    if (body.stream !== true) {
      if (errorBody200(ex)) return;
      const text = fault?.kind === 'malformed-sse' ? '{"id":"chatcmpl-broken","choices":[' : JSON.stringify(completionBody(id, body.model, answer, usage, servedTier(body)));
      await sendBodyWithFault(ex, 200, text);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    if (fault?.kind === 'error-body-200') {
      res.end(`data: ${JSON.stringify(errorBody(fault.message ?? 'The server had an error processing your request.', 'server_error', null))}\n\n`);
      return;
    }
    const wantsUsage = body.stream_options?.include_usage === true;
    const plan = streamPlan(id, body.model, answer, provider.options, wantsUsage ? usage : null, body.stream_options?.include_obfuscation !== false, servedTier(body));
    const delay = fault?.kind === 'chunk-delay' ? fault.ms : 0;
    const write = async (text: string): Promise<boolean> => {
      if (delay > 0) await sleep(delay);
      if (res.destroyed) return false;
      // wait for the flush: a reset fault must not discard chunks already "sent"
      await writeFlushed(res, text);
      return !res.destroyed;
    };
    if (fault?.kind === 'slow-answer') {
      res.flushHeaders();
      if (fault.roleFirst && !(await write(plan.role))) return;
      await untilClosedOr(res, fault.ms, fault.keepAliveMs ? { everyMs: fault.keepAliveMs, text: ': OPENROUTER PROCESSING\n\n' } : undefined);
      if (res.destroyed) return;
      if (!fault.roleFirst && !(await write(plan.role))) return;
    } else if (!(await write(plan.role))) return;
    for (let i = 0; i < plan.content.length; i++) {
      if ((fault?.kind === 'reset-mid-stream' || fault?.kind === 'stall') && i === fault.afterChunks) {
        if (fault.kind === 'reset-mid-stream') {
          ex.cut();
          res.socket?.destroy();
        }
        return;
      }
      if (fault?.kind === 'hold-mid-stream' && i === fault.afterChunks) {
        await holding(rec, fault.until);
        if (res.destroyed) return;
      }
      if (fault?.kind === 'malformed-sse' && i === 1) {
        res.end('data: {"id":"chatcmpl-broken","choices":[{"delta":\n\n');
        return;
      }
      if (!(await write(plan.content[i]!))) return;
    }
    if (!(await write(plan.finish))) return;
    if (plan.usage && !(await write(plan.usage))) return;
    if (!(await write('data: [DONE]\n\n'))) return;
    res.end();
  }

  function embeddings(ex: Exchange): Promise<void> | void {
    const body = ex.rec.body;
    const input: unknown = body?.input;
    // as OpenAI reads it: one array of token ids is one input, an array of them is several
    const oneTokenArray = Array.isArray(input) && input.length > 0 && input.every((t) => typeof t === 'number');
    const inputs = typeof input === 'string' || oneTokenArray ? [input] : Array.isArray(input) ? input : undefined;
    if (typeof body?.model !== 'string' || !inputs || inputs.length === 0) {
      sendJson(ex.res, 400, errorBody("Missing required parameter: 'model' or 'input'.", 'invalid_request_error', null));
      return;
    }
    const allowed = provider.options.onlyEmbeddingFields;
    const extra = allowed ? Object.keys(body).filter((k) => !allowed.includes(k)) : [];
    if (extra.length > 0) {
      sendJson(ex.res, 422, {
        object: 'error', type: 'invalid_request_error', param: null, code: null,
        message: { detail: extra.map((k) => ({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted', input: body[k] })) },
      });
      return;
    }
    if (errorBody200(ex)) return;
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((_: unknown, i: number) => {
      const v = embeddingVector(i);
      return { object: 'embedding', index: i, embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
    });
    const out: Record<string, unknown> = { object: 'list', data, model: body.model };
    const usage = provider.options.usage ?? DEFAULT_USAGE;
    if (ex.fault?.kind !== 'no-usage') out.usage = { prompt_tokens: usage.input, total_tokens: usage.input };
    return sendBodyWithFault(ex, 200, ex.fault?.kind === 'malformed-sse' ? '{"object":"list","data":[' : JSON.stringify(out));
  }

  function models(ex: Exchange): Promise<void> | void {
    if (errorBody200(ex)) return;
    const ids = provider.options.models ?? DEFAULT_MODELS;
    const data = provider.options.modelListing ?? ids.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' }));
    const out = provider.options.togetherListing ?? { object: 'list', data };
    return sendBodyWithFault(ex, 200, JSON.stringify(out));
  }

  await serveFake(provider, { basePath: '/v1', statusBody: defaultStatusBody, handle });
  return provider;
}
