// A pass-through in front of Switchboard that keeps each request body a real client sent: what a CLI sends back
// (Claude's thinking sealed in its history) is asserted on its way in, not inferred from what went upstream.
import { createServer, request, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { thinkingSeal } from '../../../src/node/proxy/thinking-seal';
import type { ThinkingSeal } from '../../../src/core/switchboard-thinking';

export interface RecordingProxy {
  url: string;
  /** the bodies as the client sent them (POSTs), parsed */
  bodies: any[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const bodies: any[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.method === 'POST') {
        try {
          bodies.push(JSON.parse(raw.toString('utf8')));
        } catch {
          bodies.push(raw.toString('utf8'));
        }
      }
      // Switchboard refuses a Host that is not its own
      const headers = { ...req.headers, host: to.host };
      const up = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A profile's seal under the key the app wrote in its data dir (DATA_DIR/thinking-key). */
export function sealOf(dataDir: string, profileId: string): ThinkingSeal {
  return thinkingSeal(Buffer.from(readFileSync(join(dataDir, 'thinking-key'), 'utf8').trim(), 'base64'), profileId);
}
