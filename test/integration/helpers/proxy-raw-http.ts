// A request by full URL through node:http, for what fetch will not send (a foreign Host header,
// a body the server refuses halfway through, a chunked body with no content-length).
import { httpRequest, type RawInit, type RawResponse } from './hardening-kit';

export type { RawInit, RawResponse };

export function httpRaw(url: string, init: RawInit = {}): Promise<RawResponse> {
  const u = new URL(url);
  return httpRequest(u.origin, u.pathname + u.search, { method: 'POST', ...init });
}
