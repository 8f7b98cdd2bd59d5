// A fast fake LLM upstream for the benchmark, run as its own process so its CPU and RSS stay apart
// from the proxies'. Speaks OpenAI chat completions, Anthropic messages and Gemini generateContent,
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

// Gemini repeats a running usageMetadata on every chunk and ends with the finishReason
const GEMINI_RUNNING = '"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"bench-model","responseId":"gemini-bench"}\r\n\r\n';
const geminiChunk = (): string =>
  `data: {"candidates":[{"content":{"parts":[{"text":"${stamp()}"}],"role":"model"},"index":0}],${GEMINI_RUNNING}`;
const GEMINI_TAIL = 'data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],' +
  '"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":50,"totalTokenCount":62},"modelVersion":"bench-model","responseId":"gemini-bench"}\r\n\r\n';
const GEMINI_JSON = JSON.stringify({
  candidates: [{ content: { parts: [{ text: 'Hello from the bench upstream.' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 50, totalTokenCount: 62 },
  modelVersion: MODEL, responseId: 'gemini-bench',
});

type Format = 'openai' | 'anthropic' | 'gemini';

async function stream(res: ServerResponse, format: Format, includeUsage: boolean, cfg: UpstreamConfig): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (format === 'anthropic') res.write(ANTHROPIC_HEAD);
  for (let i = 0; i < cfg.chunks; i++) {
    if (i > 0 && cfg.pacingMs > 0) await sleep(cfg.pacingMs);
    if (res.destroyed) return;
    res.write(format === 'anthropic' ? anthropicDelta() : format === 'gemini' ? geminiChunk() : openaiChunk(i === 0));
  }
  if (format === 'anthropic') res.end(ANTHROPIC_TAIL);
  else if (format === 'gemini') res.end(GEMINI_TAIL);
  else res.end(OPENAI_TAIL + (includeUsage ? OPENAI_USAGE : '') + 'data: [DONE]\n\n');
}

async function complete(res: ServerResponse, format: Format, cfg: UpstreamConfig): Promise<void> {
  if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
  const body = format === 'anthropic' ? ANTHROPIC_JSON : format === 'gemini' ? GEMINI_JSON : OPENAI_JSON;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const GEMINI_PATH = /^\/v1beta\/models\/[^:]+:(generateContent|streamGenerateContent)$/;

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
  const gemini = GEMINI_PATH.exec(path ?? '');
  const format: Format | null = path === '/v1/messages' ? 'anthropic' : path === '/v1/chat/completions' ? 'openai' : gemini ? 'gemini' : null;
  if (req.method !== 'POST' || !format) {
    return reply(res, 404, `{"error":{"message":"no route ${req.method} ${path}","type":"not_found"}}`);
  }
  // A regex instead of JSON.parse keeps the fake's own cost flat; proxies re-serialise with JSON.stringify.
  const streaming = gemini ? gemini[1] === 'streamGenerateContent' : /"stream"\s*:\s*true/.test(body);
  const work = streaming
    ? stream(res, format, /"include_usage"\s*:\s*true/.test(body), config)
    : complete(res, format, config);
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
