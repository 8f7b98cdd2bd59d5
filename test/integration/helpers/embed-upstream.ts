// A fake embeddings provider on 127.0.0.1 speaking OpenAI's /v1/embeddings and Gemini's batchEmbedContents on
// the wire, with the faults a real one shows: a status for the next requests, a vector left out, vectors out
// of order. OpenAI's base is `${url}/oai/v1`, Gemini's `${url}/gem`.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminService } from '../../../src/shared/contract';

export interface EmbedFaults {
  /** statuses answered (with the API's error body) by the next OpenAI requests, one each */
  oaiStatuses: number[];
  /** statuses answered by the next Gemini requests, one each */
  gemStatuses: number[];
  /** the OpenAI answer leaves out data[0] (the others keep their index) */
  oaiDropFirst?: boolean;
  /** the Gemini answer leaves out its last entry */
  gemDropLast?: boolean;
  /** the Gemini answer has no embeddings at all */
  gemEmpty?: boolean;
}

export interface EmbedUpstream {
  url: string;
  oaiBase: string;
  gemBase: string;
  requests: { path: string; body: any }[];
  faults: EmbedFaults;
  close(): Promise<void>;
}

/** the vector of input `i` (its place in the request): OpenAI's are unit-length as OpenAI's are; Gemini's under 3072 are not */
export function oaiVector(i: number, dim: number): number[] {
  const v = Array.from({ length: dim }, (_, j) => Math.sin(i * 7 + j + 1));
  const norm = Math.hypot(...v);
  return v.map((x) => Math.fround(x / norm));
}
export const gemVector = (i: number, dim: number): number[] => Array.from({ length: dim }, (_, j) => 0.5 + 0.01 * ((i + j) % 7));

const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve) => {
  let b = '';
  req.on('data', (c: Buffer) => { b += c.toString('utf8'); });
  req.on('end', () => resolve(b));
});

export async function startEmbedUpstream(): Promise<EmbedUpstream> {
  const requests: EmbedUpstream['requests'] = [];
  const faults: EmbedFaults = { oaiStatuses: [], gemStatuses: [] };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = req.url ?? '';
      const body = raw === '' ? null : JSON.parse(raw);
      requests.push({ path: url, body });
      const send = (status: number, o: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (url.startsWith('/oai/v1/embeddings')) {
        const status = faults.oaiStatuses.shift();
        if (status !== undefined) return send(status, { error: { message: `failed with ${status}`, type: 'server_error' } });
        const inputs: unknown[] = typeof body.input === 'string' || typeof body.input[0] === 'number' ? [body.input] : body.input;
        const dim = body.dimensions ?? (body.model === 'text-embedding-3-large' ? 3072 : 1536);
        let data = inputs.map((_, i) => {
          const v = oaiVector(i, dim);
          return { object: 'embedding', index: i, embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
        });
        if (faults.oaiDropFirst) data = data.slice(1);
        const tokens = inputs.reduce((n: number, s) => n + (typeof s === 'string' ? Math.ceil(s.length / 4) : (s as number[]).length), 0);
        return send(200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
      }
      const m = /^\/gem\/v1beta\/models\/([^:?]+):batchEmbedContents/.exec(url);
      if (m) {
        const status = faults.gemStatuses.shift();
        if (status !== undefined) return send(status, { error: { code: status, message: `failed with ${status}`, status: 'UNAVAILABLE' } });
        let embeddings = (body.requests as { outputDimensionality?: number }[]).map((r, i) => ({ values: gemVector(i, r.outputDimensionality ?? 3072) }));
        if (faults.gemDropLast) embeddings = embeddings.slice(0, -1);
        if (faults.gemEmpty) embeddings = [];
        return send(200, { embeddings });
      }
      send(404, { error: { message: `no route ${url}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, oaiBase: `${url}/oai/v1`, gemBase: `${url}/gem`, requests, faults,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * The embedders the tests route among: `oa`, an OpenAI provider with text-embedding-3-small at `oaiBase`, and, given
 * `gemBase`, `gm`, a Gemini provider with gemini-embedding-001 (a 2,048-token context).
 */
export async function addEmbedders(s: AdminService, bases: { oaiBase: string; gemBase?: string }): Promise<void> {
  await s.createProvider({ id: 'oa', name: 'OpenAI', type: 'openai', base_url: bases.oaiBase, api_key: 'sk-embed-test-0123456789' });
  await s.createModel({ provider_id: 'oa', model_name: 'text-embedding-3-small', input_cost_per_1m: 0.02, output_cost_per_1m: 0, context_length: 8191, capabilities: ['embeddings'] });
  if (bases.gemBase === undefined) return;
  await s.createProvider({ id: 'gm', name: 'Gemini', type: 'gemini', base_url: bases.gemBase, api_key: 'AIzaEmbedTest0123456789' });
  await s.createModel({ provider_id: 'gm', model_name: 'gemini-embedding-001', input_cost_per_1m: 0.15, output_cost_per_1m: 0, context_length: 2048, capabilities: ['embeddings'] });
}
