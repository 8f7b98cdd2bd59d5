// A fast fake LLM upstream for the benchmark, run as its own process so its CPU and RSS stay apart
// from the proxies'. Speaks OpenAI chat completions, OpenAI Responses and Anthropic messages,
// streaming and not.
// Time to first token, chunk count and pacing are set between cells with POST /__bench/config.
// Every streamed text piece carries its send time (`~<epoch ms>~`) so the client can see batching.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseUpstreamConfig, type UpstreamConfig } from './upstream-config';

let config: UpstreamConfig = { ttftMs: 0, chunks: 50, pacingMs: 0 };

const MODEL = 'bench-model';
const wallMs = (): number => performance.timeOrigin + performance.now();
const stamp = (): string => `~${wallMs().toFixed(3)}~`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const OPENAI_JSON = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1_760_000_000, model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 50, total_tokens: 62 },
});
const ANTHROPIC_JSON = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: MODEL,
  content: [{ type: 'text', text: 'Hello from the bench upstream.' }],
  stop_reason: 'end_turn', stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 50 },
});

const OPENAI_CHUNK_HEAD = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"${MODEL}","choices":[{"index":0,"delta":{`;
const openaiChunk = (first: boolean): string =>
  `${OPENAI_CHUNK_HEAD}${first ? '"role":"assistant",' : ''}"content":"${stamp()}"},"finish_reason":null}]}\n\n`;
const OPENAI_TAIL = `${OPENAI_CHUNK_HEAD}},"finish_reason":"stop"}]}\n\n`;
const OPENAI_USAGE = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"${MODEL}","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":50,"total_tokens":62}}\n\n`;

const anthropicEvent = (type: string, data: string): string => `event: ${type}\ndata: ${data}\n\n`;
const ANTHROPIC_HEAD =
  anthropicEvent('message_start', `{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","content":[],"model":"${MODEL}","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`) +
  anthropicEvent('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}');
const anthropicDelta = (): string =>
  anthropicEvent('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${stamp()}"}}`);
const ANTHROPIC_TAIL =
  anthropicEvent('content_block_stop', '{"type":"content_block_stop","index":0}') +
  anthropicEvent('message_delta', '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":50}}') +
  anthropicEvent('message_stop', '{"type":"message_stop"}');

const RESPONSES_USAGE = '{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":50,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":62}';
const RESPONSES_SHELL = `"id":"resp_bench","object":"response","created_at":1760000000,"model":"${MODEL}"`;
const RESPONSES_MESSAGE = '{"id":"msg_bench","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"Hello from the bench upstream."}]}';
const RESPONSES_JSON = `{${RESPONSES_SHELL},"status":"completed","error":null,"output":[${RESPONSES_MESSAGE}],"usage":${RESPONSES_USAGE}}`;
const responsesEvent = (type: string, seq: number, rest: string): string => `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq},${rest}}\n\n`;
const RESPONSES_HEAD =
  responsesEvent('response.created', 0, `"response":{${RESPONSES_SHELL},"status":"in_progress","output":[],"usage":null}`) +
  responsesEvent('response.in_progress', 1, `"response":{${RESPONSES_SHELL},"status":"in_progress","output":[],"usage":null}`) +
  responsesEvent('response.output_item.added', 2, '"output_index":0,"item":{"id":"msg_bench","type":"message","status":"in_progress","role":"assistant","content":[]}') +
  responsesEvent('response.content_part.added', 3, '"item_id":"msg_bench","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}');
const responsesDelta = (seq: number): string =>
  responsesEvent('response.output_text.delta', seq, `"item_id":"msg_bench","output_index":0,"content_index":0,"delta":"${stamp()}","logprobs":[]`);
const responsesTail = (seq: number): string =>
  responsesEvent('response.output_text.done', seq, '"item_id":"msg_bench","output_index":0,"content_index":0,"text":"Hello from the bench upstream.","logprobs":[]') +
  responsesEvent('response.output_item.done', seq + 1, `"output_index":0,"item":${RESPONSES_MESSAGE}`) +
  responsesEvent('response.completed', seq + 2, `"response":${RESPONSES_JSON}`);

type Api = 'chat' | 'anthropic' | 'responses';

async function stream(res: ServerResponse, api: Api, includeUsage: boolean, cfg: UpstreamConfig): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (api === 'anthropic') res.write(ANTHROPIC_HEAD);
  else if (api === 'responses') res.write(RESPONSES_HEAD);
  for (let i = 0; i < cfg.chunks; i++) {
    if (i > 0 && cfg.pacingMs > 0) await sleep(cfg.pacingMs);
    if (res.destroyed) return;
    res.write(api === 'anthropic' ? anthropicDelta() : api === 'responses' ? responsesDelta(4 + i) : openaiChunk(i === 0));
  }
  if (api === 'anthropic') res.end(ANTHROPIC_TAIL);
  else if (api === 'responses') res.end(responsesTail(4 + cfg.chunks));
  else res.end(OPENAI_TAIL + (includeUsage ? OPENAI_USAGE : '') + 'data: [DONE]\n\n');
}

async function complete(res: ServerResponse, api: Api, cfg: UpstreamConfig): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  const body = api === 'anthropic' ? ANTHROPIC_JSON : api === 'responses' ? RESPONSES_JSON : OPENAI_JSON;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/__bench/config') {
    const parsed = parseUpstreamConfig(body);
    if (typeof parsed === 'string') return reply(res, 400, JSON.stringify({ error: parsed }));
    config = parsed;
    return reply(res, 200, JSON.stringify(config));
  }
  if (req.method === 'GET' && path === '/v1/models') {
    return reply(res, 200, `{"object":"list","data":[{"id":"${MODEL}","object":"model","created":0,"owned_by":"bench"}]}`);
  }
  const api: Api | undefined = path === '/v1/messages' ? 'anthropic' : path === '/v1/responses' ? 'responses' : path === '/v1/chat/completions' ? 'chat' : undefined;
  if (req.method !== 'POST' || api === undefined) {
    return reply(res, 404, `{"error":{"message":"no route ${req.method} ${path}","type":"not_found"}}`);
  }
  // A regex instead of JSON.parse keeps the fake's own cost flat; proxies re-serialise with JSON.stringify.
  const streaming = /"stream"\s*:\s*true/.test(body);
  const work = streaming
    ? stream(res, api, /"include_usage"\s*:\s*true/.test(body), config)
    : complete(res, api, config);
  work.catch(() => res.destroy());
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => { body += chunk; });
  req.on('end', () => handle(req, res, body));
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`fake upstream listening on http://127.0.0.1:${addr.port}`);
});
process.on('SIGTERM', () => process.exit(0));
