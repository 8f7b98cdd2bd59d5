// The fake upstream's answers, written out as the providers send them: OpenAI chat, OpenAI Responses,
// Anthropic messages and Gemini, whole and streamed. Streamed text pieces are passed in (the server
// stamps them with their send time).

export type Format = 'openai' | 'anthropic' | 'gemini' | 'responses';

export const MODEL = 'bench-model';
const TEXT = 'Hello from the bench upstream.';

export interface StreamShape {
  head: string;
  piece: (text: string, index: number) => string;
  tail: (pieces: number, includeUsage: boolean) => string;
}

// OpenAI chat completions
const OPENAI_CHUNK_HEAD = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"${MODEL}","choices":[{"index":0,"delta":{`;
const OPENAI_USAGE = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"${MODEL}","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":50,"total_tokens":62}}\n\n`;
export const openaiJson = (text: string, usage: boolean): string => JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1_760_000_000, model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  ...(usage ? { usage: { prompt_tokens: 12, completion_tokens: 50, total_tokens: 62 } } : {}),
});
/** `usage`: false for a provider that reports none, whatever the client asked. */
export const openaiStream = (usage: boolean): StreamShape => ({
  head: '',
  piece: (text, i) => `${OPENAI_CHUNK_HEAD}${i === 0 ? '"role":"assistant",' : ''}"content":"${text}"},"finish_reason":null}]}\n\n`,
  tail: (_n, includeUsage) => `${OPENAI_CHUNK_HEAD}},"finish_reason":"stop"}]}\n\n${usage && includeUsage ? OPENAI_USAGE : ''}data: [DONE]\n\n`,
});

// Anthropic messages
const anthropicEvent = (type: string, data: string): string => `event: ${type}\ndata: ${data}\n\n`;
export const ANTHROPIC_JSON = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: MODEL,
  content: [{ type: 'text', text: TEXT }],
  stop_reason: 'end_turn', stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 50 },
});
const ANTHROPIC_STREAM: StreamShape = {
  head: anthropicEvent('message_start', `{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","content":[],"model":"${MODEL}","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`) +
    anthropicEvent('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'),
  piece: (text) => anthropicEvent('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${text}"}}`),
  tail: () => anthropicEvent('content_block_stop', '{"type":"content_block_stop","index":0}') +
    anthropicEvent('message_delta', '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":50}}') +
    anthropicEvent('message_stop', '{"type":"message_stop"}'),
};

// Gemini repeats a running usageMetadata on every chunk and ends with the finishReason
const GEMINI_RUNNING = '"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"bench-model","responseId":"gemini-bench"}\r\n\r\n';
export const GEMINI_JSON = JSON.stringify({
  candidates: [{ content: { parts: [{ text: TEXT }], role: 'model' }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 50, totalTokenCount: 62 },
  modelVersion: MODEL, responseId: 'gemini-bench',
});
const GEMINI_STREAM: StreamShape = {
  head: '',
  piece: (text) => `data: {"candidates":[{"content":{"parts":[{"text":"${text}"}],"role":"model"},"index":0}],${GEMINI_RUNNING}`,
  tail: () => 'data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],' +
    '"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":50,"totalTokenCount":62},"modelVersion":"bench-model","responseId":"gemini-bench"}\r\n\r\n',
};

// OpenAI Responses: typed events with a sequence number, the whole response again at the end
const RESPONSES_USAGE = '{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":50,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":62}';
const RESPONSES_SHELL = `"id":"resp_bench","object":"response","created_at":1760000000,"model":"${MODEL}"`;
const RESPONSES_MESSAGE = `{"id":"msg_bench","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"${TEXT}"}]}`;
export const RESPONSES_JSON = `{${RESPONSES_SHELL},"status":"completed","error":null,"output":[${RESPONSES_MESSAGE}],"usage":${RESPONSES_USAGE}}`;
const responsesEvent = (type: string, seq: number, rest: string): string => `event: ${type}\ndata: {"type":"${type}","sequence_number":${seq},${rest}}\n\n`;
const RESPONSES_STREAM: StreamShape = {
  head: responsesEvent('response.created', 0, `"response":{${RESPONSES_SHELL},"status":"in_progress","output":[],"usage":null}`) +
    responsesEvent('response.in_progress', 1, `"response":{${RESPONSES_SHELL},"status":"in_progress","output":[],"usage":null}`) +
    responsesEvent('response.output_item.added', 2, '"output_index":0,"item":{"id":"msg_bench","type":"message","status":"in_progress","role":"assistant","content":[]}') +
    responsesEvent('response.content_part.added', 3, '"item_id":"msg_bench","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"text":""}'),
  piece: (text, i) => responsesEvent('response.output_text.delta', 4 + i, `"item_id":"msg_bench","output_index":0,"content_index":0,"delta":"${text}","logprobs":[]`),
  tail: (n) => responsesEvent('response.output_text.done', 4 + n, `"item_id":"msg_bench","output_index":0,"content_index":0,"text":"${TEXT}","logprobs":[]`) +
    responsesEvent('response.output_item.done', 5 + n, `"output_index":0,"item":${RESPONSES_MESSAGE}`) +
    responsesEvent('response.completed', 6 + n, `"response":${RESPONSES_JSON}`),
};

const OPENAI_STREAM = openaiStream(true);

export function streamShape(format: Format): StreamShape {
  switch (format) {
    case 'anthropic': return ANTHROPIC_STREAM;
    case 'gemini': return GEMINI_STREAM;
    case 'responses': return RESPONSES_STREAM;
    default: return OPENAI_STREAM;
  }
}

const OPENAI_JSON = openaiJson(TEXT, true);

export function jsonAnswer(format: Format): string {
  switch (format) {
    case 'anthropic': return ANTHROPIC_JSON;
    case 'gemini': return GEMINI_JSON;
    case 'responses': return RESPONSES_JSON;
    default: return OPENAI_JSON;
  }
}
