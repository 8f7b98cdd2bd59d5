// node:http requests for what fetch will not send: a foreign Host header, a body the server
// refuses halfway through (413), a chunked body with no content-length.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RawInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** send the body in pieces with `transfer-encoding: chunked` (no content-length) */
  chunked?: boolean;
}

export function httpRaw(url: string, init: RawInit = {}): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? 'POST',
      headers: init.headers, agent: false,
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    // a server that answers before reading the whole body may reset the socket under our write
    req.on('error', (err) => { if (!answered) reject(err); });
    const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body);
    if (body === undefined) { req.end(); return; }
    if (!init.chunked) { req.end(body); return; }
    const piece = 1024 * 1024;
    let off = 0;
    const pump = (): void => {
      while (off < body.length) {
        if (req.destroyed || answered) return;
        const ok = req.write(body.subarray(off, off + piece));
        off += piece;
        if (!ok) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}
