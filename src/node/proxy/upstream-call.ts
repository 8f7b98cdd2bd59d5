// One attempt against one candidate: send, classify failures, read a whole (non-streamed) body.
import type { Readable } from 'node:stream';
import {
  UpstreamFailure,
  type UpstreamAdapter,
  type UpstreamError,
  type UpstreamHttpRequest,
} from '../../core/canonical';
import type { ProxyDeps } from './deps';
import type { UpstreamResponse } from '../http/upstream-client';

/** Read at most `limit` bytes of a body as text; larger bodies are an error (and the socket is dropped). */
export async function readBodyText(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      body.destroy();
      throw new UpstreamFailure({
        kind: 'server',
        retryable: true,
        message: `upstream response larger than ${limit} bytes`,
      });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Send and return the response when it is a success; a failure status is read, classified
 * by the adapter and thrown as UpstreamFailure.
 */
export async function sendUpstream(
  deps: ProxyDeps,
  adapter: UpstreamAdapter,
  httpReq: UpstreamHttpRequest,
  signal: AbortSignal,
  headersTimeoutMs: number,
): Promise<UpstreamResponse> {
  const res = await deps.upstream.send(httpReq, {
    signal,
    headersTimeoutMs,
    bodyTimeoutMs: deps.idleTimeoutMs,
  });
  if (res.statusCode >= 300 || res.statusCode < 200) {
    let text = '';
    try {
      text = await readBodyText(res.body, 256 * 1024);
    } catch {
      text = '';
    }
    throw new UpstreamFailure(adapter.classifyError(res.statusCode, text, res.headers));
  }
  return res;
}

export function asUpstreamError(err: unknown): UpstreamError {
  if (err instanceof UpstreamFailure) return err.error;
  return { kind: 'unknown', retryable: false, message: 'internal error while calling the provider' };
}
