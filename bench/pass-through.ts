// The floor for any Node proxy: forward the request body to one upstream with undici and stream the
// answer back, nothing else. Run as its own process: `node --import tsx bench/pass-through.ts <upstream>`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';

const upstream = new Pool(process.argv[2] ?? 'http://127.0.0.1:1', { connections: 256 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'proxy-connection']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

const server = createServer(async (req, res) => {
  try {
    const answer = await upstream.request({
      method: req.method === 'GET' ? 'GET' : 'POST',
      path: req.url ?? '/',
      headers: forwardable(req.headers),
      body: req.method === 'GET' ? null : req,
    });
    res.writeHead(answer.statusCode, forwardable(answer.headers));
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  } catch (err) {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err));
  }
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`pass-through listening on http://127.0.0.1:${addr.port}`);
});
process.on('SIGTERM', () => process.exit(0));
