// A fake OpenAI embeddings server on 127.0.0.1 (one per provider): /v1/embeddings, floats or base64 (little-endian
// float32) as asked, usage reported; per model a vector length and an answer delay; statuses for the next requests,
// and an answer's data replaced (a malformed answer).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEmbed {
  base: string;
  /** model names asked, in order */
  calls: string[];
  /** vector length per model name (default 8) */
  dims: Record<string, number>;
  /** answer delay in ms per model name (default none) */
  delayMs: Record<string, number>;
  /** statuses answered (with OpenAI's error body) by the next requests, one each */
  statuses: number[];
  /** prompt_tokens reported per request (default: a token per 4 characters) */
  usageTokens?: number;
  /** replaces the answer's data items (a malformed answer) */
  data?: (inputs: number) => unknown[];
  close(): Promise<void>;
}

/** An OpenAI /v1/embeddings server: float or base64 (little-endian float32) as asked, usage reported. */
export async function fakeEmbed(): Promise<FakeEmbed> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
    req.on('end', () => {
      const body = JSON.parse(raw) as { model: string; input: string | string[]; encoding_format?: string };
      fake.calls.push(body.model);
      const send = (status: number, o: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      const status = fake.statuses.shift();
      if (status !== undefined) return send(status, { error: { message: `failed with ${status}`, type: 'server_error' } });
      const inputs = typeof body.input === 'string' ? [body.input] : body.input;
      const dim = fake.dims[body.model] ?? 8;
      const data = fake.data?.(inputs.length) ?? inputs.map((_, i) => {
        const v = Array.from({ length: dim }, (_, j) => Math.fround(Math.sin(i + j + 1)));
        return { object: 'embedding', index: i, embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
      });
      const tokens = fake.usageTokens ?? inputs.reduce((n, s) => n + Math.ceil(s.length / 4), 0);
      setTimeout(() => send(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }), fake.delayMs[body.model] ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeEmbed = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    calls: [], dims: {}, delayMs: {}, statuses: [],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}
