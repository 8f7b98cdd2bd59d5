// Starts Portkey's open-source gateway (the `@portkey-ai/gateway` dev dependency) as a comparison.
// It takes no port 0, so a free port is picked first; requests reach the fake upstream through the
// `x-portkey-provider` and `x-portkey-custom-host` headers.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startChild, type RunningChild } from './child';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = addr && typeof addr === 'object' ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPortkey(root: string): Promise<RunningChild> {
  const port = await freePort();
  const script = join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  return startChild('portkey', process.execPath, [script, `--port=${port}`, '--headless'], {
    cwd: root,
    ready: /Ready for connections|running at/,
    url: `http://127.0.0.1:${port}`,
    timeoutMs: 60_000,
  });
}
